// sim_workers.cpp - the core worker loop that issues a connection's
// workload operations, and starting one for each connection.
#include "harness/sim/sim_workers.h"

#include <algorithm>
#include <memory>
#include <mutex>

#include "fakes/core.h"
#include "harness/sched/scheduler.h"
#include "harness/sim/sim_itemless.h"

namespace enginesim::sched {
namespace {

// One more of `counter` under the progress lock (no-op without progress).
void count(Progress* progress, size_t Progress::*counter) {
  if (progress == nullptr) return;
  std::lock_guard<std::mutex> lock(progress->mutex);
  ++(progress->*counter);
  progress->changed.notify_all();
}

// The next step of connection `p`: its next operation, or its disconnect
// when its operations are done.
void step(EngineClient& client, ValueLedger& ledger, model::HistoryRecorder& history, ConnPlan& p,
          Progress* progress) {
  const std::string label = "connection " + std::to_string(p.conn->id);
  if (p.next == p.ops->size()) {
    Scheduler::note("conn " + std::to_string(p.conn->id) + ": disconnect");
    client.core().disconnect(*p.conn);
    p.closed = true;
    return;
  }
  const model::Operation& op = (*p.ops)[p.next++];
  OpOutcome o;
  if (op.kind == model::OpKind::disconnect) {
    close_and_reconnect(client, p, "disconnect (the client closed its socket)");
  } else if (model::is_itemless(op.kind)) {
    o = perform_itemless(client, p, op);
  } else {
    // A disconnect next: the client sent this operation and closed without
    // reading the answer. memcached's 2010 core stops watching a socket
    // while its call is blocked (conn_nread: event_del when the engine
    // returned EWOULDBLOCK), so it sees the close only after the notify, the
    // re-call and the answer: the call runs to its end here too, and the
    // disconnect (conn_close, ON_DISCONNECT) is the connection's next step.
    const bool unread =
        p.next < p.ops->size() && (*p.ops)[p.next].kind == model::OpKind::disconnect;
    o = perform(client, p, op, history, ledger, OpSite(label, p.next), unread);
    // The connection the client was about to close is closed already.
    if (o.problem.empty() && o.core_closes && unread) ++p.next;
  }
  settle(client, p, OpSite(label, p.next), op, o);
  count(progress, &Progress::ops_done);
}

// A core worker's service of one connection: its operations, then its
// disconnect. Each action begins at a scheduling point of its own (a core
// choice of one option), so when it acts is the strategy's thread choice.
// On a shared worker each action holds the worker's turn (SharedWorker,
// fakes/connection.h), which the core lets go while the connection waits
// for a notify.
void serve(EngineClient& client, ValueLedger& ledger, model::HistoryRecorder& history, ConnPlan& p,
           const std::string& name, Progress* progress,
           const std::shared_ptr<SharedWorker>& worker) {
  Scheduler::name_thread(name);
  while (!p.closed) {
    Scheduler::choose(1);
    std::unique_lock<std::mutex> turn;
    if (worker) turn = std::unique_lock<std::mutex>(worker->turn);
    step(client, ledger, history, p, progress);
  }
  count(progress, &Progress::workers_done);
}

}  // namespace

std::vector<std::thread> start_workers(const SimConfig& cfg, EngineClient& client,
                                       ValueLedger& ledger, model::HistoryRecorder& history,
                                       std::vector<ConnPlan>& plans, Progress* progress) {
  const size_t n = plans.size();
  const size_t worker_count = cfg.workers == 0 ? n : std::min<size_t>(cfg.workers, n);
  // Connection c is on worker c % worker_count; a worker with more than one
  // connection is shared: each of its connections gets a thread of its own,
  // and the worker's turn lets one act at a time.
  std::vector<std::shared_ptr<SharedWorker>> shared(worker_count);
  for (size_t w = 0; w < worker_count; ++w) {
    if (w + worker_count < n) shared[w] = std::make_shared<SharedWorker>();
  }
  std::vector<std::thread> threads;
  for (size_t c = 0; c < n; ++c) {
    const size_t w = c % worker_count;
    ConnPlan* plan = &plans[c];
    plan->conn->shared_worker = shared[w];
    const std::string conn = "conn " + std::to_string(plan->conn->id);
    const std::string name =
        shared[w] ? conn + " on worker " + std::to_string(w + 1) : conn + " worker";
    threads.emplace_back([&client, &ledger, &history, progress, plan, name, worker = shared[w]] {
      serve(client, ledger, history, *plan, name, progress, worker);
    });
  }
  return threads;
}

}  // namespace enginesim::sched
