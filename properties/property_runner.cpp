// property_runner.cpp - rapidcheck's checkProperty with our params, a silent
// listener, and the reproduce string built from the failure.
#include "properties/property_runner.h"

#include <cstdlib>
#include <sstream>

namespace enginesim::properties {
namespace {

// rapidcheck's default listener prints progress and, at exit, reproduce
// strings for every failed property; the outcome carries both instead.
class SilentListener : public rc::detail::TestListener {
 public:
  void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
  void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
  void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
};

rc::detail::TestResult check(const std::string& id, const std::function<void()>& property,
                             const rc::detail::TestParams& params, const ReproduceMap& map) {
  rc::detail::TestMetadata metadata;
  metadata.id = id;
  metadata.description = id;
  SilentListener listener;
  return rc::detail::checkProperty(rc::detail::toProperty(property), metadata, params, listener,
                                   map);
}

std::string reproduce_params(const std::string& id, const rc::detail::Reproduce& reproduce) {
  rc::detail::Configuration config;
  config.reproduce[id] = reproduce;
  return "RC_PARAMS=\"" + rc::detail::configToMinimalString(config) + "\"";
}

constexpr const char* kReproduceKey = "reproduce=";

}  // namespace

std::string reproduce_token(const ReproduceMap& cases) {
  rc::detail::Configuration config;
  config.reproduce = cases;
  const std::string text = rc::detail::configToMinimalString(config);
  // Only the reproduce= value: the minimal string may hold other keys.
  const size_t at = text.find(kReproduceKey);
  if (at == std::string::npos) return text;
  const size_t from = at + std::string(kReproduceKey).size();
  return text.substr(from, text.find(' ', from) - from);
}

std::optional<ReproduceMap> parse_reproduce_token(const std::string& token, std::string* error) {
  const std::string key = kReproduceKey;
  const std::string text = token.rfind(key, 0) == 0 ? token : key + token;
  try {
    ReproduceMap map = rc::detail::configFromString(text).reproduce;
    if (!map.empty()) return map;
  } catch (const std::exception&) {}
  *error = "--reproduce '" + token +
           "' is not a reproduce token: pass the one a failing `enginesim check` printed";
  return std::nullopt;
}

RcOutcome run_rapidcheck(const std::string& id, const std::function<void()>& property,
                         const PropertyParams& params) {
  rc::detail::TestParams rc_params;
  rc_params.seed = params.seed;
  rc_params.maxSuccess = params.cases_max;
  rc_params.maxSize = params.size_max;
  rc_params.disableShrinking = !params.shrink;
  // reproduce= entries come from RC_PARAMS (see property_params.cpp for why
  // configuration() is consulted only when it is set).
  std::string ignored;
  const ReproduceMap requested =
      !params.reproduce.empty()
          ? parse_reproduce_token(params.reproduce, &ignored).value_or(ReproduceMap{})
      : std::getenv("RC_PARAMS") != nullptr ? rc::detail::configuration().reproduce
                                            : ReproduceMap{};
  const rc::detail::TestResult result = check(id, property, rc_params, requested);

  RcOutcome out;
  std::ostringstream message;
  rc::detail::printResultMessage(result, message);
  out.message = message.str();
  if (result.is<rc::detail::SuccessResult>()) {
    out.passed = true;
    out.cases_passed = result.get<rc::detail::SuccessResult>().numSuccess;
  } else if (result.is<rc::detail::FailureResult>()) {
    const auto& failure = result.get<rc::detail::FailureResult>();
    out.cases_passed = failure.numSuccess;
    out.reproduce = failure.reproduce;
    out.reproduce_params = reproduce_params(id, failure.reproduce);
  }
  return out;
}

bool replay_case(const std::string& id, const std::function<void()>& property,
                 const rc::detail::Reproduce& reproduce) {
  ReproduceMap map;
  map[id] = reproduce;
  return check(id, property, rc::detail::TestParams{}, map).is<rc::detail::FailureResult>();
}

}  // namespace enginesim::properties
