// notify_rules.cpp - checks on the calls the engine makes into the core:
// cookies, the notify_io_complete protocol, the engine-specific result slot,
// ADD_STAT and ADD_RESPONSE.
#include <cctype>
#include <cstdio>

#include "fakes/worker_lock.h"
#include "harness/monitor/format.h"
#include "harness/monitor/monitor.h"
#include "harness/monitor/proxies.h"

namespace enginesim {

uint64_t ContractMonitor::engine_call(const char* function, const void* cookie, bool cookie_api,
                                      std::string args, bool quiet) {
  if (options_.on_sapi_boundary) options_.on_sapi_boundary();
  Connection* conn = cookie ? core_.from_cookie(cookie) : nullptr;
  const bool closed = conn != nullptr && !core_.cookie_valid(conn);
  std::lock_guard<SpinLock> lock(mutex_);
  const auto name = [function] { return "sapi." + std::string(function); };  // messages only
  const uint64_t seq = begin_locked(CallSide::engine_to_core, function, cookie, conn ? conn->id : 0,
                                    conn == nullptr, CallText::owned(std::move(args)), quiet);
  if (destroyed_) {
    violate_locked(rules::kCallAfterDestroy,
                   "the engine called " + name() + " after destroy returned", seq);
  }
  if (!cookie_api) return seq;
  if (conn == nullptr) {
    violate_locked(rules::kCookieForeign,
                   name() + " with cookie " + monitor_format::pointer(cookie) +
                       ", which is no connection of the core",
                   seq);
  } else if (closed) {
    violate_locked(
        rules::kAfterDisconnect,
        name() + " with the cookie of " + conn_label_locked(conn->id) + ", which is closed", seq);
  }
  return seq;
}

void ContractMonitor::returned(uint64_t seq, std::string result) {
  {
    std::lock_guard<SpinLock> lock(mutex_);
    end_locked(seq, std::nullopt, CallText::owned(std::move(result)));
  }
  // Back in the engine's code: another boundary (monitor.h).
  if (options_.on_sapi_boundary) options_.on_sapi_boundary();
}

void ContractMonitor::on_notify(uint64_t seq, const void* cookie, ENGINE_ERROR_CODE status) {
  Connection* conn = cookie ? core_.from_cookie(cookie) : nullptr;
  void* specific = conn ? core_.engine_specific(*conn) : nullptr;
  const bool own_call = monitor_proxies::in_call_on_this_thread(cookie);
  // Inside a command of the cookie's worker, on its thread: memcached's
  // notify would wait for the lock that command holds (worker_lock.h).
  const bool synchronous = own_call || (conn != nullptr && WorkerLock::held_here(*conn));
  const bool closed = conn != nullptr && !core_.cookie_valid(conn);
  std::lock_guard<SpinLock> lock(mutex_);
  if (conn == nullptr) {
    violate_locked(rules::kNotifyUnknownCookie,
                   "notify_io_complete with cookie " + monitor_format::pointer(cookie) +
                       ", which is no connection of the core",
                   seq);
    return;
  }
  const std::string who = conn_label_locked(conn->id);
  if (closed) {
    violate_locked(rules::kAfterDisconnect, "notify_io_complete for " + who + ", which is closed",
                   seq);
  }
  if (status == ENGINE_EWOULDBLOCK || !monitor_format::defined_status(status)) {
    violate_locked(
        rules::kNotifyStatus,
        "notify_io_complete for " + who + " with status " + monitor_format::status(status), seq);
  }
  CookieState& c = cookies_[cookie];
  c.conn = conn->id;
  c.notify_status = status;
  if (own_call) {
    violate_locked(rules::kNotifySynchronous,
                   "notify_io_complete for " + who + " made on the calling thread inside " +
                       c.call +
                       ": memcached holds the worker thread's lock (LOCK_THREAD) there, "
                       "which its notify_io_complete takes: it would deadlock",
                   seq);
  } else if (synchronous) {
    violate_locked(rules::kNotifySynchronous,
                   "notify_io_complete for " + who +
                       " made inside an engine call of another connection on the same "
                       "worker, on that worker's thread: memcached holds the worker thread's "
                       "lock (LOCK_THREAD) there, which its notify_io_complete takes: it "
                       "would deadlock",
                   seq);
  }
  if (c.unwaited_block) {
    // Owed by a block the core answered at once: dropped, as the fake core
    // drops it (Core::accept_notify).
    c.unwaited_block = false;
    return;
  }
  // The handler's re-entry meets a failure status as c->aiostat.
  if (status != ENGINE_SUCCESS && status != ENGINE_EWOULDBLOCK && (c.awaiting || c.in_call)) {
    unhandled_status_locked(c, status, true, seq);
  }
  // An engine that keeps results in the engine-specific slot stores one
  // before every notify: a notify with the slot empty and nothing stored since
  // the previous notify repeats that notify, however late it comes.
  const bool empty_slot = status == ENGINE_SUCCESS && specific == nullptr;
  const bool repeat =
      empty_slot && engine_uses_specific_ && c.notified_before && !c.stored_since_notify;
  c.notified_before = true;
  c.stored_since_notify = false;
  if (repeat) {
    violate_locked(rules::kNotifyDouble,
                   "notify_io_complete for " + who +
                       " repeats the previous one: no result "
                       "was stored since, and the slot is empty",
                   seq);
    // Mirror what the core does with it, without reporting it twice.
    if (c.in_call) {
      ++c.early_notifies;
      ++c.early_repeats;
    } else if (c.awaiting) {
      c.awaiting = false;
      c.answered = true;
    }
    return;
  }
  if (empty_slot && (c.in_call || c.awaiting)) {
    std::string message = "notify_io_complete(ENGINE_SUCCESS) for " + who +
                          " while its "
                          "engine-specific slot is empty: the result was not stored before the "
                          "notify, so the core's re-call may not find it";
    if (engine_uses_specific_) {
      violate_locked(rules::kNotifyBeforeResult, std::move(message), seq);
    } else if (empty_slot_notifies_.size() < options_.violations_max) {
      empty_slot_notifies_.emplace_back(seq, std::move(message));
    }
  }
  if (c.in_call) {
    if (++c.early_notifies - c.early_repeats > 1) {
      violate_locked(rules::kNotifyDouble,
                     "notify_io_complete #" + std::to_string(c.early_notifies) + " for " + who +
                         " during one call of " + c.call,
                     seq);
    }
  } else if (c.awaiting) {
    c.awaiting = false;
    c.answered = true;
  } else if (c.answered || c.after_recall) {
    violate_locked(rules::kNotifyDouble,
                   "second notify_io_complete for " + who +
                       " answering the one "
                       "ENGINE_EWOULDBLOCK of " +
                       c.call + " (call #" + std::to_string(c.block_seq) + ")",
                   seq);
  } else {
    violate_locked(rules::kNotifySpurious,
                   "notify_io_complete for " + who + ", which has no blocked call", seq);
  }
}

void ContractMonitor::on_store_engine_specific(uint64_t seq, const void* cookie, void* data) {
  if (data == nullptr) return;
  const bool on_own_call = monitor_proxies::in_call_on_this_thread(cookie);
  std::lock_guard<SpinLock> lock(mutex_);
  if (!engine_uses_specific_) {
    // Now the engine is known to keep results there: earlier notifies that
    // found the slot empty came before their result.
    engine_uses_specific_ = true;
    for (auto& [at, message] : empty_slot_notifies_) {
      violate_locked(rules::kNotifyBeforeResult, std::move(message), at);
    }
    empty_slot_notifies_.clear();
  }
  auto found = cookies_.find(cookie);
  if (found != cookies_.end()) found->second.stored_since_notify = true;
  // Harness threads (callbacks such as ON_CONNECT) may set it at any time.
  if (on_own_call || found == cookies_.end() || thread_locked().drives_engine) return;
  const CookieState& c = found->second;
  if (!c.in_call && !c.awaiting && !c.unwaited_block) {
    violate_locked(rules::kNotifyBeforeResult,
                   "an engine thread stored a result for " + conn_label_locked(c.conn) +
                       ", which has no blocked call (its last block, call #" +
                       std::to_string(c.block_seq) +
                       ", was already notified): the result came after the notify",
                   seq);
  }
}

ADD_STAT ContractMonitor::on_add_stat(uint64_t seq, const void* cookie, const char* key,
                                      uint16_t klen, const char* val, uint32_t vlen) {
  std::lock_guard<SpinLock> lock(mutex_);
  auto found = cookies_.find(cookie);
  const bool in_stats = found != cookies_.end() && found->second.in_stats;
  const std::string who = found != cookies_.end() ? conn_label_locked(found->second.conn)
                                                  : "cookie " + monitor_format::pointer(cookie);
  // What memcached's 2010 core does with the call (memcached.c@82fb476
  // append_stats): it copies klen bytes of key and vlen bytes of value into
  // the connection's response, takes klen == vlen == 0 for its own end
  // marker and drops a value without a key. Required: what corrupts memory
  // or the response (outside the call, NULL with a length, an end marker);
  // strict: what it writes or drops as given.
  std::string problem;
  std::string_view rule = rules::kStatsWellformed;
  if (!in_stats) {
    problem = "ADD_STAT for " + who + " outside a get_stats call";
  } else if (key == nullptr && klen > 0) {
    problem = "ADD_STAT with a NULL key of length " + std::to_string(klen);
  } else if (val == nullptr && vlen > 0) {
    problem = "ADD_STAT with a NULL value of length " + std::to_string(vlen);
  } else if (klen == 0 && vlen == 0) {
    problem = "ADD_STAT with an empty key and value: the core's end marker, mid-list";
  } else {
    rule = rules::kStatsPrintable;
    if (klen == 0) {
      problem = "ADD_STAT with a value but no key (the core drops it)";
    } else if (vlen >= 65536) {
      problem = "ADD_STAT value of " + std::to_string(vlen) + " bytes (limit 64 KiB)";
    } else {
      for (uint16_t i = 0; i < klen; ++i) {
        if (!std::isgraph(static_cast<unsigned char>(key[i]))) {
          problem = "ADD_STAT key " + monitor_format::bytes(key, klen) +
                    " has an unprintable byte at " + std::to_string(i) +
                    " (a NUL counted in klen?)";
          break;
        }
      }
    }
  }
  if (!problem.empty()) violate_locked(rule, problem, seq);
  if (found != cookies_.end() && found->second.add_stat != nullptr) return found->second.add_stat;
  return last_add_stat_;
}

ADD_RESPONSE ContractMonitor::on_add_response(uint64_t seq, const void* cookie, uint16_t status) {
  std::lock_guard<SpinLock> lock(mutex_);
  auto found = cookies_.find(cookie);
  const bool in_call =
      found != cookies_.end() && found->second.in_call && found->second.call == "unknown_command";
  if (!in_call) {
    violate_locked(rules::kUnknownCommandResponse,
                   "ADD_RESPONSE for cookie " + monitor_format::pointer(cookie) +
                       " outside an unknown_command call",
                   seq);
  } else {
    ++found->second.responses;
  }
  const bool known_status = status <= PROTOCOL_BINARY_RESPONSE_DELTA_BADVAL ||
                            (status >= PROTOCOL_BINARY_RESPONSE_UNKNOWN_COMMAND &&
                             status <= PROTOCOL_BINARY_RESPONSE_ETMPFAIL) ||
                            status == 0x20 || status == 0x21;  // auth error / continue
  if (!known_status) {
    violate_locked(
        rules::kUnknownCommandReply,
        "ADD_RESPONSE with status 0x" +
            [&] {
              char b[8];
              std::snprintf(b, sizeof b, "%04x", status);
              return std::string(b);
            }() +
            ", which is no binary-protocol response status",
        seq);
  }
  if (found != cookies_.end() && found->second.add_response != nullptr) {
    return found->second.add_response;
  }
  return last_add_response_;
}

}  // namespace enginesim
