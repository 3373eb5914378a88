// perform.cpp - Operation -> EngineClient call -> Result.
#include "harness/model/perform.h"

#include "enginesim/check.h"

namespace enginesim::model {
namespace {

ENGINE_STORE_OPERATION store_op(OpKind kind) {
  switch (kind) {
    case OpKind::add: return OPERATION_ADD;
    case OpKind::replace: return OPERATION_REPLACE;
    case OpKind::append: return OPERATION_APPEND;
    case OpKind::prepend: return OPERATION_PREPEND;
    case OpKind::cas: return OPERATION_CAS;
    default: return OPERATION_SET;
  }
}

}  // namespace

bool core_closes_after(OpKind kind, ENGINE_ERROR_CODE status) {
  return status == ENGINE_DISCONNECT && kind != OpKind::remove && kind != OpKind::flush;
}

Result result_of(const Operation& op, const OpResult& r) {
  Result out;
  if (r.notify_lost) {
    out.completion = Completion::notify_lost;
    return out;
  }
  if (r.status == ENGINE_DISCONNECT) {
    out.completion = Completion::disconnect;
    return out;
  }
  out.status = r.ok() ? ENGINE_SUCCESS : (r.status == ENGINE_SUCCESS ? ENGINE_FAILED : r.status);
  if (out.status != ENGINE_SUCCESS || op.kind == OpKind::remove || is_global(op.kind)) return out;
  out.cas = r.cas;
  if (op.kind == OpKind::get) {
    out.value = r.value;
    out.flags = r.flags;
    out.exptime = r.exptime;
  } else if (op.kind == OpKind::incr || op.kind == OpKind::decr) {
    out.number = r.number;
  }
  return out;
}

OpResult call(EngineClient& client, Connection& conn, const Operation& op) {
  ES_CHECK_MSG(op.kind != OpKind::advance_time, "advance_time calls no engine entry point");
  ES_CHECK_MSG(!is_itemless(op.kind), "an itemless operation is no item call of the model");
  switch (op.kind) {
    case OpKind::get: return client.get(conn, op.key);
    case OpKind::remove: return client.remove(conn, op.key, op.cas);
    case OpKind::incr:
    case OpKind::decr:
      return client.arithmetic(conn, op.key, op.kind == OpKind::incr, op.delta, op.create,
                               op.initial, op.exptime);
    case OpKind::flush: return client.flush(conn, op.flush_when);
    default:
      return client.store(conn, store_op(op.kind), op.key, op.value, op.flags, op.exptime, op.cas);
  }
}

Result perform(EngineClient& client, Connection& conn, const Operation& op) {
  if (op.kind == OpKind::advance_time) {
    VirtualClock& clock = client.core().clock();
    while (clock.current_time() < op.time) clock.advance_sec(op.time - clock.current_time());
    return Result{};
  }
  return result_of(op, call(client, conn, op));
}

}  // namespace enginesim::model
