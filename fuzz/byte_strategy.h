// byte_strategy.h - a scheduling strategy whose choices are the fuzzer's
// bytes: choice i picks byte[i] % count. When the bytes run out it takes
// option 0, the choice that does not preempt, so every input ends. Each
// choice is also appended to a SharedChoiceLog for the parent process.
#pragma once

#include <cstdint>
#include <vector>

#include "fuzz/shared_choice_log.h"
#include "harness/sched/strategy.h"

namespace enginesim::fuzz {

class ByteStrategy final : public sched::Strategy {
 public:
  ByteStrategy(std::vector<uint8_t> bytes, SharedChoiceLog* log)
      : bytes_(std::move(bytes)), log_(log) {}

  uint32_t choose(const sched::ChoiceContext& ctx, uint32_t count) override;
  // Recorded in schedule files; `replay` follows the recorded choices and
  // never rebuilds the strategy from this name.
  std::string spec() const override { return "fuzz"; }
  size_t bytes() const { return bytes_.size(); }

 private:
  std::vector<uint8_t> bytes_;
  size_t next_ = 0;
  SharedChoiceLog* log_;  // may be null
};

}  // namespace enginesim::fuzz
