// sched_report.cpp - who waits for what: the text of deadlock, leak and
// step-limit reports, with the wait-for cycle when there is one.
#include <set>

#include "harness/code_site.h"
#include "harness/sched/sched_core.h"

namespace enginesim::sched {
namespace {

std::string ns_text(uint64_t ns) {
  return std::to_string(ns / 1'000'000'000ull) + "." +
         std::to_string(ns % 1'000'000'000ull / 1'000'000ull) + "s";
}

}  // namespace

std::string SchedCore::thread_label(ThreadId id) const {
  return "thread " + std::to_string(id) + " '" + threads_[id]->name + "'";
}

std::string SchedCore::describe_wait(const ThreadRec& t, bool sites) const {
  auto owner = [&](const ThreadRec* o) {
    return o == nullptr ? std::string("free") : "held by " + thread_label(o->id);
  };
  // Which lock it is, in the code's words: where the waiter waits for it
  // and where its holder took it (" in f (lib.so+0x1a2b) at f.c:12").
  auto waits_in = [&]() {
    return sites && t.call_site != nullptr ? " in " + describe_code_site(t.call_site)
                                           : std::string();
  };
  auto taken_in = [&](const MutexModel& m) {
    const void* site =
        sites && lock_order_ && m.owner ? lock_order_->holder_site(m.owner->id, m.number) : nullptr;
    return site != nullptr ? ", taken in " + describe_code_site(site) : std::string();
  };
  std::string deadline;
  if (t.deadline_ns != kNoDeadline) deadline = ", until t=" + ns_text(t.deadline_ns);
  switch (t.wait) {
    case Wait::none: return "can run";
    case Wait::finished: return "finished";
    case Wait::mutex:
      return "waits for mutex#" + std::to_string(t.mutex->number) + waits_in() + " (" +
             owner(t.mutex->owner) + taken_in(*t.mutex) + ")" + deadline;
    case Wait::rw_read:
    case Wait::rw_write:
      return std::string("waits to ") + (t.wait == Wait::rw_read ? "read" : "write") +
             "-lock rwlock#" + std::to_string(t.rw->number) + " (writer: " + owner(t.rw->writer) +
             ", readers: " + std::to_string(t.rw->reader_total) + ")" + deadline;
    case Wait::cond:
      return "waits on cond#" + std::to_string(t.cond->number) +
             (t.signalled ? " (signalled; needs mutex#" : " (no signal yet; mutex#") +
             std::to_string(t.mutex->number) + " " + owner(t.mutex->owner) + ")" + deadline;
    case Wait::join: return "joins " + thread_label(t.join_target);
    case Wait::sleep: return "sleeps" + deadline;
    case Wait::spin: return "spins on an atomic no other thread changed";
  }
  return "?";
}

std::string SchedCore::live_threads_report(bool sites) const {
  std::string out;
  for (const auto& t : threads_) {
    if (t->wait == Wait::finished) continue;
    out += "  " + thread_label(t->id) + ": " +
           (t->crashed ? std::string("stopped by the crash") : describe_wait(*t, sites)) + "\n";
  }
  return out;
}

std::set<pid_t> SchedCore::controlled_tids() const {
  std::set<pid_t> out;
  for (const auto& t : threads_) out.insert(t->os_tid.load());
  return out;
}

std::vector<std::pair<pid_t, std::string>> SchedCore::live_others(const ThreadRec* self,
                                                                  bool sites) const {
  std::vector<std::pair<pid_t, std::string>> out;
  // Sites are named with the wrappers passing through (addr2line runs).
  if (sites) set_passthrough(true);
  for (const ThreadRec* t : live_) {
    if (t == self) continue;
    out.emplace_back(t->os_tid.load(), thread_label(t->id) + ", which " + describe_wait(*t, sites));
  }
  if (sites) set_passthrough(false);
  return out;
}

std::string SchedCore::wait_for_report() const {
  std::string out = "deadlock: no controlled thread can run and no deadline is pending\n";
  // The sites are named while the modules are loaded; addr2line runs with
  // the wrappers passing through.
  set_passthrough(true);
  out += live_threads_report(true);
  set_passthrough(false);
  // Follow "waits for a lock held by" / "joins" edges from each thread; the
  // first thread seen twice closes a cycle.
  auto next_of = [&](const ThreadRec& t) -> const ThreadRec* {
    if (t.wait == Wait::mutex) return t.mutex->owner;
    if (t.wait == Wait::rw_write || t.wait == Wait::rw_read) return t.rw->writer;
    if (t.wait == Wait::join) return threads_[t.join_target].get();
    return nullptr;
  };
  auto find_cycle = [&]() -> std::string {
    for (const auto& start : threads_) {
      std::vector<const ThreadRec*> path;
      std::set<ThreadId> seen;
      for (const ThreadRec* t = start.get(); t != nullptr; t = next_of(*t)) {
        if (seen.insert(t->id).second) {
          path.push_back(t);
          continue;
        }
        std::string cycle = "wait-for cycle: ";
        bool in_cycle = false;
        for (const ThreadRec* p : path) {
          in_cycle = in_cycle || p == t;
          if (in_cycle) cycle += thread_label(p->id) + " " + describe_wait(*p) + " -> ";
        }
        return cycle + thread_label(t->id) + "\n";
      }
    }
    return "";
  };
  out += find_cycle();
  if (options_.describe_extra) {
    set_passthrough(true);
    out += options_.describe_extra();
    set_passthrough(false);
  }
  return out;
}

}  // namespace enginesim::sched
