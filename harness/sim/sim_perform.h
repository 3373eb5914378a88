// sim_perform.h - one workload operation on one connection: the engine call,
// its entry in the run's history and in the value ledger, and its trace note.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "fakes/engine_client.h"
#include "harness/model/history_recorder.h"
#include "harness/model/operation.h"
#include "harness/sim/sim_run.h"
#include "harness/sim/value_ledger.h"

namespace enginesim::sched {

// One connection's progress through its operations.
struct ConnPlan {
  Connection* conn = nullptr;
  const std::vector<model::Operation>* ops = nullptr;
  size_t next = 0;
  bool closed = false;
  // The newest CAS this connection saw per key: what its cas ops send.
  std::map<std::string, uint64_t> cas_seen;
};

// An operation's result as the trace notes it ("SUCCESS after 1 EWOULDBLOCK
// value=...").
std::string result_text(const model::Operation& op, const OpResult& r);

// What became of one operation, for the connection's next step.
struct OpOutcome {
  std::string problem;  // "" or what broke (an EWOULDBLOCK never notified)
  // The real core closes the connection after this answer (conn_closing):
  // ON_DISCONNECT runs and the client's next operation needs a new one.
  bool core_closes = false;
};

// Performs one operation (the model's call of it, harness/model/perform.h),
// records it in the history and the value ledger and notes it in the trace.
// `where` names it in ledger reports. An ENGINE_DISCONNECT answer stays in
// the history without a result the client can rely on
// (model::Completion::disconnect); for a get, a store or an incr/decr the
// core then closes the connection (core_closes), for a remove or a flush it
// answers EINVAL and goes on (memcached.c@82fb476 process_bin_delete,
// process_bin_flush).
// `unread`: the client closes its connection without reading the answer
// (a `disconnect` follows): the core still serves the call to its end, as
// memcached does (sim_workers.cpp says why), but the client learns nothing,
// so the history keeps the operation pending (it may or may not have taken
// effect) and the CAS it returned is not the client's to send.
OpOutcome perform(EngineClient& client, ConnPlan& plan, const model::Operation& op,
                  model::HistoryRecorder& history, ValueLedger& ledger, const OpSite& where,
                  bool unread = false);

// Ends the run: the operation at `where` met `problem` (perform's answer),
// as "connection 2 op 7 (get k1): PROBLEM".
void fail_operation(const OpSite& where, const model::Operation& op, const std::string& problem);

}  // namespace enginesim::sched
