// engine_heap.h - the engine's own heap blocks: which allocations the loaded
// engine module made and has not freed, so that a leak is found by default
// (lifecycle.memory_leak) without a byte limit above the harness's own use.
//
// How: the `enginesim` executable (and test binaries that link
// enginesim_malloc_hooks) define malloc, free, operator new ... themselves
// (harness/monitor/malloc_hooks.cpp). Each allocation whose caller's return
// address lies in the engine module's executable segments is recorded in a
// table of live blocks; every free removes its block. The loader starts the
// watch right after dlopen, so create_instance's allocations count and the
// module's static initialisers' do not; after destroy, every block still in
// the table is a leak. Allocation is no scheduling point: nothing here
// changes a run's schedule or trace hash.
//
// Not seen: memory that libc or libstdc++ allocate on the engine's behalf
// from their own code (fopen's FILE, getline's buffer, std::ostringstream's
// string) and allocations an engine function makes by a tail call. In a
// sanitizer build (ASan/TSan own malloc) the hooks are not built and
// available() is false: the monitor's opt-in byte census remains.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace enginesim::engine_heap {

// True when the hooks are linked in this executable and not switched off.
bool available();
// The process-wide switch (default on; off with ENGINESIM_HEAP_CHECK=0 in the
// environment, or by `enginesim bench` to measure the cost). Off, the hooks
// record nothing and watch_module() watches nothing.
void set_enabled(bool on);
bool enabled();

// Called by the loader right after dlopen: forgets every block recorded so
// far and attributes allocations made from the module behind `dl_handle`
// from now on. No-op unless available().
void watch_module(void* dl_handle);
// Stops attributing (before dlclose: the addresses may be reused).
void unwatch();
// Whether a module is being watched (watch_module succeeded).
bool watching();

// Where leaked blocks were allocated: a code address in the module.
struct Site {
  const void* caller = nullptr;
  uint64_t blocks = 0;
  uint64_t bytes = 0;
};
// The engine's blocks alive now.
struct Census {
  uint64_t blocks = 0;
  uint64_t bytes = 0;
  std::vector<Site> sites;  // the biggest (by blocks) first, at most 3
};
Census live();

// "12 allocation(s) made by the engine (3072 bytes) are still alive after
// destroy returned; allocated at MemEngine::get (mem_engine.so+0x1a2b) x12"
std::string leak_message(const Census& census);

// After destroy: the leak message when the watched engine left blocks alive,
// else empty (also when nothing is watched). For commands without the
// contract monitor (smoke, info).
std::string leak_after_destroy();

// --- for the hooks (malloc_hooks.cpp) only ------------------------------------
// The hooks are linked in: called once, before main.
void mark_hooks_linked();
// Whether an allocation from `caller` is the engine's. Cheap: two loads.
bool engine_caller(const void* caller);
// `p` (of `size` bytes) was allocated from `caller`, an engine address.
void note_alloc(void* p, size_t size, const void* caller);
// `p` is about to be freed or reallocated: forgets it. False when it was not
// an engine block; else its size and site are returned.
bool take(void* p, size_t* size, const void** caller);

}  // namespace enginesim::engine_heap
