// proxies.h - the static proxy tables behind the contract monitor (internal to
// harness/monitor): both outlive any one monitor, so a late call still lands.
#pragma once

#include <vector>

#include "memcached/engine.h"

namespace enginesim::monitor_proxies {

// Remembers the core's real table and returns the proxy that forwards to it.
SERVER_HANDLE_V1* install_server_proxy(const SERVER_HANDLE_V1& real);
// The core's real table (valid once install_server_proxy ran).
const SERVER_HANDLE_V1& real_server_api();
// Remembers the engine's handle and returns the proxy handle for it.
ENGINE_HANDLE* install_engine_proxy(ENGINE_HANDLE* real);

}  // namespace enginesim::monitor_proxies

namespace enginesim::monitor_proxies {

// The cookies of the core->engine calls running on this thread (innermost
// last): how a notify made from inside its own call is recognised.
std::vector<const void*>& calls_on_this_thread();
bool in_call_on_this_thread(const void* cookie);

// What the engine receives instead of the core's ADD_STAT / ADD_RESPONSE.
void add_stat_proxy(const char* key, const uint16_t klen, const char* val, const uint32_t vlen,
                    const void* cookie);
bool add_response_proxy(const void* key, uint16_t keylen, const void* ext, uint8_t extlen,
                        const void* body, uint32_t bodylen, uint8_t datatype, uint16_t status,
                        uint64_t cas, const void* cookie);

}  // namespace enginesim::monitor_proxies
