/* callback.h - events an engine can subscribe to. */
#ifndef MEMCACHED_CALLBACK_H
#define MEMCACHED_CALLBACK_H

#include "memcached/types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    ON_CONNECT = 0,    /* a connection was opened */
    ON_DISCONNECT = 1, /* a connection is being closed */
    ON_AUTH = 2,       /* a connection authenticated */
    ON_SWITCH_CONN = 3,/* a worker switched to another connection */
    ON_LOG_LEVEL = 4   /* the log level changed */
} ENGINE_EVENT_TYPE;

#define MAX_ENGINE_EVENT_TYPE 5

typedef void (*EVENT_CALLBACK)(const void *cookie, ENGINE_EVENT_TYPE type,
                               const void *event_data, const void *cb_data);

typedef struct {
    void (*register_callback)(ENGINE_HANDLE *engine, ENGINE_EVENT_TYPE type,
                              EVENT_CALLBACK cb, const void *cb_data);
    void (*perform_callbacks)(ENGINE_EVENT_TYPE type, const void *data,
                              const void *cookie);
} SERVER_CALLBACK_API;

#ifdef __cplusplus
}
#endif

#endif
