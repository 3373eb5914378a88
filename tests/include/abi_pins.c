/* abi_pins.c - every enum value, struct size and member offset of the
 * shipped headers, pinned at compile time on x86-64 against memcached's own
 * headers. Compiled once per profile (tests/include/CMakeLists.txt), with
 * -pedantic -Werror: a failed assert fails the build, and so the test.
 *
 * Sources. The two profile commits (82fb476, tutorial-2010; 6debef0,
 * 1.6.0-beta1) are not in the reference store we could read, so each group
 * cites the stored memcached/memcached version it was checked against; all
 * are of the same engine-branch line. Offsets were computed by compiling
 * those headers' member lists on x86-64. Where the stored version differs
 * from our profile, the group says so and keeps the earlier pin. */
#include <stddef.h>
#include <stdint.h>

#include "memcached/config_parser.h"
#include "memcached/engine.h"
#include "memcached/engine_common.h"
#include "memcached/protocol_binary.h"
#include "memcached/util.h"
#include "memcached/vbucket.h"

#define PIN_VALUE(name, value) _Static_assert((name) == (value), #name " == " #value)
#define PIN_SIZE(type, size) _Static_assert(sizeof(type) == (size), "sizeof(" #type ") == " #size)
#define PIN_AT(type, member, offset) \
    _Static_assert(offsetof(type, member) == (offset), #type "." #member " at " #offset)
#define PIN_TYPE(expr, type) _Static_assert(_Generic((expr), type: 1, default: 0), #expr " is " #type)

#define PROFILE_IS(name) (MEMCACHED_ABI_PROFILE == MEMCACHED_ABI_##name)

/* memcached 120994b include/memcached/config_parser.h:15-20 (enum),
 * :26 (union config_value), :36 (struct config_item) */
PIN_VALUE(DT_SIZE, 0);
PIN_VALUE(DT_FLOAT, 1);
PIN_VALUE(DT_BOOL, 2);
PIN_VALUE(DT_STRING, 3);
PIN_VALUE(DT_CONFIGFILE, 4);
PIN_SIZE(union config_value, 8);
PIN_SIZE(struct config_item, 32);
PIN_AT(struct config_item, key, 0);
PIN_AT(struct config_item, datatype, 8);
PIN_AT(struct config_item, value, 16);
PIN_AT(struct config_item, found, 24);

/* memcached 8a38629 include/memcached/engine_common.h:14-16 (ENGINE_HANDLE),
 * :27 (ADD_STAT), :47 (ADD_RESPONSE) */
PIN_SIZE(ENGINE_HANDLE, 8);
PIN_AT(ENGINE_HANDLE, interface, 0);
PIN_TYPE((ADD_STAT)0, void (*)(const char *, const uint16_t, const char *, const uint32_t,
                               const void *));
PIN_TYPE((ADD_RESPONSE)0, bool (*)(const void *, uint16_t, const void *, uint8_t, const void *,
                                   uint32_t, uint8_t, uint16_t, uint64_t, const void *));

/* memcached 5011fc5 include/memcached/util.h (the declarations) */
PIN_TYPE(&safe_strtoull, bool (*)(const char *, uint64_t *));
PIN_TYPE(&safe_strtoll, bool (*)(const char *, int64_t *));
PIN_TYPE(&safe_strtoul, bool (*)(const char *, uint32_t *));
PIN_TYPE(&safe_strtol, bool (*)(const char *, int32_t *));
PIN_TYPE(&safe_strtof, bool (*)(const char *, float *));
PIN_TYPE(&htonll, uint64_t (*)(uint64_t));
PIN_TYPE(&ntohll, uint64_t (*)(uint64_t));
PIN_TYPE(&vperror, void (*)(const char *, ...));

/* memcached 1b7db44 include/memcached/vbucket.h:10-15 */
PIN_VALUE(active, 1);
PIN_VALUE(replica, 2);
PIN_VALUE(pending, 3);
PIN_VALUE(dead, 4);
#if MEMCACHED_ABI_HAS_1_6_0_BETA1
/* memcached 8f44932 include/memcached/vbucket.h:10-21, the spelling the 1.6
 * default engine uses (default_engine.c@1e472de) */
PIN_VALUE(vbucket_state_active, 1);
PIN_VALUE(vbucket_state_replica, 2);
PIN_VALUE(vbucket_state_pending, 3);
PIN_VALUE(vbucket_state_dead, 4);
PIN_VALUE(is_valid_vbucket_state_t(vbucket_state_dead) && !is_valid_vbucket_state_t(0), 1);
#endif
PIN_SIZE(vbucket_state_t, 4);

/* memcached 61cb72e include/memcached/types.h (rel_time_t,
 * ENGINE_ERROR_CODE, ENGINE_STORE_OPERATION, item_info, auth_data_t).
 * That version also has ENGINE_ERANGE = 0x0e, which we do not ship (see
 * the report of fidelity-headers): whether 82fb476 has it is unverified. */
PIN_SIZE(rel_time_t, 4);
PIN_VALUE(ENGINE_SUCCESS, 0x00);
PIN_VALUE(ENGINE_KEY_ENOENT, 0x01);
PIN_VALUE(ENGINE_KEY_EEXISTS, 0x02);
PIN_VALUE(ENGINE_ENOMEM, 0x03);
PIN_VALUE(ENGINE_NOT_STORED, 0x04);
PIN_VALUE(ENGINE_EINVAL, 0x05);
PIN_VALUE(ENGINE_ENOTSUP, 0x06);
PIN_VALUE(ENGINE_EWOULDBLOCK, 0x07);
PIN_VALUE(ENGINE_E2BIG, 0x08);
PIN_VALUE(ENGINE_WANT_MORE, 0x09);
PIN_VALUE(ENGINE_DISCONNECT, 0x0a);
PIN_VALUE(ENGINE_EACCESS, 0x0b);
PIN_VALUE(ENGINE_NOT_MY_VBUCKET, 0x0c);
PIN_VALUE(ENGINE_TMPFAIL, 0x0d);
PIN_VALUE(ENGINE_FAILED, 0xff);
PIN_VALUE(OPERATION_ADD, 1);
PIN_VALUE(OPERATION_SET, 2);
PIN_VALUE(OPERATION_REPLACE, 3);
PIN_VALUE(OPERATION_APPEND, 4);
PIN_VALUE(OPERATION_PREPEND, 5);
PIN_VALUE(OPERATION_CAS, 6);
PIN_SIZE(item_info, 56);
PIN_AT(item_info, cas, 0);
PIN_AT(item_info, exptime, 8);
PIN_AT(item_info, nbytes, 12);
PIN_AT(item_info, flags, 16);
PIN_AT(item_info, clsid, 20);
PIN_AT(item_info, nkey, 22);
PIN_AT(item_info, nvalue, 24);
PIN_AT(item_info, key, 32);
PIN_AT(item_info, value, 40);
PIN_SIZE(auth_data_t, 16);
PIN_AT(auth_data_t, username, 0);
PIN_AT(auth_data_t, config, 8);

/* memcached 019c4a2 include/memcached/callback.h (ENGINE_EVENT_TYPE,
 * MAX_ENGINE_EVENT_TYPE, SERVER_CALLBACK_API) */
PIN_VALUE(ON_CONNECT, 0);
PIN_VALUE(ON_DISCONNECT, 1);
PIN_VALUE(ON_AUTH, 2);
PIN_VALUE(ON_SWITCH_CONN, 3);
PIN_VALUE(ON_LOG_LEVEL, 4);
PIN_VALUE(MAX_ENGINE_EVENT_TYPE, 5);
PIN_SIZE(SERVER_CALLBACK_API, 16);
PIN_AT(SERVER_CALLBACK_API, register_callback, 0);
PIN_AT(SERVER_CALLBACK_API, perform_callbacks, 8);

/* memcached 019c4a2 include/memcached/extension.h (every enum and struct;
 * SERVER_LOG_API is declared there, in our server_api.h) */
PIN_VALUE(EXTENSION_SUCCESS, 0x00);
PIN_VALUE(EXTENSION_FATAL, 0xfe);
PIN_VALUE(EXTENSION_FAILED, 0xff);
PIN_VALUE(EXTENSION_DAEMON, 0);
PIN_VALUE(EXTENSION_LOGGER, 1);
PIN_VALUE(EXTENSION_ASCII_PROTOCOL, 2);
PIN_VALUE(EXTENSION_LOG_DETAIL, 0);
PIN_VALUE(EXTENSION_LOG_DEBUG, 1);
PIN_VALUE(EXTENSION_LOG_INFO, 2);
PIN_VALUE(EXTENSION_LOG_WARNING, 3);
PIN_SIZE(EXTENSION_DAEMON_DESCRIPTOR, 16);
PIN_AT(EXTENSION_DAEMON_DESCRIPTOR, next, 8);
PIN_SIZE(EXTENSION_LOGGER_DESCRIPTOR, 16);
PIN_AT(EXTENSION_LOGGER_DESCRIPTOR, log, 8);
PIN_SIZE(token_t, 16);
PIN_AT(token_t, length, 8);
PIN_SIZE(EXTENSION_ASCII_PROTOCOL_DESCRIPTOR, 48);
PIN_AT(EXTENSION_ASCII_PROTOCOL_DESCRIPTOR, get_name, 0);
PIN_AT(EXTENSION_ASCII_PROTOCOL_DESCRIPTOR, accept, 8);
PIN_AT(EXTENSION_ASCII_PROTOCOL_DESCRIPTOR, execute, 16);
PIN_AT(EXTENSION_ASCII_PROTOCOL_DESCRIPTOR, abort, 24);
PIN_AT(EXTENSION_ASCII_PROTOCOL_DESCRIPTOR, cookie, 32);
PIN_AT(EXTENSION_ASCII_PROTOCOL_DESCRIPTOR, next, 40);
PIN_TYPE((MEMCACHED_EXTENSIONS_INITIALIZE)0,
         EXTENSION_ERROR_CODE (*)(const char *, GET_SERVER_API));
PIN_SIZE(SERVER_EXTENSION_API, 24);
PIN_AT(SERVER_EXTENSION_API, unregister_extension, 8);
PIN_AT(SERVER_EXTENSION_API, get_extension, 16);
PIN_SIZE(SERVER_LOG_API, 24);
PIN_AT(SERVER_LOG_API, get_level, 8);
PIN_AT(SERVER_LOG_API, set_level, 16);

/* memcached 019c4a2 include/memcached/engine.h (tap_event_t,
 * engine_feature_t, feature_info, engine_info, item_observer_cb_data and
 * the tutorial layout of ENGINE_HANDLE_V1, 21 pointer slots) */
PIN_VALUE(ENGINE_INTERFACE_VERSION, 1);
PIN_VALUE(TAP_MUTATION, 1);
PIN_VALUE(TAP_DELETION, 2);
PIN_VALUE(TAP_FLUSH, 3);
PIN_VALUE(TAP_OPAQUE, 4);
PIN_VALUE(TAP_VBUCKET_SET, 5);
PIN_VALUE(TAP_ACK, 6);
PIN_VALUE(TAP_DISCONNECT, 7);
PIN_VALUE(TAP_NOOP, 8);
PIN_VALUE(TAP_PAUSE, 9);
PIN_VALUE(ENGINE_FEATURE_CAS, 0);
PIN_VALUE(ENGINE_FEATURE_PERSISTENT_STORAGE, 1);
PIN_VALUE(ENGINE_FEATURE_SECONDARY_ENGINE, 2);
PIN_VALUE(ENGINE_FEATURE_ACCESS_CONTROL, 3);
PIN_VALUE(ENGINE_FEATURE_MULTI_TENANCY, 4);
PIN_VALUE(ENGINE_FEATURE_LRU, 5);
PIN_VALUE(ENGINE_FEATURE_VBUCKET, 6);
PIN_VALUE(LAST_REGISTERED_ENGINE_FEATURE, ENGINE_FEATURE_VBUCKET);
PIN_SIZE(feature_info, 16);
PIN_AT(feature_info, description, 8);
PIN_SIZE(engine_info, 32);
PIN_AT(engine_info, num_features, 8);
PIN_AT(engine_info, features, 16);
PIN_SIZE(struct item_observer_cb_data, 16);
PIN_AT(struct item_observer_cb_data, nkey, 8);

#if PROFILE_IS(TUTORIAL_2010) || PROFILE_IS(1_6_0_BETA1)
/* memcached 019c4a2 include/memcached/engine.h (engine_interface_v1);
 * 1.6.0-beta1 changes destroy's parameters, not its slot (existing pin,
 * tests/include/abi_beta1_check.c). MySQL's layout: abi_mysql_check.c. */
PIN_SIZE(ENGINE_HANDLE_V1, 168);
PIN_AT(ENGINE_HANDLE_V1, interface, 0);
PIN_AT(ENGINE_HANDLE_V1, get_info, 8);
PIN_AT(ENGINE_HANDLE_V1, initialize, 16);
PIN_AT(ENGINE_HANDLE_V1, destroy, 24);
PIN_AT(ENGINE_HANDLE_V1, allocate, 32);
PIN_AT(ENGINE_HANDLE_V1, remove, 40);
PIN_AT(ENGINE_HANDLE_V1, release, 48);
PIN_AT(ENGINE_HANDLE_V1, get, 56);
PIN_AT(ENGINE_HANDLE_V1, store, 64);
PIN_AT(ENGINE_HANDLE_V1, arithmetic, 72);
PIN_AT(ENGINE_HANDLE_V1, flush, 80);
PIN_AT(ENGINE_HANDLE_V1, get_stats, 88);
PIN_AT(ENGINE_HANDLE_V1, reset_stats, 96);
PIN_AT(ENGINE_HANDLE_V1, get_stats_struct, 104);
PIN_AT(ENGINE_HANDLE_V1, aggregate_stats, 112);
PIN_AT(ENGINE_HANDLE_V1, unknown_command, 120);
PIN_AT(ENGINE_HANDLE_V1, tap_notify, 128);
PIN_AT(ENGINE_HANDLE_V1, get_tap_iterator, 136);
PIN_AT(ENGINE_HANDLE_V1, item_set_cas, 144);
PIN_AT(ENGINE_HANDLE_V1, get_item_info, 152);
PIN_AT(ENGINE_HANDLE_V1, errinfo, 160);
#endif

/* memcached 004dfe5 include/memcached/server_api.h (SERVER_STAT_API, and
 * SERVER_COOKIE_API's first six slots). That version's SERVER_CORE_API has
 * no abstime and 019c4a2's server_handle_v1_t has no cookie member; our
 * tutorial-2010 layout has both (the earlier pins, tests/include/
 * test_abi.cpp), which we could not check against 82fb476 itself. */
PIN_SIZE(SERVER_STAT_API, 24);
PIN_AT(SERVER_STAT_API, release_stats, 8);
PIN_AT(SERVER_STAT_API, evicting, 16);
PIN_AT(SERVER_COOKIE_API, get_socket_fd, 0);
PIN_AT(SERVER_COOKIE_API, get_auth_data, 8);
PIN_AT(SERVER_COOKIE_API, store_engine_specific, 16);
PIN_AT(SERVER_COOKIE_API, get_engine_specific, 24);
PIN_AT(SERVER_COOKIE_API, notify_io_complete, 32);
PIN_AT(SERVER_COOKIE_API, set_tap_nack_mode, 40);
PIN_AT(SERVER_CORE_API, get_current_time, 0);
PIN_AT(SERVER_CORE_API, realtime, 8);
PIN_AT(SERVER_CORE_API, abstime, 16);
PIN_AT(SERVER_CORE_API, server_version, 24);
PIN_AT(SERVER_CORE_API, hash, 32);
PIN_AT(SERVER_CORE_API, parse_config, 40);
PIN_AT(SERVER_CORE_API, shutdown, 48);
PIN_SIZE(SERVER_HANDLE_V1, 64);
PIN_AT(SERVER_HANDLE_V1, interface, 0);
PIN_AT(SERVER_HANDLE_V1, core, 8);
PIN_AT(SERVER_HANDLE_V1, stat, 16);
PIN_AT(SERVER_HANDLE_V1, extension, 24);
PIN_AT(SERVER_HANDLE_V1, callback, 32);
PIN_AT(SERVER_HANDLE_V1, engine, 40);
PIN_AT(SERVER_HANDLE_V1, log, 48);
PIN_AT(SERVER_HANDLE_V1, cookie, 56);
#if PROFILE_IS(TUTORIAL_2010)
PIN_SIZE(SERVER_CORE_API, 56);
PIN_SIZE(SERVER_COOKIE_API, 48);
#else
/* 1.6.0-beta1 (and MySQL's copy): get_config, reserve, release appended
 * (the earlier pins, tests/include/abi_beta1_check.c). */
PIN_AT(SERVER_CORE_API, get_config, 56);
PIN_SIZE(SERVER_CORE_API, 64);
PIN_AT(SERVER_COOKIE_API, reserve, 48);
PIN_AT(SERVER_COOKIE_API, release, 56);
PIN_SIZE(SERVER_COOKIE_API, 64);
#endif

/* memcached 61cb72e include/memcached/protocol_binary.h:
 * protocol_binary_magic, _response_status, _command, _datatypes */
PIN_VALUE(PROTOCOL_BINARY_REQ, 0x80);
PIN_VALUE(PROTOCOL_BINARY_RES, 0x81);
PIN_VALUE(PROTOCOL_BINARY_RESPONSE_SUCCESS, 0x00);
PIN_VALUE(PROTOCOL_BINARY_RESPONSE_KEY_ENOENT, 0x01);
PIN_VALUE(PROTOCOL_BINARY_RESPONSE_KEY_EEXISTS, 0x02);
PIN_VALUE(PROTOCOL_BINARY_RESPONSE_E2BIG, 0x03);
PIN_VALUE(PROTOCOL_BINARY_RESPONSE_EINVAL, 0x04);
PIN_VALUE(PROTOCOL_BINARY_RESPONSE_NOT_STORED, 0x05);
PIN_VALUE(PROTOCOL_BINARY_RESPONSE_DELTA_BADVAL, 0x06);
PIN_VALUE(PROTOCOL_BINARY_RESPONSE_NOT_MY_VBUCKET, 0x07);
PIN_VALUE(PROTOCOL_BINARY_RESPONSE_AUTH_ERROR, 0x20);
PIN_VALUE(PROTOCOL_BINARY_RESPONSE_AUTH_CONTINUE, 0x21);
PIN_VALUE(PROTOCOL_BINARY_RESPONSE_ERANGE, 0x22);
PIN_VALUE(PROTOCOL_BINARY_RESPONSE_UNKNOWN_COMMAND, 0x81);
PIN_VALUE(PROTOCOL_BINARY_RESPONSE_ENOMEM, 0x82);
PIN_VALUE(PROTOCOL_BINARY_RESPONSE_NOT_SUPPORTED, 0x83);
PIN_VALUE(PROTOCOL_BINARY_RESPONSE_EINTERNAL, 0x84);
PIN_VALUE(PROTOCOL_BINARY_RESPONSE_EBUSY, 0x85);
PIN_VALUE(PROTOCOL_BINARY_RESPONSE_ETMPFAIL, 0x86);
PIN_VALUE(PROTOCOL_BINARY_CMD_GET, 0x00);
PIN_VALUE(PROTOCOL_BINARY_CMD_SET, 0x01);
PIN_VALUE(PROTOCOL_BINARY_CMD_ADD, 0x02);
PIN_VALUE(PROTOCOL_BINARY_CMD_REPLACE, 0x03);
PIN_VALUE(PROTOCOL_BINARY_CMD_DELETE, 0x04);
PIN_VALUE(PROTOCOL_BINARY_CMD_INCREMENT, 0x05);
PIN_VALUE(PROTOCOL_BINARY_CMD_DECREMENT, 0x06);
PIN_VALUE(PROTOCOL_BINARY_CMD_QUIT, 0x07);
PIN_VALUE(PROTOCOL_BINARY_CMD_FLUSH, 0x08);
PIN_VALUE(PROTOCOL_BINARY_CMD_GETQ, 0x09);
PIN_VALUE(PROTOCOL_BINARY_CMD_NOOP, 0x0a);
PIN_VALUE(PROTOCOL_BINARY_CMD_VERSION, 0x0b);
PIN_VALUE(PROTOCOL_BINARY_CMD_GETK, 0x0c);
PIN_VALUE(PROTOCOL_BINARY_CMD_GETKQ, 0x0d);
PIN_VALUE(PROTOCOL_BINARY_CMD_APPEND, 0x0e);
PIN_VALUE(PROTOCOL_BINARY_CMD_PREPEND, 0x0f);
PIN_VALUE(PROTOCOL_BINARY_CMD_STAT, 0x10);
PIN_VALUE(PROTOCOL_BINARY_CMD_SETQ, 0x11);
PIN_VALUE(PROTOCOL_BINARY_CMD_ADDQ, 0x12);
PIN_VALUE(PROTOCOL_BINARY_CMD_REPLACEQ, 0x13);
PIN_VALUE(PROTOCOL_BINARY_CMD_DELETEQ, 0x14);
PIN_VALUE(PROTOCOL_BINARY_CMD_INCREMENTQ, 0x15);
PIN_VALUE(PROTOCOL_BINARY_CMD_DECREMENTQ, 0x16);
PIN_VALUE(PROTOCOL_BINARY_CMD_QUITQ, 0x17);
PIN_VALUE(PROTOCOL_BINARY_CMD_FLUSHQ, 0x18);
PIN_VALUE(PROTOCOL_BINARY_CMD_APPENDQ, 0x19);
PIN_VALUE(PROTOCOL_BINARY_CMD_PREPENDQ, 0x1a);
PIN_VALUE(PROTOCOL_BINARY_CMD_VERBOSITY, 0x1b);
PIN_VALUE(PROTOCOL_BINARY_CMD_TOUCH, 0x1c);
PIN_VALUE(PROTOCOL_BINARY_CMD_GAT, 0x1d);
PIN_VALUE(PROTOCOL_BINARY_CMD_GATQ, 0x1e);
PIN_VALUE(PROTOCOL_BINARY_CMD_SASL_LIST_MECHS, 0x20);
PIN_VALUE(PROTOCOL_BINARY_CMD_SASL_AUTH, 0x21);
PIN_VALUE(PROTOCOL_BINARY_CMD_SASL_STEP, 0x22);
PIN_VALUE(PROTOCOL_BINARY_CMD_RGET, 0x30);
PIN_VALUE(PROTOCOL_BINARY_CMD_RSET, 0x31);
PIN_VALUE(PROTOCOL_BINARY_CMD_RSETQ, 0x32);
PIN_VALUE(PROTOCOL_BINARY_CMD_RAPPEND, 0x33);
PIN_VALUE(PROTOCOL_BINARY_CMD_RAPPENDQ, 0x34);
PIN_VALUE(PROTOCOL_BINARY_CMD_RPREPEND, 0x35);
PIN_VALUE(PROTOCOL_BINARY_CMD_RPREPENDQ, 0x36);
PIN_VALUE(PROTOCOL_BINARY_CMD_RDELETE, 0x37);
PIN_VALUE(PROTOCOL_BINARY_CMD_RDELETEQ, 0x38);
PIN_VALUE(PROTOCOL_BINARY_CMD_RINCR, 0x39);
PIN_VALUE(PROTOCOL_BINARY_CMD_RINCRQ, 0x3a);
PIN_VALUE(PROTOCOL_BINARY_CMD_RDECR, 0x3b);
PIN_VALUE(PROTOCOL_BINARY_CMD_RDECRQ, 0x3c);
PIN_VALUE(PROTOCOL_BINARY_CMD_SET_VBUCKET, 0x3d);
PIN_VALUE(PROTOCOL_BINARY_CMD_GET_VBUCKET, 0x3e);
PIN_VALUE(PROTOCOL_BINARY_CMD_DEL_VBUCKET, 0x3f);
PIN_VALUE(PROTOCOL_BINARY_CMD_TAP_CONNECT, 0x40);
PIN_VALUE(PROTOCOL_BINARY_CMD_TAP_MUTATION, 0x41);
PIN_VALUE(PROTOCOL_BINARY_CMD_TAP_DELETE, 0x42);
PIN_VALUE(PROTOCOL_BINARY_CMD_TAP_FLUSH, 0x43);
PIN_VALUE(PROTOCOL_BINARY_CMD_TAP_OPAQUE, 0x44);
PIN_VALUE(PROTOCOL_BINARY_CMD_TAP_VBUCKET_SET, 0x45);
PIN_VALUE(PROTOCOL_BINARY_CMD_TAP_CHECKPOINT_START, 0x46);
PIN_VALUE(PROTOCOL_BINARY_CMD_TAP_CHECKPOINT_END, 0x47);
PIN_VALUE(PROTOCOL_BINARY_CMD_LAST_RESERVED, 0x8f);
PIN_VALUE(PROTOCOL_BINARY_CMD_SCRUB, 0xf0);
PIN_VALUE(PROTOCOL_BINARY_RAW_BYTES, 0x00);

/* memcached 61cb72e include/memcached/protocol_binary.h: the tap flag
 * macros (inside protocol_binary_request_tap_connect/_tap_mutation) */
PIN_VALUE(TAP_CONNECT_FLAG_BACKFILL, 0x01);
PIN_VALUE(TAP_CONNECT_FLAG_DUMP, 0x02);
PIN_VALUE(TAP_CONNECT_FLAG_LIST_VBUCKETS, 0x04);
PIN_VALUE(TAP_CONNECT_FLAG_TAKEOVER_VBUCKETS, 0x08);
PIN_VALUE(TAP_CONNECT_SUPPORT_ACK, 0x10);
PIN_VALUE(TAP_CONNECT_REQUEST_KEYS_ONLY, 0x20);
PIN_VALUE(TAP_CONNECT_CHECKPOINT, 0x40);
PIN_VALUE(TAP_CONNECT_REGISTERED_CLIENT, 0x80);
PIN_VALUE(TAP_FLAG_ACK, 0x01);
PIN_VALUE(TAP_FLAG_NO_VALUE, 0x02);

/* memcached 61cb72e include/memcached/protocol_binary.h: the packet
 * unions (the request header's third field is `vbucket` there, and in the
 * 2010 tree: memcached.c@82fb476 reads c->binary_header.request.vbucket) */
PIN_SIZE(protocol_binary_request_header, 24);
PIN_AT(protocol_binary_request_header, request.magic, 0);
PIN_AT(protocol_binary_request_header, request.opcode, 1);
PIN_AT(protocol_binary_request_header, request.keylen, 2);
PIN_AT(protocol_binary_request_header, request.extlen, 4);
PIN_AT(protocol_binary_request_header, request.datatype, 5);
PIN_AT(protocol_binary_request_header, request.vbucket, 6);
PIN_AT(protocol_binary_request_header, request.bodylen, 8);
PIN_AT(protocol_binary_request_header, request.opaque, 12);
PIN_AT(protocol_binary_request_header, request.cas, 16);
PIN_SIZE(protocol_binary_response_header, 24);
PIN_AT(protocol_binary_response_header, response.extlen, 4);
PIN_AT(protocol_binary_response_header, response.datatype, 5);
PIN_AT(protocol_binary_response_header, response.status, 6);
PIN_AT(protocol_binary_response_header, response.bodylen, 8);
PIN_AT(protocol_binary_response_header, response.opaque, 12);
PIN_AT(protocol_binary_response_header, response.cas, 16);
PIN_SIZE(protocol_binary_request_no_extras, 24);
PIN_SIZE(protocol_binary_response_no_extras, 24);
PIN_SIZE(protocol_binary_response_get, 32);
PIN_AT(protocol_binary_response_get, message.body.flags, 24);
PIN_SIZE(protocol_binary_request_flush, 32);
PIN_AT(protocol_binary_request_flush, message.body.expiration, 24);
PIN_SIZE(protocol_binary_request_set, 32);
PIN_AT(protocol_binary_request_set, message.body.flags, 24);
PIN_AT(protocol_binary_request_set, message.body.expiration, 28);
PIN_SIZE(protocol_binary_request_incr, 48);
PIN_SIZE(((protocol_binary_request_incr *)0)->bytes, 44);
PIN_AT(protocol_binary_request_incr, message.body.delta, 24);
PIN_AT(protocol_binary_request_incr, message.body.initial, 32);
PIN_AT(protocol_binary_request_incr, message.body.expiration, 40);
PIN_SIZE(protocol_binary_response_incr, 32);
PIN_AT(protocol_binary_response_incr, message.body.value, 24);
PIN_SIZE(protocol_binary_request_verbosity, 32);
PIN_AT(protocol_binary_request_verbosity, message.body.level, 24);
PIN_SIZE(protocol_binary_request_touch, 32);
PIN_AT(protocol_binary_request_touch, message.body.expiration, 24);
PIN_SIZE(protocol_binary_request_gat, 32);
PIN_AT(protocol_binary_request_gat, message.body.expiration, 24);
PIN_SIZE(protocol_binary_request_rangeop, 32);
PIN_TYPE(((protocol_binary_request_rangeop *)0)->message.header, protocol_binary_response_header);
PIN_AT(protocol_binary_request_rangeop, message.body.size, 24);
PIN_AT(protocol_binary_request_rangeop, message.body.reserved, 26);
PIN_AT(protocol_binary_request_rangeop, message.body.flags, 27);
PIN_AT(protocol_binary_request_rangeop, message.body.max_results, 28);
PIN_SIZE(protocol_binary_request_tap_connect, 32);
PIN_AT(protocol_binary_request_tap_connect, message.body.flags, 24);
PIN_SIZE(protocol_binary_request_tap_mutation, 40);
PIN_AT(protocol_binary_request_tap_mutation, message.body.tap.enginespecific_length, 24);
PIN_AT(protocol_binary_request_tap_mutation, message.body.tap.flags, 26);
PIN_AT(protocol_binary_request_tap_mutation, message.body.tap.ttl, 28);
PIN_AT(protocol_binary_request_tap_mutation, message.body.tap.res1, 29);
PIN_AT(protocol_binary_request_tap_mutation, message.body.tap.res2, 30);
PIN_AT(protocol_binary_request_tap_mutation, message.body.tap.res3, 31);
PIN_AT(protocol_binary_request_tap_mutation, message.body.item.flags, 32);
PIN_AT(protocol_binary_request_tap_mutation, message.body.item.expiration, 36);
PIN_SIZE(protocol_binary_request_tap_no_extras, 32);
PIN_AT(protocol_binary_request_tap_no_extras, message.body.tap.flags, 26);
PIN_AT(protocol_binary_request_tap_no_extras, message.body.tap.res3, 31);
PIN_SIZE(protocol_binary_request_set_vbucket, 32);
PIN_SIZE(((protocol_binary_request_set_vbucket *)0)->bytes, 28);
PIN_AT(protocol_binary_request_set_vbucket, message.body.state, 24);
PIN_SIZE(protocol_binary_response_get_vbucket, 32);
PIN_AT(protocol_binary_response_get_vbucket, message.body.state, 24);
/* The aliases are the same types as their base, as in memcached. */
PIN_TYPE((protocol_binary_request_scrub *)0, protocol_binary_request_no_extras *);
PIN_TYPE((protocol_binary_response_scrub *)0, protocol_binary_response_no_extras *);
PIN_TYPE((protocol_binary_request_tap_vbucket_set *)0, protocol_binary_request_tap_no_extras *);
PIN_TYPE((protocol_binary_response_gatq *)0, protocol_binary_response_get *);
PIN_TYPE((protocol_binary_request_rdecrq *)0, protocol_binary_request_rangeop *);

/* One symbol per build, so the test binary links each profile's copy. */
#if PROFILE_IS(TUTORIAL_2010)
int enginesim_abi_pins_tutorial(void) { return 1; }
#elif PROFILE_IS(1_6_0_BETA1)
int enginesim_abi_pins_beta1(void) { return 1; }
#else
int enginesim_abi_pins_mysql(void) { return 1; }
#endif
