// sim_env.cpp - the environment reader generated from sim_options.def.
#include "harness/sim/sim_env.h"

#include <cstdlib>
#include <string_view>

#include "enginesim/check.h"

namespace enginesim::cli {
namespace {

const char* read(const char* variable) { return std::getenv(variable); }

}  // namespace

const char* env_value(EnvSetting setting) { return read(env_name(setting)); }

std::string env_text(EnvSetting setting) {
  const char* v = env_value(setting);
  return v == nullptr ? std::string() : std::string(v);
}

const char* option_env_name(const char* option) {
  const char* variable = nullptr;
#define ES_SIM_OPTION(ID, GROUP, NAME, VALUE, DEFAULT, MIN, MAX, CODEC, FIELD, META, META_RANK, \
                      META_WHEN, REPRO_RANK, REPRO_WHEN, ARGS_RANK, ENV, HELP)                  \
  if (std::string_view(NAME) == option) variable = ENV;
#include "harness/sim/sim_options.def"
  ES_CHECK_MSG(variable != nullptr, "the option has no environment variable in sim_options.def");
  return variable;
}

std::string option_env_text(const char* option) {
  const char* v = read(option_env_name(option));
  return v == nullptr ? std::string() : std::string(v);
}

}  // namespace enginesim::cli
