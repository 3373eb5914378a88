// sim_end_checks.cpp - the checks at the end of a simulation (still serving
// after faults, value ledger, contract monitor, notify anomalies).
#include "harness/sim/sim_end_checks.h"

#include <set>
#include <string>

#include "harness/model/perform.h"
#include "harness/sched/scheduler.h"
#include "harness/sim/sim_perform.h"

namespace enginesim::sched {
namespace {

// An operation as the trace notes it.
std::string text(const model::Operation& op) {
  return model::to_text(op, model::OpSyntax::workload);
}

// Every key the workload's connections use (a flush names none).
std::set<std::string> workload_keys(const Workload& workload) {
  std::set<std::string> keys;
  for (const auto& ops : workload.connections) {
    for (const model::Operation& op : ops) {
      // A flush names no key, a stats group is no key.
      if (!model::is_global(op.kind) && !model::is_itemless(op.kind)) keys.insert(op.key);
    }
  }
  return keys;
}

// Each key answers a value (checked against the ledger) or KEY_ENOENT.
void get_every_key(EngineClient& client, Connection& conn, const std::set<std::string>& keys,
                   ValueLedger& ledger, const std::string& label) {
  for (const std::string& key : keys) {
    const model::Operation get = model::ops::get(key);
    const OpResult r = model::call(client, conn, get);
    Scheduler::note("conn " + std::to_string(conn.id) + ": " + text(get) + " -> " +
                    result_text(get, r));
    if (r.ok()) {
      ledger.observed(key, r.value, OpSite(label));
    } else if (r.status != ENGINE_KEY_ENOENT || r.notify_lost) {
      Scheduler::fail(label + ": the engine stopped serving: " + text(get) + " -> " +
                      result_text(get, r));
    }
  }
}

// A new key is stored and read back.
void store_and_read_back(EngineClient& client, Connection& conn, const std::string& label) {
  const model::Operation set = model::ops::set("enginesim-after-faults", "still-serving");
  const model::Operation get = model::ops::get(set.key);
  const OpResult stored = model::call(client, conn, set);
  const OpResult read = model::call(client, conn, get);
  Scheduler::note("conn " + std::to_string(conn.id) + ": " + text(set) + " -> " +
                  result_text(set, stored) + "; " + text(get) + " -> " + result_text(get, read));
  if (stored.status != ENGINE_SUCCESS || read.status != ENGINE_SUCCESS || read.value != set.value) {
    Scheduler::fail(label + ": the engine stopped serving: " + text(set) + " -> " +
                    result_text(set, stored) + ", then " + text(get) + " -> " +
                    result_text(get, read));
  }
}

// The first line of each violation: "rule-id: message".
std::string violations_text(const ContractMonitor& monitor) {
  std::string out;
  for (const Violation& v : monitor.violations())
    out += "  " + std::string(v.rule) + ": " + v.message + "\n";
  return out;
}

}  // namespace

void still_serving(EngineClient& client, const Workload& workload, ValueLedger& ledger) {
  const std::set<std::string> keys = workload_keys(workload);
  Connection& conn = client.core().connect();
  const std::string label = "after the faults, connection " + std::to_string(conn.id);
  get_every_key(client, conn, keys, ledger, label);
  store_and_read_back(client, conn, label);
  client.core().disconnect(conn);
}

void check_end(Incarnation& in, ValueLedger& ledger, std::vector<std::string>* warnings) {
  const std::vector<std::string> unexplained = ledger.check();
  if (!unexplained.empty()) {
    fail_listing("the engine answered " + std::to_string(unexplained.size()) +
                     " get(s) with a value that no store explains",
                 unexplained);
  }
  in.engine->destroy();
  in.monitor->finish();
  for (const Violation& w : in.monitor->warnings()) warnings->push_back(w.rule + ": " + w.message);
  if (!in.monitor->clean()) {
    Scheduler::fail("contract monitor: " + std::to_string(in.monitor->violations().size()) +
                    " violation(s)\n" + violations_text(*in.monitor));
  }
  // A notify for a connection with nothing blocked is the monitor's
  // notify.spurious, at its level (strict: memcached ignores it).
  const NotifyAnomalies a = in.core->notify_anomalies();
  if (a.unknown_cookie + a.double_notify != 0) {
    Scheduler::fail("notify_io_complete misuse: unknown cookie " +
                    std::to_string(a.unknown_cookie) + ", not waiting " +
                    std::to_string(a.not_waiting) + ", double " + std::to_string(a.double_notify));
  }
}

void fail_listing(const std::string& headline, const std::vector<std::string>& lines) {
  std::string text = headline + "\n";
  for (const std::string& l : lines) text += "  " + l + "\n";
  Scheduler::fail(text);
}

}  // namespace enginesim::sched
