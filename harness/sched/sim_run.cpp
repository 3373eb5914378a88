// sim_run.cpp - loads the engine on the root controlled thread (so threads it
// starts are controlled), runs the core workers (one per connection unless
// fewer are asked for), advances the clock, destroys the engine, and turns
// protocol breaches into a failed verdict.
#include "sim_run.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "fakes/core.h"
#include "fakes/engine_client.h"
#include "harness/loader.h"
#include "harness/monitor/monitor.h"
#include "durable_shadow.h"
#include "io_faults.h"
#include "sim_crash.h"
#include "value_ledger.h"
#include "workload_file.h"

namespace enginesim::sched {
namespace {

constexpr uint32_t kNotifyTimeoutMs = 30u * 24 * 3600 * 1000;

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

// What a store may write, entered before the call (a concurrent get may see
// it before the store returns).
void expect_store(ValueLedger& ledger, const SimOp& op) {
  switch (op.kind) {
    case SimOp::Kind::set:
    case SimOp::Kind::add:
    case SimOp::Kind::replace: ledger.store(op.key, op.value); break;
    case SimOp::Kind::append: ledger.append(op.key, op.value); break;
    case SimOp::Kind::prepend: ledger.prepend(op.key, op.value); break;
    default: break;
  }
}

// Performs one operation and notes it in the trace; returns a problem
// description or "". `where` names it in ledger reports.
std::string perform(EngineClient& client, Connection& conn, const SimOp& op,
                    ValueLedger& ledger, const std::string& where) {
  expect_store(ledger, op);
  OpResult r;
  switch (op.kind) {
    case SimOp::Kind::get: r = client.get(conn, op.key); break;
    case SimOp::Kind::set:
    case SimOp::Kind::add:
    case SimOp::Kind::replace:
    case SimOp::Kind::append:
    case SimOp::Kind::prepend: {
      static constexpr ENGINE_STORE_OPERATION kOp[] = {OPERATION_SET, OPERATION_ADD,
                                                       OPERATION_REPLACE, OPERATION_APPEND,
                                                       OPERATION_PREPEND};
      const auto i = static_cast<size_t>(op.kind) - static_cast<size_t>(SimOp::Kind::set);
      r = client.store(conn, kOp[i], op.key, op.value, op.flags, op.exptime);
      break;
    }
    case SimOp::Kind::remove: r = client.remove(conn, op.key); break;
    case SimOp::Kind::incr: r = client.arithmetic(conn, op.key, true, op.number); break;
    case SimOp::Kind::decr: r = client.arithmetic(conn, op.key, false, op.number); break;
  }
  Scheduler::note("conn " + std::to_string(conn.id) + ": " + format_op(op) + " -> " +
                  result_text(op, r));
  if (op.kind == SimOp::Kind::incr || op.kind == SimOp::Kind::decr) {
    // A failed call may still have changed the value (an I/O fault after
    // the update): its result is unknown then.
    if (r.status == ENGINE_SUCCESS) ledger.arithmetic_result(op.key, r.number);
    else ledger.arithmetic_unknown(op.key);
  }
  if (op.kind == SimOp::Kind::get && r.status == ENGINE_SUCCESS) {
    ledger.observed(op.key, r.value, where);
  }
  if (r.notify_lost) return "EWOULDBLOCK was never followed by notify_io_complete";
  if (!r.problem.empty()) return r.problem;
  return "";
}

std::string describe_connections(Core& core) {
  std::string out;
  for (Connection* c : core.connections()) {
    out += "  connection " + std::to_string(c->id) + ": " + to_string(c->state) + "\n";
  }
  return out;
}

// Completed operations, for the crash point ("after N operations").
struct Progress {
  std::mutex mutex;
  std::condition_variable changed;
  size_t ops_done = 0;
  size_t workers_done = 0;
};

// One connection's progress through its operations.
struct ConnPlan {
  Connection* conn = nullptr;
  const std::vector<SimOp>* ops = nullptr;
  size_t next = 0;
  bool closed = false;
};

// A core worker: serves its connections until each has run its operations
// and disconnected. Which of them acts next is a core choice; when the
// worker acts at all is a thread choice.
// `progress` (crash runs only: its lock adds scheduling points, which would
// change every other run's schedules) counts completed operations.
void serve(EngineClient& client, ValueLedger& ledger, const std::vector<ConnPlan*>& mine,
           const std::string& name, Progress* progress) {
  Scheduler::name_thread(name);
  std::vector<ConnPlan*> live;
  for (;;) {
    live.clear();
    for (ConnPlan* p : mine) {
      if (!p->closed) live.push_back(p);
    }
    if (live.empty()) {
      if (progress != nullptr) {
        std::lock_guard<std::mutex> lock(progress->mutex);
        ++progress->workers_done;
        progress->changed.notify_all();
      }
      return;
    }
    ConnPlan& p = *live[Scheduler::choose(static_cast<uint32_t>(live.size()))];
    const std::string label = "connection " + std::to_string(p.conn->id);
    if (p.next == p.ops->size()) {
      Scheduler::note("conn " + std::to_string(p.conn->id) + ": disconnect");
      client.core().disconnect(*p.conn);
      p.closed = true;
      continue;
    }
    const SimOp& op = (*p.ops)[p.next++];
    const std::string problem =
        perform(client, *p.conn, op, ledger, label + " op " + std::to_string(p.next));
    if (!problem.empty()) {
      Scheduler::fail(label + " op " + std::to_string(p.next) + " (" + format_op(op) +
                      "): " + problem);
    }
    if (progress != nullptr) {
      std::lock_guard<std::mutex> lock(progress->mutex);
      ++progress->ops_done;
      progress->changed.notify_all();
    }
  }
}

// The first line of each violation: "rule-id: message".
std::string violations_text(const ContractMonitor& monitor) {
  std::string out;
  for (const Violation& v : monitor.violations()) out += "  " + std::string(v.rule) + ": " + v.message + "\n";
  return out;
}

// After a run with faults, without them: every key of the workload answers a
// get with a value or KEY_ENOENT (no lingering error), and a new key can be
// stored and read back.
void still_serving(EngineClient& client, const Workload& workload, ValueLedger& ledger) {
  std::set<std::string> keys;
  for (const auto& ops : workload.connections) {
    for (const SimOp& op : ops) keys.insert(op.key);
  }
  Connection& conn = client.core().connect();
  const std::string label = "after the faults, connection " + std::to_string(conn.id);
  for (const std::string& key : keys) {
    SimOp get;
    get.key = key;
    const OpResult r = client.get(conn, key);
    Scheduler::note("conn " + std::to_string(conn.id) + ": " + format_op(get) + " -> " +
                    result_text(get, r));
    if (r.ok()) {
      ledger.observed(key, r.value, label);
    } else if (r.status != ENGINE_KEY_ENOENT || r.notify_lost) {
      Scheduler::fail(label + ": the engine stopped serving: " + format_op(get) + " -> " +
                      result_text(get, r));
    }
  }
  SimOp set{SimOp::Kind::set, "enginesim-after-faults", "still-serving"};
  SimOp get;
  get.key = set.key;
  const OpResult stored = client.store(conn, OPERATION_SET, set.key, set.value, 0, 0);
  const OpResult read = client.get(conn, get.key);
  Scheduler::note("conn " + std::to_string(conn.id) + ": " + format_op(set) + " -> " +
                  result_text(set, stored) + "; " + format_op(get) + " -> " +
                  result_text(get, read));
  if (stored.status != ENGINE_SUCCESS || read.status != ENGINE_SUCCESS ||
      read.value != set.value) {
    Scheduler::fail(label + ": the engine stopped serving: " + format_op(set) + " -> " +
                    result_text(set, stored) + ", then " + format_op(get) + " -> " +
                    result_text(get, read));
  }
  client.core().disconnect(conn);
}

// One incarnation of the engine: its core, monitor, engine and client.
struct Incarnation {
  std::unique_ptr<Core> owned_core;  // null for the first (sim_run owns it)
  Core* core = nullptr;
  std::unique_ptr<ContractMonitor> monitor;
  std::unique_ptr<LoadedEngine> engine;
  std::unique_ptr<EngineClient> client;

  // Left as a crash leaves them: nothing is destroyed, nothing joined.
  void abandon() {
    (void)owned_core.release();
    (void)monitor.release();
    (void)engine.release();
    (void)client.release();
  }
};

// Loads the engine into `core` with a contract monitor; initialize runs
// without I/O faults (an engine may refuse to start on a failing disk; that
// is not a finding), the faults resume afterwards.
void start_engine(const SimConfig& cfg, Core& core, Incarnation* in) {
  in->core = &core;
  // The contract monitor sees both sides of every call; constructed on the
  // root controlled thread so its lock is part of the schedule.
  MonitorOptions monitor_options;
  monitor_options.log_calls_max = 20000;
  in->monitor = std::make_unique<ContractMonitor>(core, monitor_options);
  LoadError error;
  LoadOptions load;
  load.wrap = in->monitor->wrapper();
  load.config = cfg.engine_config;
  install_fault_profile(nullptr);
  in->engine = load_engine(cfg.engine_path, core, load, &error);
  if (!in->engine) Scheduler::fail("the engine did not load: " + error.message);
  install_fault_profile(cfg.faults.get());
  in->client = std::make_unique<EngineClient>(core, in->engine->handle());
}

std::vector<std::thread> start_workers(const SimConfig& cfg, EngineClient& client,
                                       ValueLedger& ledger, std::vector<ConnPlan>& plans,
                                       Progress* progress) {
  const size_t n = plans.size();
  const size_t worker_count = cfg.workers == 0 ? n : std::min<size_t>(cfg.workers, n);
  std::vector<std::thread> workers;
  for (size_t w = 0; w < worker_count; ++w) {
    std::vector<ConnPlan*> mine;
    for (size_t c = w; c < n; c += worker_count) mine.push_back(&plans[c]);
    const std::string name = mine.size() == 1
        ? "conn " + std::to_string(mine[0]->conn->id) + " worker"
        : "worker " + std::to_string(w + 1);
    workers.emplace_back([&client, &ledger, progress, mine, name] {
      serve(client, ledger, mine, name, progress);
    });
  }
  return workers;
}

// `--faults crash`: waits until the strategy's number of operations is
// done, reads the persistence signal, stops every other thread where it is,
// rewrites the data directory to its durable state, starts a new engine on
// it, checks what was durable, and lets the connections go on with their
// remaining operations. Replaces `in`, `plans` and `workers`.
void crash_and_restart(const SimConfig& cfg, const CoreOptions& core_options,
                       VirtualClockTime& time, DurableShadow& shadow, ValueLedger& ledger,
                       Incarnation* in,
                       std::vector<ConnPlan>* plans, std::vector<std::thread>* workers,
                       std::unique_ptr<Progress>* progress_ptr) {
  Progress& progress = **progress_ptr;
  size_t total_ops = 0;
  for (const ConnPlan& p : *plans) total_ops += p.ops->size();
  const size_t crash_after = Scheduler::choose(static_cast<uint32_t>(total_ops + 1));
  const size_t worker_count = workers->size();
  {
    std::unique_lock<std::mutex> lock(progress.mutex);
    progress.changed.wait(lock, [&] {
      return progress.ops_done >= crash_after || progress.workers_done == worker_count;
    });
  }
  bool supported = false;
  std::string problem;
  const std::vector<DurableFact> facts = durable_facts(*in->client, &supported, &problem);
  if (!problem.empty()) Scheduler::fail("the persistence signal: " + problem);
  // Keys a client deleted or stored with an expiry time may be gone.
  MayVanish may_vanish;
  for (const ConnPlan& p : *plans) {
    for (size_t i = 0; i < p.next && i < p.ops->size(); ++i) {
      const SimOp& op = (*p.ops)[i];
      if (op.kind == SimOp::Kind::remove || op.exptime != 0) may_vanish.keys.insert(op.key);
    }
  }
  // An incr/decr in flight at the crash may have been applied (and even
  // persisted) without its result ever reaching the client.
  for (const ConnPlan& p : *plans) {
    if (p.next == 0 || p.next > p.ops->size()) continue;
    const SimOp& op = (*p.ops)[p.next - 1];
    if (op.kind == SimOp::Kind::incr || op.kind == SimOp::Kind::decr) {
      ledger.arithmetic_unknown(op.key);
    }
  }
  const size_t stopped = Scheduler::crash_other_threads();
  const std::string restored = shadow.restore();
  Scheduler::note("crash after " + std::to_string(crash_after) + " operations: " +
                  std::to_string(stopped) + " threads stopped; " + restored + "; " +
                  (supported ? std::to_string(facts.size()) + " keys reported durable"
                             : std::string("no persistence signal")));
  in->monitor->retire_after_crash();
  in->core->retire_after_crash();
  in->abandon();
  (void)new std::vector<std::thread>(std::move(*workers));  // never joined
  auto core = std::make_unique<Core>(core_options);
  time.switch_to(core->clock());
  Incarnation next;
  start_engine(cfg, *core, &next);
  next.owned_core = std::move(core);
  Connection& conn = next.core->connect();
  const std::vector<std::string> lost = check_durable(*next.client, conn, facts, may_vanish);
  if (!lost.empty()) {
    std::string lines;
    for (const std::string& l : lost) lines += "  " + l + "\n";
    Scheduler::fail("durability: after the crash and restart, " + std::to_string(lost.size()) +
                    " persisted mutation(s) are not there\n" + lines);
  }
  next.core->disconnect(conn);
  std::vector<ConnPlan> remaining;
  for (const ConnPlan& p : *plans) {
    if (!p.closed) remaining.push_back({&next.core->connect(), p.ops, p.next, false});
  }
  *in = std::move(next);
  // The old plans and progress may be pointed to (their mutex even held) by
  // stopped workers: kept, unused.
  (void)new std::vector<ConnPlan>(std::move(*plans));
  *plans = std::move(remaining);
  (void)progress_ptr->release();
  *progress_ptr = std::make_unique<Progress>();
}

void check_end(Incarnation& in, ValueLedger& ledger) {
  const std::vector<std::string> unexplained = ledger.check();
  if (!unexplained.empty()) {
    std::string lines;
    for (const std::string& l : unexplained) lines += "  " + l + "\n";
    Scheduler::fail("the engine answered " + std::to_string(unexplained.size()) +
                    " get(s) with a value no client stored\n" + lines);
  }
  in.engine->destroy();
  in.monitor->finish();
  if (!in.monitor->clean()) {
    Scheduler::fail("contract monitor: " + std::to_string(in.monitor->violations().size()) +
                    " violation(s)\n" + violations_text(*in.monitor));
  }
  const NotifyAnomalies a = in.core->notify_anomalies();
  if (a.unknown_cookie + a.not_waiting + a.double_notify != 0) {
    Scheduler::fail("notify_io_complete misuse: unknown cookie " + std::to_string(a.unknown_cookie) +
                    ", not waiting " + std::to_string(a.not_waiting) + ", double " +
                    std::to_string(a.double_notify));
  }
}

void drive(const SimConfig& cfg, const CoreOptions& core_options, Core& first_core,
           VirtualClockTime& time) {
  std::unique_ptr<DurableShadow> shadow;
  if (!cfg.crash_dir.empty()) {
    shadow = std::make_unique<DurableShadow>(cfg.crash_dir);
    install_durable_shadow(shadow.get());
  }
  Incarnation in;
  start_engine(cfg, first_core, &in);
  const Workload workload = make_workload(cfg);
  ValueLedger ledger;
  auto progress = std::make_unique<Progress>();
  const size_t n = workload.connections.size();
  std::vector<ConnPlan> plans(n);
  for (size_t c = 0; c < n; ++c) plans[c] = {&first_core.connect(), &workload.connections[c]};
  // Counted only when a crash waits for it (see serve).
  Progress* counted = shadow ? progress.get() : nullptr;
  std::vector<std::thread> workers = start_workers(cfg, *in.client, ledger, plans, counted);
  // The clock: each advance happens when the strategy picks this thread.
  for (uint64_t sec : workload.advances_sec) {
    Scheduler::yield_point();
    in.core->clock().advance_sec(sec);
    Scheduler::note("clock: advance " + std::to_string(sec) + "s");
  }
  if (shadow) {
    crash_and_restart(cfg, core_options, time, *shadow, ledger, &in, &plans, &workers,
                      &progress);
    workers = start_workers(cfg, *in.client, ledger, plans, progress.get());
  }
  for (auto& w : workers) w.join();
  install_fault_profile(nullptr);
  if (cfg.faults) still_serving(*in.client, workload, ledger);
  check_end(in, ledger);
  install_durable_shadow(nullptr);
}

}  // namespace

RunResult sim_run(const SimConfig& cfg, Strategy& strategy) {
  CoreOptions core_options;
  // Virtual time: the workload's clock advances must not make a pending
  // notify look lost. A notify that never comes still ends the wait, after
  // 30 virtual days, when nothing else can run.
  core_options.notify_timeout_ms = kNotifyTimeoutMs;
  // After a verdict other than ok, parked threads still hold (in the model)
  // the core's locks and point into it: the core must outlive the process's
  // remaining moments, so it is leaked rather than destroyed then.
  auto core = std::make_unique<Core>(core_options);
  auto time = std::make_unique<VirtualClockTime>(core->clock());
  SchedOptions options = cfg.sched;
  if (!options.describe_extra) {
    options.describe_extra = [c = core.get()] { return describe_connections(*c); };
  }
  RunResult result;
  {
    Scheduler scheduler(strategy, *time, options);
    result = scheduler.run([&] {
      Scheduler::name_thread("core main");
      drive(cfg, core_options, *core, *time);
    });
  }
  // A crash leaves the first engine's threads parked in its core as well.
  if (!result.ok() || !cfg.crash_dir.empty()) {
    (void)core.release();
    (void)time.release();
  }
  return result;
}

}  // namespace enginesim::sched
