// sim_run.cpp - loads the engine on the root controlled thread (so threads it
// starts are controlled), runs one core worker per connection, destroys the
// engine, and turns protocol breaches into a failed verdict.
#include "sim_run.h"

#include <thread>

#include "fakes/core.h"
#include "fakes/engine_client.h"
#include "harness/loader.h"

namespace enginesim::sched {
namespace {

constexpr uint32_t kNotifyTimeoutMs = 30u * 24 * 3600 * 1000;

// Performs one operation; returns a problem description or "".
std::string perform(EngineClient& client, Connection& conn, const SimOp& op) {
  const std::string key = "k" + std::to_string(op.key);
  OpResult r;
  switch (op.kind) {
    case SimOp::Kind::get: r = client.get(conn, key); break;
    case SimOp::Kind::set: r = client.store(conn, OPERATION_SET, key, op.value); break;
    case SimOp::Kind::add: r = client.store(conn, OPERATION_ADD, key, op.value); break;
    case SimOp::Kind::replace: r = client.store(conn, OPERATION_REPLACE, key, op.value); break;
    case SimOp::Kind::append: r = client.store(conn, OPERATION_APPEND, key, op.value); break;
    case SimOp::Kind::remove: r = client.remove(conn, key); break;
    case SimOp::Kind::incr: r = client.arithmetic(conn, key, true, op.number); break;
    case SimOp::Kind::decr: r = client.arithmetic(conn, key, false, op.number); break;
    case SimOp::Kind::advance_sec:
      Scheduler::yield_point();  // moving time is a visible step
      client.core().clock().advance_sec(op.number);
      return "";
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

void drive(const SimConfig& cfg, Core& core) {
  LoadError error;
  LoadOptions load;
  load.config = cfg.engine_config;
  auto engine = load_engine(cfg.engine_path, core, load, &error);
  if (!engine) Scheduler::fail("the engine did not load: " + error.message);
  EngineClient client(core, engine->handle());
  const auto workload = make_workload(cfg);
  std::vector<std::thread> workers;
  for (uint32_t c = 0; c < cfg.connections; ++c) {
    Connection& conn = core.connect();
    workers.emplace_back([&, c, conn_ptr = &conn] {
      Scheduler::name_thread("conn " + std::to_string(conn_ptr->id) + " worker");
      for (size_t i = 0; i < workload[c].size(); ++i) {
        const std::string problem = perform(client, *conn_ptr, workload[c][i]);
        if (!problem.empty()) {
          Scheduler::fail("connection " + std::to_string(conn_ptr->id) + " op " +
                          std::to_string(i + 1) + " (" + to_string(workload[c][i].kind) +
                          "): " + problem);
        }
      }
      core.disconnect(*conn_ptr);
    });
  }
  for (auto& w : workers) w.join();
  engine->destroy();
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
  Core core(core_options);
  VirtualClockTime time(core.clock());
  SchedOptions options = cfg.sched;
  if (!options.describe_extra) {
    options.describe_extra = [&core] { return describe_connections(core); };
  }
  Scheduler scheduler(strategy, time, options);
  return scheduler.run([&] {
    Scheduler::name_thread("core main");
    drive(cfg, core);
  });
}

}  // namespace enginesim::sched
