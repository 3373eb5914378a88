// sim_options.cpp - the shared simulation options, their schedule-file
// metadata, and printable commands.
#include "harness/sim/sim_options.h"

#include <unistd.h>

#include <charconv>
#include <cctype>
#include <climits>
#include <cstdlib>
#include <algorithm>
#include <filesystem>
#include <optional>

#include "harness/cli/engine_options.h"
#include "harness/faults/fault_profile.h"
#include "harness/sched/strategy.h"
#include "harness/sim/seed_plan.h"
#include "harness/sim/workload_file.h"

namespace enginesim::cli {
namespace {

bool parse_u64(const std::string& text, uint64_t* out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, *out);
  return !text.empty() && ec == std::errc() && ptr == end;
}

// Meta values are one line: escape backslashes and newlines.
std::string escape_line(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out.push_back(c);
  }
  return out;
}

std::string unescape_line(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      out.push_back(text[i + 1] == 'n' ? '\n' : text[i + 1]);
      ++i;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

}  // namespace

std::vector<OptionSpec> sim_options() {
  return {
      {"require-complete", nullptr, nullptr,
       "exit 1 when a budget (a child's wall-clock limit, --max-schedules) ran out while the "
       "work was still making progress (verdict incomplete); by default that exits 0"},
      {"child-limit-sec", "SECONDS", "60",
       "wall-clock limit of each forked child (one run; with explore --strategy dfs:B one "
       "seed's search): past it a child still taking steps is `incomplete`, a stuck one `died`",
       false, 1, 86400},
      {"strategy", "SPEC", "pct:2",
       "random | pct:D[:K] (PCT depth D, K estimated steps: measured when omitted) | "
       "dfs:B (every schedule with at most B preemptions) | mix (seed mod 3 picks random, "
       "pct:2, pct:3)"},
      {"connections", "N", "2", "client connections", false, 1, 1000},
      {"ops", "M", "10", "operations per connection (seed workloads)", false, 0, 1000000},
      {"keys", "K", "4", "key space k0..k{K-1} (seed workloads)", false, 1, 1000000},
      {"advance-percent", "P", "5", "clock advances per 100 operations (seed workloads)",
       false, 0, 100},
      {"workers", "N", "0",
       "core worker threads; connections share them round-robin (0: one per connection)",
       false, 0, 1000},
      {"workload", "FILE", nullptr,
       "run this workload file instead of the seed's (see docs/scheduler.md)"},
      {"spurious-wakeups", nullptr, nullptr,
       "let the strategy wake condition waits spuriously"},
      {"steps-max", "N", "2000000", "scheduling steps before a run ends as step_limit",
       false, 1, INT64_MAX},
      {"mix", "LIST", nullptr,
       "seed workloads draw operations uniformly from these kinds, e.g. get,append,cas,flush "
       "(kinds: get set add replace append prepend delete incr decr cas flush; default: the "
       "classic mix without cas and flush)"},
      {"strict-notify", nullptr, nullptr,
       "report notify.premature: a re-call after notify_io_complete(SUCCESS) that blocks "
       "again (legal in memcached, so off by default; docs/contract.md)"},
      {"level", "LEVEL", "required",
       "required: fail only on what memcached's core relies on; strict: also on strict contract "
       "rules and without the model's allowances for the default engine (docs/core-fidelity.md)"},
      {"no-linearizability", nullptr, nullptr,
       "do not check that the run's history is linearizable (docs/properties.md)"},
      {"faults", "KINDS", nullptr,
       "inject faults, comma-separated: io = EIO, ENOSPC and short transfers in the "
       "engine's file calls (docs/faults.md); crash = stop the engine mid-run, drop what "
       "was not durable, restart it (docs/durability.md)"},
      {"fault-profile", "FILE", nullptr,
       "probabilities of the io faults (docs/faults.md; default: a few percent each)"},
      // --- issue 16: swarm testing and the strategy mix (seed_plan.h) ---
      {"expire-one-in", "N", "4",
       "1 in N stores of seed workloads has an exptime (0: none)", false, 0, 1000000},
      {"swarm", nullptr, nullptr,
       "swarm testing: each seed draws its workload shape (connections, ops, keys, mix and "
       "weights, expiring stores, clock advances, workers); options given explicitly stay "
       "fixed (docs/scheduler.md)"},
      {"no-swarm", nullptr, nullptr, "every seed takes the options' shape (the uniform mix)"},
  };
}

bool check_strategy(const std::string& spec, int* dfs_bound, std::string* error) {
  *dfs_bound = -1;
  if (spec == kStrategyMix) return true;
  if (spec.rfind("dfs:", 0) == 0) {
    uint64_t b = 0;
    if (!parse_u64(spec.substr(4), &b) || b > 64) {
      *error = "bad strategy '" + spec + "': dfs:B takes a preemption bound B in 0..64";
      return false;
    }
    *dfs_bound = static_cast<int>(b);
    return true;
  }
  return sched::make_strategy(spec, 1, error) != nullptr;
}

// --faults and --fault-profile (or their schedule-file lines) into cfg.faults.
static bool setup_faults(SimSetup* s, const std::string* profile_text, std::string* error) {
  s->cfg.faults.reset();
  if (s->faults.empty()) {
    if (!s->fault_profile_path.empty() || profile_text != nullptr) {
      *error = "--fault-profile needs --faults io";
      return false;
    }
    return true;
  }
  bool io = false;
  s->crash = false;
  size_t start = 0;
  while (start <= s->faults.size()) {
    const size_t end = std::min(s->faults.find(',', start), s->faults.size());
    const std::string kind = s->faults.substr(start, end - start);
    if (kind == "io") {
      io = true;
    } else if (kind == "crash") {
      s->crash = true;
    } else {
      *error = "unknown fault kind '" + kind + "' in --faults " + s->faults +
               "; known: io, crash (comma-separated)";
      return false;
    }
    start = end + 1;
  }
  if (s->crash && s->cfg.engine_config.find(kTmpdirPlaceholder) == std::string::npos) {
    *error = "--faults crash needs {tmpdir} in --config as the engine's data directory "
             "(e.g. 'dbdir={tmpdir}'): that directory is what the crash rewrites";
    return false;
  }
  if (!io && (!s->fault_profile_path.empty() || profile_text != nullptr)) {
    *error = "--fault-profile needs --faults io";
    return false;
  }
  int dfs_bound = -1;
  check_strategy(s->strategy, &dfs_bound, error);
  if (dfs_bound >= 0) {
    *error = "--faults does not combine with dfs:B (every fault would be a branch); "
             "use random or pct:D";
    return false;
  }
  if (!io) return true;
  auto profile = std::make_shared<sched::FaultProfile>(sched::default_fault_profile());
  if (profile_text != nullptr) {
    if (!sched::parse_fault_profile(*profile_text, profile.get(), error)) {
      *error = "the fault profile: " + *error;
      return false;
    }
  } else if (!s->fault_profile_path.empty() &&
             !sched::read_fault_profile_file(s->fault_profile_path, profile.get(), error)) {
    return false;
  }
  s->cfg.faults = std::move(profile);
  return true;
}

bool setup_from_args(const Args& args, SimSetup* s, std::string* error) {
  s->cfg.engine_path = args.str("engine");
  s->cfg.engine_config = checked_config(args.str("config"), "");
  if (!abi_from_args(args, &s->cfg.abi, error)) return false;
  s->child_limit_ms = static_cast<uint32_t>(args.integer("child-limit-sec") * 1000);
  s->strategy = args.str("strategy");
  s->cfg.connections = static_cast<uint32_t>(args.integer("connections"));
  s->cfg.ops_per_connection = static_cast<uint32_t>(args.integer("ops"));
  s->cfg.keys = static_cast<uint32_t>(args.integer("keys"));
  s->cfg.time_advance_percent = static_cast<uint32_t>(args.integer("advance-percent"));
  s->cfg.workers = static_cast<uint32_t>(args.integer("workers"));
  s->cfg.sched.spurious_wakeups = args.flag("spurious-wakeups");
  s->cfg.sched.steps_max = static_cast<uint64_t>(args.integer("steps-max"));
  s->cfg.check_linearizability = !args.flag("no-linearizability");
  s->cfg.strict_notify = args.flag("strict-notify");
  if (const std::optional<Level> level = parse_level(args.str("level"))) {
    s->cfg.level = *level;
  } else {
    *error = "--level must be required or strict, not '" + args.str("level") + "'";
    return false;
  }
  if (args.has("mix") && !sched::parse_op_mix(args.str("mix"), &s->cfg.mix, error)) return false;
  int dfs_bound = 0;
  if (!check_strategy(s->strategy, &dfs_bound, error)) return false;
  if (args.has("workload")) {
    auto w = std::make_shared<sched::Workload>();
    s->workload_path = args.str("workload");
    if (!sched::read_workload_file(s->workload_path, w.get(), error)) return false;
    s->workload_text = sched::format_workload(*w);
    s->cfg.connections = static_cast<uint32_t>(w->connections.size());
    s->cfg.workload = std::move(w);
  }
  // --- issue 16: swarm testing ---
  s->cfg.expire_one_in = static_cast<uint32_t>(args.integer("expire-one-in"));
  if (args.flag("swarm") && args.flag("no-swarm")) {
    *error = "--swarm and --no-swarm contradict each other: give one";
    return false;
  }
  s->swarm = kSwarmByDefault ? !args.flag("no-swarm") : args.flag("swarm");
  s->fixed = {args.given("connections"),   args.given("ops"),
              args.given("keys"),          args.given("mix"),
              args.given("expire-one-in"), args.given("advance-percent"),
              args.given("workers")};
  // --- end issue 16 ---
  s->faults = args.has("faults") ? args.str("faults") : "";
  s->fault_profile_path = args.has("fault-profile") ? args.str("fault-profile") : "";
  return setup_faults(s, nullptr, error);
}

void put_meta(const SimSetup& s, sched::ScheduleFile* f) {
  const auto& c = s.cfg;
  f->meta = {{"engine", c.engine_path},
             {"config", c.engine_config},
             {"connections", std::to_string(c.connections)},
             {"ops", std::to_string(c.ops_per_connection)},
             {"keys", std::to_string(c.keys)},
             {"advance-percent", std::to_string(c.time_advance_percent)},
             {"workers", std::to_string(c.workers)},
             {"spurious-wakeups", c.sched.spurious_wakeups ? "1" : "0"},
             {"steps-max", std::to_string(c.sched.steps_max)}};
  if (!c.mix.empty()) f->meta.emplace_back("mix", sched::format_op_mix(c.mix));
  // issue 16: only when not the default (older files stay byte-identical).
  if (c.expire_one_in != 4) f->meta.emplace_back("expire-one-in", std::to_string(c.expire_one_in));
  if (!s.shape_text.empty()) f->meta.emplace_back("swarm-shape", s.shape_text);
  if (!c.check_linearizability) f->meta.emplace_back("linearizability", "0");
  if (c.strict_notify) f->meta.emplace_back("strict-notify", "1");
  if (c.level != Level::required) f->meta.emplace_back("level", to_string(c.level));
  // Only when not the default: older enginesim versions read these files.
  if (c.abi != abi::Profile::tutorial_2010) f->meta.emplace_back("abi", abi::name(c.abi));
  if (c.workload) f->meta.emplace_back("workload", escape_line(s.workload_text));
  if (!s.faults.empty()) f->meta.emplace_back("faults", s.faults);
  if (c.faults) {
    f->meta.emplace_back("fault-profile", escape_line(sched::format_fault_profile(*c.faults)));
  }
}

bool setup_from_schedule(const sched::ScheduleFile& f, SimSetup* s, std::string* error) {
  auto get = [&](const char* key, std::string* out) {
    const std::string* v = f.find_meta(key);
    if (v == nullptr) {
      *error = std::string("the schedule file has no '") + key +
               "' line: it was not written by `enginesim run` or `explore`";
      return false;
    }
    *out = *v;
    return true;
  };
  std::string n[7];
  const char* keys[7] = {"connections", "ops", "keys", "advance-percent", "workers",
                         "spurious-wakeups", "steps-max"};
  if (!get("engine", &s->cfg.engine_path) || !get("config", &s->cfg.engine_config)) return false;
  uint64_t v[7];
  for (int i = 0; i < 7; ++i) {
    if (!get(keys[i], &n[i])) return false;
    if (!parse_u64(n[i], &v[i]) || (i < 5 && v[i] > UINT32_MAX)) {
      *error = std::string("the schedule file's '") + keys[i] + "' is not a number";
      return false;
    }
  }
  s->cfg.connections = static_cast<uint32_t>(v[0]);
  s->cfg.ops_per_connection = static_cast<uint32_t>(v[1]);
  s->cfg.keys = static_cast<uint32_t>(v[2]);
  s->cfg.time_advance_percent = static_cast<uint32_t>(v[3]);
  s->cfg.workers = static_cast<uint32_t>(v[4]);
  s->cfg.sched.spurious_wakeups = v[5] != 0;
  s->cfg.sched.steps_max = v[6];
  if (const std::string* a = f.find_meta("abi")) {
    const auto profile = abi::parse(*a);
    if (!profile) {
      *error = "the schedule file's ABI profile '" + *a + "' is unknown to this enginesim (known: " +
               abi::known_names() + ")";
      return false;
    }
    s->cfg.abi = *profile;
  }
  s->strategy = f.strategy;
  s->cfg.seed = f.seed;
  // Optional (files written before these existed): the classic mix, checked.
  if (const std::string* mix = f.find_meta("mix")) {
    if (!sched::parse_op_mix(*mix, &s->cfg.mix, error)) {
      *error = "the schedule file's 'mix': " + *error;
      return false;
    }
  }
  // issue 16: the seed's drawn shape is recorded as plain values; swarm-shape
  // only describes it.
  s->swarm = false;
  if (const std::string* e = f.find_meta("expire-one-in")) {
    uint64_t n = 0;
    if (!parse_u64(*e, &n) || n > 1000000) {
      *error = "the schedule file's 'expire-one-in' is not a number in 0..1000000";
      return false;
    }
    s->cfg.expire_one_in = static_cast<uint32_t>(n);
  }
  if (const std::string* shape = f.find_meta("swarm-shape")) s->shape_text = *shape;
  const std::string* lin = f.find_meta("linearizability");
  s->cfg.check_linearizability = lin == nullptr || *lin != "0";
  const std::string* strict = f.find_meta("strict-notify");
  s->cfg.strict_notify = strict != nullptr && *strict != "0";
  if (const std::string* level = f.find_meta("level")) {
    const std::optional<Level> parsed = parse_level(*level);
    if (!parsed) {
      *error = "the schedule file's 'level' is '" + *level + "', not required or strict";
      return false;
    }
    s->cfg.level = *parsed;
  }
  if (const std::string* w = f.find_meta("workload")) {
    auto workload = std::make_shared<sched::Workload>();
    s->workload_text = unescape_line(*w);
    if (!sched::parse_workload(s->workload_text, workload.get(), error)) {
      *error = "the schedule file's embedded workload: " + *error;
      return false;
    }
    s->cfg.workload = std::move(workload);
  }
  if (const std::string* faults = f.find_meta("faults")) {
    s->faults = *faults;
    const std::string* text = f.find_meta("fault-profile");
    const std::string profile = text != nullptr ? unescape_line(*text) : "";
    if (!setup_faults(s, text != nullptr ? &profile : nullptr, error)) {
      *error = "the schedule file's faults: " + *error;
      return false;
    }
  }
  return true;
}

std::string shell_quote(const std::string& word) {
  bool plain = !word.empty();
  for (char c : word) {
    plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || std::string("-_./=:,+@%").find(c) != std::string::npos);
  }
  if (plain) return word;
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string self_command() {
  std::error_code ec;
  const auto self = std::filesystem::canonical("/proc/self/exe", ec);
  if (ec) return "enginesim";
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "";
  size_t start = 0;
  while (start <= dirs.size()) {
    const size_t end = std::min(dirs.find(':', start), dirs.size());
    const std::filesystem::path candidate =
        std::filesystem::path(dirs.substr(start, end - start)) / "enginesim";
    if (::access(candidate.c_str(), X_OK) == 0 &&
        std::filesystem::canonical(candidate, ec) == self) {
      return "enginesim";
    }
    start = end + 1;
  }
  return shell_quote(self.string());
}

std::string repro_command(const SimSetup& given, uint64_t seed, const std::string& spec) {
  const SimSetup s = setup_for_seed(given, seed);  // issue 16: the drawn shape, spelled out
  const auto& c = s.cfg;
  std::string cmd = self_command() + " run --engine " + shell_quote(c.engine_path);
  if (!c.engine_config.empty()) cmd += " --config " + shell_quote(c.engine_config);
  if (c.abi != abi::Profile::tutorial_2010) cmd += std::string(" --abi ") + abi::name(c.abi);
  cmd += " --seed " + std::to_string(seed) + " --strategy " + spec;
  if (s.workload_path.empty()) {
    cmd += " --connections " + std::to_string(c.connections) + " --ops " +
           std::to_string(c.ops_per_connection) + " --keys " + std::to_string(c.keys);
    if (c.time_advance_percent != 5) {
      cmd += " --advance-percent " + std::to_string(c.time_advance_percent);
    }
    if (!c.mix.empty()) cmd += " --mix " + sched::format_op_mix(c.mix);
    if (c.expire_one_in != 4) cmd += " --expire-one-in " + std::to_string(c.expire_one_in);
    if (kSwarmByDefault) cmd += " --no-swarm";
  } else {
    cmd += " --workload " + shell_quote(s.workload_path);
  }
  if (c.workers != 0) cmd += " --workers " + std::to_string(c.workers);
  if (c.sched.spurious_wakeups) cmd += " --spurious-wakeups";
  if (c.sched.steps_max != 2'000'000) cmd += " --steps-max " + std::to_string(c.sched.steps_max);
  if (!c.check_linearizability) cmd += " --no-linearizability";
  if (c.strict_notify) cmd += " --strict-notify";
  if (c.level != Level::required) cmd += std::string(" --level ") + to_string(c.level);
  if (!s.faults.empty()) cmd += " --faults " + s.faults;
  if (!s.fault_profile_path.empty()) cmd += " --fault-profile " + shell_quote(s.fault_profile_path);
  return cmd;
}

}  // namespace enginesim::cli
