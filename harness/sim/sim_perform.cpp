// sim_perform.cpp - one workload operation on one connection, as the engine,
// the history, the value ledger and the trace see it. The call itself and
// what its answer means are the model's (harness/model/perform.h).
#include "harness/sim/sim_perform.h"

#include "fakes/core.h"
#include "harness/model/perform.h"
#include "harness/model/text_codec.h"
#include "harness/sched/scheduler.h"

namespace enginesim::sched {

using model::OpKind;

namespace {

void append_result_text(std::string* s, const model::Operation& op, const OpResult& r) {
  *s += status_name(r.status);
  if (r.notify_lost) *s += " (notify lost)";
  if (r.blocks > 0) {
    model::append_field(s, " after ", r.blocks);
    *s += " EWOULDBLOCK";
  }
  if (r.status == ENGINE_SUCCESS) {
    if (op.kind == OpKind::get) {
      *s += " value=";
      model::append_quoted(s, r.value);
    }
    if (op.kind == OpKind::incr || op.kind == OpKind::decr) {
      model::append_field(s, " result=", r.number);
    }
    if (r.cas != 0) model::append_field(s, " cas=", r.cas);
  }
  if (!r.problem.empty()) {
    *s += " [";
    *s += r.problem;
    *s += ']';
  }
}

}  // namespace

std::string result_text(const model::Operation& op, const OpResult& r) {
  std::string s;
  append_result_text(&s, op, r);
  return s;
}

void fail_operation(const OpSite& where, const model::Operation& op, const std::string& problem) {
  Scheduler::fail(where.text() + " (" + model::to_text(op, model::OpSyntax::workload) +
                  "): " + problem);
}

OpOutcome perform(EngineClient& client, ConnPlan& plan, const model::Operation& op,
                  model::HistoryRecorder& history, ValueLedger& ledger, const OpSite& where,
                  bool unread) {
  Connection& conn = *plan.conn;
  // Before the call: a concurrent get may see a store before it returns.
  ledger.expect(op);
  VirtualClock& clock = client.core().clock();
  model::Operation sent = op;
  if (op.kind == OpKind::cas) sent.cas = plan.cas_seen[op.key];
  const size_t id = history.begin(conn.id, model::as_judged(sent), clock.current_time());
  const OpResult r = model::call(client, conn, sent);
  // Built in a buffer this thread keeps: after the first operations, the
  // note allocates nothing (its bytes are hashed; a trace keeps a copy).
  thread_local std::string note;
  note.clear();
  model::append_field(&note, "conn ", conn.id);
  note += ": ";
  model::append_text(&note, op, model::OpSyntax::workload);
  if (op.kind == OpKind::cas) {
    model::append_field(&note, " (sent cas ", sent.cas);
    note += ')';
  }
  note += " -> ";
  append_result_text(&note, op, r);
  if (unread) note += " (unread: the client has closed)";
  Scheduler::note(note);
  ledger.answered(op, r, where);
  OpOutcome out;
  if (r.notify_lost) {
    out.problem = "EWOULDBLOCK was never followed by notify_io_complete";
    return out;
  }
  if (!r.problem.empty()) {
    out.problem = r.problem;
    return out;
  }
  out.core_closes = model::core_closes_after(op.kind, r.status);
  if (unread) return out;  // pending in the history: uncertain for the model
  history.end(id, model::result_of(sent, r), clock.current_time());
  if (r.status == ENGINE_SUCCESS && r.cas != 0 && op.kind != OpKind::flush) {
    plan.cas_seen[op.key] = r.cas;
  }
  return out;
}

}  // namespace enginesim::sched
