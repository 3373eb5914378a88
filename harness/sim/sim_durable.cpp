// sim_durable.cpp - reading the persistence signal and checking it after a
// restart.
#include "harness/sim/sim_durable.h"

#include <charconv>

#include "harness/model/text_codec.h"
#include "harness/sched/scheduler.h"

namespace enginesim::sched {
namespace {

constexpr int kDurableGetAttempts = 8;

}  // namespace

std::vector<DurableFact> durable_facts(EngineClient& client, bool* supported,
                                       std::string* problem) {
  std::vector<DurableFact> facts;
  Connection& conn = client.core().connect();
  const StatsResult r = client.stats(conn, kDurableStatsGroup);
  client.core().disconnect(conn);
  *supported = r.status == ENGINE_SUCCESS;
  if (r.notify_lost) *problem = "get_stats(\"durable\") returned EWOULDBLOCK and never notified";
  if (!*supported) return facts;
  for (const auto& [key, value] : r.stats) {
    DurableFact f{key, 0};
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), f.cas);
    if (ec != std::errc() || end != value.data() + value.size()) {
      *problem = "get_stats(\"durable\"): key " + model::quote(key) + " has value " +
                 model::quote(value) + ", not a CAS in decimal";
      return {};
    }
    facts.push_back(std::move(f));
  }
  return facts;
}

std::vector<std::string> check_durable(EngineClient& client, Connection& conn,
                                       const std::vector<DurableFact>& facts,
                                       const MayVanish& may_vanish) {
  std::vector<std::string> problems;
  for (const DurableFact& f : facts) {
    // A transient error (an I/O fault in a bg fetch: TMPFAIL) is retried;
    // an engine that keeps failing a persisted key fails the check.
    OpResult r;
    for (int attempt = 0; attempt < kDurableGetAttempts; ++attempt) {
      r = client.get(conn, f.key);
      if (r.status == ENGINE_SUCCESS || r.status == ENGINE_KEY_ENOENT || r.notify_lost) break;
    }
    const std::string what = "key " + model::quote(f.key) + ", durable at CAS " +
                             std::to_string(f.cas) + " before the crash, ";
    Scheduler::note("restart: get " + model::quote(f.key) + " -> " + status_name(r.status) +
                    (r.status == ENGINE_SUCCESS ? " cas=" + std::to_string(r.cas) : ""));
    if (r.notify_lost) {
      problems.push_back(what + "was never answered (EWOULDBLOCK without a notify)");
    } else if (r.status == ENGINE_SUCCESS) {
      if (r.cas < f.cas) {
        problems.push_back(what + "came back as an older version (CAS " + std::to_string(r.cas) +
                           ")");
      }
    } else if (r.status == ENGINE_KEY_ENOENT) {
      if (may_vanish.keys.count(f.key) == 0) {
        problems.push_back(what +
                           "is gone after the restart (no client deleted it and it had "
                           "no expiry time)");
      }
    } else {
      problems.push_back(what + "answers " + status_name(r.status) + " after the restart (" +
                         std::to_string(kDurableGetAttempts) + " attempts)");
    }
  }
  return problems;
}

}  // namespace enginesim::sched
