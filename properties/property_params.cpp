// property_params.cpp - PropertyParams from ENGINESIM_PROPERTY_* and RC_PARAMS.
#include "properties/property_params.h"

#include <cstdlib>
#include <string_view>

#include <rapidcheck.h>

#include "harness/model/text_codec.h"

namespace enginesim::properties {
namespace {

// FNV-1a: a fixed, documented seed per property id.
uint64_t id_hash(const std::string& id) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : id) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

bool rc_params_set(std::string_view key) {
  const char* rc = std::getenv("RC_PARAMS");
  return rc != nullptr &&
         std::string_view(rc).find(std::string(key) + "=") != std::string_view::npos;
}

}  // namespace

std::optional<PropertyParams> params_from_environment(const std::string& id, std::string* error) {
  // rapidcheck's configuration() reads RC_PARAMS (and exits with its own
  // message when it does not parse). Without RC_PARAMS it is not consulted:
  // it would draw and announce a random seed that no run uses.
  const rc::detail::TestParams rc_params = std::getenv("RC_PARAMS") != nullptr
                                               ? rc::detail::configuration().testParams
                                               : rc::detail::TestParams{};
  PropertyParams p;
  p.size_max = rc_params.maxSize;
  p.shrink = !rc_params.disableShrinking;
  p.cases_max = rc_params_set("max_success") ? rc_params.maxSuccess : kCasesDefault;
  if (const char* cases = cli::env_value(cli::EnvSetting::property_cases)) {
    const auto n = model::parse_u64(cases);
    if (!n || *n < 1 || *n > static_cast<uint64_t>(kCasesMax)) {
      *error = std::string(kCasesEnv) + "=\"" + cases + "\" is not a number of cases in 1.." +
               std::to_string(kCasesMax) + "; unset it for the default " +
               std::to_string(kCasesDefault) + " or set e.g. " + kCasesEnv + "=100000";
      return std::nullopt;
    }
    p.cases_max = static_cast<int>(*n);
  }
  if (const char* seed = cli::env_value(cli::EnvSetting::property_seed)) {
    const auto n = model::parse_u64(seed);
    if (!n) {
      *error = std::string(kSeedEnv) + "=\"" + seed +
               "\" is not an unsigned 64-bit number; unset it for the property's fixed seed";
      return std::nullopt;
    }
    p.seed = *n;
    p.seed_from = kSeedEnv;
  } else if (rc_params_set("seed")) {
    p.seed = rc_params.seed;
    p.seed_from = "RC_PARAMS";
  } else {
    p.seed = id_hash(id);
    p.seed_from = "hash of the property id";
  }
  return p;
}

std::string describe(const PropertyParams& p) {
  return "seed " + std::to_string(p.seed) + " (" + p.seed_from + "), " +
         std::to_string(p.cases_max) + " cases (" + kCasesEnv + "), max size " +
         std::to_string(p.size_max) + (p.shrink ? "" : ", no shrinking");
}

}  // namespace enginesim::properties
