// code_site.cpp - dladdr for the function and module offset, addr2line for
// the line.
#include "harness/code_site.h"

#include <cxxabi.h>
#include <dlfcn.h>
#include <unistd.h>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace enginesim {
namespace {

std::string base_name(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::string describe_code_address(const void* address) {
  Dl_info info{};
  if (::dladdr(address, &info) == 0 || info.dli_fname == nullptr) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%p", address);
    return buf;
  }
  char offset[32];
  std::snprintf(offset, sizeof offset, "+0x%zx",
                static_cast<size_t>(reinterpret_cast<uintptr_t>(address) -
                                    reinterpret_cast<uintptr_t>(info.dli_fbase)));
  const std::string where = base_name(info.dli_fname) + offset;
  if (info.dli_sname == nullptr) return where;
  int status = 0;
  char* demangled = abi::__cxa_demangle(info.dli_sname, nullptr, nullptr, &status);
  const std::string name = status == 0 && demangled ? demangled : info.dli_sname;
  std::free(demangled);
  return name + " (" + where + ")";
}

namespace {

// One frame of addr2line -f -i: a function and its "file:line".
struct Frame {
  std::string function, line;
};

// addr2line's frames for each of `offsets` in `module`, in one run: for
// each offset its functions, the innermost inlined one first and the one that
// holds the code last; all empty when it cannot run.
std::vector<std::vector<Frame>> addr2line(const std::string& module,
                                          const std::vector<uint64_t>& offsets) {
  static const char* const kTool = "/usr/bin/addr2line";
  std::vector<std::vector<Frame>> groups(offsets.size());
  if (offsets.empty() || ::access(kTool, X_OK) != 0) return groups;
  std::string quoted;  // the module path comes from the loader; quoted for the shell
  for (char c : module) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  std::string command = std::string(kTool) + " -a -f -C -i -e '" + quoted + "'";
  for (uint64_t offset : offsets) {
    char text[32];
    std::snprintf(text, sizeof text, " 0x%" PRIx64, offset);
    command += text;
  }
  FILE* out = ::popen((command + " 2>/dev/null").c_str(), "r");
  if (out == nullptr) return groups;
  auto read_line = [&](std::string* text) {
    char buf[1024] = {0};
    if (std::fgets(buf, sizeof buf, out) == nullptr) return false;
    *text = buf;
    while (!text->empty() && (text->back() == '\n' || text->back() == '\r')) text->pop_back();
    return true;
  };
  // -a starts each address's group with the address itself ("0x...").
  constexpr size_t kFramesMax = 32;
  size_t group = 0;
  bool started = false;
  std::string line;
  while (read_line(&line)) {
    if (line.rfind("0x", 0) == 0 &&
        line.find_first_not_of("0123456789abcdefx") == std::string::npos) {
      if (started) ++group;
      started = true;
      if (group >= groups.size()) break;
      continue;
    }
    Frame f;
    f.function = line;
    if (!started || !read_line(&f.line)) break;
    if (groups[group].size() < kFramesMax) groups[group].push_back(f);
  }
  ::pclose(out);
  return groups;
}

bool unknown(const std::string& text) {
  return text.empty() || text.rfind("??", 0) == 0 || text.back() == '?' ||
         (text.size() >= 2 && text.compare(text.size() - 2, 2, ":0") == 0);
}

// "function (module+0xoffset) at file.c:88" from addr2line's frames of one
// address: the innermost frame outside the system's headers, so that a lock
// taken through std::lock_guard is named by the engine's line that took it,
// not by gthr-default.h. `fallback` when addr2line knows no function.
std::string site_text(const std::vector<Frame>& frames, const std::string& where,
                      const std::string& fallback) {
  if (frames.empty()) return fallback;
  const Frame* chosen = &frames.front();
  for (const Frame& f : frames) {
    if (f.line.rfind("/usr/", 0) != 0) {
      chosen = &f;
      break;
    }
  }
  std::string text = unknown(chosen->function) ? fallback : chosen->function + " (" + where + ")";
  std::string line = chosen->line;
  // Drop " (discriminator N)": it only tells basic blocks of one line apart.
  if (const size_t d = line.find(" (discriminator"); d != std::string::npos) line.erase(d);
  if (!unknown(line)) text += " at " + base_name(line);
  return text;
}

std::string module_offset(const std::string& module, uint64_t offset) {
  char text[32];
  std::snprintf(text, sizeof text, "+0x%" PRIx64, offset);
  return base_name(module) + text;
}

}  // namespace

std::string describe_code_site(const void* address) {
  Dl_info info{};
  if (::dladdr(address, &info) == 0 || info.dli_fname == nullptr) {
    return describe_code_address(address);
  }
  const uint64_t offset =
      reinterpret_cast<uintptr_t>(address) - reinterpret_cast<uintptr_t>(info.dli_fbase);
  const auto groups = addr2line(info.dli_fname, {offset});
  return site_text(groups.front(), module_offset(info.dli_fname, offset),
                   describe_code_address(address));
}

std::vector<std::string> describe_code_offsets(const std::string& module,
                                               const std::vector<uint64_t>& offsets) {
  const auto groups = addr2line(module, offsets);
  std::vector<std::string> out;
  for (size_t i = 0; i < offsets.size(); ++i) {
    const std::string where = module_offset(module, offsets[i]);
    out.push_back(site_text(groups[i], where, where));
  }
  return out;
}

}  // namespace enginesim
