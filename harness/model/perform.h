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

// memcached closes the connection after this answer (conn_closing; the
// client needs a new one): ENGINE_DISCONNECT from a get, a store or an
// incr/decr (memcached.c@82fb476 process_bin_get :1741, process_bin_update
// :3040, complete_update_bin :1608, complete_incr_bin :1521). A remove's or
// a flush's is answered EINVAL and the connection stays (process_bin_delete
// :3216, process_bin_flush :3165).
bool core_closes_after(OpKind kind, ENGINE_ERROR_CODE status);

}  // namespace enginesim::model
