// sim_crash.cpp - the crash and restart of `--faults crash`: when it
// happens, what the clients may see vanish, stopping the old engine where it
// is and starting a new one on the durable state.
#include "harness/sim/sim_crash.h"

#include <mutex>
#include <string>

#include "harness/sched/scheduler.h"
#include "harness/sim/sim_durable.h"
#include "harness/sim/sim_end_checks.h"

namespace enginesim::sched {
namespace {

// Picks the crash point (a number of completed operations, 0..all) and waits
// for it, or for every worker to be done. Returns the crash point.
size_t wait_for_crash_point(const std::vector<ConnPlan>& plans, size_t worker_count,
                            Progress& progress) {
  size_t total_ops = 0;
  for (const ConnPlan& p : plans) total_ops += p.ops->size();
  const size_t crash_after = Scheduler::choose(static_cast<uint32_t>(total_ops + 1));
  std::unique_lock<std::mutex> lock(progress.mutex);
  progress.changed.wait(lock, [&] {
    return progress.ops_done >= crash_after || progress.workers_done == worker_count;
  });
  return crash_after;
}

// Keys a client deleted or stored with an expiry time may be gone.
MayVanish may_vanish(const std::vector<ConnPlan>& plans) {
  MayVanish out;
  for (const ConnPlan& p : plans) {
    for (size_t i = 0; i < p.next && i < p.ops->size(); ++i) {
      const model::Operation& op = (*p.ops)[i];
      if (op.kind == model::OpKind::remove || op.exptime != 0) out.keys.insert(op.key);
    }
  }
  return out;
}

// An incr/decr in flight at the crash may have been applied (and even
// persisted) without its result ever reaching the client.
void forget_inflight_arithmetic(const std::vector<ConnPlan>& plans, ValueLedger& ledger) {
  for (const ConnPlan& p : plans) {
    if (p.next == 0 || p.next > p.ops->size()) continue;
    const model::Operation& op = (*p.ops)[p.next - 1];
    if (op.kind == model::OpKind::incr || op.kind == model::OpKind::decr) {
      ledger.arithmetic_unknown(op.key);
    }
  }
}

// Stops every other thread where it is and rewrites the data directory to
// its durable state; the old incarnation and its workers are left as they
// are (never destroyed, never joined).
void crash(DurableShadow& shadow, size_t crash_after, bool supported, size_t durable_keys,
           Incarnation* in, std::vector<std::thread>* workers) {
  const size_t stopped = Scheduler::crash_other_threads();
  const std::string restored = shadow.restore();
  Scheduler::note("crash after " + std::to_string(crash_after) + " operations: " +
                  std::to_string(stopped) + " threads stopped; " + restored + "; " +
                  (supported ? std::to_string(durable_keys) + " keys reported durable"
                             : std::string("no persistence signal")));
  in->monitor->retire_after_crash();
  in->core->retire_after_crash();
  in->abandon();
  (void)new std::vector<std::thread>(std::move(*workers));  // never joined
}

// A new core (the scheduler's time now its clock) with a new engine on it.
Incarnation restart(const SimConfig& cfg, const CoreOptions& core_options, VirtualClockTime& time) {
  auto core = std::make_unique<Core>(core_options);
  time.switch_to(core->clock());
  Incarnation next;
  start_engine(cfg, *core, &next);
  next.owned_core = std::move(core);
  return next;
}

// Before any client acts: what was durable before the crash is there.
void check_restarted(Incarnation& next, const std::vector<DurableFact>& facts,
                     const MayVanish& vanish) {
  Connection& conn = next.core->connect();
  const std::vector<std::string> lost = check_durable(*next.client, conn, facts, vanish);
  if (!lost.empty()) {
    fail_listing("durability: after the crash and restart, " + std::to_string(lost.size()) +
                     " persisted mutation(s) are not there",
                 lost);
  }
  next.core->disconnect(conn);
}

// The connections not yet closed, on new connections of `core`, each where
// it was in its operations and with the CAS values it saw.
std::vector<ConnPlan> carry_over(const std::vector<ConnPlan>& plans, Core& core) {
  std::vector<ConnPlan> remaining;
  for (const ConnPlan& p : plans) {
    if (p.closed) continue;
    ConnPlan carried;
    carried.conn = &core.connect();
    carried.ops = p.ops;
    carried.next = p.next;
    carried.cas_seen = p.cas_seen;
    remaining.push_back(std::move(carried));
  }
  return remaining;
}

}  // namespace

void crash_and_restart(const SimConfig& cfg, const CoreOptions& core_options,
                       VirtualClockTime& time, DurableShadow& shadow, ValueLedger& ledger,
                       Incarnation* in, std::vector<ConnPlan>* plans,
                       std::vector<std::thread>* workers, std::unique_ptr<Progress>* progress_ptr) {
  const size_t crash_after = wait_for_crash_point(*plans, workers->size(), **progress_ptr);
  bool supported = false;
  std::string problem;
  const std::vector<DurableFact> facts = durable_facts(*in->client, &supported, &problem);
  if (!problem.empty()) Scheduler::fail("the persistence signal: " + problem);
  const MayVanish vanish = may_vanish(*plans);
  forget_inflight_arithmetic(*plans, ledger);
  crash(shadow, crash_after, supported, facts.size(), in, workers);
  Incarnation next = restart(cfg, core_options, time);
  check_restarted(next, facts, vanish);
  std::vector<ConnPlan> remaining = carry_over(*plans, *next.core);
  *in = std::move(next);
  // The old plans and progress may be pointed to (their mutex even held) by
  // stopped workers: kept, unused.
  (void)new std::vector<ConnPlan>(std::move(*plans));
  *plans = std::move(remaining);
  (void)progress_ptr->release();
  *progress_ptr = std::make_unique<Progress>();
}

}  // namespace enginesim::sched
