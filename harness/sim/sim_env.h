// sim_env.h - the one reader of ENGINESIM_* environment variables, generated
// from the options table (sim_options.def): the variables of options (the
// ENV column: ENGINESIM_ENGINE for --engine ...) and the settings of fuzz/
// and properties/ that are no command-line option (ES_ENV_SETTING rows).
// ci/check-style fails on any other read of an ENGINESIM_* variable.
#pragma once

#include <string>

namespace enginesim::cli {

enum class EnvSetting {
#define ES_ENV_SETTING(ID, VARIABLE, HELP) ID,
#include "harness/sim/sim_options.def"
};

// The variable's name, e.g. "ENGINESIM_PROPERTY_CASES" (for messages).
constexpr const char* env_name(EnvSetting setting) {
  switch (setting) {
// clang-format 14 would fold the case label into the macro's first line,
// and then the #include below into the macro.
// clang-format off
#define ES_ENV_SETTING(ID, VARIABLE, HELP) \
  case EnvSetting::ID:                     \
    return VARIABLE;
#include "harness/sim/sim_options.def"
    // clang-format on
  }
  return "";
}
// Its value; nullptr when unset.
const char* env_value(EnvSetting setting);
// Its value; "" when unset.
std::string env_text(EnvSetting setting);

// The variable of option `option` (its command-line name, e.g. "config"):
// its name, and its value ("" when unset). The option must have one.
const char* option_env_name(const char* option);
std::string option_env_text(const char* option);

}  // namespace enginesim::cli
