/* fs_item.c - items: allocation, reference counting and get_item_info. */
#include "fs_item.h"

#include <stdlib.h>
#include <string.h>

#include "fs_engine.h"

struct fs_item *fs_item_new(const void *key, size_t nkey, size_t nbytes,
                            uint32_t flags, rel_time_t exptime) {
    FS_ASSERT(nkey >= 1 && nkey <= FS_KEY_MAX);
    FS_ASSERT(nbytes <= UINT32_MAX);
    struct fs_item *it = malloc(sizeof(*it) + nkey + nbytes);
    if (it == NULL) {
        return NULL;
    }
    atomic_init(&it->refcount, 1);
    it->cas = 0;
    it->exptime = exptime;
    it->mtime = 0;
    it->flags = flags;
    it->nbytes = (uint32_t)nbytes;
    it->nkey = (uint16_t)nkey;
    memcpy(it->data, key, nkey);
    return it;
}

void fs_item_ref(struct fs_item *it) {
    const unsigned before = atomic_fetch_add(&it->refcount, 1);
    FS_ASSERT(before >= 1); /* nobody may revive a freed item */
}

void fs_item_unref(struct fs_item *it) {
    const unsigned before = atomic_fetch_sub(&it->refcount, 1);
    FS_ASSERT(before >= 1); /* released more often than handed out */
    if (before == 1) {
#ifdef ES_MUTANT_FS_DOUBLE_RELEASE
        return; /* mutant: freed items are kept so the extra release meets 0 */
#endif
        free(it);
    }
}

bool fs_item_info(const struct fs_item *it, item_info *info) {
    if (info->nvalue < 1) {
        return false;
    }
    info->cas = it->cas;
    info->exptime = it->exptime;
    info->nbytes = it->nbytes;
    info->flags = it->flags;
    info->clsid = 0;
    info->nkey = it->nkey;
    info->nvalue = 1;
    info->key = fs_item_key(it);
    /* iov_base is not const in struct iovec; the core only reads through it
     * for items from get, and writes the value of items from allocate. */
    info->value[0].iov_base = (void *)fs_item_cvalue(it);
    info->value[0].iov_len = it->nbytes;
    return true;
}
