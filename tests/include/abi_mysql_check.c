/* abi_mysql_check.c - pins MySQL's daemon_memcached layout of the headers
 * (MEMCACHED_ABI_PROFILE=MEMCACHED_ABI_MYSQL, x86-64): 1.6.0-beta1's changes
 * plus bind after remove and clean_engine after release. */
#include <stddef.h>

#include "memcached/engine.h"

_Static_assert(MEMCACHED_ABI_PROFILE == MEMCACHED_ABI_MYSQL, "built for mysql");

_Static_assert(offsetof(ENGINE_HANDLE_V1, destroy) == 24, "destroy offset");
_Static_assert(_Generic(((ENGINE_HANDLE_V1 *)0)->destroy,
                        void (*)(ENGINE_HANDLE *, bool): 1, default: 0),
               "destroy(handle, force)");
_Static_assert(offsetof(ENGINE_HANDLE_V1, remove) == 40, "remove offset");
_Static_assert(offsetof(ENGINE_HANDLE_V1, bind) == 48, "bind right after remove");
_Static_assert(offsetof(ENGINE_HANDLE_V1, release) == 56, "release offset");
_Static_assert(offsetof(ENGINE_HANDLE_V1, clean_engine) == 64, "clean_engine right after release");
/* Every later slot 16 bytes further than in the tutorial layout. */
_Static_assert(offsetof(ENGINE_HANDLE_V1, get) == 56 + 16, "get offset");
_Static_assert(offsetof(ENGINE_HANDLE_V1, get_item_info) == 152 + 16, "get_item_info offset");
_Static_assert(offsetof(ENGINE_HANDLE_V1, errinfo) == 160 + 16, "errinfo offset");
_Static_assert(sizeof(ENGINE_HANDLE_V1) == 168 + 16, "ENGINE_HANDLE_V1 size");

/* The server API is 1.6.0-beta1's. */
_Static_assert(offsetof(SERVER_CORE_API, get_config) == 56, "get_config offset");
_Static_assert(offsetof(SERVER_COOKIE_API, reserve) == 48, "reserve offset");
_Static_assert(offsetof(SERVER_COOKIE_API, release) == 56, "release offset");
_Static_assert(sizeof(SERVER_HANDLE_V1) == 64, "SERVER_HANDLE_V1 size");

size_t enginesim_abi_mysql_engine_handle_size(void) { return sizeof(ENGINE_HANDLE_V1); }
