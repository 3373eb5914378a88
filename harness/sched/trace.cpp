// trace.cpp - names of operations and a readable line per step.
#include "harness/sched/trace.h"

#include <cinttypes>
#include <cstdio>

namespace enginesim::sched {

const char* to_string(Op op) {
  switch (op) {
    case Op::start: return "start";
    case Op::finish: return "finish";
    case Op::create: return "create";
    case Op::join: return "join";
    case Op::detach: return "detach";
    case Op::exit: return "exit";
    case Op::lock: return "lock";
    case Op::trylock: return "trylock";
    case Op::unlock: return "unlock";
    case Op::cond_wait: return "cond_wait";
    case Op::cond_wake: return "cond_wake";
    case Op::signal: return "signal";
    case Op::broadcast: return "broadcast";
    case Op::rdlock: return "rdlock";
    case Op::wrlock: return "wrlock";
    case Op::rw_unlock: return "rw_unlock";
    case Op::yield: return "yield";
    case Op::sleep: return "sleep";
    case Op::clock_read: return "clock_read";
    case Op::choose: return "choose";
    case Op::user: return "user";
    case Op::time_jump: return "time_jump";
    case Op::note: return "note";
    case Op::detail: return "detail";
    case Op::io: return "io";
    case Op::sapi: return "sapi";
    case Op::call: return "call";
    case Op::atomic_load: return "atomic_load";
    case Op::atomic_store: return "atomic_store";
    case Op::atomic_rmw: return "atomic_rmw";
    case Op::atomic_cas: return "atomic_cas";
    case Op::fence: return "fence";
  }
  return "?";
}

std::string hex64(uint64_t value) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016" PRIx64, value);
  return buf;
}

namespace {

// What an event's object number counts: mutexes, conditions, rwlocks and
// threads are numbered separately.
const char* object_kind(Op op) {
  switch (op) {
    case Op::lock:
    case Op::trylock:
    case Op::unlock: return "mutex#";
    case Op::cond_wait:
    case Op::cond_wake:
    case Op::signal:
    case Op::broadcast: return "cond#";
    case Op::rdlock:
    case Op::wrlock:
    case Op::rw_unlock: return "rwlock#";
    case Op::atomic_load:
    case Op::atomic_store:
    case Op::atomic_rmw:
    case Op::atomic_cas: return "atomic#";
    case Op::create:
    case Op::join:
    case Op::detach: return "thread ";
    default: return "#";
  }
}

}  // namespace

std::string format_event(const TraceEvent& e, const std::vector<std::string>& thread_names) {
  char head[96];
  std::snprintf(head, sizeof head, "step %-6" PRIu64 " t=%" PRIu64 ".%09" PRIu64 "s  ", e.step,
                e.time_ns / uint64_t{1000000000}, e.time_ns % uint64_t{1000000000});
  std::string line = head;
  if (e.op == Op::time_jump) return line + "(no thread can run: time jumps)";
  line += "thread " + std::to_string(e.thread);
  if (e.thread < thread_names.size()) line += " '" + thread_names[e.thread] + "'";
  if (e.op == Op::note) return line + "  => " + e.text;
  if (e.op == Op::detail) return line + "  .. " + e.text;
  line += std::string("  ") + to_string(e.op);
  if (e.object != 0 || e.op == Op::create || e.op == Op::join || e.op == Op::detach) {
    line += std::string(" ") + object_kind(e.op) + std::to_string(e.object);
  }
  return line;
}

}  // namespace enginesim::sched
