// monitor.cpp - the contract monitor's life cycle, call log, violations and
// report.
#include "harness/monitor/monitor.h"

#include <algorithm>
#include <atomic>

#include "enginesim/check.h"
#include "harness/monitor/format.h"
#include "harness/monitor/heap_census.h"
#include "harness/monitor/proxies.h"
#include "harness/monitor/thread_census.h"

namespace enginesim {

namespace {
std::atomic<ContractMonitor*> g_active{nullptr};

// Which thread is calling, unique for the process's life. Not
// std::thread::id: that is a pthread_t, and glibc gives a new thread the
// descriptor (and stack) of one that has exited, so an engine's task thread
// took over a dead one's record: its number, its tid, its last call. Whether
// the descriptor was free yet is a race on wall time, so a leaked thread's
// "last called" came and went between runs of the same schedule.
uint64_t this_thread_key() {
  static std::atomic<uint64_t> next{1};
  thread_local const uint64_t key = next.fetch_add(1, std::memory_order_relaxed);
  return key;
}
}  // namespace

std::string CallRecord::describe() const {
  std::string out;
  if (conn != 0) out += "conn " + std::to_string(conn) + " ";
  if (foreign_cookie) out += "foreign-cookie ";
  out += "thread " + std::to_string(thread) + ": ";
  if (side == CallSide::engine_to_core) out += "sapi.";
  out += function;
  out += "(" + args.text() + ")";
  if (!returned) {
    out += " ...";
  } else if (std::string r = result_text(); !r.empty()) {
    out += " -> " + r;
  }
  return out;
}

std::string CallRecord::result_text() const {
  if (!status) return result.text();
  std::string out = monitor_format::status(*status);
  if (!result.empty()) out += " " + result.text();
  return out;
}

ContractMonitor::ContractMonitor(Core& core, MonitorOptions options)
    : core_(core), options_(options), log_(options.log_calls_max) {
  ContractMonitor* expected = nullptr;
  ES_CHECK_MSG(g_active.compare_exchange_strong(expected, this),
               "one ContractMonitor per process at a time");
  ES_CHECK(options_.history_calls > 0);
  ES_CHECK(options_.log_calls_max > 0);
  baseline_tasks_ = list_tasks();
  if (options_.heap_growth_max_bytes > 0) baseline_heap_bytes_ = heap_in_use_bytes();
  core_.set_server_api_override(monitor_proxies::install_server_proxy(*core_.server_api()));
}

ContractMonitor::~ContractMonitor() {
  core_.set_server_api_override(nullptr);
  g_active.store(nullptr);
}

void ContractMonitor::retire_after_crash() {
  ContractMonitor* expected = this;
  ES_CHECK_MSG(g_active.compare_exchange_strong(expected, nullptr),
               "retire_after_crash on a monitor that is not the active one");
}

ContractMonitor* ContractMonitor::active() { return g_active.load(); }

ENGINE_HANDLE* ContractMonitor::wrap(ENGINE_HANDLE* engine) {
  ES_CHECK(engine != nullptr);
  ES_CHECK(engine->interface == 1);
  std::lock_guard<SpinLock> lock(mutex_);
  ES_CHECK_MSG(engine_ == nullptr, "ContractMonitor::wrap called twice");
  engine_ = engine;
  return monitor_proxies::install_engine_proxy(engine);
}

std::function<ENGINE_HANDLE*(ENGINE_HANDLE*)> ContractMonitor::wrapper() {
  return [this](ENGINE_HANDLE* h) { return wrap(h); };
}

void ContractMonitor::exclude_thread(pid_t tid) {
  std::lock_guard<SpinLock> lock(mutex_);
  excluded_tasks_.insert(tid);
}

// --- recording ---------------------------------------------------------------

ContractMonitor::ThreadInfo& ContractMonitor::thread_locked() {
  auto [it, fresh] = threads_.try_emplace(this_thread_key());
  if (fresh) {
    it->second.number = static_cast<int>(threads_.size());
    it->second.tid = current_tid();
  }
  return it->second;
}

uint64_t ContractMonitor::begin_locked(CallSide side, const char* function, const void* cookie,
                                       uint64_t conn, bool foreign, CallText&& args, bool quiet) {
  ThreadInfo& t = thread_locked();
  if (side == CallSide::core_to_engine) t.drives_engine = true;
  t.last_call = function;
  CallRecord& r = log_.add(next_seq_++);  // filled in place: a record is not small
  r.begin_tick = next_tick_++;
  r.side = side;
  r.thread = t.number;
  r.conn = conn;
  r.foreign_cookie = cookie != nullptr && foreign;
  r.function = function;
  r.args = std::move(args);
  r.quiet = quiet;
  if (options_.on_call) options_.on_call(r);
  return r.seq;
}

CallRecord* ContractMonitor::record_locked(uint64_t seq) { return log_.find(seq); }

void ContractMonitor::end_locked(uint64_t seq, std::optional<ENGINE_ERROR_CODE> status,
                                 CallText&& result) {
  CallRecord* r = record_locked(seq);
  if (r == nullptr) return;
  ES_CHECK_MSG(!r->returned, "a call record returned twice");
  r->returned = true;
  r->end_tick = next_tick_++;
  r->status = status;
  r->result = std::move(result);
  if (options_.on_call) options_.on_call(*r);
}

std::vector<std::string> ContractMonitor::history_locked() const {
  // Core->engine calls where they returned (a running one where it began), so
  // that the engine's calls from inside them read before their result;
  // engine->core calls where they began (they act on entry).
  std::vector<const CallRecord*> picked;
  for (size_t i = log_.size(); i-- > 0 && picked.size() < options_.history_calls;) {
    if (!log_.at(i).quiet) picked.push_back(&log_.at(i));
  }
  auto when = [](const CallRecord* r) {
    return r->side == CallSide::core_to_engine && r->returned ? r->end_tick : r->begin_tick;
  };
  std::stable_sort(picked.begin(), picked.end(),
                   [&](const CallRecord* a, const CallRecord* b) { return when(a) < when(b); });
  std::vector<std::string> out;
  for (const CallRecord* r : picked) out.push_back(r->describe());
  return out;
}

std::string ContractMonitor::conn_label_locked(uint64_t conn) const {
  return conn == 0 ? std::string("no connection") : "conn " + std::to_string(conn);
}

void ContractMonitor::violate_locked(std::string_view rule, std::string message, uint64_t seq) {
  ES_CHECK_MSG(rules::known(rule), "violation with a rule id missing from rules.cpp");
  const bool promoted = rule == rules::kNotifyPremature && options_.strict_notify;
  if (!promoted && !fails_at(rules::level_of(rule), options_.level)) {
    if (warnings_.size() < options_.violations_max) {
      warnings_.push_back(Violation{std::string(rule), std::move(message), history_locked(), seq});
    }
    return;
  }
  auto [it, fresh] = counts_.try_emplace(std::string(rule), 0);
  ++it->second;
  if (options_.on_violation) options_.on_violation(Violation{std::string(rule), message, {}, seq});
  if (violations_.size() >= options_.violations_max) return;
  violations_.push_back(Violation{std::string(rule), std::move(message), history_locked(), seq});
}

// --- results -----------------------------------------------------------------

void ContractMonitor::finish() {
  std::lock_guard<SpinLock> lock(mutex_);
  if (finished_) return;
  finished_ = true;
  for (const auto& [it, state] : items_) {
    if (state.refs == 0) continue;
    violate_locked(rules::kItemLeak,
                   "item " + monitor_format::pointer(it) + " (key " +
                       monitor_format::bytes(state.key.data(), state.key.size()) +
                       ") handed out by call #" + std::to_string(state.handed_seq) + " still has " +
                       std::to_string(state.refs) + " unreleased reference(s) at the end",
                   0);
  }
  for (const auto& [cookie, state] : cookies_) {
    if (!state.awaiting) continue;
    violate_locked(rules::kNotifyLost,
                   conn_label_locked(state.conn) + ": " + state.call + " (call #" +
                       std::to_string(state.block_seq) +
                       ") returned ENGINE_EWOULDBLOCK and was never notified",
                   0);
  }
}

bool ContractMonitor::clean() const {
  std::lock_guard<SpinLock> lock(mutex_);
  return counts_.empty();
}

std::vector<Violation> ContractMonitor::violations() const {
  std::lock_guard<SpinLock> lock(mutex_);
  return violations_;
}

std::vector<Violation> ContractMonitor::warnings() const {
  std::lock_guard<SpinLock> lock(mutex_);
  return warnings_;
}

size_t ContractMonitor::count(std::string_view rule) const {
  std::lock_guard<SpinLock> lock(mutex_);
  auto it = counts_.find(rule);
  return it == counts_.end() ? 0 : it->second;
}

std::string ContractMonitor::report() const {
  std::lock_guard<SpinLock> lock(mutex_);
  const uint64_t ncalls = next_seq_ - 1;
  std::string warned;
  for (const Violation& w : warnings_) {
    warned += "warning (strict) [" + w.rule + "] " + w.message + "\n";
  }
  if (counts_.empty()) {
    return "contract monitor: clean (" + std::to_string(ncalls) + " calls)\n" + warned;
  }
  size_t total = 0;
  std::string by_rule;
  for (const auto& [rule, n] : counts_) {
    total += n;
    by_rule += (by_rule.empty() ? "" : ", ") + rule + " x" + std::to_string(n);
  }
  std::string out = "contract monitor: " + std::to_string(total) + " violation(s) in " +
                    std::to_string(ncalls) + " calls: " + by_rule + "\n";
  for (const Violation& v : violations_) {
    out += "[" + v.rule + "] " + v.message + "\n";
    if (v.history.empty()) continue;
    out += "  calls leading there:\n";
    for (const std::string& line : v.history) out += "    " + line + "\n";
  }
  if (total > violations_.size()) {
    out += "(" + std::to_string(total - violations_.size()) + " more not kept)\n";
  }
  return out + warned;
}

std::vector<CallRecord> ContractMonitor::calls() const {
  std::lock_guard<SpinLock> lock(mutex_);
  return log_.oldest_first();
}

uint64_t ContractMonitor::calls_dropped() const {
  std::lock_guard<SpinLock> lock(mutex_);
  return log_.dropped();
}

}  // namespace enginesim
