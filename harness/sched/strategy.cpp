// strategy.cpp - builds a strategy from its spec string.
#include "harness/sched/strategy.h"

#include <charconv>

#include "harness/sched/pct_strategy.h"
#include "harness/sched/random_strategy.h"

namespace enginesim::sched {
namespace {

bool parse_u64(const std::string& text, uint64_t* out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, *out);
  return ec == std::errc() && ptr == end && !text.empty();
}

}  // namespace

std::unique_ptr<Strategy> make_strategy(const std::string& spec, uint64_t seed,
                                        std::string* error) {
  if (spec == "random") return std::make_unique<RandomStrategy>(seed);
  if (spec.rfind("pct:", 0) == 0) {
    const std::string rest = spec.substr(4);
    const size_t colon = rest.find(':');
    uint64_t depth = 0, steps = 1000;
    if (!parse_u64(rest.substr(0, colon), &depth) || depth < 1 || depth > 64 ||
        (colon != std::string::npos && (!parse_u64(rest.substr(colon + 1), &steps) ||
                                        steps < 1))) {
      *error = "bad strategy '" + spec +
               "': expected pct:D or pct:D:K with depth D in 1..64 and K >= 1 "
               "estimated steps";
      return nullptr;
    }
    return std::make_unique<PctStrategy>(seed, static_cast<uint32_t>(depth), steps);
  }
  *error = "unknown strategy '" + spec +
           "': use random, pct:D[:K], dfs:B (explore) or a schedule file (replay)";
  return nullptr;
}

}  // namespace enginesim::sched
