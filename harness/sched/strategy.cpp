// strategy.cpp - builds a strategy from its spec string.
#include "harness/sched/strategy.h"

#include <optional>

#include "enginesim/parse_number.h"
#include "harness/sched/pct_strategy.h"
#include "harness/sched/random_strategy.h"

namespace enginesim::sched {

std::unique_ptr<Strategy> make_strategy(const std::string& spec, uint64_t seed,
                                        std::string* error) {
  if (spec == "random") return std::make_unique<RandomStrategy>(seed);
  if (spec.rfind("pct:", 0) == 0) {
    const std::string rest = spec.substr(4);
    const size_t colon = rest.find(':');
    const std::optional<uint64_t> depth = parse_u64(rest.substr(0, colon));
    const std::optional<uint64_t> steps =
        colon == std::string::npos ? 1000 : parse_u64(rest.substr(colon + 1));
    if (!depth || *depth < 1 || *depth > 64 || !steps || *steps < 1) {
      *error = "bad strategy '" + spec +
               "': expected pct:D or pct:D:K with depth D in 1..64 and K >= 1 "
               "estimated steps";
      return nullptr;
    }
    return std::make_unique<PctStrategy>(seed, static_cast<uint32_t>(*depth), *steps);
  }
  *error = "unknown strategy '" + spec +
           "': use random, pct:D[:K], dfs:B (explore) or a schedule file (replay)";
  return nullptr;
}

}  // namespace enginesim::sched
