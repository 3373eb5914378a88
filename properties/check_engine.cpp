// check_engine.cpp - the two properties in a row on one engine, and their
// report: each failure's shrunk case one operation a line, then the one
// command that replays every failure at once.
#include "properties/check_engine.h"

#include <string>

#include "harness/options/exit_codes.h"
#include "properties/concurrent_property.h"
#include "properties/property_runner.h"
#include "properties/sequential_property.h"

namespace enginesim::properties {
namespace {

using cli::kExitFailure;
using cli::kExitOk;
using cli::kExitUsage;

std::string shell_quote(const std::string& s) {
  if (!s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                        "0123456789_-./=:,+@") == std::string::npos) {
    return s;
  }
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string indent(const std::string& text, const std::string& prefix) {
  std::string out;
  size_t at = 0;
  while (at < text.size()) {
    const size_t end = text.find('\n', at);
    const std::string line = text.substr(at, end == std::string::npos ? end : end - at);
    out += line.empty() ? "\n" : prefix + line + "\n";
    if (end == std::string::npos) break;
    at = end + 1;
  }
  return out;
}

// A target named for its module: "kv_1.6.0-beta1" of ".../kv_1.6.0-beta1.so".
std::string engine_stem(const std::string& path) {
  const size_t slash = path.rfind('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  const size_t so = name.rfind(".so");
  return so == std::string::npos || so == 0 ? name : name.substr(0, so);
}

PropertyParams params_of(const CheckRequest& r) {
  PropertyParams p;
  p.seed = r.seed;
  p.seed_from = "--seed";
  p.cases_max = r.cases;
  p.reproduce = r.reproduce;
  return p;
}

// The sequential property; false on a failure, whose reproduce entry goes
// to *failed.
bool run_sequential(const CheckRequest& r, FILE* out, ReproduceMap* failed) {
  EngineTarget target{engine_stem(r.engine_path),
                      r.engine_path,
                      r.config,
                      {},
                      r.abi,
                      static_cast<uint32_t>(r.timeout_sec) * 1000};
  target.model.may_evict = r.may_evict;
  std::fprintf(out,
               "sequential: random operations on one connection (stores with exptimes, clock "
               "advances), every answer checked against the memcached model\n");
  std::fflush(out);
  const SequentialOutcome o = check_sequential(target, params_of(r));
  if (o.passed()) {
    std::fprintf(out, "  passed %d cases\n", o.rc.cases_passed);
    return true;
  }
  std::fprintf(out, "  FAILED after %d passing cases\n", o.rc.cases_passed);
  if (o.rc.reproduce) {
    (*failed)[o.id] = *o.rc.reproduce;
    std::fprintf(out, "  shrunk case: %zu operation(s), with the engine's answers:\n",
                 o.shrunk.operations);
    for (const std::string& line : o.shrunk.lines) std::fprintf(out, "    %s\n", line.c_str());
    if (!o.replay_failed_again) {
      std::fprintf(out,
                   "  WARNING: the shrunk case did not fail again when run once more: "
                   "the engine is not deterministic under the same operations\n");
    }
  }
  std::fprintf(out, "  why (rapidcheck's counterexample, then the failure):\n%s",
               indent(o.rc.message, "    ").c_str());
  return false;
}

bool run_concurrent(const CheckRequest& r, FILE* out, ReproduceMap* failed) {
  PropertyTarget target;
  target.engine_path = r.engine_path;
  target.config = r.config;
  target.abi = r.abi;
  target.case_limit_ms = static_cast<uint32_t>(r.timeout_sec) * 1000;
  target.mix = r.mix;
  target.may_evict = r.may_evict;
  // With a mix aimed at a defect (get,cas), the prefix creates the items.
  if (!r.mix.empty()) target.prefix_mix = {model::OpKind::set};
  std::fprintf(out,
               "concurrent: random operations on 2..4 connections (and clock advances) under a "
               "random schedule, the history must be linearizable%s%s\n",
               r.mix_text.empty() ? "" : "; mix ", r.mix_text.c_str());
  std::fflush(out);
  const ConcurrentOutcome o =
      check_concurrent(check_property_id("concurrent", r.engine_path), target, params_of(r), "");
  if (o.passed()) {
    std::fprintf(out, "  passed %d cases\n", o.rc.cases_passed);
    return true;
  }
  std::fprintf(out, "  FAILED after %d passing cases\n", o.rc.cases_passed);
  if (o.rc.reproduce) (*failed)[o.id] = *o.rc.reproduce;
  if (o.shrunk) {
    std::fprintf(out, "  shrunk %s", indent(o.failure, "  ").c_str() + 2);
  } else {
    std::fprintf(out, "%s", indent(o.rc.message, "    ").c_str());
  }
  return false;
}

}  // namespace

std::string check_property_id(const char* property, const std::string& engine_path) {
  return std::string(property) + "/" + engine_stem(engine_path);
}

std::string check_command(const CheckRequest& r, const std::string& token) {
  std::string s = shell_quote(r.enginesim) + " check --engine " + shell_quote(r.engine_path);
  if (!r.config.empty()) s += " --config " + shell_quote(r.config);
  const CheckRequest defaults;
  if (r.abi != defaults.abi) s += std::string(" --abi ") + abi::name(r.abi);
  s += " --seed " + std::to_string(r.seed) + " --cases " + std::to_string(r.cases);
  if (r.timeout_sec != defaults.timeout_sec) s += " --timeout " + std::to_string(r.timeout_sec);
  if (!r.mix_text.empty()) s += " --mix " + shell_quote(r.mix_text);
  if (r.may_evict) s += " --may-evict";
  if (!token.empty()) s += " --reproduce " + shell_quote(token);
  return s;
}

}  // namespace enginesim::properties

namespace enginesim::cli {

int run_engine_check(const CheckRequest& request, FILE* out) {
  using namespace enginesim::properties;
  CheckRequest r = request;
  if (!r.reproduce.empty()) {
    std::string error;
    const auto cases = parse_reproduce_token(r.reproduce, &error);
    if (!cases) {
      std::fprintf(stderr, "enginesim check: %s\n", error.c_str());
      return kExitUsage;
    }
    r.sequential = cases->count(check_property_id("sequential", r.engine_path)) != 0;
    r.concurrent = cases->count(check_property_id("concurrent", r.engine_path)) != 0;
    if (!r.sequential && !r.concurrent) {
      std::fprintf(stderr,
                   "enginesim check: --reproduce names no case of %s's properties: "
                   "pass the token a failing `enginesim check` of this engine "
                   "printed\n",
                   engine_stem(r.engine_path).c_str());
      return kExitUsage;
    }
  }
  std::fprintf(out, "check: %s%s%s\n  seed %llu, %s, every case in a forked child (limit %d s)\n",
               r.engine_path.c_str(), r.config.empty() ? "" : ", config ",
               r.config.empty() ? "" : shell_quote(r.config).c_str(),
               static_cast<unsigned long long>(r.seed),
               r.reproduce.empty() ? (std::to_string(r.cases) + " cases per property").c_str()
                                   : "replaying the shrunk case(s) of --reproduce",
               r.timeout_sec);
  ReproduceMap failed;
  bool passed = true;
  if (r.sequential) passed = run_sequential(r, out, &failed) && passed;
  if (r.concurrent) passed = run_concurrent(r, out, &failed) && passed;
  if (passed) {
    std::fprintf(out, "verdict: ok\n");
    return kExitOk;
  }
  std::string names;
  for (const char* property : {"sequential", "concurrent"}) {
    if (failed.count(check_property_id(property, r.engine_path))) {
      names += std::string(names.empty() ? "" : ", ") + property;
    }
  }
  std::fprintf(out, "verdict: FAILED (%s)\n", names.empty() ? "no shrunk case" : names.c_str());
  if (failed.empty()) {
    std::fprintf(out, "run it again:\n  %s\n", check_command(r, r.reproduce).c_str());
  } else {
    std::fprintf(out, "replay the shrunk case%s:\n  %s\n", failed.size() > 1 ? "s" : "",
                 check_command(r, reproduce_token(failed)).c_str());
  }
  return kExitFailure;
}

}  // namespace enginesim::cli
