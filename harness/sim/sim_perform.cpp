// sim_perform.cpp - one workload operation on one connection, as the engine,
// the history, the value ledger and the trace see it.
#include "harness/sim/sim_perform.h"

#include "fakes/core.h"
#include "harness/model/perform.h"
#include "harness/sched/scheduler.h"
#include "harness/sim/sim_history.h"
#include "harness/sim/workload_file.h"

namespace enginesim::sched {
namespace {

// What a store may write, entered before the call (a concurrent get may see
// it before the store returns).
void expect_store(ValueLedger& ledger, const SimOp& op) {
  switch (op.kind) {
    case SimOp::Kind::set:
    case SimOp::Kind::add:
    case SimOp::Kind::replace:
    case SimOp::Kind::cas: ledger.store(op.key, op.value); break;
    case SimOp::Kind::append: ledger.append(op.key, op.value); break;
    case SimOp::Kind::prepend: ledger.prepend(op.key, op.value); break;
    default: break;
  }
}

// The engine call of `op` (a cas sends `cas`).
OpResult call_engine(EngineClient& client, Connection& conn, const SimOp& op, uint64_t cas) {
  switch (op.kind) {
    case SimOp::Kind::get: return client.get(conn, op.key);
    case SimOp::Kind::set:
    case SimOp::Kind::add:
    case SimOp::Kind::replace:
    case SimOp::Kind::append:
    case SimOp::Kind::prepend: {
      static constexpr ENGINE_STORE_OPERATION kOp[] = {OPERATION_SET, OPERATION_ADD,
                                                       OPERATION_REPLACE, OPERATION_APPEND,
                                                       OPERATION_PREPEND};
      const auto i = static_cast<size_t>(op.kind) - static_cast<size_t>(SimOp::Kind::set);
      return client.store(conn, kOp[i], op.key, op.value, op.flags, op.exptime);
    }
    case SimOp::Kind::cas:
      return client.store(conn, OPERATION_CAS, op.key, op.value, op.flags, op.exptime, cas);
    case SimOp::Kind::remove: return client.remove(conn, op.key);
    case SimOp::Kind::incr: return client.arithmetic(conn, op.key, true, op.number);
    case SimOp::Kind::decr: return client.arithmetic(conn, op.key, false, op.number);
    case SimOp::Kind::flush: return client.flush(conn, 0);
  }
  return OpResult{};
}

// What the answer tells the ledger: an arithmetic result, or a value a get saw.
void note_in_ledger(ValueLedger& ledger, const SimOp& op, const OpResult& r,
                    const std::string& where) {
  if (op.kind == SimOp::Kind::incr || op.kind == SimOp::Kind::decr) {
    // A failed call may still have changed the value (an I/O fault after
    // the update): its result is unknown then.
    if (r.status == ENGINE_SUCCESS) ledger.arithmetic_result(op.key, r.number);
    else ledger.arithmetic_unknown(op.key);
  }
  if (op.kind == SimOp::Kind::get && r.status == ENGINE_SUCCESS) {
    ledger.observed(op.key, r.value, where);
  }
}

}  // namespace

std::string result_text(const SimOp& op, const OpResult& r) {
  std::string s = status_name(r.status);
  if (r.notify_lost) s += " (notify lost)";
  if (r.blocks > 0) s += " after " + std::to_string(r.blocks) + " EWOULDBLOCK";
  if (r.status == ENGINE_SUCCESS) {
    if (op.kind == SimOp::Kind::get) s += " value=" + quote_bytes(r.value);
    if (op.kind == SimOp::Kind::incr || op.kind == SimOp::Kind::decr)
      s += " result=" + std::to_string(r.number);
    if (r.cas != 0) s += " cas=" + std::to_string(r.cas);
  }
  if (!r.problem.empty()) s += " [" + r.problem + "]";
  return s;
}

std::string perform(EngineClient& client, ConnPlan& plan, const SimOp& op,
                    model::HistoryRecorder& history, ValueLedger& ledger,
                    const std::string& where) {
  Connection& conn = *plan.conn;
  expect_store(ledger, op);
  VirtualClock& clock = client.core().clock();
  const uint64_t cas = op.kind == SimOp::Kind::cas ? plan.cas_seen[op.key] : 0;
  const model::Operation mop = model_op(op, cas);
  const size_t id = history.begin(conn.id, mop, clock.current_time());
  const OpResult r = call_engine(client, conn, op, cas);
  const std::string cas_note =
      op.kind == SimOp::Kind::cas ? " (sent cas " + std::to_string(cas) + ")" : "";
  Scheduler::note("conn " + std::to_string(conn.id) + ": " + format_op(op) + cas_note + " -> " +
                  result_text(op, r));
  note_in_ledger(ledger, op, r, where);
  if (r.notify_lost) return "EWOULDBLOCK was never followed by notify_io_complete";
  if (!r.problem.empty()) return r.problem;
  history.end(id, model::result_of(mop, r), clock.current_time());
  if (r.status == ENGINE_SUCCESS && r.cas != 0 && op.kind != SimOp::Kind::flush) {
    plan.cas_seen[op.key] = r.cas;
  }
  return "";
}

}  // namespace enginesim::sched
