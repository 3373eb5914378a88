/* era_headers_probe.c - proof that an engine written against memcached's
 * 2010-2011 headers compiles unchanged here: it includes the headers such
 * an engine includes, by their memcached names, and uses names only those
 * headers gave it (safe_strtoull, the SCRUB opcode, the no-extras packet,
 * tap connect flags, vbucket states, engine_common's callbacks). Built for
 * tutorial-2010 and 1.6.0-beta1 with -pedantic -Werror and linked with
 * --no-undefined, so a missing declaration or definition fails the build.
 * It is not an engine to run: create_instance declines. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "memcached/config_parser.h"
#include "memcached/engine.h"
#include "memcached/engine_common.h"
#include "memcached/protocol_binary.h"
#include "memcached/util.h"

/* An engine of that era reads numbers from its config with the core's
 * parser (through the server API, as the tutorial engines call it) and
 * safe_strtoull for anything it splits itself. */
bool era_parse_cache_size(const char *text, uint64_t *bytes) {
    return safe_strtoull(text, bytes);
}

int era_parse_config(SERVER_HANDLE_V1 *server, const char *config, size_t *cache_size,
                     char **name) {
    struct config_item items[] = {
        {.key = "cache_size", .datatype = DT_SIZE, .value.dt_size = cache_size},
        {.key = "name", .datatype = DT_STRING, .value.dt_string = name},
        {.key = "config_file", .datatype = DT_CONFIGFILE},
        {.key = NULL},
    };
    return server->core->parse_config(config, items, NULL);
}

/* unknown_command the way such engines wrote it: switch on the opcode,
 * answer SCRUB with a bare response. */
ENGINE_ERROR_CODE era_unknown_command(ENGINE_HANDLE *handle, const void *cookie,
                                             protocol_binary_request_header *request,
                                             ADD_RESPONSE response) {
    (void)handle;
    const protocol_binary_request_no_extras *packet = (const void *)request;
    uint16_t status = PROTOCOL_BINARY_RESPONSE_UNKNOWN_COMMAND;
    switch (packet->message.header.request.opcode) {
    case PROTOCOL_BINARY_CMD_SCRUB:
        status = PROTOCOL_BINARY_RESPONSE_SUCCESS;
        break;
    case PROTOCOL_BINARY_CMD_GET_VBUCKET: {
        protocol_binary_response_get_vbucket answer;
        memset(&answer, 0, sizeof(answer));
        answer.message.body.state = (vbucket_state_t)htonl(active);
        return response(NULL, 0, NULL, 0, &answer.message.body, sizeof(vbucket_state_t),
                        PROTOCOL_BINARY_RAW_BYTES, PROTOCOL_BINARY_RESPONSE_SUCCESS, 0, cookie)
                   ? ENGINE_SUCCESS
                   : ENGINE_FAILED;
    }
    default:
        break;
    }
    return response(NULL, 0, NULL, 0, NULL, 0, PROTOCOL_BINARY_RAW_BYTES, status, 0, cookie)
               ? ENGINE_SUCCESS
               : ENGINE_FAILED;
}

/* A tap connect's flags say whether userdata starts with a backfill date. */
uint64_t era_backfill_from(const protocol_binary_request_tap_connect *connect,
                                  const void *userdata) {
    if ((ntohl(connect->message.body.flags) & TAP_CONNECT_FLAG_BACKFILL) == 0) {
        return 0;
    }
    uint64_t when;
    memcpy(&when, userdata, sizeof(when));
    return ntohll(when);
}

void era_add_stat(ADD_STAT add_stat, const void *cookie, uint32_t value) {
    char text[16];
    const int n = snprintf(text, sizeof(text), "%u", (unsigned)value);
    add_stat("era_items", 9, text, (uint32_t)n, cookie);
}

/* The helpers above are external (hidden by the engine's visibility
 * preset), so the compiler checks them without calling them. */
MEMCACHED_PUBLIC_API ENGINE_ERROR_CODE create_instance(uint64_t interface,
                                                       GET_SERVER_API get_server_api,
                                                       ENGINE_HANDLE **handle) {
    (void)interface;
    (void)get_server_api;
    *handle = NULL;
    return ENGINE_ENOTSUP;
}
