/* engine.h - the storage-engine interface, version 1 (ENGINE_HANDLE_V1).
 *
 * An engine is a shared object exporting create_instance. The core calls it
 * with the highest interface it supports and a function returning the server
 * API; the engine fills in an ENGINE_HANDLE_V1 and returns it. The core then
 * calls initialize once, any number of operations, and destroy once.
 *
 * Memory: items belong to the engine. Every item the core obtains from
 * allocate or get is given back with release exactly once.
 *
 * Asynchronous I/O: an operation may return ENGINE_EWOULDBLOCK after handing
 * the work to another thread; that thread later calls
 * server->cookie->notify_io_complete(cookie, status) exactly once. */
#ifndef MEMCACHED_ENGINE_H
#define MEMCACHED_ENGINE_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#ifndef __cplusplus
#include <stdbool.h>
#endif

#include "memcached/types.h"
#include "memcached/protocol_binary.h"
#include "memcached/config_parser.h"
#include "memcached/server_api.h"
#include "memcached/callback.h"
#include "memcached/extension.h"
#include "memcached/vbucket.h"
#include "memcached/engine_common.h"
#include "memcached/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ENGINE_INTERFACE_VERSION 1

/* A key as memcached's item observers were handed it; nothing in the v1
 * interface passes one, but engines of that tree declare it. */
struct item_observer_cb_data {
    const void *key;
    size_t nkey;
};

typedef enum {
    TAP_MUTATION = 1,
    TAP_DELETION,
    TAP_FLUSH,
    TAP_OPAQUE,
    TAP_VBUCKET_SET,
    TAP_ACK,
    TAP_DISCONNECT,
    TAP_NOOP,
    TAP_PAUSE
} tap_event_t;

typedef tap_event_t (*TAP_ITERATOR)(ENGINE_HANDLE *handle, const void *cookie,
                                    item **item, void **engine_specific,
                                    uint16_t *nengine_specific, uint8_t *ttl,
                                    uint16_t *flags, uint32_t *seqno,
                                    uint16_t *vbucket);

typedef ENGINE_ERROR_CODE (*CREATE_INSTANCE)(uint64_t interface,
                                             GET_SERVER_API get_server_api,
                                             ENGINE_HANDLE **handle);

typedef enum {
    ENGINE_FEATURE_CAS = 0,
    ENGINE_FEATURE_PERSISTENT_STORAGE = 1,
    ENGINE_FEATURE_SECONDARY_ENGINE = 2,
    ENGINE_FEATURE_ACCESS_CONTROL = 3,
    ENGINE_FEATURE_MULTI_TENANCY = 4,
    ENGINE_FEATURE_LRU = 5,
    ENGINE_FEATURE_VBUCKET = 6
} engine_feature_t;

#define LAST_REGISTERED_ENGINE_FEATURE ENGINE_FEATURE_VBUCKET

typedef struct {
    uint32_t feature;        /* an engine_feature_t, or a private id */
    const char *description; /* NULL: the registered name is used */
} feature_info;

typedef struct {
    const char *description;
    uint32_t num_features;
    feature_info features[1]; /* num_features entries follow */
} engine_info;

typedef struct engine_interface_v1 {
    struct engine_interface interface;

    const engine_info *(*get_info)(ENGINE_HANDLE *handle);

    ENGINE_ERROR_CODE (*initialize)(ENGINE_HANDLE *handle,
                                    const char *config_str);

#if MEMCACHED_ABI_HAS_1_6_0_BETA1
    /* force: the server is shutting down hard; the core passes false. */
    void (*destroy)(ENGINE_HANDLE *handle, const bool force);
#else
    void (*destroy)(ENGINE_HANDLE *handle);
#endif

    ENGINE_ERROR_CODE (*allocate)(ENGINE_HANDLE *handle, const void *cookie,
                                  item **item, const void *key,
                                  const size_t nkey, const size_t nbytes,
                                  const int flags, const rel_time_t exptime);

    ENGINE_ERROR_CODE (*remove)(ENGINE_HANDLE *handle, const void *cookie,
                                const void *key, const size_t nkey,
                                uint64_t cas, uint16_t vbucket);

#if MEMCACHED_ABI_PROFILE == MEMCACHED_ABI_MYSQL
    /* daemon_memcached: select the container `name` for the connection. */
    ENGINE_ERROR_CODE (*bind)(ENGINE_HANDLE *handle, const void *cookie,
                              const void *name, const size_t name_len);
#endif

    void (*release)(ENGINE_HANDLE *handle, const void *cookie, item *item);

#if MEMCACHED_ABI_PROFILE == MEMCACHED_ABI_MYSQL
    /* daemon_memcached: the core calls it when a connection whose
     * engine-specific slot is set closes; engine_data is that slot. */
    void (*clean_engine)(ENGINE_HANDLE *handle, const void *cookie,
                         void *engine_data);
#endif

    ENGINE_ERROR_CODE (*get)(ENGINE_HANDLE *handle, const void *cookie,
                             item **item, const void *key, const int nkey,
                             uint16_t vbucket);

    ENGINE_ERROR_CODE (*store)(ENGINE_HANDLE *handle, const void *cookie,
                               item *item, uint64_t *cas,
                               ENGINE_STORE_OPERATION operation,
                               uint16_t vbucket);

    ENGINE_ERROR_CODE (*arithmetic)(ENGINE_HANDLE *handle, const void *cookie,
                                    const void *key, const int nkey,
                                    const bool increment, const bool create,
                                    const uint64_t delta,
                                    const uint64_t initial,
                                    const rel_time_t exptime, uint64_t *cas,
                                    uint64_t *result, uint16_t vbucket);

    ENGINE_ERROR_CODE (*flush)(ENGINE_HANDLE *handle, const void *cookie,
                               time_t when);

    ENGINE_ERROR_CODE (*get_stats)(ENGINE_HANDLE *handle, const void *cookie,
                                   const char *stat_key, int nkey,
                                   ADD_STAT add_stat);

    void (*reset_stats)(ENGINE_HANDLE *handle, const void *cookie);

    void *(*get_stats_struct)(ENGINE_HANDLE *handle, const void *cookie);

    ENGINE_ERROR_CODE (*aggregate_stats)(ENGINE_HANDLE *handle,
                                         const void *cookie,
                                         void (*callback)(void *, void *),
                                         void *data);

    ENGINE_ERROR_CODE (*unknown_command)(ENGINE_HANDLE *handle,
                                         const void *cookie,
                                         protocol_binary_request_header *request,
                                         ADD_RESPONSE response);

    ENGINE_ERROR_CODE (*tap_notify)(ENGINE_HANDLE *handle, const void *cookie,
                                    void *engine_specific, uint16_t nengine,
                                    uint8_t ttl, uint16_t tap_flags,
                                    tap_event_t tap_event, uint32_t tap_seqno,
                                    const void *key, size_t nkey,
                                    uint32_t flags, uint32_t exptime,
                                    uint64_t cas, const void *data,
                                    size_t ndata, uint16_t vbucket);

    TAP_ITERATOR (*get_tap_iterator)(ENGINE_HANDLE *handle, const void *cookie,
                                     const void *client, size_t nclient,
                                     uint32_t flags, const void *userdata,
                                     size_t nuserdata);

    void (*item_set_cas)(ENGINE_HANDLE *handle, const void *cookie,
                         item *item, uint64_t cas);

    bool (*get_item_info)(ENGINE_HANDLE *handle, const void *cookie,
                          const item *item, item_info *item_info);

    size_t (*errinfo)(ENGINE_HANDLE *handle, const void *cookie, char *buffer,
                      size_t buffsz);
} ENGINE_HANDLE_V1;

#ifdef __cplusplus
}
#endif

#endif
