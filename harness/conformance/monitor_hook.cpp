// monitor_hook.cpp - binds MonitorHook to harness/monitor's ContractMonitor.
#include "harness/conformance/monitor_hook.h"

#include "harness/monitor/monitor.h"

namespace enginesim::conformance {

MonitorHook::MonitorHook(Core& core) : core_(core) {}

MonitorHook::~MonitorHook() { retire(); }

bool MonitorHook::available() { return true; }

std::function<ENGINE_HANDLE*(ENGINE_HANDLE*)> MonitorHook::before_load() {
  retire();
  // Every rule as a violation: the clause's judge weighs each by its level.
  MonitorOptions options;
  options.level = Level::strict;
  current_ = std::make_unique<ContractMonitor>(core_, options);
  return current_->wrapper();
}

void MonitorHook::retire() {
  if (!current_) return;
  current_->finish();
  for (const Violation& v : current_->violations()) {
    ContractFinding f{v.rule, v.message, ""};
    for (const std::string& line : v.history) f.history += line + "\n";
    findings_.push_back(std::move(f));
  }
  current_.reset();
}

std::vector<ContractFinding> MonitorHook::finish() {
  retire();
  return findings_;
}

}  // namespace enginesim::conformance
