// concurrent_case.cpp - generating, running and reporting one case of the
// concurrent linearizability property.
#include "properties/concurrent_case.h"

#include <fstream>
#include <iterator>
#include <memory>
#include <ostream>

#include "enginesim/temp_dir.h"
#include "harness/sched/choice_list_strategy.h"
#include "harness/sched/schedule_file.h"
#include "harness/sim/isolated_run.h"
#include "harness/sim/sim_options.h"
#include "harness/sim/workload_file.h"

namespace enginesim::properties {
namespace {

using model::OpKind;

constexpr int kPrefixMax = 3;       // operations before the connections start
constexpr int kOpsMax = 4;          // operations per connection
constexpr int kConnectionsMax = 4;  // K = 2..4
constexpr int kChoicesMax = 12;     // the schedule: a list used cyclically
constexpr uint32_t kChoiceMax = 7;  // each picks option (n mod count)
constexpr int kAdvancesMax = 2;     // clock advances, 1..3 s each

// Relative exptimes of a store: mostly none (the first, which shrinking
// prefers), else 1..3 s, within reach of the clock advances.
const std::vector<int64_t> kExptimes = {0, 0, 0, 1, 2, 3};

rc::Gen<model::Operation> gen_op(const PropertyTarget& target, const std::vector<OpKind>& mix) {
  // By default every item operation; the itemless ones (stats, unknown
  // commands, disconnects) are no item calls of the model, and a prefix
  // could not run them.
  std::vector<OpKind> kinds = mix;
  if (kinds.empty()) {
    for (OpKind kind : sched::all_op_kinds()) {
      if (!model::is_itemless(kind)) kinds.push_back(kind);
    }
  }
  const uint32_t keys = target.keys == 0 ? 1 : target.keys;
  const std::vector<int64_t> exptimes = target.expiry ? kExptimes : std::vector<int64_t>{0};
  // rapidcheck scales inRange by the size, which the containers set small:
  // the operation's fields are drawn at full size.
  return rc::gen::resize(
      100, rc::gen::apply(
               [](OpKind kind, uint32_t key, uint32_t value, int64_t exptime) {
                 model::Operation op;
                 op.kind = kind;
                 if (kind == OpKind::flush) return op;
                 op.key = "k" + std::to_string(key);
                 if (kind == OpKind::incr || kind == OpKind::decr) op.delta = value;
                 if (model::is_store(kind)) op.value = std::to_string(value);
                 // append and prepend keep the item's exptime (memcached ignores theirs).
                 if (model::is_store(kind) && kind != OpKind::append && kind != OpKind::prepend) {
                   op.exptime = exptime;
                 }
                 return op;
               },
               rc::gen::elementOf(kinds), rc::gen::inRange<uint32_t>(0, keys),
               rc::gen::inRange<uint32_t>(0, 10), rc::gen::elementOf(exptimes)));
}

std::string replace_tmpdir(std::string config, const std::string& dir) {
  const std::string placeholder = cli::kTmpdirPlaceholder;
  for (size_t at; (at = config.find(placeholder)) != std::string::npos;) {
    config.replace(at, placeholder.size(), dir);
  }
  return config;
}

std::string ops_text(const std::vector<model::Operation>& ops) {
  std::string out;
  for (const model::Operation& op : ops)
    out += "    " + model::to_text(op, model::OpSyntax::workload) + "\n";
  return ops.empty() ? "    (none)\n" : out;
}

std::string indent(const std::string& text) {
  std::string out = "    ";
  for (size_t i = 0; i < text.size(); ++i) {
    out.push_back(text[i]);
    if (text[i] == '\n' && i + 1 < text.size()) out += "    ";
  }
  return out;
}

}  // namespace

size_t ConcurrentCase::operations() const {
  size_t n = prefix.size();
  for (const auto& ops : connections) n += ops.size();
  return n;
}

rc::Gen<ConcurrentCase> gen_case(const PropertyTarget& target) {
  const rc::Gen<model::Operation> op = gen_op(target, target.mix);
  const auto ops = rc::gen::resize(kOpsMax, rc::gen::container<std::vector<model::Operation>>(op));
  const auto connections = rc::gen::suchThat(
      rc::gen::resize(kConnectionsMax,
                      rc::gen::container<std::vector<std::vector<model::Operation>>>(ops)),
      [](const std::vector<std::vector<model::Operation>>& c) { return c.size() >= 2; });
  const auto prefix = rc::gen::resize(
      kPrefixMax, rc::gen::container<std::vector<model::Operation>>(
                      gen_op(target, target.prefix_mix.empty() ? target.mix : target.prefix_mix)));
  const auto choices = rc::gen::resize(
      kChoicesMax,
      rc::gen::container<std::vector<uint32_t>>(rc::gen::inRange<uint32_t>(0, kChoiceMax + 1)));
  const auto advances =
      rc::gen::resize(target.expiry ? kAdvancesMax : 0,
                      rc::gen::container<std::vector<uint64_t>>(rc::gen::inRange<uint64_t>(1, 4)));
  // Half the cases put every operation on k0, where operations meet most
  // (shrinking prefers it): a lost update needs two on one key.
  const auto one_key = rc::gen::elementOf(std::vector<bool>{true, false});
  return rc::gen::apply(
      [](std::vector<model::Operation> p, std::vector<std::vector<model::Operation>> c,
         std::vector<uint32_t> s, std::vector<uint64_t> a, bool only_k0) {
        if (only_k0) {
          for (model::Operation& op : p) op.key = op.key.empty() ? op.key : "k0";
          for (auto& ops : c) {
            for (model::Operation& op : ops) op.key = op.key.empty() ? op.key : "k0";
          }
        }
        return ConcurrentCase{std::move(p), std::move(c), std::move(s), std::move(a)};
      },
      prefix, connections, choices, advances, one_key);
}

sched::Workload workload_of(const ConcurrentCase& c) {
  sched::Workload w;
  w.prefix = c.prefix;
  w.connections = c.connections;
  w.advances_sec = c.advances_sec;
  return w;
}

namespace {

sched::SimConfig config_of(const PropertyTarget& target, const ConcurrentCase& c) {
  sched::SimConfig cfg;
  cfg.engine_path = target.engine_path;
  cfg.engine_config = target.config;
  cfg.abi = target.abi;
  cfg.may_evict = target.may_evict;
  cfg.connections = static_cast<uint32_t>(c.connections.size());
  cfg.workload = std::make_shared<sched::Workload>(workload_of(c));
  return cfg;
}

}  // namespace

sched::RunResult run_case(const PropertyTarget& target, const ConcurrentCase& c,
                          const std::string& history_path) {
  sched::SimConfig cfg = config_of(target, c);
  cfg.history_path = history_path;
  const TempDir dir("enginesim-property-run-", std::nothrow);
  cfg.engine_config = replace_tmpdir(cfg.engine_config, dir.path());
  sched::RunResult r = sched::run_in_child(
      [&] {
        sched::ChoiceListStrategy strategy(c.choices);
        return sched::sim_run(cfg, strategy);
      },
      target.case_limit_ms);
  return r;
}

std::string describe_failure(const PropertyTarget& target, const ConcurrentCase& c,
                             const sched::RunResult& result, const std::string& dir,
                             const std::string& enginesim) {
  cli::SimSetup setup;
  setup.cfg = config_of(target, c);
  setup.strategy = "choices";
  setup.workload_path = dir + "/workload";
  setup.workload_text = sched::format_workload(*setup.cfg.workload);
  std::string error;
  std::string files;
  if (!sched::write_workload_file(setup.workload_path, *setup.cfg.workload, &error)) {
    files += "  (workload not written: " + error + ")\n";
  }
  sched::ScheduleFile file;
  file.seed = 0;
  file.strategy = setup.strategy;
  cli::put_meta(setup, &file);
  file.trace_hash = result.trace_hash;
  file.choices = result.choices;
  const std::string schedule = dir + "/failure.schedule";
  if (!sched::write_schedule_file(schedule, file, &error)) {
    files += "  (schedule not written: " + error + ")\n";
  }
  std::string out = "counterexample: " + std::to_string(c.operations()) + " operations on " +
                    std::to_string(c.connections.size()) + " connections\n";
  out += "  prefix (connection " + std::to_string(c.connections.size() + 1) +
         ", before the others start):\n" + ops_text(c.prefix);
  for (size_t i = 0; i < c.connections.size(); ++i) {
    out += "  connection " + std::to_string(i + 1) + ":\n" + ops_text(c.connections[i]);
  }
  if (!c.advances_sec.empty()) {
    out += "  clock (a thread of its own):";
    for (uint64_t sec : c.advances_sec) out += " advance " + std::to_string(sec) + "s";
    out += "\n";
  }
  out += "  schedule (decision i takes option list[i mod size] mod count):";
  for (uint32_t n : c.choices) out += " " + std::to_string(n);
  out += "\n  recorded choices: " + std::to_string(result.choices.size()) + "\n";
  out += "verdict: " + std::string(sched::to_string(result.verdict)) + "\n";
  out += indent(result.report) + "\n";
  std::ifstream history(dir + "/history");
  if (history) {
    const std::string text{std::istreambuf_iterator<char>(history),
                           std::istreambuf_iterator<char>()};
    out += "the whole history (" + dir + "/history):\n" + indent(text) + "\n";
  }
  out +=
      "files (kept): " + setup.workload_path + ", " + schedule + ", " + dir + "/history\n" + files;
  if (!enginesim.empty()) {
    out += "replay: " + enginesim + " replay " + schedule + " --history " + dir +
           "/replayed.history\n";
  }
  return out;
}

}  // namespace enginesim::properties

namespace enginesim::model {
void showValue(const Operation& op, std::ostream& os) { os << to_text(op, OpSyntax::workload); }
}  // namespace enginesim::model

namespace enginesim::properties {
void showValue(const ConcurrentCase& c, std::ostream& os) {
  os << c.operations() << " operations; prefix:";
  for (const auto& op : c.prefix)
    os << " [" << model::to_text(op, model::OpSyntax::workload) << "]";
  for (size_t i = 0; i < c.connections.size(); ++i) {
    os << "; connection " << i + 1 << ":";
    for (const auto& op : c.connections[i])
      os << " [" << model::to_text(op, model::OpSyntax::workload) << "]";
  }
  if (!c.advances_sec.empty()) {
    os << "; clock:";
    for (uint64_t sec : c.advances_sec) os << " +" << sec << "s";
  }
  os << "; choices:";
  for (uint32_t n : c.choices) os << " " << n;
}
}  // namespace enginesim::properties
