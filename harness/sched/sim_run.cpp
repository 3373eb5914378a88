// sim_run.cpp - loads the engine on the root controlled thread (so threads it
// starts are controlled), runs the core workers (one per connection unless
// fewer are asked for), advances the clock, destroys the engine, and turns
// protocol breaches into a failed verdict.
#include "sim_run.h"

#include <algorithm>
#include <climits>
#include <map>
#include <thread>

#include "fakes/core.h"
#include "fakes/engine_client.h"
#include "harness/loader.h"
#include "harness/model/history_recorder.h"
#include "harness/model/perform.h"
#include "harness/monitor/monitor.h"
#include "detail_text.h"
#include "sim_history.h"
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

// One connection's progress through its operations.
struct ConnPlan {
  Connection* conn = nullptr;
  const std::vector<SimOp>* ops = nullptr;
  size_t next = 0;
  bool closed = false;
  // The newest CAS this connection saw per key: what its cas ops send.
  std::map<std::string, uint64_t> cas_seen;
};

// Performs one operation, records it in the history and notes it in the
// trace; returns a problem description or "".
std::string perform(EngineClient& client, ConnPlan& plan, const SimOp& op,
                    model::HistoryRecorder& history) {
  Connection& conn = *plan.conn;
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

// A core worker: serves its connections until each has run its operations
// and disconnected. Which of them acts next is a core choice; when the
// worker acts at all is a thread choice.
void serve(EngineClient& client, const std::vector<ConnPlan*>& mine, const std::string& name,
           model::HistoryRecorder& history) {
  Scheduler::name_thread(name);
  std::vector<ConnPlan*> live;
  for (;;) {
    live.clear();
    for (ConnPlan* p : mine) {
      if (!p->closed) live.push_back(p);
    }
    if (live.empty()) return;
    ConnPlan& p = *live[Scheduler::choose(static_cast<uint32_t>(live.size()))];
    const std::string label = "connection " + std::to_string(p.conn->id);
    if (p.next == p.ops->size()) {
      Scheduler::note("conn " + std::to_string(p.conn->id) + ": disconnect");
      client.core().disconnect(*p.conn);
      p.closed = true;
      continue;
    }
    const SimOp& op = (*p.ops)[p.next++];
    const std::string problem = perform(client, p, op, history);
    if (!problem.empty()) {
      Scheduler::fail(label + " op " + std::to_string(p.next) + " (" + format_op(op) +
                      "): " + problem);
    }
  }
}

// The first line of each violation: "rule-id: message".
std::string violations_text(const ContractMonitor& monitor) {
  std::string out;
  for (const Violation& v : monitor.violations()) out += "  " + std::string(v.rule) + ": " + v.message + "\n";
  return out;
}

void drive(const SimConfig& cfg, Core& core, model::HistoryRecorder& history,
           model::ModelOptions* model) {
  // The contract monitor sees both sides of every call; constructed on the
  // root controlled thread so its lock is part of the schedule.
  MonitorOptions monitor_options;
  monitor_options.log_calls_max = 20000;
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
  ContractMonitor monitor(core, monitor_options);
  LoadError error;
  LoadOptions load;
  load.wrap = monitor.wrapper();
  load.config = cfg.engine_config;
  load.abi = cfg.abi;
  auto engine = load_engine(cfg.engine_path, core, load, &error);
  if (!engine) Scheduler::fail("the engine did not load: " + error.message);
  EngineClient client(core, engine->handle());
  *model = model_options(*engine);
  const Workload workload = make_workload(cfg);
  const size_t n = workload.connections.size();
  std::vector<ConnPlan> plans(n);
  for (size_t c = 0; c < n; ++c) {
    plans[c].conn = &core.connect();
    plans[c].ops = &workload.connections[c];
  }
  if (!workload.prefix.empty()) {
    // The prefix: one connection, one operation after the other, before
    // any worker starts.
    ConnPlan pre;
    pre.conn = &core.connect();
    pre.ops = &workload.prefix;
    for (const SimOp& op : workload.prefix) {
      ++pre.next;
      const std::string problem = perform(client, pre, op, history);
      if (!problem.empty()) {
        Scheduler::fail("prefix (connection " + std::to_string(pre.conn->id) + ") op " +
                        std::to_string(pre.next) + " (" + format_op(op) + "): " + problem);
      }
    }
    Scheduler::note("conn " + std::to_string(pre.conn->id) + ": disconnect");
    core.disconnect(*pre.conn);
  }
  const size_t worker_count = cfg.workers == 0 ? n : std::min<size_t>(cfg.workers, n);
  std::vector<std::thread> workers;
  for (size_t w = 0; w < worker_count; ++w) {
    std::vector<ConnPlan*> mine;
    for (size_t c = w; c < n; c += worker_count) mine.push_back(&plans[c]);
    const std::string name = mine.size() == 1
        ? "conn " + std::to_string(mine[0]->conn->id) + " worker"
        : "worker " + std::to_string(w + 1);
    workers.emplace_back(
        [&client, mine, name, &history] { serve(client, mine, name, history); });
  }
  // The clock: each advance happens when the strategy picks this thread.
  for (uint64_t sec : workload.advances_sec) {
    Scheduler::yield_point();
    // In the history an advance is an operation of its own (connection 0)
    // that takes effect at once: nothing else runs between call and return.
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
  for (auto& w : workers) w.join();
  engine->destroy();
  monitor.finish();
  if (!monitor.clean()) {
    Scheduler::fail("contract monitor: " + std::to_string(monitor.violations().size()) +
                    " violation(s)\n" + violations_text(monitor));
  }
  const NotifyAnomalies a = core.notify_anomalies();
  if (a.unknown_cookie + a.not_waiting + a.double_notify != 0) {
    Scheduler::fail("notify_io_complete misuse: unknown cookie " + std::to_string(a.unknown_cookie) +
                    ", not waiting " + std::to_string(a.not_waiting) + ", double " +
                    std::to_string(a.double_notify));
  }
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
      drive(cfg, *core, *history, &model);
    });
  }
  model::History recorded = history->history();
  recorded.model = model;
  if (!result.ok()) {
    (void)core.release();
    (void)time.release();
    (void)history.release();
  }
  check_sim_history(cfg, recorded, &result);
  return result;
}

}  // namespace enginesim::sched
