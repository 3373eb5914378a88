/* server_api.h - what the core offers an engine (SERVER_HANDLE_V1). The
 * engine gets it from the GET_SERVER_API function passed to create_instance. */
#ifndef MEMCACHED_SERVER_API_H
#define MEMCACHED_SERVER_API_H

#include <stdio.h>
#include <time.h>

#include "memcached/types.h"
#include "memcached/config_parser.h"
#include "memcached/callback.h"
#include "memcached/extension.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    /* Seconds since the server started. */
    rel_time_t (*get_current_time)(void);
    /* An exptime as a client sent it (relative seconds up to 30 days,
     * otherwise an absolute unix time) as server-relative time. */
    rel_time_t (*realtime)(const time_t exptime);
    /* Server-relative time as an absolute unix time. */
    time_t (*abstime)(const rel_time_t exptime);
    const char *(*server_version)(void);
    uint32_t (*hash)(const void *data, size_t size, uint32_t seed);
    int (*parse_config)(const char *str, struct config_item items[],
                        FILE *error);
    /* Ask the server to shut down. */
    void (*shutdown)(void);
#if MEMCACHED_ABI_HAS_1_6_0_BETA1
    /* Fills the items (parse_config's items) with the server's settings
     * of those names; true when they were read (parse_config returned 0). */
    bool (*get_config)(struct config_item items[]);
#endif
} SERVER_CORE_API;

typedef struct {
    void *(*new_stats)(void);
    void (*release_stats)(void *stats);
    /* Tell the server an item was evicted. */
    void (*evicting)(const void *cookie, const void *key, int nkey);
} SERVER_STAT_API;

typedef struct {
    EXTENSION_LOGGER_DESCRIPTOR *(*get_logger)(void);
    EXTENSION_LOG_LEVEL (*get_level)(void);
    void (*set_level)(EXTENSION_LOG_LEVEL severity);
} SERVER_LOG_API;

typedef struct {
    int (*get_socket_fd)(const void *cookie);
    void (*get_auth_data)(const void *cookie, auth_data_t *data);
    /* One pointer per connection that only the engine uses. */
    void (*store_engine_specific)(const void *cookie, void *engine_data);
    void *(*get_engine_specific)(const void *cookie);
    /* Completes an operation that returned ENGINE_EWOULDBLOCK: with
     * ENGINE_SUCCESS the core calls the same function again with the same
     * arguments, with anything else it returns that status to the client. */
    void (*notify_io_complete)(const void *cookie, ENGINE_ERROR_CODE status);
    void (*set_tap_nack_mode)(const void *cookie, bool enable);
#if MEMCACHED_ABI_HAS_1_6_0_BETA1
    /* Keep the cookie valid after its connection closes, until release. */
    void (*reserve)(const void *cookie);
    void (*release)(const void *cookie);
#endif
} SERVER_COOKIE_API;

struct server_handle_v1_t {
    uint64_t interface; /* 1 */
    SERVER_CORE_API *core;
    SERVER_STAT_API *stat;
    SERVER_EXTENSION_API *extension;
    SERVER_CALLBACK_API *callback;
    ENGINE_HANDLE *engine;
    SERVER_LOG_API *log;
    SERVER_COOKIE_API *cookie;
};

typedef SERVER_HANDLE_V1 *(*GET_SERVER_API)(void);

#ifdef __cplusplus
}
#endif

#endif
