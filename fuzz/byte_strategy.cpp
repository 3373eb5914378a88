// byte_strategy.cpp - one fuzz byte per choice, then a seeded random walk.
#include "fuzz/byte_strategy.h"

namespace enginesim::fuzz {
namespace {

// FNV-1a: the tail's seed, a pure function of the choice bytes.
uint64_t hash_bytes(const std::vector<uint8_t>& bytes) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (uint8_t b : bytes) h = (h ^ b) * 0x100000001b3ull;
  return h;
}

}  // namespace

ByteStrategy::ByteStrategy(std::vector<uint8_t> bytes, SharedChoiceLog* log)
    : bytes_(std::move(bytes)), tail_(hash_bytes(bytes_)), log_(log) {}

uint32_t ByteStrategy::choose(const sched::ChoiceContext& ctx, uint32_t count) {
  uint32_t picked = 0;
  if (next_ < bytes_.size()) {
    picked = bytes_[next_++] % count;
  } else if (!bytes_.empty()) {
    picked = static_cast<uint32_t>(tail_.below(count));
  }
  if (log_ != nullptr) log_->append({ctx.kind, ctx.preemptible, count, picked});
  return picked;
}

}  // namespace enginesim::fuzz
