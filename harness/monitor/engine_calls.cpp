// engine_calls.cpp - bookkeeping around every core->engine call: the
// lifecycle rules, the cookie's EWOULDBLOCK state, and the thread census
// after destroy.
#include <algorithm>

#include "enginesim/check.h"
#include "harness/monitor/core_statuses.h"
#include "harness/monitor/engine_heap.h"
#include "harness/monitor/format.h"
#include "harness/monitor/heap_census.h"
#include "harness/monitor/monitor.h"
#include "harness/monitor/proxies.h"
#include "harness/monitor/thread_census.h"

namespace enginesim {

namespace monitor_proxies {
std::vector<const void*>& calls_on_this_thread() {
  thread_local std::vector<const void*> calls;
  return calls;
}
bool in_call_on_this_thread(const void* cookie) {
  const auto& calls = calls_on_this_thread();
  return cookie != nullptr && std::find(calls.begin(), calls.end(), cookie) != calls.end();
}
}  // namespace monitor_proxies

uint64_t ContractMonitor::enter(const char* function, const void* cookie, CallText&& args) {
  if (options_.on_core_call) options_.on_core_call();
  return enter_any(function, cookie, std::move(args), true);
}

uint64_t ContractMonitor::enter_item_call(const char* function, const void* cookie,
                                          CallText&& args) {
  // No scheduling point (scheduler.md, "What a step is"): an item call
  // touches the item its connection holds, inside the command's region;
  // whatever shared state the engine reaches there is behind its own locks
  // or atomics, which are steps, and the steps before and after the call
  // offer the interleavings around it.
  return enter_any(function, cookie, std::move(args), false);
}

uint64_t ContractMonitor::enter_any(const char* function, const void* cookie, CallText&& args,
                                    bool may_block) {
  Connection* conn = cookie ? core_.from_cookie(cookie) : nullptr;
  std::lock_guard<SpinLock> lock(mutex_);
  const uint64_t seq = begin_locked(CallSide::core_to_engine, function, cookie, conn ? conn->id : 0,
                                    conn == nullptr, std::move(args), false);
  lifecycle_locked(function, seq);
  if (cookie != nullptr) {
    CookieState& c = cookies_[cookie];
    c.conn = conn ? conn->id : 0;
    give_up_locked(c, function, seq);
    if (may_block) {
      c.recall = c.answered;
      // Decided now: a notify during this call may answer its own block.
      c.recall_after_success =
          c.answered && c.call == function && c.notify_status == ENGINE_SUCCESS;
      c.answered = false;
      c.after_recall = false;
      c.in_call = true;
      c.early_notifies = 0;
      c.early_repeats = 0;
      c.responses = 0;
      c.beyond_core = false;
      c.call = function;
    }
  }
  monitor_proxies::calls_on_this_thread().push_back(cookie);
  return seq;
}

void ContractMonitor::give_up_locked(CookieState& c, const char* function, uint64_t seq) {
  if (!c.awaiting) return;
  // The core only calls again after a notify, or after it gave up waiting.
  violate_locked(rules::kNotifyLost,
                 conn_label_locked(c.conn) + ": " + c.call + " (call #" +
                     std::to_string(c.block_seq) +
                     ") returned ENGINE_EWOULDBLOCK and was never notified; the core "
                     "gave up waiting and moved on to " +
                     function,
                 seq);
  c.awaiting = false;
}

void ContractMonitor::mark_key_length(const void* cookie, size_t nkey) {
  if (cookie == nullptr || nkey <= core_.conventions().key_max_bytes) return;
  std::lock_guard<SpinLock> lock(mutex_);
  cookies_[cookie].beyond_core = true;
}

void ContractMonitor::unhandled_status_locked(const CookieState& c, ENGINE_ERROR_CODE status,
                                              bool from_notify, uint64_t seq) {
  if (c.beyond_core) return;
  const char* why = core_statuses::unhandled(c.call, status, from_notify);
  if (why == nullptr) return;
  violate_locked(rules::kStatusUnhandled,
                 conn_label_locked(c.conn) + ": " + c.call +
                     (from_notify ? " blocked and notify_io_complete handed back " : " returned ") +
                     monitor_format::status(status) + ": " + why,
                 seq);
}

void ContractMonitor::leave_item_call(uint64_t seq, const void* cookie, CallText&& result) {
  auto& calls = monitor_proxies::calls_on_this_thread();
  ES_CHECK(!calls.empty() && calls.back() == cookie);
  calls.pop_back();
  std::lock_guard<SpinLock> lock(mutex_);
  end_locked(seq, std::nullopt, std::move(result));
}

void ContractMonitor::leave(uint64_t seq, const void* cookie,
                            std::optional<ENGINE_ERROR_CODE> status, CallText&& result) {
  auto& calls = monitor_proxies::calls_on_this_thread();
  ES_CHECK(!calls.empty() && calls.back() == cookie);
  calls.pop_back();
  const bool blocked = status && *status == ENGINE_EWOULDBLOCK;
  // Asked before the monitor's lock, as enter asks for the connection.
  Connection* conn = blocked && cookie ? core_.from_cookie(cookie) : nullptr;
  const bool unwaited = conn != nullptr && conn->call_unwaited.load();
  std::lock_guard<SpinLock> lock(mutex_);
  end_locked(seq, status, std::move(result));
  if (status && !monitor_format::defined_status(*status)) {
    violate_locked(rules::kStatusInvalid,
                   "call #" + std::to_string(seq) + " returned " + monitor_format::status(*status) +
                       ", which is no ENGINE_ERROR_CODE",
                   seq);
  }
  if (cookie == nullptr) return;
  CookieState& c = cookies_[cookie];
  c.in_call = false;
  c.in_stats = false;
  if (status) unhandled_status_locked(c, *status, false, seq);
  if (blocked && unwaited) {
    // Answered at once (Connection::call_unwaited): no block to notify; the
    // one notify the engine may still send is taken, not a misuse.
    c.unwaited_block = c.early_notifies == 0;
    c.overlapped = true;
    return;
  }
  if (blocked) {
    // Always watched: a strict rule, a warning unless --strict-notify or --level strict.
    if (c.recall_after_success && !c.overlapped) {
      violate_locked(rules::kNotifyPremature,
                     conn_label_locked(c.conn) + ": " + c.call + " (call #" + std::to_string(seq) +
                         ") re-called after notify_io_complete("
                         "ENGINE_SUCCESS) for its block (call #" +
                         std::to_string(c.block_seq) +
                         ") returned ENGINE_EWOULDBLOCK "
                         "again: the engine notified before the result was ready",
                     seq);
    }
    c.block_seq = seq;
    // A notify from another thread may beat the return: then it answers this block.
    if (c.early_notifies == 0) {
      c.awaiting = true;
    } else {
      c.answered = true;
    }
    return;
  }
  c.after_recall = c.recall;
  c.overlapped = false;
  if (c.early_notifies > c.early_repeats) {
    // A re-call after an answered block: the extra notify belonged to that block.
    violate_locked(c.recall ? rules::kNotifyDouble : rules::kNotifySpurious,
                   conn_label_locked(c.conn) + ": notify_io_complete arrived during " + c.call +
                       " (call #" + std::to_string(seq) +
                       "), which did not return "
                       "ENGINE_EWOULDBLOCK" +
                       (c.recall ? ": a second notify for the block before it" : ""),
                   seq);
  }
}

void ContractMonitor::lifecycle_locked(std::string_view function, uint64_t seq) {
  if (destroyed_) {
    violate_locked(rules::kOpAfterDestroy,
                   "the core called " + std::string(function) + " after destroy", seq);
  }
  if (function == "initialize") {
    ++initialize_calls_;
    initialized_ = true;
    if (initialize_calls_ > 1) {
      violate_locked(rules::kInitializeOnce,
                     "initialize called " + std::to_string(initialize_calls_) + " times", seq);
    }
    return;
  }
  if (!initialized_ && function != "get_info" && function != "destroy") {
    violate_locked(rules::kInitializeOnce, std::string(function) + " called before initialize",
                   seq);
  }
}

void ContractMonitor::set_sinks(const void* cookie, ADD_STAT add_stat, ADD_RESPONSE add_response) {
  std::lock_guard<SpinLock> lock(mutex_);
  CookieState& c = cookies_[cookie];
  if (add_stat != nullptr) {
    c.add_stat = add_stat;
    c.in_stats = true;
    last_add_stat_ = add_stat;
  }
  if (add_response != nullptr) {
    c.add_response = add_response;
    last_add_response_ = add_response;
  }
}

void ContractMonitor::check_unknown_command(uint64_t seq, const void* cookie,
                                            ENGINE_ERROR_CODE status) {
  std::lock_guard<SpinLock> lock(mutex_);
  const CookieState& c = cookies_[cookie];
  // memcached's 2010 core (memcached.c@82fb476 process_bin_unknown_packet)
  // writes an ascii SERVER_ERROR when SUCCESS came with no response, and
  // closes the connection on a status other than SUCCESS, ENOTSUP or
  // EWOULDBLOCK: the client suffers, the core copes (strict). The 1.6 core
  // takes a SUCCESS without a response as a quiet command's answer
  // (CoreConventions::silent_unknown_command): nothing to report.
  if (status == ENGINE_SUCCESS && c.responses == 0 && !core_.conventions().silent_unknown_command) {
    violate_locked(rules::kUnknownCommandReply,
                   conn_label_locked(c.conn) +
                       ": unknown_command returned ENGINE_SUCCESS "
                       "without answering through ADD_RESPONSE: the client never gets a reply",
                   seq);
  }
  static const ENGINE_ERROR_CODE allowed[] = {ENGINE_SUCCESS,        ENGINE_ENOTSUP, ENGINE_EINVAL,
                                              ENGINE_EWOULDBLOCK,    ENGINE_ENOMEM,  ENGINE_TMPFAIL,
                                              ENGINE_DISCONNECT,     ENGINE_E2BIG,   ENGINE_EACCESS,
                                              ENGINE_NOT_MY_VBUCKET, ENGINE_FAILED};
  if (std::find(std::begin(allowed), std::end(allowed), status) == std::end(allowed)) {
    violate_locked(rules::kUnknownCommandReply,
                   conn_label_locked(c.conn) + ": unknown_command returned " +
                       monitor_format::status(status) +
                       "; a per-key answer must travel through ADD_RESPONSE, the return is "
                       "SUCCESS, ENOTSUP, EINVAL or a resource error",
                   seq);
  }
}

void ContractMonitor::mark_destroyed() {
  std::lock_guard<SpinLock> lock(mutex_);
  destroyed_ = true;
}

void ContractMonitor::check_threads_after_destroy(uint64_t seq) {
  const bool fails = fails_at(rules::level_of(rules::kThreadLeak), options_.level);
  const std::string why =
      "; destroy must stop and join every thread the engine started" +
      std::string(fails ? ""
                        : " (memcached exits right after destroy, so only --level strict "
                          "fails it)");
  std::set<pid_t> expected = baseline_tasks_;
  {
    std::lock_guard<SpinLock> lock(mutex_);
    for (const auto& [id, t] : threads_) {
      if (t.drives_engine) expected.insert(t.tid);  // the harness's own threads
    }
    expected.insert(excluded_tasks_.begin(), excluded_tasks_.end());
  }
  expected.insert(current_tid());
  // The scheduler's threads: asked again on every look, since one started
  // a moment ago may not have written its tid yet.
  auto controlled = [&] {
    return options_.controlled_threads ? options_.controlled_threads(fails) : ControlledThreads{};
  };
  auto survivors = [&](const ControlledThreads& c) {
    std::set<pid_t> out;
    for (pid_t tid : list_tasks()) {
      if (!expected.count(tid) && !c.tids.count(tid)) out.insert(tid);
    }
    return out;
  };
  const ControlledThreads parked = controlled();
  // A joined thread can linger in /proc/self/task until the kernel has
  // reaped it: give exiting ones a moment of wall time, never a scheduling
  // point (sleep_wall_ms says why).
  std::set<pid_t> left = survivors(parked);
  for (uint32_t waited = 0; !left.empty() && waited < options_.thread_exit_wait_ms; waited += 10) {
    sleep_wall_ms(10);
    left = survivors(controlled());
  }
  if (left.empty() && parked.alive.empty()) return;
  // Read from /proc before the lock: file calls may be scheduling points
  // (io_faults.h), and none may be reached while a SpinLock is held.
  std::map<pid_t, std::string> names;
  for (pid_t tid : left) names[tid] = task_name(tid);
  std::lock_guard<SpinLock> lock(mutex_);
  auto last_call = [&](pid_t tid) {
    for (const auto& [id, t] : threads_) {
      if (t.tid == tid && *t.last_call != 0)
        return std::string(", last called sapi.") + t.last_call;
    }
    return std::string();
  };
  for (const auto& [tid, where] : parked.alive) {
    violate_locked(rules::kThreadLeak,
                   where + " (tid " + std::to_string(tid) + last_call(tid) +
                       "), is still alive after destroy returned" + why,
                   seq);
  }
  for (pid_t tid : left) {
    std::string who = "tid " + std::to_string(tid) + " \"" + names[tid] + "\"";
    for (const auto& [id, t] : threads_) {
      if (t.tid == tid) {
        who = "thread " + std::to_string(t.number) + " (" + who + last_call(tid) + ")";
      }
    }
    violate_locked(rules::kThreadLeak,
                   who + " is still running " + std::to_string(options_.thread_exit_wait_ms) +
                       " ms after destroy returned" + why,
                   seq);
  }
}

void ContractMonitor::check_heap_after_destroy(uint64_t seq) {
  if (options_.engine_heap_check && engine_heap::available() && engine_heap::watching()) {
    const engine_heap::Census census = engine_heap::live();
    if (census.blocks > 0) {
      std::lock_guard<SpinLock> lock(mutex_);
      violate_locked(rules::kMemoryLeak, engine_heap::leak_message(census), seq);
    }
  }
  if (options_.heap_growth_max_bytes == 0) return;
  const size_t now = heap_in_use_bytes();
  const size_t grown = now > baseline_heap_bytes_ ? now - baseline_heap_bytes_ : 0;
  if (grown <= options_.heap_growth_max_bytes) return;
  std::lock_guard<SpinLock> lock(mutex_);
  violate_locked(rules::kMemoryLeak,
                 "the heap holds " + std::to_string(grown) +
                     " more bytes after destroy "
                     "than before create_instance (limit " +
                     std::to_string(options_.heap_growth_max_bytes) +
                     "): the engine did not free everything it allocated (an item "
                     "reference never dropped?)",
                 seq);
}

}  // namespace enginesim
