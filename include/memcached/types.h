/* types.h - the basic value types shared by the core and every engine
 * (engine interface version 1). */
#ifndef MEMCACHED_TYPES_H
#define MEMCACHED_TYPES_H

#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/uio.h>

#include "memcached/abi_profile.h"
#include "memcached/engine_common.h" /* ENGINE_HANDLE, ADD_STAT, ADD_RESPONSE */
#ifndef __cplusplus
#include <stdbool.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Seconds since the server process started (the core's clock). */
typedef uint32_t rel_time_t;

/* Result of every engine operation. The numeric values are part of the ABI. */
typedef enum {
    ENGINE_SUCCESS = 0x00,
    ENGINE_KEY_ENOENT = 0x01,
    ENGINE_KEY_EEXISTS = 0x02,
    ENGINE_ENOMEM = 0x03,
    ENGINE_NOT_STORED = 0x04,
    ENGINE_EINVAL = 0x05,
    ENGINE_ENOTSUP = 0x06,
    ENGINE_EWOULDBLOCK = 0x07,
    ENGINE_E2BIG = 0x08,
    ENGINE_WANT_MORE = 0x09,
    ENGINE_DISCONNECT = 0x0a,
    ENGINE_EACCESS = 0x0b,
    ENGINE_NOT_MY_VBUCKET = 0x0c,
    ENGINE_TMPFAIL = 0x0d,
    ENGINE_FAILED = 0xff
} ENGINE_ERROR_CODE;

/* The kinds of store. */
typedef enum {
    OPERATION_ADD = 1,
    OPERATION_SET,
    OPERATION_REPLACE,
    OPERATION_APPEND,
    OPERATION_PREPEND,
    OPERATION_CAS
} ENGINE_STORE_OPERATION;

/* Authentication data of a connection. */
typedef struct {
    const char *username;
    const char *config;
} auth_data_t;

/* Everything the core needs to know about an item it got from the engine.
 * The caller sets nvalue to the number of iovecs in value[]; the engine
 * sets it to the number it used. */
typedef struct {
    uint64_t cas;
    rel_time_t exptime;
    uint32_t nbytes;   /* total length of the value, including "\r\n" */
    uint32_t flags;    /* the client's flags, as sent */
    uint8_t clsid;
    uint16_t nkey;
    uint16_t nvalue;
    const void *key;
    struct iovec value[1];
} item_info;

/* Opaque to the core: only the engine knows what an item is. */
typedef void item;

typedef struct server_handle_v1_t SERVER_HANDLE_V1;

#ifdef __cplusplus
}
#endif

#endif
