// crash_site.cpp - names a dead child's frames: one addr2line run per module.
#include "harness/sim/crash_site.h"

#include <unistd.h>

#include <algorithm>
#include <iterator>
#include <map>

#include "harness/code_site.h"

namespace enginesim::cli {
namespace {

constexpr size_t kLinesMax = 8;

// "ns::f(int, char const*) const (m.so+0x1a) at f.cpp:3" without the
// parameter list, which addr2line -C spells out: "ns::f (m.so+0x1a) at ...".
// `module` names where the function's name ends (templates hold " (" too).
std::string without_parameters(const std::string& site, const std::string& module) {
  const size_t slash = module.rfind('/');
  const std::string marker =
      " (" + module.substr(slash == std::string::npos ? 0 : slash + 1) + "+0x";
  const size_t where = site.rfind(marker);
  if (where == std::string::npos) return site;
  std::string name = site.substr(0, where);
  if (name.size() > 6 && name.compare(name.size() - 6, 6, " const") == 0)
    name.resize(name.size() - 6);
  if (name.empty() || name.back() != ')') return site;
  int depth = 0;
  for (size_t i = name.size(); i-- > 0;) {
    if (name[i] == ')') ++depth;
    if (name[i] != '(' || --depth != 0) continue;
    // A call operator keeps its own "()".
    if (i >= 8 && name.compare(i - 8, 8, "operator") == 0) { return site; }
    return name.substr(0, i) + site.substr(where);
  }
  return site;
}

std::string this_executable() {
  char path[4096];
  const ssize_t n = ::readlink("/proc/self/exe", path, sizeof path - 1);
  return n > 0 ? std::string(path, static_cast<size_t>(n)) : std::string();
}

}  // namespace

bool runtime_module(std::string_view module) {
  const size_t slash = module.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? module : module.substr(slash + 1);
  static constexpr std::string_view kRuntime[] = {"libc.so", "libstdc++.so", "libgcc_s.so",
                                                  "libm.so", "ld-linux",     "libpthread.so"};
  return std::any_of(std::begin(kRuntime), std::end(kRuntime),
                     [&](std::string_view r) { return name.substr(0, r.size()) == r; });
}

std::string describe_crash_site(const std::vector<sched::CodeOffset>& frames) {
  // The first frame outside the runtime says whose code it was (an abort's
  // first five are the C library's): it and 3 callers are shown.
  size_t own = frames.size();
  for (size_t i = 0; i < frames.size(); ++i) {
    if (!frames[i].module.empty() && !runtime_module(frames[i].module)) {
      own = i;
      break;
    }
  }
  const size_t shown = std::min(frames.size(), std::max(kLinesMax, own + 4));
  if (shown == 0) return "";
  // The child was forked from this process: the executable is the same file.
  std::map<std::string, std::vector<size_t>> by_module;
  for (size_t i = 0; i < shown; ++i) {
    if (!frames[i].module.empty()) by_module[frames[i].module].push_back(i);
  }
  std::vector<std::string> names(shown);
  for (const auto& [module, indices] : by_module) {
    std::vector<uint64_t> offsets;
    for (size_t i : indices) offsets.push_back(frames[i].offset);
    const std::vector<std::string> named = describe_code_offsets(module, offsets);
    for (size_t k = 0; k < indices.size(); ++k)
      names[indices[k]] = without_parameters(named[k], module);
  }
  std::string out;
  for (size_t i = 0; i < shown; ++i) {
    if (frames[i].module.empty()) {
      char text[48];
      std::snprintf(text, sizeof text, "0x%llx (no code is mapped there)",
                    static_cast<unsigned long long>(frames[i].offset));
      names[i] = text;
    }
    out += (i == 0 ? "where: " : "  called from ") + names[i] + "\n";
  }
  const std::string self = this_executable();
  if (own < frames.size() && !self.empty() && frames[own].module == self) {
    out +=
        "the code that faulted is enginesim's own, not the engine's: an enginesim bug (or bad "
        "data the engine handed it); please report it with the command that replays it\n";
  }
  return out;
}

}  // namespace enginesim::cli
