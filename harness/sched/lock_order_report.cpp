// lock_order_report.cpp - a lock-order cycle in words: each link with its
// thread, step and the two acquisition sites, earliest link first.
#include <algorithm>

#include "harness/code_site.h"
#include "harness/sched/lock_order.h"

namespace enginesim::sched {
namespace {

std::string lock_name(LockKind kind, uint32_t number, bool shared) {
  if (kind == LockKind::mutex) return "mutex#" + std::to_string(number);
  return "rwlock#" + std::to_string(number) + (shared ? " (read)" : " (write)");
}

}  // namespace

void LockOrder::name_sites() {
  for (LockOrderLink& l : cycle_) {
    if (l.from_where.empty()) l.from_where = describe_code_site(l.from_site);
    if (l.to_where.empty()) l.to_where = describe_code_site(l.to_site);
  }
}

namespace {

std::string thread_text(ThreadId id, const std::vector<std::string>& names) {
  std::string text = "thread " + std::to_string(id);
  if (id < names.size() && !names[id].empty()) text += " (" + names[id] + ")";
  return text;
}

}  // namespace

std::string lock_order_report(const std::vector<LockOrderLink>& cycle,
                              const std::vector<std::string>& names) {
  if (cycle.empty()) return "";
  // The cycle read as it happened: from its earliest link on.
  const auto first = std::min_element(
      cycle.begin(), cycle.end(),
      [](const LockOrderLink& a, const LockOrderLink& b) { return a.step < b.step; });
  std::vector<LockOrderLink> links(first, cycle.end());
  links.insert(links.end(), cycle.begin(), first);
  std::string out = "lock order: " + std::to_string(links.size()) +
                    " locks are taken in a cycle of orders, a potential deadlock: this "
                    "schedule did not deadlock, one that runs these acquisitions at once does\n";
  for (const LockOrderLink& l : links) {
    out += "  " + thread_text(l.thread, names) + " at step " + std::to_string(l.step) + ": took " +
           lock_name(l.to_kind, l.to_number, l.to_shared) + " in " + l.to_where + "\n";
    out += "    while holding " + lock_name(l.from_kind, l.from_number, l.from_shared) +
           ", taken in " + l.from_where + "\n";
  }
  out +=
      "  (a lock-order check like lockdep's; give every path one order, or "
      "--no-lock-order to run without it: docs/scheduler.md#lock-order)\n";
  return out;
}

}  // namespace enginesim::sched
