/* protocol_binary.h - the binary protocol's constants and packet layouts:
 * what unknown_command receives and what engines of memcached's 2010-2011
 * tree use to build and parse packets (tap, vbucket, scrub, ...). Every
 * multi-byte field is in network byte order on the wire; nothing here
 * converts. Names and layouts are memcached's; tests/include/abi_pins.c
 * pins them. */
#ifndef MEMCACHED_PROTOCOL_BINARY_H
#define MEMCACHED_PROTOCOL_BINARY_H

#include <stdint.h>

#include "memcached/abi_profile.h"

#include "memcached/vbucket.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    PROTOCOL_BINARY_REQ = 0x80,
    PROTOCOL_BINARY_RES = 0x81
} protocol_binary_magic;

typedef enum {
    PROTOCOL_BINARY_RESPONSE_SUCCESS = 0x00,
    PROTOCOL_BINARY_RESPONSE_KEY_ENOENT = 0x01,
    PROTOCOL_BINARY_RESPONSE_KEY_EEXISTS = 0x02,
    PROTOCOL_BINARY_RESPONSE_E2BIG = 0x03,
    PROTOCOL_BINARY_RESPONSE_EINVAL = 0x04,
    PROTOCOL_BINARY_RESPONSE_NOT_STORED = 0x05,
    PROTOCOL_BINARY_RESPONSE_DELTA_BADVAL = 0x06,
    PROTOCOL_BINARY_RESPONSE_NOT_MY_VBUCKET = 0x07,
    PROTOCOL_BINARY_RESPONSE_AUTH_ERROR = 0x20,
    PROTOCOL_BINARY_RESPONSE_AUTH_CONTINUE = 0x21,
    PROTOCOL_BINARY_RESPONSE_ERANGE = 0x22,
    PROTOCOL_BINARY_RESPONSE_UNKNOWN_COMMAND = 0x81,
    PROTOCOL_BINARY_RESPONSE_ENOMEM = 0x82,
    PROTOCOL_BINARY_RESPONSE_NOT_SUPPORTED = 0x83,
    PROTOCOL_BINARY_RESPONSE_EINTERNAL = 0x84,
    PROTOCOL_BINARY_RESPONSE_EBUSY = 0x85,
    PROTOCOL_BINARY_RESPONSE_ETMPFAIL = 0x86
} protocol_binary_response_status;

typedef enum {
    /* The memcached commands; a trailing Q is the quiet variant. */
    PROTOCOL_BINARY_CMD_GET = 0x00,
    PROTOCOL_BINARY_CMD_SET = 0x01,
    PROTOCOL_BINARY_CMD_ADD = 0x02,
    PROTOCOL_BINARY_CMD_REPLACE = 0x03,
    PROTOCOL_BINARY_CMD_DELETE = 0x04,
    PROTOCOL_BINARY_CMD_INCREMENT = 0x05,
    PROTOCOL_BINARY_CMD_DECREMENT = 0x06,
    PROTOCOL_BINARY_CMD_QUIT = 0x07,
    PROTOCOL_BINARY_CMD_FLUSH = 0x08,
    PROTOCOL_BINARY_CMD_GETQ = 0x09,
    PROTOCOL_BINARY_CMD_NOOP = 0x0a,
    PROTOCOL_BINARY_CMD_VERSION = 0x0b,
    PROTOCOL_BINARY_CMD_GETK = 0x0c,
    PROTOCOL_BINARY_CMD_GETKQ = 0x0d,
    PROTOCOL_BINARY_CMD_APPEND = 0x0e,
    PROTOCOL_BINARY_CMD_PREPEND = 0x0f,
    PROTOCOL_BINARY_CMD_STAT = 0x10,
    PROTOCOL_BINARY_CMD_SETQ = 0x11,
    PROTOCOL_BINARY_CMD_ADDQ = 0x12,
    PROTOCOL_BINARY_CMD_REPLACEQ = 0x13,
    PROTOCOL_BINARY_CMD_DELETEQ = 0x14,
    PROTOCOL_BINARY_CMD_INCREMENTQ = 0x15,
    PROTOCOL_BINARY_CMD_DECREMENTQ = 0x16,
    PROTOCOL_BINARY_CMD_QUITQ = 0x17,
    PROTOCOL_BINARY_CMD_FLUSHQ = 0x18,
    PROTOCOL_BINARY_CMD_APPENDQ = 0x19,
    PROTOCOL_BINARY_CMD_PREPENDQ = 0x1a,
    PROTOCOL_BINARY_CMD_VERBOSITY = 0x1b,
    PROTOCOL_BINARY_CMD_TOUCH = 0x1c,
    PROTOCOL_BINARY_CMD_GAT = 0x1d,
    PROTOCOL_BINARY_CMD_GATQ = 0x1e,

    PROTOCOL_BINARY_CMD_SASL_LIST_MECHS = 0x20,
    PROTOCOL_BINARY_CMD_SASL_AUTH = 0x21,
    PROTOCOL_BINARY_CMD_SASL_STEP = 0x22,

    /* Range operations: reserved for other projects; the server itself
     * never implements them. */
    PROTOCOL_BINARY_CMD_RGET = 0x30,
    PROTOCOL_BINARY_CMD_RSET = 0x31,
    PROTOCOL_BINARY_CMD_RSETQ = 0x32,
    PROTOCOL_BINARY_CMD_RAPPEND = 0x33,
    PROTOCOL_BINARY_CMD_RAPPENDQ = 0x34,
    PROTOCOL_BINARY_CMD_RPREPEND = 0x35,
    PROTOCOL_BINARY_CMD_RPREPENDQ = 0x36,
    PROTOCOL_BINARY_CMD_RDELETE = 0x37,
    PROTOCOL_BINARY_CMD_RDELETEQ = 0x38,
    PROTOCOL_BINARY_CMD_RINCR = 0x39,
    PROTOCOL_BINARY_CMD_RINCRQ = 0x3a,
    PROTOCOL_BINARY_CMD_RDECR = 0x3b,
    PROTOCOL_BINARY_CMD_RDECRQ = 0x3c,

    PROTOCOL_BINARY_CMD_SET_VBUCKET = 0x3d,
    PROTOCOL_BINARY_CMD_GET_VBUCKET = 0x3e,
    PROTOCOL_BINARY_CMD_DEL_VBUCKET = 0x3f,

    PROTOCOL_BINARY_CMD_TAP_CONNECT = 0x40,
    PROTOCOL_BINARY_CMD_TAP_MUTATION = 0x41,
    PROTOCOL_BINARY_CMD_TAP_DELETE = 0x42,
    PROTOCOL_BINARY_CMD_TAP_FLUSH = 0x43,
    PROTOCOL_BINARY_CMD_TAP_OPAQUE = 0x44,
    PROTOCOL_BINARY_CMD_TAP_VBUCKET_SET = 0x45,
    PROTOCOL_BINARY_CMD_TAP_CHECKPOINT_START = 0x46,
    PROTOCOL_BINARY_CMD_TAP_CHECKPOINT_END = 0x47,

    /* Opcodes above this one are free for engine-specific commands, which
     * reach the engine through unknown_command. */
    PROTOCOL_BINARY_CMD_LAST_RESERVED = 0x8f,

    PROTOCOL_BINARY_CMD_SCRUB = 0xf0
} protocol_binary_command;

typedef enum {
    PROTOCOL_BINARY_RAW_BYTES = 0x00
} protocol_binary_datatypes;

/* The 24-byte headers. The request's third 16-bit field is `vbucket` in
 * both profiles: memcached.c@82fb476 itself reads
 * c->binary_header.request.vbucket (process_bin_delete, process_bin_update),
 * as the engine branch does. (Older trees called it `reserved`, 02ae1f5;
 * until December 2026 the tutorial-2010 profile did too, and memcached's own
 * basic_engine_testsuite did not compile against it.) */
typedef union {
    struct {
        uint8_t magic;
        uint8_t opcode;
        uint16_t keylen;
        uint8_t extlen;
        uint8_t datatype;
        uint16_t vbucket;
        uint32_t bodylen;
        uint32_t opaque;
        uint64_t cas;
    } request;
    uint8_t bytes[24];
} protocol_binary_request_header;

typedef union {
    struct {
        uint8_t magic;
        uint8_t opcode;
        uint16_t keylen;
        uint8_t extlen;
        uint8_t datatype;
        uint16_t status;
        uint32_t bodylen;
        uint32_t opaque;
        uint64_t cas;
    } response;
    uint8_t bytes[24];
} protocol_binary_response_header;

/* Packets made of the header alone; the key and value follow on the wire. */
typedef union {
    struct {
        protocol_binary_request_header header;
    } message;
    uint8_t bytes[sizeof(protocol_binary_request_header)];
} protocol_binary_request_no_extras;

typedef union {
    struct {
        protocol_binary_response_header header;
    } message;
    uint8_t bytes[sizeof(protocol_binary_response_header)];
} protocol_binary_response_no_extras;

typedef protocol_binary_request_no_extras protocol_binary_request_get;
typedef protocol_binary_request_no_extras protocol_binary_request_getq;
typedef protocol_binary_request_no_extras protocol_binary_request_getk;
typedef protocol_binary_request_no_extras protocol_binary_request_getkq;

/* A get's answer carries the item's flags as extras. */
typedef union {
    struct {
        protocol_binary_response_header header;
        struct {
            uint32_t flags;
        } body;
    } message;
    uint8_t bytes[sizeof(protocol_binary_response_header) + 4];
} protocol_binary_response_get;

typedef protocol_binary_response_get protocol_binary_response_getq;
typedef protocol_binary_response_get protocol_binary_response_getk;
typedef protocol_binary_response_get protocol_binary_response_getkq;

typedef protocol_binary_request_no_extras protocol_binary_request_delete;
typedef protocol_binary_response_no_extras protocol_binary_response_delete;

/* The expiration extra is optional: check extlen before reading it. */
typedef union {
    struct {
        protocol_binary_request_header header;
        struct {
            uint32_t expiration;
        } body;
    } message;
    uint8_t bytes[sizeof(protocol_binary_request_header) + 4];
} protocol_binary_request_flush;

typedef protocol_binary_response_no_extras protocol_binary_response_flush;

typedef union {
    struct {
        protocol_binary_request_header header;
        struct {
            uint32_t flags;
            uint32_t expiration;
        } body;
    } message;
    uint8_t bytes[sizeof(protocol_binary_request_header) + 8];
} protocol_binary_request_set;

typedef protocol_binary_request_set protocol_binary_request_add;
typedef protocol_binary_request_set protocol_binary_request_replace;

typedef protocol_binary_response_no_extras protocol_binary_response_set;
typedef protocol_binary_response_no_extras protocol_binary_response_add;
typedef protocol_binary_response_no_extras protocol_binary_response_replace;

typedef protocol_binary_request_no_extras protocol_binary_request_noop;
typedef protocol_binary_response_no_extras protocol_binary_response_noop;

/* 20 bytes of extras on the wire; in the struct the 64-bit members make
 * the body 24 bytes, which is why `bytes` is the size to send. */
typedef union {
    struct {
        protocol_binary_request_header header;
        struct {
            uint64_t delta;
            uint64_t initial;
            uint32_t expiration;
        } body;
    } message;
    uint8_t bytes[sizeof(protocol_binary_request_header) + 20];
} protocol_binary_request_incr;

typedef protocol_binary_request_incr protocol_binary_request_decr;

typedef union {
    struct {
        protocol_binary_response_header header;
        struct {
            uint64_t value;
        } body;
    } message;
    uint8_t bytes[sizeof(protocol_binary_response_header) + 8];
} protocol_binary_response_incr;

typedef protocol_binary_response_incr protocol_binary_response_decr;

typedef protocol_binary_request_no_extras protocol_binary_request_quit;
typedef protocol_binary_response_no_extras protocol_binary_response_quit;

typedef protocol_binary_request_no_extras protocol_binary_request_append;
typedef protocol_binary_request_no_extras protocol_binary_request_prepend;
typedef protocol_binary_response_no_extras protocol_binary_response_append;
typedef protocol_binary_response_no_extras protocol_binary_response_prepend;

typedef protocol_binary_request_no_extras protocol_binary_request_version;
typedef protocol_binary_response_no_extras protocol_binary_response_version;

typedef protocol_binary_request_no_extras protocol_binary_request_stats;
typedef protocol_binary_response_no_extras protocol_binary_response_stats;

typedef union {
    struct {
        protocol_binary_request_header header;
        struct {
            uint32_t level;
        } body;
    } message;
    uint8_t bytes[sizeof(protocol_binary_request_header) + 4];
} protocol_binary_request_verbosity;

typedef protocol_binary_response_no_extras protocol_binary_response_verbosity;

typedef union {
    struct {
        protocol_binary_request_header header;
        struct {
            uint32_t expiration;
        } body;
    } message;
    uint8_t bytes[sizeof(protocol_binary_request_header) + 4];
} protocol_binary_request_touch;

typedef protocol_binary_response_no_extras protocol_binary_response_touch;

/* get-and-touch: a touch's request, a get's answer. */
typedef union {
    struct {
        protocol_binary_request_header header;
        struct {
            uint32_t expiration;
        } body;
    } message;
    uint8_t bytes[sizeof(protocol_binary_request_header) + 4];
} protocol_binary_request_gat;

typedef protocol_binary_request_gat protocol_binary_request_gatq;
typedef protocol_binary_response_get protocol_binary_response_gat;
typedef protocol_binary_response_get protocol_binary_response_gatq;

/* A range operation's request. memcached declares its header member with
 * the response header type; both are 24 bytes, so the layout is the same,
 * and we keep its type so code written against it compiles. */
typedef union {
    struct {
        protocol_binary_response_header header;
        struct {
            uint16_t size;
            uint8_t reserved;
            uint8_t flags;
            uint32_t max_results;
        } body;
    } message;
    uint8_t bytes[sizeof(protocol_binary_request_header) + 4];
} protocol_binary_request_rangeop;

typedef protocol_binary_request_rangeop protocol_binary_request_rget;
typedef protocol_binary_request_rangeop protocol_binary_request_rset;
typedef protocol_binary_request_rangeop protocol_binary_request_rsetq;
typedef protocol_binary_request_rangeop protocol_binary_request_rappend;
typedef protocol_binary_request_rangeop protocol_binary_request_rappendq;
typedef protocol_binary_request_rangeop protocol_binary_request_rprepend;
typedef protocol_binary_request_rangeop protocol_binary_request_rprependq;
typedef protocol_binary_request_rangeop protocol_binary_request_rdelete;
typedef protocol_binary_request_rangeop protocol_binary_request_rdeleteq;
typedef protocol_binary_request_rangeop protocol_binary_request_rincr;
typedef protocol_binary_request_rangeop protocol_binary_request_rincrq;
typedef protocol_binary_request_rangeop protocol_binary_request_rdecr;
typedef protocol_binary_request_rangeop protocol_binary_request_rdecrq;

/* Bits of a tap connect request's flags. Where a bit needs data, the data
 * sits in the body after the flags, in the order of the bits, lowest
 * first (the core hands it to get_tap_iterator as userdata). */
#define TAP_CONNECT_FLAG_BACKFILL 0x01          /* 8 bytes: oldest time wanted */
#define TAP_CONNECT_FLAG_DUMP 0x02              /* send what is stored, then close */
#define TAP_CONNECT_FLAG_LIST_VBUCKETS 0x04     /* count, then that many vbucket ids */
#define TAP_CONNECT_FLAG_TAKEOVER_VBUCKETS 0x08 /* take the vbuckets over at the end */
#define TAP_CONNECT_SUPPORT_ACK 0x10            /* the consumer acks tap messages */
#define TAP_CONNECT_REQUEST_KEYS_ONLY 0x20      /* keys without values, if supported */
#define TAP_CONNECT_CHECKPOINT 0x40             /* (vbucket, checkpoint id) pairs */
#define TAP_CONNECT_REGISTERED_CLIENT 0x80      /* keep the cursor across connects */

typedef union {
    struct {
        protocol_binary_request_header header;
        struct {
            uint32_t flags; /* TAP_CONNECT_*; undefined bits must be 0 */
        } body;
    } message;
    uint8_t bytes[sizeof(protocol_binary_request_header) + 4];
} protocol_binary_request_tap_connect;

/* Bits of the flags in a tap message's tap section. */
#define TAP_FLAG_ACK 0x01      /* answer this message, keeping its opaque */
#define TAP_FLAG_NO_VALUE 0x02 /* the value is not in the packet */

typedef union {
    struct {
        protocol_binary_request_header header;
        struct {
            struct {
                uint16_t enginespecific_length;
                uint16_t flags; /* TAP_FLAG_* */
                uint8_t ttl;
                uint8_t res1;
                uint8_t res2;
                uint8_t res3;
            } tap;
            struct {
                uint32_t flags;
                uint32_t expiration;
            } item;
        } body;
    } message;
    uint8_t bytes[sizeof(protocol_binary_request_header) + 16];
} protocol_binary_request_tap_mutation;

typedef union {
    struct {
        protocol_binary_request_header header;
        struct {
            struct {
                uint16_t enginespecific_length;
                uint16_t flags; /* TAP_FLAG_* */
                uint8_t ttl;
                uint8_t res1;
                uint8_t res2;
                uint8_t res3;
            } tap;
        } body;
    } message;
    uint8_t bytes[sizeof(protocol_binary_request_header) + 8];
} protocol_binary_request_tap_no_extras;

typedef protocol_binary_request_tap_no_extras protocol_binary_request_tap_delete;
typedef protocol_binary_request_tap_no_extras protocol_binary_request_tap_flush;
typedef protocol_binary_request_tap_no_extras protocol_binary_request_tap_opaque;
typedef protocol_binary_request_tap_no_extras protocol_binary_request_tap_vbucket_set;

typedef protocol_binary_request_no_extras protocol_binary_request_scrub;
typedef protocol_binary_response_no_extras protocol_binary_response_scrub;

/* The state travels as the enum's in-memory size (4 bytes here). */
typedef union {
    struct {
        protocol_binary_request_header header;
        struct {
            vbucket_state_t state;
        } body;
    } message;
    uint8_t bytes[sizeof(protocol_binary_request_header) + sizeof(vbucket_state_t)];
} protocol_binary_request_set_vbucket;

typedef protocol_binary_response_no_extras protocol_binary_response_set_vbucket;
typedef protocol_binary_request_no_extras protocol_binary_request_del_vbucket;
typedef protocol_binary_response_no_extras protocol_binary_response_del_vbucket;
typedef protocol_binary_request_no_extras protocol_binary_request_get_vbucket;

typedef union {
    struct {
        protocol_binary_response_header header;
        struct {
            vbucket_state_t state;
        } body;
    } message;
    uint8_t bytes[sizeof(protocol_binary_response_header) + sizeof(vbucket_state_t)];
} protocol_binary_response_get_vbucket;

#ifdef __cplusplus
}
#endif

#endif
