// sim_itemless.cpp - stats, reset_stats, unknown_command and disconnects in
// a simulation, each the way memcached's 2010 core does it. Citations are
// memcached.c at 82fb476a801118ab9461e496abea46078b542209 (the tutorial-2010
// profile's core; docs/core-fidelity.md).
#include "harness/sim/sim_itemless.h"

#include <cstring>

#include "enginesim/check.h"
#include "fakes/core.h"
#include "harness/sched/scheduler.h"

namespace enginesim::sched {
namespace {

using model::OpKind;

std::string conn_label(const ConnPlan& plan) { return "conn " + std::to_string(plan.conn->id); }

// get_stats. The binary STAT command (process_bin_stat) calls get_stats with
// NULL for no group and with the key as the group, waits for a notify on
// EWOULDBLOCK and re-calls, answers every other status with an error packet,
// and closes the connection on ENGINE_DISCONNECT; the ascii `stats` ignores
// the status of the NULL call (process_stat, memcached.c:3703) and maps a
// group's (3761-3783: DISCONNECT closes, anything else answers). Every status
// is one the core accepts: none is a finding.
OpOutcome stats(EngineClient& client, ConnPlan& plan, const model::Operation& op) {
  OpOutcome out;
  const StatsResult r = client.stats(*plan.conn, op.key);
  Scheduler::note(conn_label(plan) + ": " + model::to_text(op, model::OpSyntax::workload) + " -> " +
                  status_name(r.status) + " (" + std::to_string(r.stats.size()) + " stats)" +
                  (r.notify_lost ? " (notify lost)" : ""));
  if (r.notify_lost) out.problem = "EWOULDBLOCK was never followed by notify_io_complete";
  out.core_closes = r.status == ENGINE_DISCONNECT;
  return out;
}

// reset_stats. `stats reset` (process_stat, memcached.c:3705-3707, through
// stats_reset) calls it once and answers RESET; it returns nothing.
OpOutcome reset_stats(EngineClient& client, ConnPlan& plan) {
  client.reset_stats(*plan.conn);
  Scheduler::note(conn_label(plan) + ": reset_stats");
  return {};
}

// unknown_command. dispatch_bin_command (memcached.c:2931-2937) forwards an
// opcode it has no case for to the engine, or answers UNKNOWN_COMMAND itself
// when the slot is NULL; process_bin_unknown_packet (2535-2558) then writes
// what the engine put through ADD_RESPONSE on ENGINE_SUCCESS, answers
// UNKNOWN_COMMAND on ENGINE_ENOTSUP, waits for the notify on EWOULDBLOCK (and
// re-calls only if the notify said SUCCESS, else treats its status as the
// answer), and closes the connection on any other status. 1.6.0-beta1
// answers VERBOSITY itself (EngineClient::core_answers): the seed's bare
// 0x1b is a protocol error there, EINVAL, and the connection closes.
OpOutcome unknown(EngineClient& client, ConnPlan& plan, const model::Operation& op) {
  OpOutcome out;
  const std::string what = conn_label(plan) + ": " + model::to_text(op, model::OpSyntax::workload);
  if (client.v1()->unknown_command == nullptr && !client.core_answers(op.opcode)) {
    Scheduler::note(what + " -> answered UNKNOWN_COMMAND by the core (no unknown_command)");
    return out;
  }
  const UnknownCommandResult r = client.unknown_command(*plan.conn, unknown_request(op.opcode));
  Scheduler::note(what + " -> " + status_name(r.status) + " (" +
                  std::to_string(r.responses.size()) + " responses)" +
                  (r.notify_lost ? " (notify lost)" : ""));
  if (r.notify_lost) {
    out.problem = "EWOULDBLOCK was never followed by notify_io_complete";
    return out;
  }
  out.core_closes = r.status != ENGINE_SUCCESS && r.status != ENGINE_ENOTSUP;
  return out;
}

}  // namespace

std::string unknown_request(uint8_t opcode) {
  // The core passes the request as it read it (process_bin_unknown_packet
  // points into the read buffer): the header in network byte order. A body
  // of 0 bytes keeps every length field 0, so no byte order matters but
  // the magic and the opcode.
  protocol_binary_request_header header;
  std::memset(&header, 0, sizeof header);
  header.request.magic = PROTOCOL_BINARY_REQ;
  header.request.opcode = opcode;
  return std::string(reinterpret_cast<const char*>(header.bytes), sizeof header.bytes);
}

OpOutcome perform_itemless(EngineClient& client, ConnPlan& plan, const model::Operation& op) {
  switch (op.kind) {
    case OpKind::stats: return stats(client, plan, op);
    case OpKind::reset_stats: return reset_stats(client, plan);
    case OpKind::unknown: return unknown(client, plan, op);
    default: break;
  }
  ES_CHECK_MSG(false, "perform_itemless: not a stats, reset_stats or unknown operation");
  return {};
}

void settle(EngineClient& client, ConnPlan& plan, const OpSite& where, const model::Operation& op,
            const OpOutcome& outcome) {
  if (!outcome.problem.empty()) {
    fail_operation(where, op, outcome.problem);
  } else if (outcome.core_closes) {
    close_and_reconnect(client, plan, "closed by the core after that answer (conn_closing)");
  }
}

void close_and_reconnect(EngineClient& client, ConnPlan& plan, const std::string& why) {
  Core& core = client.core();
  const std::string old = conn_label(plan);
  // conn_close runs the ON_DISCONNECT callbacks with the cookie still valid,
  // then releases what the connection held (conn_cleanup).
  std::shared_ptr<SharedWorker> worker = plan.conn->shared_worker;
  core.disconnect(*plan.conn);
  plan.conn = &core.connect();
  plan.conn->shared_worker = std::move(worker);  // the same worker serves the new one
  Scheduler::note(old + ": " + why + "; the client reconnects as " + conn_label(plan));
}

}  // namespace enginesim::sched
