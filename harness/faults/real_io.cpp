// real_io.cpp - dlsym(RTLD_NEXT) resolution of the wrapped file I/O calls.
#include "harness/faults/real_io.h"

#include <dlfcn.h>

#include <cstdlib>

namespace enginesim::sched {
namespace {

template <class Fn>
void bind(Fn*& slot, const char* name) {
  void* fn = dlsym(RTLD_NEXT, name);
  if (fn == nullptr) {
    std::fprintf(stderr, "enginesim: cannot find the real %s\n", name);
    std::abort();
  }
  slot = reinterpret_cast<Fn*>(fn);
}

RealIoFunctions resolve_all() {
  RealIoFunctions r{};
  bind(r.open, "open");
  bind(r.openat, "openat");
  bind(r.read, "read");
  bind(r.pread, "pread");
  bind(r.write, "write");
  bind(r.pwrite, "pwrite");
  bind(r.fsync, "fsync");
  bind(r.fdatasync, "fdatasync");
  bind(r.rename, "rename");
  bind(r.unlink, "unlink");
  bind(r.close, "close");
  bind(r.fopen, "fopen");
  bind(r.fread, "fread");
  bind(r.fwrite, "fwrite");
  bind(r.fflush, "fflush");
  bind(r.fclose, "fclose");
  return r;
}

}  // namespace

const RealIoFunctions& real_io() {
  static const RealIoFunctions functions = resolve_all();
  return functions;
}

// Resolve while the process is single-threaded.
[[maybe_unused]] static const RealIoFunctions& g_eager = real_io();

}  // namespace enginesim::sched
