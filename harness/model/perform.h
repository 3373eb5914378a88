// perform.h - runs one model Operation against an engine through the fake
// core's EngineClient and returns the Result the model checks.
#pragma once

#include "fakes/engine_client.h"
#include "harness/model/operation.h"

namespace enginesim::model {

// The client call of `op` on `conn`, with everything the client saw (how
// often it blocked, a broken item protocol). Not for advance_time, which
// calls nothing: perform() moves the clock; nor for the itemless kinds
// (operation.h is_itemless), which harness/sim/sim_itemless.h calls.
OpResult call(EngineClient& client, Connection& conn, const Operation& op);

// advance_time moves the core's virtual clock forward until the server time
// is at least op.time (never backwards) and always succeeds.
Result perform(EngineClient& client, Connection& conn, const Operation& op);

// The client-level result as the model sees it (fields that do not belong
// to the operation's answer are dropped).
Result result_of(const Operation& op, const OpResult& r);

}  // namespace enginesim::model
