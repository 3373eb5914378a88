// sim_itemless.h - the workload's itemless operations (model/operation.h
// is_itemless): get_stats, reset_stats and unknown_command called the way
// memcached's 2010 core calls them, a client's disconnect, and the core
// closing a connection after an answer it does not serve. They stay out of
// the history: the model has no answer for them (stats values are the
// engine's own); the contract monitor checks their callbacks, and the
// history of the item operations around them checks they changed no item.
#pragma once

#include <string>

#include "fakes/engine_client.h"
#include "harness/model/operation.h"
#include "harness/sim/sim_perform.h"

namespace enginesim::sched {

// stats, reset_stats or unknown on the plan's connection, noted in the trace.
OpOutcome perform_itemless(EngineClient& client, ConnPlan& plan, const model::Operation& op);

// What follows an operation's outcome: the run fails at `where` with its
// problem, or the core closes the connection the answer came on
// (close_and_reconnect), or nothing.
void settle(EngineClient& client, ConnPlan& plan, const OpSite& where, const model::Operation& op,
            const OpOutcome& outcome);

// The plan's connection closes (ON_DISCONNECT, as memcached's conn_close)
// and the client opens a new one (ON_CONNECT, as conn_new) for the rest of
// its operations; `why` is noted in the trace.
void close_and_reconnect(EngineClient& client, ConnPlan& plan, const std::string& why);

// The request the core hands the engine for an `unknown` operation: a
// header without body, in network byte order.
std::string unknown_request(uint8_t opcode);

}  // namespace enginesim::sched
