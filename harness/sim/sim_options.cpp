// sim_options.cpp - the simulation options generated from the table
// (sim_options.def): parser entries and --help, setup from the command line,
// the schedule file's metadata written and read, and the repro command.
#include "harness/sim/sim_options.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdlib>
#include <filesystem>

#include "enginesim/check.h"
#include "harness/faults/fault_profile.h"
#include "harness/sched/strategy.h"
#include "harness/sim/seed_plan.h"
#include "harness/sim/sim_option_codecs.h"

namespace enginesim::cli {
namespace {

enum class Group { engine, sim };
constexpr const char* kSwarmShapeMeta = "swarm-shape";
// When a row is written: META_WHEN and REPRO_WHEN of the table.
enum class When { always, changed, seed_always, seed_changed };

// One row of the table, with its codec bound to its SimSetup member.
struct Row {
  Group group;
  OptionSpec spec;
  const char* meta;
  int meta_rank;
  When meta_when;
  int repro_rank;
  When repro_when;
  int args_rank;
  bool (*from_arg)(const Args&, SimSetup&, std::string*);
  std::string (*arg_text)(const SimSetup&);
  std::string (*meta_text)(const SimSetup&);
  bool (*meta_default)(const SimSetup&);
  bool (*from_meta)(const std::string&, SimSetup&, std::string*);
};

const std::vector<Row>& rows() {
  using namespace codec;
  static const std::vector<Row> table = {
#define ES_SIM_OPTION(ID, GROUP, NAME, VALUE, DEFAULT, MIN, MAX, CODEC, FIELD, META, META_RANK, \
                      META_WHEN, REPRO_RANK, REPRO_WHEN, ARGS_RANK, ENV, HELP)                  \
  Row{Group::GROUP,                                                                             \
      {NAME, VALUE, DEFAULT, HELP, CODEC::kRequired, MIN, MAX},                                 \
      META,                                                                                     \
      META_RANK,                                                                                \
      When::META_WHEN,                                                                          \
      REPRO_RANK,                                                                               \
      When::REPRO_WHEN,                                                                         \
      ARGS_RANK,                                                                                \
      [](const Args& a, SimSetup& s, std::string* e) {                                          \
        return CODEC::from_arg(a, NAME, s.FIELD, s, e);                                         \
      },                                                                                        \
      [](const SimSetup& s) { return CODEC::arg_text(s.FIELD); },                               \
      [](const SimSetup& s) { return CODEC::meta_text(s.FIELD, s); },                           \
      [](const SimSetup& s) { return CODEC::meta_default(s.FIELD, s, DEFAULT); },               \
      [](const std::string& t, SimSetup& s, std::string* e) {                                   \
        return CODEC::from_meta(t, META, When::META_WHEN == When::always, s.FIELD, s, e);       \
      }},
#include "harness/sim/sim_options.def"
  };
  return table;
}

const Row& row(const char* name) {
  for (const Row& r : rows()) {
    if (std::string(r.spec.name) == name) return r;
  }
  ES_CHECK_MSG(false, "no such row in harness/sim/sim_options.def");
  return rows().front();
}

std::vector<OptionSpec> specs(Group group) {
  std::vector<OptionSpec> out;
  for (const Row& r : rows()) {
    if (r.group == group) out.push_back(r.spec);
  }
  return out;
}

// The rows with a rank (meta_rank, repro_rank or args_rank > 0), by that rank.
std::vector<const Row*> by_rank(int Row::*rank) {
  std::vector<const Row*> out;
  for (const Row& r : rows()) {
    if (r.*rank > 0) out.push_back(&r);
  }
  std::sort(out.begin(), out.end(),
            [&](const Row* a, const Row* b) { return a->*rank < b->*rank; });
  for (size_t i = 1; i < out.size(); ++i) {
    ES_CHECK_MSG(out[i - 1]->*rank != out[i]->*rank, "two rows of sim_options.def share a rank");
  }
  return out;
}

}  // namespace

std::vector<OptionSpec> engine_options() { return specs(Group::engine); }
std::vector<OptionSpec> sim_options() { return specs(Group::sim); }

bool abi_from_args(const Args& args, abi::Profile* profile, std::string* error) {
  SimSetup scratch;
  return codec::AbiName::from_arg(args, row("abi").spec.name, *profile, scratch, error);
}

bool check_strategy(const std::string& spec, int* dfs_bound, std::string* error) {
  *dfs_bound = -1;
  if (spec == kStrategyMix) return true;
  if (spec.rfind("dfs:", 0) == 0) {
    uint64_t b = 0;
    if (!codec::parse_u64(spec.substr(4), &b) || b > 64) {
      *error = "bad strategy '" + spec + "': dfs:B takes a preemption bound B in 0..64";
      return false;
    }
    *dfs_bound = static_cast<int>(b);
    return true;
  }
  return sched::make_strategy(spec, 1, error) != nullptr;
}

// --faults and --fault-profile (or their schedule-file lines) into cfg.faults.
bool setup_faults(SimSetup* s, const std::string* profile_text, std::string* error) {
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
    *error =
        "--faults crash needs {tmpdir} in --config as the engine's data directory "
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
    *error =
        "--faults does not combine with dfs:B (every fault would be a branch); "
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
  const std::vector<const Row*> in_order = by_rank(&Row::args_rank);
  ES_CHECK_MSG(in_order.size() == rows().size(), "a row of sim_options.def without ARGS_RANK");
  for (const Row* r : in_order) {
    if (!r->from_arg(args, *s, error)) return false;
  }
  return setup_faults(s, nullptr, error);
}

void put_meta(const SimSetup& s, sched::ScheduleFile* f) {
  f->meta.clear();
  for (const Row* r : by_rank(&Row::meta_rank)) {
    if (r->meta_when == When::always || !r->meta_default(s)) {
      f->meta.emplace_back(r->meta, r->meta_text(s));
    }
  }
  // Not an option: a description of the drawn shape the lines above hold.
  if (!s.shape_text.empty()) f->meta.emplace_back(kSwarmShapeMeta, s.shape_text);
}

bool setup_from_schedule(const sched::ScheduleFile& f, SimSetup* s, std::string* error) {
  for (const Row* r : by_rank(&Row::meta_rank)) {
    const std::string* v = f.find_meta(r->meta);
    if (v == nullptr && r->meta_when == When::always) {
      *error = std::string("the schedule file has no '") + r->meta +
               "' line: it was not written by `enginesim run` or `explore`";
      return false;
    }
    if (v != nullptr && !r->from_meta(*v, *s, error)) return false;
  }
  // The file holds the seed's drawn shape as plain values: it draws no more.
  s->swarm = false;
  if (const std::string* shape = f.find_meta(kSwarmShapeMeta)) s->shape_text = *shape;
  s->strategy = f.strategy;
  s->cfg.seed = f.seed;
  // The fault profile is read with the faults (a profile without them is
  // ignored, as it always was).
  if (f.find_meta(row("faults").meta) != nullptr) {
    const std::string* text = f.find_meta(row("fault-profile").meta);
    const std::string profile = text != nullptr ? codec::unescape_line(*text) : "";
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
    plain = plain && (std::isalnum(static_cast<unsigned char>(c)) ||
                      std::string("-_./=:,+@%").find(c) != std::string::npos);
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
  const SimSetup s = setup_for_seed(given, seed);  // a swarm seed's shape, spelled out
  std::string cmd = self_command() + " run";
  const bool seed_workload = s.workload_path.empty();
  for (const Row* r : by_rank(&Row::repro_rank)) {
    const When when = r->repro_when;
    if ((when == When::seed_always || when == When::seed_changed) && !seed_workload) continue;
    const std::string text = r->arg_text(s);
    if ((when == When::changed || when == When::seed_changed) &&
        text == codec::text_or_empty(r->spec.default_value)) {
      continue;
    }
    if (r == &row("strategy")) {
      // The strategy as this run used it (`spec`), after the seed.
      cmd += " --seed " + std::to_string(seed) + " --strategy " + spec;
    } else if (r->spec.value_name == nullptr) {
      cmd += std::string(" --") + r->spec.name;
    } else {
      cmd += std::string(" --") + r->spec.name + " " + shell_quote(text);
    }
  }
  return cmd;
}

}  // namespace enginesim::cli
