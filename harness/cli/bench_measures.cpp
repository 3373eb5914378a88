// bench_measures.cpp - timing loops for `enginesim bench`. Wall-clock time is
// read only here, in the uncontrolled parent of each measurement.
#include "harness/cli/bench_measures.h"
#include "harness/cli/progress_line.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "fakes/core.h"
#include "fakes/engine_client.h"
#include "harness/loader.h"
#include "harness/model/history_generator.h"
#include "harness/model/linearizability.h"
#include "harness/proc/isolate.h"
#include "harness/sched/random_strategy.h"
#include "harness/sched/scheduler.h"
#include "harness/sim/run_pool.h"
#include "harness/sim/sim_run.h"
#include "harness/sim/sim_session.h"

namespace enginesim::cli {
namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Operation i of the sequential workload, the same on every route: even i
// sets k((i/2) mod 16) to "value<i>", odd i gets the key the set before it
// wrote, so every get finds its item (get, get_item_info, release).
model::Operation sequential_op(uint32_t i) {
  const std::string key = "k" + std::to_string((i / 2) % 16);
  return i % 2 == 0 ? model::ops::set(key, "value" + std::to_string(i)) : model::ops::get(key);
}

std::string replace_tmpdir(const std::string& config, const std::string& dir) {
  return substitute_tmpdir(config, dir);
}

// The EWOULDBLOCK protocol, the least any caller of an engine must do.
template <class Fn>
ENGINE_ERROR_CODE call(Core& core, Connection& conn, Fn&& fn) {
  for (;;) {
    core.begin_call(conn);
    const ENGINE_ERROR_CODE s = fn();
    core.end_call(conn, s);
    if (s != ENGINE_EWOULDBLOCK) return s;
    const BlockOutcome b = core.await_notify(conn);
    if (!b.notified || b.status != ENGINE_SUCCESS) return b.notified ? b.status : ENGINE_FAILED;
  }
}

bool direct_set(Core& core, Connection& conn, ENGINE_HANDLE* h, ENGINE_HANDLE_V1* v1,
                const std::string& key, const std::string& value) {
  item* it = nullptr;
  if (call(core, conn, [&] {
        return v1->allocate(h, &conn, &it, key.data(), key.size(), value.size() + 2, 0, 0);
      }) != ENGINE_SUCCESS)
    return false;
  item_info info{};
  info.nvalue = 1;
  if (!v1->get_item_info(h, &conn, it, &info)) return false;
  std::memcpy(info.value[0].iov_base, value.data(), value.size());
  std::memcpy(static_cast<char*>(info.value[0].iov_base) + value.size(), "\r\n", 2);
  uint64_t cas = 0;
  const ENGINE_ERROR_CODE s =
      call(core, conn, [&] { return v1->store(h, &conn, it, &cas, OPERATION_SET, 0); });
  v1->release(h, &conn, it);
  return s == ENGINE_SUCCESS;
}

bool direct_get(Core& core, Connection& conn, ENGINE_HANDLE* h, ENGINE_HANDLE_V1* v1,
                const std::string& key) {
  item* it = nullptr;
  const ENGINE_ERROR_CODE s = call(core, conn, [&] {
    return v1->get(h, &conn, &it, key.data(), static_cast<int>(key.size()), 0);
  });
  if (s != ENGINE_SUCCESS) return s == ENGINE_KEY_ENOENT;
  item_info info{};
  info.nvalue = 1;
  const bool ok = v1->get_item_info(h, &conn, it, &info);
  v1->release(h, &conn, it);
  return ok;
}

enum class Route { direct, client };

// In a child: ops/s by `route`, sent back as text.
double uncontrolled_rate(Route route, const std::string& engine, const std::string& config,
                         uint32_t ops, std::string* error) {
  RunDir dir;
  IsolatedResult r = run_isolated(
      [&](const auto& send) {
        Core core;
        LoadOptions options;
        options.config = replace_tmpdir(config, dir.path());
        LoadError load_error{};
        auto loaded = load_engine(engine, core, options, &load_error);
        if (!loaded) {
          send(load_error.message);
          return 2;
        }
        ENGINE_HANDLE* h = loaded->handle();
        auto* v1 = reinterpret_cast<ENGINE_HANDLE_V1*>(h);
        EngineClient client(core, h);
        Connection& conn = core.connect();
        const auto start = Clock::now();
        for (uint32_t i = 0; i < ops; ++i) {
          const model::Operation op = sequential_op(i);
          const bool set = op.kind == model::OpKind::set;
          bool ok = true;
          if (route == Route::direct) {
            ok = set ? direct_set(core, conn, h, v1, op.key, op.value)
                     : direct_get(core, conn, h, v1, op.key);
          } else {
            ok = set ? client.store(conn, OPERATION_SET, op.key, op.value).ok()
                     : client.get(conn, op.key).problem.empty();
          }
          if (!ok) {
            send("operation " + std::to_string(i) + " failed");
            return 1;
          }
        }
        const double secs = since(start);
        core.disconnect(conn);
        loaded->destroy();
        send(std::to_string(ops / secs));
        return 0;
      },
      {.limit_ms = 300'000});
  if (!r.exited || r.exit_code != 0) {
    *error = r.exited ? r.payload : r.describe();
    return 0;
  }
  return std::strtod(r.payload.c_str(), nullptr);
}

// Seconds of a whole scheduled run of `ops` operations (0: it failed); its
// scheduling steps in `*steps`.
double scheduled_seconds(const std::string& engine, const std::string& config, uint32_t ops,
                         uint64_t* steps, std::string* error) {
  SimSetup setup;
  setup.cfg.engine_path = engine;
  setup.cfg.engine_config = config;
  auto w = std::make_shared<sched::Workload>();
  w->connections.resize(1);
  for (uint32_t i = 0; i < ops; ++i) w->connections[0].push_back(sequential_op(i));
  setup.cfg.workload = std::move(w);
  setup.cfg.connections = 1;
  const auto start = Clock::now();
  const sched::RunResult r = run_one(setup, 1, {StrategyPlan::Kind::spec, "random", {}}, false);
  const double secs = since(start);
  *steps = r.steps;
  if (!r.ok()) {
    *error =
        std::string("the scheduled run ended ") + sched::to_string(r.verdict) + ": " + r.report;
    return 0;
  }
  return secs;
}

// Two threads hand a token back and forth `round_trips` times.
void ping_pong(uint32_t round_trips) {
  std::mutex m;
  std::condition_variable cv;
  int turn = 0;
  auto player = [&](int me) {
    for (uint32_t i = 0; i < round_trips; ++i) {
      std::unique_lock<std::mutex> lk(m);
      cv.wait(lk, [&] { return turn == me; });
      turn = 1 - me;
      cv.notify_one();
    }
  };
  std::thread a(player, 0), b(player, 1);
  a.join();
  b.join();
}

}  // namespace

double measure_page_fault_us(uint32_t repeat) {
  constexpr size_t kBytes = size_t{16} << 20;
  const auto page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  double best = 0;
  for (uint32_t i = 0; i < repeat; ++i) {
    void* p = ::mmap(nullptr, kBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return 0;
    auto* bytes = static_cast<volatile char*>(p);
    const auto start = Clock::now();
    for (size_t at = 0; at < kBytes; at += page) bytes[at] = 1;
    const double us = since(start) * 1e6 / static_cast<double>(kBytes / page);
    ::munmap(p, kBytes);
    if (best == 0 || us < best) best = us;
  }
  return best;
}

OpsRates measure_sequential_ops(const std::string& engine, const std::string& config, uint32_t ops,
                                uint32_t repeat, std::string* error) {
  // Best of `repeat` for each route, the routes interleaved, so that a burst
  // of load from elsewhere on the machine does not decide the comparison.
  OpsRates out;
  double once = 0, twice = 0;                // the best times of runs of ops and 2 x ops
  uint64_t steps_once = 0, steps_twice = 0;  // the same every time: counted
  auto best = [](double* best_secs, double secs) {
    if (secs > 0 && (*best_secs == 0 || secs < *best_secs)) *best_secs = secs;
  };
  for (uint32_t i = 0; i < repeat && error->empty(); ++i) {
    out.direct = std::max(out.direct, uncontrolled_rate(Route::direct, engine, config, ops, error));
    out.client = std::max(out.client, uncontrolled_rate(Route::client, engine, config, ops, error));
    best(&once, scheduled_seconds(engine, config, ops, &steps_once, error));
    best(&twice, scheduled_seconds(engine, config, 2 * ops, &steps_twice, error));
  }
  if (once > 0) out.scheduled = ops / once;
  if (once > 0 && twice > once) out.scheduled_marginal = ops / (twice - once);
  if (ops > 0 && steps_twice > steps_once) {
    out.steps_per_op = static_cast<double>(steps_twice - steps_once) / ops;
  }
  return out;
}

SwitchRates measure_switches(uint32_t round_trips, uint32_t repeat) {
  SwitchRates best;
  for (uint32_t i = 0; i < repeat; ++i) {
    const SwitchRates one = measure_switches_once(round_trips);
    best.raw = std::max(best.raw, one.raw);
    if (one.controlled > best.controlled) {
      best.controlled = one.controlled;
      best.controlled_steps = one.controlled_steps;
    }
  }
  return best;
}

SwitchRates measure_switches_once(uint32_t round_trips) {
  SwitchRates out;
  const double handoffs = 2.0 * round_trips;
  IsolatedResult raw = run_isolated(
      [&](const auto& send) {
        const auto start = Clock::now();
        ping_pong(round_trips);
        send(std::to_string(handoffs / since(start)));
        return 0;
      },
      {.limit_ms = 300'000});
  out.raw = std::strtod(raw.payload.c_str(), nullptr);
  IsolatedResult controlled = run_isolated(
      [&](const auto& send) {
        sched::RandomStrategy strategy(1);
        sched::PlainTime time;
        sched::SchedOptions options;
        options.trace_events_max = 0;
        options.steps_max = UINT64_MAX;
        sched::Scheduler scheduler(strategy, time, options);
        const auto start = Clock::now();
        const sched::RunResult r = scheduler.run([&] { ping_pong(round_trips); });
        const double secs = since(start);
        if (!r.ok()) return 1;
        send(std::to_string(handoffs / secs) + " " + std::to_string(r.steps / secs));
        return 0;
      },
      {.limit_ms = 300'000});
  if (controlled.exited && controlled.exit_code == 0) {
    char* end = nullptr;
    out.controlled = std::strtod(controlled.payload.c_str(), &end);
    out.controlled_steps = std::strtod(end, nullptr);
  }
  return out;
}

double measure_seeds(const SimSetup& setup, const std::string& spec, uint32_t seeds, size_t jobs,
                     uint64_t* failures, ProgressLine* progress) {
  sched::RunPool pool;
  std::map<uint64_t, std::unique_ptr<RunDir>> dirs;
  *failures = 0;
  uint64_t next = 1;
  const auto start = Clock::now();
  while (next <= seeds || pool.running() > 0) {
    while (next <= seeds && pool.running() < jobs) {
      auto dir = std::make_unique<RunDir>();
      pool.start(next,
                 sim_job(setup, next, {StrategyPlan::Kind::spec, spec, {}}, dir->path(), false));
      dirs[next++] = std::move(dir);
    }
    auto [seed, r] = pool.wait_one();
    dirs.erase(seed);
    if (!r.ok()) ++*failures;
    if (progress != nullptr) progress->done_one(r.ok());
  }
  return seeds / since(start);
}

double measure_history_check_ms(size_t operations, uint32_t connections, uint32_t keys,
                                std::string* error) {
  IsolatedResult r = run_isolated(
      [&](const auto& send) {
        model::GeneratorParams p;
        p.operations = operations;
        p.connections = connections;
        p.keys = keys;
        const model::History h = model::generate_history(p);
        const auto start = Clock::now();
        const model::CheckReport report = model::check_history(h);
        const double ms = since(start) * 1000.0;
        if (report.verdict != model::Verdict::linearizable) {
          send(std::string("the checker said ") + model::verdict_name(report.verdict) +
               " of a valid history");
          return 1;
        }
        send(std::to_string(ms));
        return 0;
      },
      {.limit_ms = 600'000});
  if (!r.exited || r.exit_code != 0) {
    *error = r.exited ? r.payload : r.describe();
    return 0;
  }
  return std::strtod(r.payload.c_str(), nullptr);
}

}  // namespace enginesim::cli
