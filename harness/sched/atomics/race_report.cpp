// race_report.cpp - symbolized race reports. Runs on the controlled thread
// that found the race, with the scheduler's wrappers passed through (the
// addr2line child and its pipe are the harness's, not the engine's).
#include "harness/sched/atomics/race_report.h"

#include <dlfcn.h>

#include <cstdio>
#include <filesystem>

#include "harness/sched/sched_core.h"

namespace enginesim::atomics {
namespace {

std::string hex(uintptr_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%zx", static_cast<size_t>(v));
  return buf;
}

bool shell_safe(const std::string& path) {
  for (char c : path) {
    if (c == '\'' || c == '\n') return false;
  }
  return true;
}

// "file.c:42 in function" for `offset` in `module`, or "".
std::string source_line(const std::string& module, uintptr_t offset) {
  if (!shell_safe(module)) return "";
  const std::string cmd = "addr2line -f -i -C -e '" + module + "' " + hex(offset) + " 2>/dev/null";
  sched::set_passthrough(true);
  std::string out;
  if (FILE* p = ::popen(cmd.c_str(), "r")) {
    char buf[512];
    while (std::fgets(buf, sizeof buf, p) != nullptr) out += buf;
    ::pclose(p);
  }
  sched::set_passthrough(false);
  // Pairs of lines, innermost inlined function first: the function, then
  // file:line.
  const size_t nl = out.find('\n');
  if (nl == std::string::npos) return "";
  const std::string function = out.substr(0, nl);
  const size_t end = out.find('\n', nl + 1);
  std::string where =
      out.substr(nl + 1, end == std::string::npos ? std::string::npos : end - nl - 1);
  while (!where.empty() && where.back() == '\r') where.pop_back();
  if (where.empty() || where.rfind("??", 0) == 0) return "";
  // Only the file name: absolute build paths differ between machines.
  const size_t colon = where.rfind(':');
  const std::string file = where.substr(0, colon);
  const std::string line = colon == std::string::npos ? "" : where.substr(colon);
  const size_t disc = line.find(' ');  // "(discriminator 2)"
  std::string text = std::filesystem::path(file).filename().string() + line.substr(0, disc);
  if (!function.empty() && function != "??") text += " in " + function;
  return text;
}

std::string describe_access(const Access& a, const std::vector<std::string>& names,
                            const std::function<void()>& alive) {
  alive();
  std::string who = "thread " + std::to_string(a.thread);
  if (a.thread < names.size()) who += " (" + names[a.thread] + ")";
  return std::string(a.atomic ? "atomic " : "") + (a.write ? "write" : "read") + " of " +
         std::to_string(a.size) + " byte" + (a.size == 1 ? "" : "s") + " by " + who + " at step " +
         std::to_string(a.step) + "\n      at " + symbolize(a.pc);
}

}  // namespace

std::string symbolize(const void* pc) {
  if (pc == nullptr) return "an unknown place";
  // A return address: the call is the instruction before it.
  const auto* at = static_cast<const char*>(pc) - 1;
  Dl_info info{};
  if (::dladdr(at, &info) == 0 || info.dli_fname == nullptr) return "an unknown place";
  const auto offset = reinterpret_cast<uintptr_t>(at) - reinterpret_cast<uintptr_t>(info.dli_fbase);
  const std::string module = info.dli_fname;
  const std::string base = std::filesystem::path(module).filename().string();
  std::string where = source_line(module, offset);
  std::string symbol = info.dli_sname != nullptr ? info.dli_sname : "";
  if (!symbol.empty()) {
    symbol += "+" + hex(reinterpret_cast<uintptr_t>(at) + 1 -
                        reinterpret_cast<uintptr_t>(info.dli_saddr));
  }
  const std::string place = (symbol.empty() ? "" : symbol + ", ") + base + "+" + hex(offset);
  return where.empty() ? place : where + " (" + place + ")";
}

std::string describe_race(const Race& race, const std::vector<std::string>& names,
                          const std::function<void()>& alive) {
  return "data race (--races): two accesses to the same memory, neither happening before "
         "the other (no lock, thread start or join, or release/acquire atomic orders them)\n"
         "  " +
         describe_access(race.later, names, alive) + "\n  " +
         describe_access(race.earlier, names, alive) + "  (earlier)";
}

}  // namespace enginesim::atomics
