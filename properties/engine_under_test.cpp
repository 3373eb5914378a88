// engine_under_test.cpp - one case's engine: load, perform and check, finish.
#include "properties/engine_under_test.h"

#include <rapidcheck.h>

#include "harness/model/perform.h"

namespace enginesim::properties {
namespace {

// Sent when a key never reported a CAS: non-zero (0 would mean "no CAS")
// and far above what a short run hands out.
constexpr uint64_t kNeverHandedOutCas = 0x5eed'0000'0000ull;
constexpr uint64_t kBogusCasOffset = 1'000'003;

bool reports_cas(model::OpKind kind) {
  return kind == model::OpKind::get || model::is_store(kind) || kind == model::OpKind::incr ||
         kind == model::OpKind::decr;
}

}  // namespace

const char* cas_choice_name(CasChoice choice) {
  switch (choice) {
    case CasChoice::latest: return "latest";
    case CasChoice::previous: return "previous";
    case CasChoice::bogus: return "bogus";
  }
  return "?";
}

EngineUnderTest::EngineUnderTest(const EngineTarget& target, CaseLog* log)
    : monitor_(core_), log_(log), target_name_(target.name) {
  std::map<std::string, size_t>* outcomes = log_->outcomes;
  auto stream = std::move(log_->stream);
  *log_ = CaseLog{};
  log_->outcomes = outcomes;
  log_->stream = std::move(stream);
  LoadOptions options;
  options.config = config_in(target.config, dir_.path());
  options.abi = target.abi;
  options.wrap = monitor_.wrapper();
  LoadError error{};
  engine_ = load_engine(target.path, core_, options, &error);
  if (engine_ == nullptr) { RC_FAIL(target.name + ": the engine did not load: " + error.message); }
  client_ = std::make_unique<EngineClient>(core_, engine_->handle());
  conn_ = &core_.connect();
  // What the engine shows of itself, as the simulation reads it (until
  // December 2026 the property checked the reported exptime for every engine).
  model::ModelOptions model_options =
      model::options_shown_by(engine_->info(), engine_->v1(), target.model);
  // An ABI whose core leaves exptimes to the engine (harness/abi/).
  model_options.engine_converts_exptime = !core_.conventions().exptime_converted_by_core;
  const model::Model model(model_options);
  checker_ = std::make_unique<model::SequentialChecker>(
      model, model.initial_state(core_.clock().current_time()));
}

EngineUnderTest::~EngineUnderTest() {
  client_.reset();
  engine_.reset();  // destroys the engine first if finish() did not
}

void EngineUnderTest::perform(const model::Operation& op) {
  RC_ASSERT(!finished_);
  const std::string before = to_text(checker_->possible().front());
  if (log_->stream) log_->stream('c', to_text(op));
  const model::Result result = model::perform(*client_, *conn_, op);
  if (result.completion == model::Completion::disconnect &&
      model::core_closes_after(op.kind, ENGINE_DISCONNECT)) {
    // memcached closes the connection after that answer (ON_DISCONNECT runs);
    // the client goes on with a new one, as in the simulation.
    core_.disconnect(*conn_);
    conn_ = &core_.connect();
  }
  ++log_->operations;
  log_->lines.push_back(to_text(op) + " -> " + to_text(result));
  const std::string outcome =
      std::string(model::op_kind_name(op.kind)) + " " + model::status_text(result.status);
  if (log_->outcomes != nullptr) ++(*log_->outcomes)[outcome];
  if (log_->stream) {
    log_->stream('d', log_->lines.back());
    log_->stream('o', outcome);
  }
  std::string why;
  if (!checker_->step(op, result, &why)) {
    RC_FAIL(target_name_ + ": " + why + "\n  model state before it: " + before);
  }
  fail_on_violation("during " + to_text(op));
  remember_cas(op, result);
}

uint64_t EngineUnderTest::cas_for(const std::string& key, CasChoice choice) const {
  auto it = cas_.find(key);
  const HeldCas held = it == cas_.end() ? HeldCas{} : it->second;
  const uint64_t latest = held.latest != 0 ? held.latest : kNeverHandedOutCas;
  switch (choice) {
    case CasChoice::latest: return latest;
    case CasChoice::previous: return held.previous != 0 ? held.previous : kNeverHandedOutCas;
    case CasChoice::bogus: return latest + kBogusCasOffset;
  }
  return latest;
}

void EngineUnderTest::finish() {
  RC_ASSERT(!finished_);
  finished_ = true;
  client_.reset();
  engine_->destroy();
  monitor_.finish();
  fail_on_violation("at the end of the case (after destroy)");
}

void EngineUnderTest::remember_cas(const model::Operation& op, const model::Result& result) {
  if (result.uncertain() || result.status != ENGINE_SUCCESS || result.cas == 0) return;
  if (!reports_cas(op.kind)) return;
  HeldCas& held = cas_[op.key];
  if (held.latest == result.cas) return;
  held.previous = held.latest;
  held.latest = result.cas;
}

void EngineUnderTest::fail_on_violation(const std::string& when) {
  if (monitor_.clean()) return;
  const std::vector<Violation> violations = monitor_.violations();
  std::string text = target_name_ + ": contract monitor violation " + when;
  for (const Violation& v : violations) {
    text += "\n  rule " + v.rule + ": " + v.message;
    for (const std::string& call : v.history) text += "\n    " + call;
  }
  RC_FAIL(text);
}

}  // namespace enginesim::properties
