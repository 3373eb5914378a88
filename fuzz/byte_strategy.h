// byte_strategy.h - a scheduling strategy whose choices are the fuzzer's
// bytes: choice i picks byte[i] % count. Past the last byte, a random walk
// seeded by a hash of all the bytes goes on (so a short input still explores
// a whole schedule, and a mutated byte anywhere gives another one); an input
// without choice bytes is the run that never preempts (option 0 always).
// Every choice is also appended to a SharedChoiceLog for the parent process.
#pragma once

#include <cstdint>
#include <vector>

#include "fuzz/shared_choice_log.h"
#include "harness/sched/rng.h"
#include "harness/sched/strategy.h"

namespace enginesim::fuzz {

class ByteStrategy final : public sched::Strategy {
 public:
  ByteStrategy(std::vector<uint8_t> bytes, SharedChoiceLog* log);

  uint32_t choose(const sched::ChoiceContext& ctx, uint32_t count) override;
  // Recorded in schedule files; `replay` follows the recorded choices and
  // never rebuilds the strategy from this name.
  std::string spec() const override { return "fuzz"; }
  size_t bytes() const { return bytes_.size(); }

 private:
  std::vector<uint8_t> bytes_;
  size_t next_ = 0;
  sched::Rng tail_;
  SharedChoiceLog* log_;  // may be null
};

}  // namespace enginesim::fuzz
