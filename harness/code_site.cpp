// code_site.cpp - dladdr for the function and module offset, addr2line for
// the line.
#include "harness/code_site.h"

#include <cxxabi.h>
#include <dlfcn.h>
#include <unistd.h>

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

// addr2line's frames for `address` in `module` (loaded at `base`), the
// innermost inlined function first and the function that holds the code
// last; empty when it cannot run.
std::vector<Frame> addr2line(const std::string& module, const void* base, const void* address) {
  static const char* const kTool = "/usr/bin/addr2line";
  std::vector<Frame> frames;
  if (::access(kTool, X_OK) != 0) return frames;
  std::string quoted;  // the module path comes from the loader; quoted for the shell
  for (char c : module) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  char offset[48];
  std::snprintf(offset, sizeof offset, " 0x%zx 2>/dev/null",
                static_cast<size_t>(reinterpret_cast<uintptr_t>(address) -
                                    reinterpret_cast<uintptr_t>(base)));
  FILE* out = ::popen((std::string(kTool) + " -f -C -i -e '" + quoted + "'" + offset).c_str(), "r");
  if (out == nullptr) return frames;
  auto read_line = [&](std::string* text) {
    char buf[1024] = {0};
    if (std::fgets(buf, sizeof buf, out) == nullptr) return false;
    *text = buf;
    while (!text->empty() && (text->back() == '\n' || text->back() == '\r')) text->pop_back();
    return true;
  };
  constexpr size_t kFramesMax = 32;
  Frame f;
  while (frames.size() < kFramesMax && read_line(&f.function) && read_line(&f.line)) {
    frames.push_back(f);
  }
  ::pclose(out);
  return frames;
}

bool unknown(const std::string& text) {
  return text.empty() || text.rfind("??", 0) == 0 || text.back() == '?' ||
         (text.size() >= 2 && text.compare(text.size() - 2, 2, ":0") == 0);
}

}  // namespace

std::string describe_code_site(const void* address) {
  Dl_info info{};
  if (::dladdr(address, &info) == 0 || info.dli_fname == nullptr) {
    return describe_code_address(address);
  }
  const std::vector<Frame> frames = addr2line(info.dli_fname, info.dli_fbase, address);
  if (frames.empty()) return describe_code_address(address);
  // The innermost frame outside the system's headers: a lock taken through
  // std::lock_guard or std::mutex::lock is named by the engine's line that
  // took it, not by gthr-default.h.
  const Frame* chosen = &frames.front();
  for (const Frame& f : frames) {
    if (f.line.rfind("/usr/", 0) != 0) {
      chosen = &f;
      break;
    }
  }
  char offset[32];
  std::snprintf(offset, sizeof offset, "+0x%zx",
                static_cast<size_t>(reinterpret_cast<uintptr_t>(address) -
                                    reinterpret_cast<uintptr_t>(info.dli_fbase)));
  const std::string where = base_name(info.dli_fname) + offset;
  std::string text = unknown(chosen->function) ? describe_code_address(address)
                                               : chosen->function + " (" + where + ")";
  std::string line = chosen->line;
  // Drop " (discriminator N)": it only tells basic blocks of one line apart.
  if (const size_t d = line.find(" (discriminator"); d != std::string::npos) line.erase(d);
  if (!unknown(line)) text += " at " + base_name(line);
  return text;
}

}  // namespace enginesim
