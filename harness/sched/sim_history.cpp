// sim_history.cpp - workload operations as model operations, and the
// linearizability verdict on a simulation's history.
#include "sim_history.h"

#include <fstream>

#include "harness/model/linearizability.h"
#include "harness/model/text_codec.h"

namespace enginesim::sched {

model::Operation model_op(const SimOp& op, uint64_t cas) {
  namespace ops = model::ops;
  switch (op.kind) {
    case SimOp::Kind::get: return ops::get(op.key);
    case SimOp::Kind::set: return ops::set(op.key, op.value, op.flags, op.exptime);
    case SimOp::Kind::add: return ops::add(op.key, op.value, op.flags, op.exptime);
    case SimOp::Kind::replace: return ops::replace(op.key, op.value, op.flags, op.exptime);
    case SimOp::Kind::append: return ops::append(op.key, op.value);
    case SimOp::Kind::prepend: return ops::prepend(op.key, op.value);
    case SimOp::Kind::remove: return ops::remove(op.key);
    case SimOp::Kind::incr: return ops::incr(op.key, op.number);
    case SimOp::Kind::decr: return ops::decr(op.key, op.number);
    case SimOp::Kind::cas: return ops::cas(op.key, op.value, cas, op.flags, op.exptime);
    case SimOp::Kind::flush: return ops::flush(0);
  }
  return {};
}

model::ModelOptions model_options(const LoadedEngine& engine) {
  model::ModelOptions options;
  options.cas_feature = false;
  if (const engine_info* info = engine.info()) {
    for (uint32_t i = 0; i < info->num_features; ++i) {
      if (info->features[i].feature == ENGINE_FEATURE_CAS) options.cas_feature = true;
    }
  }
  return options;
}

void check_sim_history(const SimConfig& cfg, const model::History& history, RunResult* result) {
  if (!cfg.history_path.empty()) {
    std::ofstream out(cfg.history_path, std::ios::binary | std::ios::trunc);
    out << model::write_history(history);
    if (!out.flush() && result->ok()) {
      result->verdict = Verdict::failed;
      result->report = "cannot write the history to " + cfg.history_path + "\n";
      return;
    }
  }
  if (!result->ok() || !cfg.check_linearizability) return;
  const model::CheckOptions options;
  const model::CheckReport report = model::check_history(history, options);
  if (report.verdict == model::Verdict::linearizable) return;
  result->verdict = Verdict::failed;
  result->report = "linearizability: the history of " + std::to_string(report.operations) +
                   " operations is " + model::verdict_name(report.verdict) + " (key " +
                   model::quote(report.key) + ")\n" + model::format_report(report, options) +
                   (cfg.history_path.empty() ? "(the whole history: add --history FILE)\n" : "");
}

}  // namespace enginesim::sched
