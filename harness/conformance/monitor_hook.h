// monitor_hook.h - the one place where the contract monitor plugs into a
// conformance clause: a fresh monitor watches each engine instance the clause
// loads and, once the clause has torn it down, hands back what it saw.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "fakes/core.h"

namespace enginesim {
class ContractMonitor;
}

namespace enginesim::conformance {

// A contract violation as the conformance report shows it.
struct ContractFinding {
  std::string rule;     // the monitor's rule id, e.g. "notify.double"
  std::string message;  // what happened
  std::string history;  // the calls that led there, one per line
};

class MonitorHook {
 public:
  explicit MonitorHook(Core& core);
  ~MonitorHook();
  MonitorHook(const MonitorHook&) = delete;
  MonitorHook& operator=(const MonitorHook&) = delete;

  // False when the harness was built without the contract monitor.
  static bool available();
  // Right before create_instance of a new instance: ends the previous
  // instance's monitor (a monitor watches one engine, and one exists per
  // process at a time) and starts a fresh one, which installs its server-API
  // proxy. Returns the LoadOptions::wrap for the load.
  std::function<ENGINE_HANDLE*(ENGINE_HANDLE*)> before_load();
  // After the last engine was destroyed: ends monitoring, returns every
  // violation of every instance, in order.
  std::vector<ContractFinding> finish();

 private:
  void retire();
  Core& core_;
  std::unique_ptr<ContractMonitor> current_;
  std::vector<ContractFinding> findings_;
};

}  // namespace enginesim::conformance
