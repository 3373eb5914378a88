// core_statuses.cpp - the binary handlers' status cases (core_statuses.h).
#include "harness/monitor/core_statuses.h"

#include <algorithm>
#include <initializer_list>

namespace enginesim::core_statuses {

namespace {
bool among(ENGINE_ERROR_CODE s, std::initializer_list<ENGINE_ERROR_CODE> cases) {
  return std::find(cases.begin(), cases.end(), s) != cases.end();
}
}  // namespace

const char* unhandled(std::string_view function, ENGINE_ERROR_CODE status, bool from_notify) {
  if (function == "get") {
    // process_bin_get: SUCCESS, KEY_ENOENT, EWOULDBLOCK, DISCONNECT, ENOTSUP,
    // NOT_MY_VBUCKET; "default: ... abort();" (its "@todo add proper error
    // handling!").
    if (among(status, {ENGINE_SUCCESS, ENGINE_KEY_ENOENT, ENGINE_EWOULDBLOCK, ENGINE_DISCONNECT,
                       ENGINE_ENOTSUP, ENGINE_NOT_MY_VBUCKET})) {
      return nullptr;
    }
    return "memcached's process_bin_get has no case for it and calls abort() "
           "(memcached.c@82fb476, daemon/memcached.c@1b4ba6b): the server dies";
  }
  if (function == "arithmetic") {
    // complete_incr_bin: the codes below; "default: abort();".
    if (among(status, {ENGINE_SUCCESS, ENGINE_KEY_EEXISTS, ENGINE_KEY_ENOENT, ENGINE_ENOMEM,
                       ENGINE_TMPFAIL, ENGINE_EINVAL, ENGINE_NOT_STORED, ENGINE_DISCONNECT,
                       ENGINE_ENOTSUP, ENGINE_NOT_MY_VBUCKET, ENGINE_EWOULDBLOCK})) {
      return nullptr;
    }
    return "memcached's complete_incr_bin has no case for it and calls abort() "
           "(memcached.c@82fb476, daemon/memcached.c@1b4ba6b): the server dies";
  }
  if (function == "flush" && status == ENGINE_EWOULDBLOCK && !from_notify) {
    return "memcached's process_bin_flush has no EWOULDBLOCK case and never reads c->aiostat "
           "(memcached.c@82fb476, daemon/memcached.c@1b4ba6b): the client is answered EINVAL at "
           "once, the core never waits for the notify, and the flush's later notify finds the "
           "connection doing something else";
  }
  return nullptr;
}

}  // namespace enginesim::core_statuses
