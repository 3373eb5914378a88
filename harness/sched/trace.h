// trace.h - what happens at each scheduling step (for `enginesim trace`) and
// the running hash of all steps that proves two runs identical.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace enginesim::sched {

// The wrapped call a thread is about to make (or is blocked in) at a step.
enum class Op : uint8_t {
  start,
  finish,
  create,
  join,
  detach,
  exit,
  lock,
  trylock,
  unlock,
  cond_wait,
  cond_wake,
  signal,
  broadcast,
  rdlock,
  wrlock,
  rw_unlock,
  yield,
  sleep,
  clock_read,
  choose,
  user,
  time_jump,  // no thread: virtual time jumped to the earliest deadline
  note,       // not a step: harness text (a connection's call and its result)
  detail,     // not a step, not hashed: an engine call or violation recorded
              // for reports only (SimConfig::record_calls); see detail_text.h
  io,         // a file call of a controlled thread, with --faults (io_faults.h)
  // An instrumented engine's atomic operation, with --atomics (docs/atomics.md).
  atomic_load,
  atomic_store,
  atomic_rmw,
  atomic_cas,
  fence,
  sapi,  // an engine thread calls into the core, or returns from it (SERVER_HANDLE_V1,
         // its callbacks)
  call   // the core calls into the engine (an ENGINE_HANDLE_V1 function begins)
};
const char* to_string(Op op);

struct TraceEvent {
  uint64_t step = 0;
  uint32_t thread = 0;  // the thread that runs after this step
  Op op = Op::start;
  uint32_t object = 0;   // mutex/cond/rwlock/thread number, 0 when none
  uint64_t time_ns = 0;  // virtual time at the step
  std::string text;      // Op::note and Op::detail only: one line
};
// "step 12  t=0.000000000s  thread 2  lock mutex#3"
std::string format_event(const TraceEvent& event, const std::vector<std::string>& thread_names);

// FNV-1a over 64-bit words. Only deterministic facts go in (thread numbers,
// object numbers in order of first use, virtual time), never addresses.
//
// Most words are small (thread and object numbers, step counts, the bytes
// of a note), and FNV-1a over a zero byte is only a multiplication by the
// prime: the high zero bytes are folded into one multiplication by a power
// of the prime, which gives the same value as the byte-by-byte loop
// (test_trace_hash.cpp compares the two) at a fraction of its cost.
class TraceHash {
 public:
  static constexpr uint64_t kPrime = 0x100000001B3ull;
  static constexpr uint64_t kOffset = 0xCBF29CE484222325ull;

  void add(uint64_t word) {
    int bytes = 0;
    for (; word != 0; word >>= 8, ++bytes) {
      hash_ ^= word & 0xff;
      hash_ *= kPrime;
    }
    hash_ *= kPrimePowers[8 - bytes];
  }
  uint64_t value() const { return hash_; }

 private:
  // kPrimePowers[k] = kPrime^k (mod 2^64).
  static constexpr auto kPrimePowers = [] {
    std::array<uint64_t, 9> powers{};
    powers[0] = 1;
    for (size_t k = 1; k < powers.size(); ++k) powers[k] = powers[k - 1] * kPrime;
    return powers;
  }();
  uint64_t hash_ = kOffset;
};

std::string hex64(uint64_t value);  // 16 lowercase hex digits

}  // namespace enginesim::sched
