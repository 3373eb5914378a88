/* extension.h - extensions the core and engines can register (the logger
 * among them). */
#ifndef MEMCACHED_EXTENSION_H
#define MEMCACHED_EXTENSION_H

#include "memcached/types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What an extension's initialize function returns. */
typedef enum {
    EXTENSION_SUCCESS = 0x00,
    EXTENSION_FATAL = 0xfe, /* the server should shut down */
    EXTENSION_FAILED = 0xff
} EXTENSION_ERROR_CODE;

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

/* One word of an ASCII command line, as the core split it. */
typedef struct {
    char *value;
    size_t length;
} token_t;

typedef struct extension_ascii_protocol_descriptor {
    const char *(*get_name)(const void *cmd_cookie);
    bool (*accept)(const void *cmd_cookie, void *cookie, int argc,
                   token_t *argv, size_t *ndata, char **ptr);
    bool (*execute)(const void *cmd_cookie, const void *cookie, int argc,
                    token_t *argv,
                    bool (*response_handler)(const void *cookie, int nbytes,
                                             const char *dta));
    void (*abort)(const void *cmd_cookie, const void *cookie);
    const void *cookie;
    struct extension_ascii_protocol_descriptor *next;
} EXTENSION_ASCII_PROTOCOL_DESCRIPTOR;

/* What a loadable extension exports as memcached_extensions_initialize.
 * The second parameter is a GET_SERVER_API (server_api.h), spelled out
 * because server_api.h includes this header before it defines that name. */
typedef EXTENSION_ERROR_CODE (*MEMCACHED_EXTENSIONS_INITIALIZE)(
    const char *config, SERVER_HANDLE_V1 *(*get_server_api)(void));

typedef struct {
    bool (*register_extension)(extension_type_t type, void *extension);
    void (*unregister_extension)(extension_type_t type, void *extension);
    void *(*get_extension)(extension_type_t type);
} SERVER_EXTENSION_API;

#ifdef __cplusplus
}
#endif

#endif
