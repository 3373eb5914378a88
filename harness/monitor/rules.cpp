// rules.cpp - the rule catalogue's text.
#include "harness/monitor/rules.h"

#include <algorithm>

#include "enginesim/check.h"

namespace enginesim::rules {

const std::vector<Rule>& all() {
  static const std::vector<Rule> catalogue = {
      {kItemDoubleRelease, "an item is released more times than it was handed out"},
      {kItemUseAfterRelease, "get_item_info, item_set_cas or store on an item already released"},
      {kItemLeak, "an item handed out by allocate or get is never released"},
      {kItemUnknown, "release (or any item call) of an item the engine never handed out"},
      {kItemMissing, "allocate or get returned ENGINE_SUCCESS without an item"},
      {kNotifyDouble, "a second notify_io_complete for one EWOULDBLOCK"},
      // memcached's notify_io_complete returns at once when the connection
      // is not blocked (`!conn->ewouldblock`: 2010-era thread.c, id
      // 15277365947; daemon/thread.c@1b4ba6b "// Ignore").
      {kNotifySpurious,
       "notify_io_complete for a cookie with no blocked call (strict: memcached ignores it)",
       Level::strict},
      {kNotifyLost, "an EWOULDBLOCK never followed by notify_io_complete"},
      {kNotifySynchronous,
       "notify_io_complete on the calling thread inside an engine call for that cookie, or for "
       "another connection of its worker"},
      {kNotifyUnknownCookie, "notify_io_complete with a cookie that is no connection of the core"},
      {kNotifyStatus, "notify_io_complete with ENGINE_EWOULDBLOCK or an undefined status"},
      {kNotifyBeforeResult,
       "notify_io_complete(SUCCESS) before the result was stored with store_engine_specific"},
      {kNotifyPremature,
       "after notify_io_complete(SUCCESS) the core's re-call of the blocked operation returns "
       "EWOULDBLOCK again: the notify did not mean ready (strict: memcached's core simply waits "
       "again; --strict-notify or --level strict make it a failure)",
       Level::strict},
      {kCookieForeign, "a server API call with a cookie that is no connection of the core"},
      {kAfterDisconnect, "a server API call with the cookie of a closed connection"},
      // memcached returns from main right after destroy (memcached.c@82fb476:
      // 6939-6948, 1.6.0-beta1 likewise) and engine_testapp's child exits
      // after it: what an engine leaves behind is never observed.
      {kCallAfterDestroy,
       "an engine->server API call after destroy returned (strict: memcached exits right after "
       "destroy)",
       Level::strict},
      {kOpAfterDestroy, "a core->engine call after destroy (a harness bug)"},
      {kThreadLeak,
       "a thread the engine started is still alive after destroy returned (strict: memcached "
       "exits right after destroy)",
       Level::strict},
      {kMemoryLeak,
       "memory the engine allocated is still allocated after destroy returned (strict: "
       "memcached exits right after destroy)",
       Level::strict},
      {kInitializeOnce, "initialize called twice, or an operation before initialize"},
      {kItemInfoFailed, "get_item_info returned false for a live item with nvalue >= 1"},
      {kItemInfoNvalue,
       "get_item_info used 0 iovecs, more than offered, or succeeded with none offered"},
      {kItemInfoNbytes, "get_item_info reports other nbytes than allocate was given"},
      {kItemInfoKey, "get_item_info reports another key than allocate or get was given"},
      {kItemInfoFlags, "get_item_info reports other flags than allocate was given"},
      {kItemInfoIov, "the value iovecs do not cover exactly nbytes (or point nowhere)"},
      {kCasNonzero, "an engine advertising ENGINE_FEATURE_CAS returned CAS 0 for a mutation"},
      {kCasChanges, "a mutation returned the same CAS the key had before"},
      {kStatsWellformed,
       "ADD_STAT outside get_stats, with a NULL key or value of non-zero length, or with both "
       "lengths 0 (the core's own end marker)"},
      {kStatsPrintable,
       "ADD_STAT with an unprintable key byte, a value of 64 KiB or more, or a value without a key "
       "(strict: memcached's core writes or drops them as given)",
       Level::strict},
      {kUnknownCommandResponse, "ADD_RESPONSE outside an unknown_command call"},
      {kUnknownCommandReply,
       "unknown_command: SUCCESS without ADD_RESPONSE (tutorial-2010 only: the 1.6 core takes "
       "it as a quiet answer), a response status outside the binary protocol's, or a return the "
       "core answers by closing the connection (strict: memcached's core copes with each)",
       Level::strict},
      {kStatusInvalid, "an engine call returned a value that is no ENGINE_ERROR_CODE"},
      {kStatusUnhandled,
       "a status memcached's handler for the call cannot take: get or arithmetic answered (or "
       "notified) with a code its switch lacks, where the core calls abort(); flush answered "
       "EWOULDBLOCK, which the core never waits out"},
  };
  return catalogue;
}

bool known(std::string_view id) {
  const auto& c = all();
  return std::any_of(c.begin(), c.end(), [&](const Rule& r) { return r.id == id; });
}

Level level_of(std::string_view id) {
  for (const Rule& r : all()) {
    if (r.id == id) return r.level;
  }
  ES_CHECK_MSG(false, "level_of: a rule id missing from rules.cpp");
  return Level::required;
}

}  // namespace enginesim::rules
