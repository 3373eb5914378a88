// coverage_relay.h - gives libFuzzer the coverage of code that ran in a
// forked child. libFuzzer reads the inline 8-bit counters (section
// __sancov_cntrs of every instrumented module) of its own process; a run in
// a forked child bumps the child's copies, which die with it. The child
// copies its counters into a shared mapping before it exits, and the parent
// merges them into its own counters, so the engine's and the harness's
// branches guide the fuzzer as if they had run in process.
//
// The engine must be loaded in the parent (dlopen, nothing else) before the
// relay is built: its counters are then registered with libFuzzer, and the
// child's dlopen of the same path finds the same mapping at the same address.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace enginesim::fuzz {

struct CounterRange {
  uint8_t* begin = nullptr;
  size_t size = 0;
};

// The __sancov_cntrs section of every loaded module that has one (read from
// the modules' ELF section headers on disk). Empty in a build without
// -fsanitize-coverage=inline-8bit-counters (e.g. without fuzzer-no-link).
std::vector<CounterRange> loaded_counter_ranges();

class CoverageRelay {
 public:
  CoverageRelay();  // finds the ranges of the modules loaded now
  ~CoverageRelay();
  CoverageRelay(const CoverageRelay&) = delete;
  CoverageRelay& operator=(const CoverageRelay&) = delete;

  size_t counters() const { return total_; }
  // In the child, at the end of a run.
  void publish();
  // In the parent, after the child was reaped: raises each counter to the
  // child's value. A child that died before publishing adds nothing.
  void collect();

 private:
  std::vector<CounterRange> ranges_;
  size_t total_ = 0;
  uint8_t* shared_ = nullptr;  // [0] published flag, then the counters
  size_t bytes_ = 0;
};

}  // namespace enginesim::fuzz
