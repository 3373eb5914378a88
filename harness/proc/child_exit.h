// child_exit.h - how every forked child of the harness ends: _exit (no
// atexit handlers, no static destructors, an engine's leftover threads die
// with it), after writing gcov's coverage counters when there are any.
#pragma once

#include <dlfcn.h>
#include <link.h>
#include <unistd.h>

#include <cstdlib>

// gcov's "write the counters now" (libgcov, linked by --coverage). Weak: in
// other builds it is absent and never called. A weak reference does not pull
// it out of libgcov.a on its own, so the coverage preset links with
// -Wl,--undefined=__gcov_dump. It walks gcov's list of every instrumented
// module, so the counters of the engines the child loaded are written too.
extern "C" void __gcov_dump(void) __attribute__((weak));

namespace enginesim {

namespace child_exit_detail {
// An engine built with --coverage (and linked with
// -Wl,--undefined=__gcov_dump) loaded into an enginesim built without it:
// ENGINESIM_GCOV_DUMP=1 finds the engine's own __gcov_dump (the engine is
// loaded RTLD_LOCAL, so only its handle reaches it). Opt-in, because it
// calls into the dynamic loader while the engine's threads may still run.
inline int dump_module(dl_phdr_info* info, size_t, void*) {
  if (info->dlpi_name == nullptr || info->dlpi_name[0] == '\0') return 0;
  void* handle = ::dlopen(info->dlpi_name, RTLD_LAZY | RTLD_NOLOAD);
  if (handle == nullptr) return 0;
  if (auto* dump = reinterpret_cast<void (*)()>(::dlsym(handle, "__gcov_dump"))) dump();
  ::dlclose(handle);
  return 0;
}
}  // namespace child_exit_detail

[[noreturn]] inline void child_exit(int code) {
  if (&__gcov_dump != nullptr) {
    __gcov_dump();
    // style-ok: coverage builds' switch (ci/coverage), below harness/sim/; not a simulation option
  } else if (const char* opt = std::getenv("ENGINESIM_GCOV_DUMP"); opt && opt[0] == '1') {
    ::dl_iterate_phdr(child_exit_detail::dump_module, nullptr);
  }
  ::_exit(code);
}

}  // namespace enginesim
