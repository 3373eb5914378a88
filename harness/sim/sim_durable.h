// sim_durable.h - the durability contract of `--faults crash`
// (docs/durability.md): what an engine said was persisted before the crash,
// and the check of what a restarted engine answers for it.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "fakes/core.h"
#include "fakes/engine_client.h"

namespace enginesim::sched {

// The persistence signal: get_stats("durable") answers one stat per key
// whose current version is durable - name = the key, value = that version's
// CAS in decimal.
inline constexpr const char* kDurableStatsGroup = "durable";

struct DurableFact {
  std::string key;
  uint64_t cas = 0;
};

// Asks the engine, on a connection of its own; `supported` is false when the
// engine does not answer the group (then there is nothing to check).
std::vector<DurableFact> durable_facts(EngineClient& client, bool* supported, std::string* problem);

// What clients did before the crash that lets a persisted key be absent
// after it: a delete of it, or a store with an expiry time (it may have
// expired since).
struct MayVanish {
  std::set<std::string> keys;
};

// After the restart, before any client acts: every fact's key must answer a
// get with that CAS or a later one (a newer version that was persisted after
// the stats were read), or KEY_ENOENT when `may_vanish` allows it; another
// error is retried a few times (I/O faults may hit the restarted engine's
// reads). Returns one line per violation.
std::vector<std::string> check_durable(EngineClient& client, Connection& conn,
                                       const std::vector<DurableFact>& facts,
                                       const MayVanish& may_vanish);

}  // namespace enginesim::sched
