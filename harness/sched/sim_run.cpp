// sim_run.cpp - loads the engine on the root controlled thread (so threads it
// starts are controlled), runs the core workers (one per connection unless
// fewer are asked for), advances the clock, destroys the engine, and turns
// protocol breaches into a failed verdict. Every operation goes into the
// run's history (checked for linearizability after the run, sim_history.h)
// and into the value ledger (a get never answers a value nobody stored).
#include "sim_run.h"

#include <algorithm>
#include <climits>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "fakes/core.h"
#include "fakes/engine_client.h"
#include "harness/loader.h"
#include "harness/model/history_recorder.h"
#include "harness/model/perform.h"
#include "harness/monitor/monitor.h"
#include "detail_text.h"
#include "durable_shadow.h"
#include "io_faults.h"
#include "sim_crash.h"
#include "sim_history.h"
#include "value_ledger.h"
#include "workload_file.h"

namespace enginesim::sched {
namespace {

constexpr uint32_t kNotifyTimeoutMs = 30u * 24 * 3600 * 1000;
// The clock's advances are connection 0 in the history (clients are 1..N).
constexpr uint32_t kClockConnection = 0;

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
    case SimOp::Kind::replace:
    case SimOp::Kind::cas: ledger.store(op.key, op.value); break;
    case SimOp::Kind::append: ledger.append(op.key, op.value); break;
    case SimOp::Kind::prepend: ledger.prepend(op.key, op.value); break;
    default: break;
  }
}

// One connection's progress through its operations.
struct ConnPlan {
  Connection* conn = nullptr;
  const std::vector<SimOp>* ops = nullptr;
  size_t next = 0;
  bool closed = false;
  // The newest CAS this connection saw per key: what its cas ops send.
  std::map<std::string, uint64_t> cas_seen;
};

// Performs one operation, records it in the history and the value ledger and
// notes it in the trace; returns a problem description or "". `where` names
// it in ledger reports.
std::string perform(EngineClient& client, ConnPlan& plan, const SimOp& op,
                    model::HistoryRecorder& history, ValueLedger& ledger,
                    const std::string& where) {
  Connection& conn = *plan.conn;
  expect_store(ledger, op);
  VirtualClock& clock = client.core().clock();
  const uint64_t cas = op.kind == SimOp::Kind::cas ? plan.cas_seen[op.key] : 0;
  const model::Operation mop = model_op(op, cas);
  const size_t id = history.begin(conn.id, mop, clock.current_time());
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
    case SimOp::Kind::cas:
      r = client.store(conn, OPERATION_CAS, op.key, op.value, op.flags, op.exptime, cas);
      break;
    case SimOp::Kind::remove: r = client.remove(conn, op.key); break;
    case SimOp::Kind::incr: r = client.arithmetic(conn, op.key, true, op.number); break;
    case SimOp::Kind::decr: r = client.arithmetic(conn, op.key, false, op.number); break;
    case SimOp::Kind::flush: r = client.flush(conn, 0); break;
  }
  const std::string cas_note =
      op.kind == SimOp::Kind::cas ? " (sent cas " + std::to_string(cas) + ")" : "";
  Scheduler::note("conn " + std::to_string(conn.id) + ": " + format_op(op) + cas_note + " -> " +
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
  history.end(id, model::result_of(mop, r), clock.current_time());
  if (r.status == ENGINE_SUCCESS && r.cas != 0 && op.kind != SimOp::Kind::flush) {
    plan.cas_seen[op.key] = r.cas;
  }
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

// A core worker: serves its connections until each has run its operations
// and disconnected. Which of them acts next is a core choice; when the
// worker acts at all is a thread choice.
// `progress` (crash runs only: its lock adds scheduling points, which would
// change every other run's schedules) counts completed operations.
void serve(EngineClient& client, ValueLedger& ledger, model::HistoryRecorder& history,
           const std::vector<ConnPlan*>& mine, const std::string& name, Progress* progress) {
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
        perform(client, p, op, history, ledger, label + " op " + std::to_string(p.next));
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
  monitor_options.strict_notify = cfg.strict_notify;
  if (cfg.record_calls) {
    monitor_options.on_call = [](const CallRecord& r) {
      if (r.quiet) return;  // clock and hash queries: noise in a timeline
      Scheduler::detail(r.returned
          ? detail_ret(r.seq, r.result)
          : detail_call(r.seq, r.side == CallSide::engine_to_core, r.conn, r.function, r.args));
    };
    monitor_options.on_violation = [](const Violation& v) {
      Scheduler::detail(detail_violation(v.seq, v.rule, v.message));
    };
  }
  in->monitor = std::make_unique<ContractMonitor>(core, monitor_options);
  LoadError error;
  LoadOptions load;
  load.wrap = in->monitor->wrapper();
  load.config = cfg.engine_config;
  load.abi = cfg.abi;
  install_fault_profile(nullptr);
  in->engine = load_engine(cfg.engine_path, core, load, &error);
  if (!in->engine) Scheduler::fail("the engine did not load: " + error.message);
  install_fault_profile(cfg.faults.get());
  in->client = std::make_unique<EngineClient>(core, in->engine->handle());
}

std::vector<std::thread> start_workers(const SimConfig& cfg, EngineClient& client,
                                       ValueLedger& ledger, model::HistoryRecorder& history,
                                       std::vector<ConnPlan>& plans, Progress* progress) {
  const size_t n = plans.size();
  const size_t worker_count = cfg.workers == 0 ? n : std::min<size_t>(cfg.workers, n);
  std::vector<std::thread> workers;
  for (size_t w = 0; w < worker_count; ++w) {
    std::vector<ConnPlan*> mine;
    for (size_t c = w; c < n; c += worker_count) mine.push_back(&plans[c]);
    const std::string name = mine.size() == 1
        ? "conn " + std::to_string(mine[0]->conn->id) + " worker"
        : "worker " + std::to_string(w + 1);
    workers.emplace_back([&client, &ledger, &history, progress, mine, name] {
      serve(client, ledger, history, mine, name, progress);
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
    if (p.closed) continue;
    ConnPlan carried;
    carried.conn = &next.core->connect();
    carried.ops = p.ops;
    carried.next = p.next;
    carried.cas_seen = p.cas_seen;
    remaining.push_back(std::move(carried));
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

// The prefix: one connection, one operation after the other, before any
// worker starts.
void run_prefix(const Workload& workload, Incarnation& in, model::HistoryRecorder& history,
                ValueLedger& ledger) {
  if (workload.prefix.empty()) return;
  ConnPlan pre;
  pre.conn = &in.core->connect();
  pre.ops = &workload.prefix;
  const std::string label = "prefix (connection " + std::to_string(pre.conn->id) + ")";
  for (const SimOp& op : workload.prefix) {
    ++pre.next;
    const std::string where = label + " op " + std::to_string(pre.next);
    const std::string problem = perform(*in.client, pre, op, history, ledger, where);
    if (!problem.empty()) Scheduler::fail(where + " (" + format_op(op) + "): " + problem);
  }
  Scheduler::note("conn " + std::to_string(pre.conn->id) + ": disconnect");
  in.core->disconnect(*pre.conn);
}

// Each advance happens when the strategy picks this thread. In the history
// an advance is an operation of its own (connection 0) that takes effect at
// once: nothing else runs between its call and return.
void advance_clock(const Workload& workload, Core& core, model::HistoryRecorder& history) {
  for (uint64_t sec : workload.advances_sec) {
    Scheduler::yield_point();
    VirtualClock& clock = core.clock();
    const rel_time_t before = clock.current_time();
    const uint64_t seconds = std::min<uint64_t>(sec, UINT32_MAX - before);
    const size_t id = history.begin(
        kClockConnection, model::ops::advance_time(before + static_cast<rel_time_t>(seconds)),
        before);
    clock.advance_sec(sec);
    history.end(id, model::Result{}, clock.current_time());
    Scheduler::note("clock: advance " + std::to_string(sec) + "s");
  }
}

void drive(const SimConfig& cfg, const CoreOptions& core_options, Core& first_core,
           VirtualClockTime& time, model::HistoryRecorder& history, model::ModelOptions* model) {
  std::unique_ptr<DurableShadow> shadow;
  if (!cfg.crash_dir.empty()) {
    shadow = std::make_unique<DurableShadow>(cfg.crash_dir);
    install_durable_shadow(shadow.get());
  }
  Incarnation in;
  start_engine(cfg, first_core, &in);
  *model = model_options(*in.engine);
  const Workload workload = make_workload(cfg);
  ValueLedger ledger;
  auto progress = std::make_unique<Progress>();
  const size_t n = workload.connections.size();
  std::vector<ConnPlan> plans(n);
  for (size_t c = 0; c < n; ++c) {
    plans[c].conn = &first_core.connect();
    plans[c].ops = &workload.connections[c];
  }
  run_prefix(workload, in, history, ledger);
  // Counted only when a crash waits for it (see serve).
  Progress* counted = shadow ? progress.get() : nullptr;
  std::vector<std::thread> workers =
      start_workers(cfg, *in.client, ledger, history, plans, counted);
  advance_clock(workload, *in.core, history);
  if (shadow) {
    crash_and_restart(cfg, core_options, time, *shadow, ledger, &in, &plans, &workers,
                      &progress);
    workers = start_workers(cfg, *in.client, ledger, history, plans, progress.get());
  }
  for (auto& w : workers) w.join();
  install_fault_profile(nullptr);
  if (cfg.faults) still_serving(*in.client, workload, ledger);
  check_end(in, ledger);
  install_durable_shadow(nullptr);
  // After a restart the scheduler's time is this core's clock, read again
  // when the run ends (after this body returns): the core outlives the run,
  // like the first one (sim_run leaks both; the process ends right after).
  (void)in.owned_core.release();
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
  options.record_details = options.record_details || cfg.record_calls;
  if (!options.describe_extra) {
    options.describe_extra = [c = core.get()] { return describe_connections(*c); };
  }
  // Recorded from controlled threads one at a time: no lock (which would
  // add scheduling points). Like the core, leaked after a failed run.
  auto history = std::make_unique<model::HistoryRecorder>(
      model::ModelOptions{}, core->clock().current_time(),
      model::HistoryRecorder::Locking::caller_serializes);
  model::ModelOptions model;
  RunResult result;
  {
    Scheduler scheduler(strategy, *time, options);
    result = scheduler.run([&] {
      Scheduler::name_thread("core main");
      drive(cfg, core_options, *core, *time, *history, &model);
    });
  }
  model::History recorded = history->history();
  recorded.model = model;
  // A crash leaves the first engine's threads parked in its core as well.
  if (!result.ok() || !cfg.crash_dir.empty()) {
    (void)core.release();
    (void)time.release();
    (void)history.release();
  }
  // Under faults an engine may fail a call after (part of) its effect, and a
  // crash may lose what was acknowledged but not persisted: memcached's
  // model does not describe either, so the history is not checked then (the
  // value ledger and the durability check are, docs/faults.md).
  if (cfg.faults || !cfg.crash_dir.empty()) {
    SimConfig unchecked = cfg;
    unchecked.check_linearizability = false;
    check_sim_history(unchecked, recorded, &result);
  } else {
    check_sim_history(cfg, recorded, &result);
  }
  return result;
}

}  // namespace enginesim::sched
