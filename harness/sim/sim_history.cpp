// sim_history.cpp - the linearizability verdict on a simulation's history.
#include "harness/sim/sim_history.h"

#include "enginesim/text_file.h"
#include "harness/model/linearizability.h"
#include "harness/model/text_codec.h"

namespace enginesim::sched {

model::ModelOptions model_options(const LoadedEngine& engine) {
  return model::options_shown_by(engine.info(), engine.v1());
}

std::vector<WitnessOp> witness_ops(const model::History& history,
                                   const model::CheckReport& report) {
  std::vector<WitnessOp> out;
  for (size_t k = 0; k < report.witness_entries.size(); ++k) {
    const size_t at = report.witness_entries[k];
    const model::HistoryEntry& e = history.entries[at];
    WitnessOp w;
    w.conn = e.conn;
    // Entries are in call order and a connection runs one operation at a
    // time, so the earlier entries of its connection are its earlier ones.
    for (size_t i = 0; i <= at; ++i) w.op_index += history.entries[i].conn == e.conn ? 1 : 0;
    w.op = model::to_text(e.op);
    // As the witness lists it (a shortened prefix may leave it pending).
    w.got = model::to_text(report.witness.entries[k].result);
    w.note = k < report.witness_notes.size() ? report.witness_notes[k] : "";
    out.push_back(std::move(w));
  }
  return out;
}

namespace {

// A history that fits once items may vanish: the engine may simply evict
// (memcached's default engine does when its cache is full), which the model
// allows only when told (--may-evict). Said, not assumed: an engine that
// loses items without evicting has a real defect.
// Only a verdict, within a tenth of the check's budget: no shrinking.
std::string eviction_hint(const model::History& history, const model::CheckOptions& options) {
  if (history.model.may_evict) return "";
  model::History evicting = history;
  evicting.model.may_evict = true;
  model::CheckOptions verdict_only = options;
  verdict_only.shrink = false;
  verdict_only.steps_max = options.steps_max / 10;
  if (model::check_history(evicting, verdict_only).verdict != model::Verdict::linearizable) {
    return "";
  }
  return "note: the history fits only if the engine evicted items: if yours evicts (as "
         "memcached's default engine does when its cache is full), run with --may-evict; if it "
         "does not, it lost them\n";
}

}  // namespace

void check_sim_history(const SimConfig& cfg, const model::History& history, RunResult* result) {
  if (!cfg.history_path.empty()) {
    if (!write_text_file(cfg.history_path, model::write_history(history)) && result->ok()) {
      result->verdict = Verdict::failed;
      result->report = "cannot write the history to " + cfg.history_path + "\n";
      return;
    }
  }
  // A lock-order cycle (a potential deadlock) yields to a history that is
  // not linearizable: a wrong answer that happened is the stronger finding.
  const bool checkable = result->ok() || result->verdict == Verdict::lock_order;
  if (!checkable || !cfg.check_linearizability) return;
  const model::CheckOptions options;
  const model::CheckReport report = model::check_history(history, options);
  if (report.verdict == model::Verdict::linearizable) return;
  result->verdict = Verdict::failed;
  result->report = "linearizability: the history of " + std::to_string(report.operations) +
                   " operations is " + model::verdict_name(report.verdict) + " (key " +
                   model::quote(report.key) + ")\n" + model::format_report(report, options) +
                   (cfg.history_path.empty() ? "(the whole history: add --history FILE)\n" : "");
  if (report.verdict == model::Verdict::not_linearizable) {
    result->witness = witness_ops(history, report);
    result->report += eviction_hint(history, options);
  }
}

}  // namespace enginesim::sched
