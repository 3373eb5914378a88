/* extension.h - extensions the core and engines can register (the logger
 * among them). */
#ifndef MEMCACHED_EXTENSION_H
#define MEMCACHED_EXTENSION_H

#include "memcached/types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    EXTENSION_DAEMON = 0x00,
    EXTENSION_LOGGER,
    EXTENSION_ASCII_PROTOCOL
} extension_type_t;

typedef enum {
    EXTENSION_LOG_DETAIL,
    EXTENSION_LOG_DEBUG,
    EXTENSION_LOG_INFO,
    EXTENSION_LOG_WARNING
} EXTENSION_LOG_LEVEL;

typedef struct extension_daemon_descriptor {
    const char *(*get_name)(void);
    struct extension_daemon_descriptor *next;
} EXTENSION_DAEMON_DESCRIPTOR;

typedef struct {
    const char *(*get_name)(void);
    void (*log)(EXTENSION_LOG_LEVEL severity, const void *client_cookie,
                const char *fmt, ...);
} EXTENSION_LOGGER_DESCRIPTOR;

typedef struct extension_ascii_protocol_descriptor {
    const char *(*get_name)(const void *cmd_cookie);
    bool (*accept)(const void *cmd_cookie, void *cookie, int argc,
                   void *argv, size_t *ndata, char **ptr);
    bool (*execute)(const void *cmd_cookie, const void *cookie, int argc,
                    void *argv, void *response_handler);
    void (*abort)(const void *cmd_cookie, const void *cookie);
    const void *cookie;
    struct extension_ascii_protocol_descriptor *next;
} EXTENSION_ASCII_PROTOCOL_DESCRIPTOR;

typedef struct {
    bool (*register_extension)(extension_type_t type, void *extension);
    void (*unregister_extension)(extension_type_t type, void *extension);
    void *(*get_extension)(extension_type_t type);
} SERVER_EXTENSION_API;

#ifdef __cplusplus
}
#endif

#endif
