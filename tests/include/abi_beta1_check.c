/* abi_beta1_check.c - pins the memcached 1.6.0-beta1 layout of the headers
 * (MEMCACHED_ABI_PROFILE=MEMCACHED_ABI_1_6_0_BETA1, x86-64): what differs
 * from the tutorial layout, and that nothing else moved. */
#include <stddef.h>

#include "memcached/engine.h"

_Static_assert(MEMCACHED_ABI_PROFILE == MEMCACHED_ABI_1_6_0_BETA1, "built for 1.6.0-beta1");

/* The engine handle: same size and offsets; destroy takes `force`. */
_Static_assert(sizeof(ENGINE_HANDLE_V1) == 168, "ENGINE_HANDLE_V1 size");
_Static_assert(offsetof(ENGINE_HANDLE_V1, destroy) == 24, "destroy offset");
_Static_assert(offsetof(ENGINE_HANDLE_V1, allocate) == 32, "allocate offset");
_Static_assert(offsetof(ENGINE_HANDLE_V1, get_item_info) == 152, "get_item_info offset");
_Static_assert(offsetof(ENGINE_HANDLE_V1, errinfo) == 160, "errinfo offset");
_Static_assert(_Generic(((ENGINE_HANDLE_V1 *)0)->destroy,
                        void (*)(ENGINE_HANDLE *, bool): 1, default: 0),
               "destroy(handle, force)");

/* The core API gains get_config after shutdown. */
_Static_assert(offsetof(SERVER_CORE_API, shutdown) == 48, "shutdown offset");
_Static_assert(offsetof(SERVER_CORE_API, get_config) == 56, "get_config offset");
_Static_assert(sizeof(SERVER_CORE_API) == 64, "SERVER_CORE_API size");

/* The cookie API gains reserve and release (returning void) after
 * set_tap_nack_mode. */
_Static_assert(offsetof(SERVER_COOKIE_API, set_tap_nack_mode) == 40, "set_tap_nack_mode offset");
_Static_assert(offsetof(SERVER_COOKIE_API, reserve) == 48, "reserve offset");
_Static_assert(offsetof(SERVER_COOKIE_API, release) == 56, "release offset");
_Static_assert(sizeof(SERVER_COOKIE_API) == 64, "SERVER_COOKIE_API size");
_Static_assert(_Generic(((SERVER_COOKIE_API *)0)->reserve, void (*)(const void *): 1, default: 0),
               "void reserve(cookie)");

/* The server handle itself does not change. */
_Static_assert(sizeof(SERVER_HANDLE_V1) == 64, "SERVER_HANDLE_V1 size");
_Static_assert(offsetof(SERVER_HANDLE_V1, cookie) == 56, "cookie offset");

size_t enginesim_abi_beta1_core_api_size(void) { return sizeof(SERVER_CORE_API); }
