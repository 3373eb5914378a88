// code_site.cpp - dladdr for the function and module offset, addr2line for
// the line.
#include "harness/code_site.h"

#include <cxxabi.h>
#include <dlfcn.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

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

// addr2line -f's two lines for `address` in `module` (loaded at `base`):
// the function and "file:line"; false when it cannot run.
bool addr2line(const std::string& module, const void* base, const void* address,
               std::string* function, std::string* line) {
  static const char* const kTool = "/usr/bin/addr2line";
  if (::access(kTool, X_OK) != 0) return false;
  std::string quoted;  // the module path comes from the loader; quoted for the shell
  for (char c : module) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  char offset[48];
  std::snprintf(offset, sizeof offset, " 0x%zx 2>/dev/null",
                static_cast<size_t>(reinterpret_cast<uintptr_t>(address) -
                                    reinterpret_cast<uintptr_t>(base)));
  FILE* out = ::popen((std::string(kTool) + " -f -C -e '" + quoted + "'" + offset).c_str(), "r");
  if (out == nullptr) return false;
  std::string* into[2] = {function, line};
  for (std::string* text : into) {
    char buf[512] = {0};
    if (std::fgets(buf, sizeof buf, out) == nullptr) break;
    *text = buf;
    while (!text->empty() && (text->back() == '\n' || text->back() == '\r')) text->pop_back();
  }
  ::pclose(out);
  return true;
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
  std::string function, line;
  if (!addr2line(info.dli_fname, info.dli_fbase, address, &function, &line)) {
    return describe_code_address(address);
  }
  std::string text = describe_code_address(address);
  if (info.dli_sname == nullptr && !unknown(function)) text = function + " (" + text + ")";
  // Drop " (discriminator N)": it only tells basic blocks of one line apart.
  if (const size_t d = line.find(" (discriminator"); d != std::string::npos) line.erase(d);
  if (!unknown(line)) text += " at " + base_name(line);
  return text;
}

}  // namespace enginesim
