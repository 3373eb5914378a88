// engine_heap.cpp - the table of the engine's live heap blocks and the
// engine module's code range (see engine_heap.h).
//
// Everything here may run inside malloc or free, on any thread, before main
// and inside fork's handlers: no allocation (the table lives in mmap'd
// pages), no wrapped pthread call (a lock would be a scheduling point: a spin
// lock on an atomic instead), only constant-initialised state.
#include "harness/monitor/engine_heap.h"

#include <cxxabi.h>
#include <dlfcn.h>
#include <link.h>
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>

#include "enginesim/check.h"
#include "enginesim/spin_lock.h"
#include "harness/code_site.h"

namespace enginesim::engine_heap {
namespace {

struct Slot {
  uintptr_t key;  // 0 empty, 1 a deleted slot, else the block's address
  size_t size;
  const void* caller;
};
constexpr uintptr_t kEmpty = 0;
constexpr uintptr_t kDeleted = 1;

std::atomic<bool> g_hooks_linked{false};
std::atomic<bool> g_enabled{true};
std::atomic<bool> g_env_read{false};
// The watched module's executable range [lo, hi); lo == hi: none.
std::atomic<uintptr_t> g_lo{0};
std::atomic<uintptr_t> g_hi{0};
// Blocks in the table: free() skips the lock while it is 0.
std::atomic<uint64_t> g_blocks{0};

// The table, guarded by g_lock (a SpinLock: a pthread lock would be a
// scheduling point).
SpinLock g_lock;
Slot* g_slots = nullptr;
size_t g_capacity = 0;  // a power of two
size_t g_used = 0;      // live + deleted slots
uint64_t g_bytes = 0;

using Locked = std::lock_guard<SpinLock>;

size_t slot_of(uintptr_t key, size_t capacity) {
  return static_cast<size_t>((key >> 4) * 0x9E3779B97F4A7C15ull) & (capacity - 1);
}

Slot* map_slots(size_t capacity) {
  void* m = ::mmap(nullptr, capacity * sizeof(Slot), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ES_CHECK_MSG(m != MAP_FAILED, "engine_heap: mmap of the block table failed");
  return static_cast<Slot*>(m);  // zeroed: every slot empty
}

// Puts `key` in `slots`; returns the slot's previous size when the key was
// already there (a block freed where no hook saw it, its address reused),
// else -1.
long long insert_locked(Slot* slots, size_t capacity, uintptr_t key, size_t size,
                        const void* caller) {
  Slot* reuse = nullptr;
  for (size_t i = slot_of(key, capacity);; i = (i + 1) & (capacity - 1)) {
    Slot& s = slots[i];
    if (s.key == key) {
      const auto previous = static_cast<long long>(s.size);
      s = {key, size, caller};
      return previous;
    }
    if (s.key == kDeleted && reuse == nullptr) reuse = &s;
    if (s.key == kEmpty) {
      *(reuse ? reuse : &s) = {key, size, caller};
      return -1;
    }
  }
}

// Keeps the table at most half full (deleted slots included) so that
// probes stay short and always end at an empty slot.
void make_room_locked() {
  if ((g_used + 1) * 2 <= g_capacity) return;
  const uint64_t live = g_blocks.load(std::memory_order_relaxed);
  size_t capacity = g_capacity == 0 ? 4096 : g_capacity;
  while ((live + 1) * 4 > capacity) capacity *= 2;
  Slot* fresh = map_slots(capacity);
  for (size_t i = 0; i < g_capacity; ++i) {
    if (g_slots[i].key > kDeleted) {
      (void)insert_locked(fresh, capacity, g_slots[i].key, g_slots[i].size, g_slots[i].caller);
    }
  }
  if (g_slots != nullptr) ::munmap(g_slots, g_capacity * sizeof(Slot));
  g_slots = fresh;
  g_capacity = capacity;
  g_used = live;
}

void clear_locked() {
  if (g_slots != nullptr) ::munmap(g_slots, g_capacity * sizeof(Slot));
  g_slots = nullptr;
  g_capacity = 0;
  g_used = 0;
  g_bytes = 0;
  g_blocks.store(0, std::memory_order_relaxed);
}

// A fork while another thread holds the lock would leave the child's lock
// held forever: take it around fork (glibc does the same for malloc's own).
void register_fork_handlers() {
  static std::atomic<bool> done{false};
  if (done.exchange(true)) return;
  const auto lock = [] { g_lock.lock(); };
  const auto unlock = [] { g_lock.unlock(); };
  ::pthread_atfork(lock, unlock, unlock);
}

// The lowest and highest executable address of the module loaded at `base`.
struct Range {
  uintptr_t base = 0;
  uintptr_t lo = 0;
  uintptr_t hi = 0;
};
int find_text(dl_phdr_info* info, size_t, void* data) {
  auto* range = static_cast<Range*>(data);
  if (info->dlpi_addr != range->base) return 0;
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_LOAD || (ph.p_flags & PF_X) == 0) continue;
    const uintptr_t lo = info->dlpi_addr + ph.p_vaddr;
    const uintptr_t hi = lo + ph.p_memsz;
    range->lo = range->lo == 0 ? lo : std::min(range->lo, lo);
    range->hi = std::max(range->hi, hi);
  }
  return range->hi != 0 ? 1 : 0;
}

}  // namespace

bool available() {
  if (!g_env_read.exchange(true)) {
    // A switch of the monitor (below harness/sim/ and its reader), not a simulation option.
    // style-ok: see above
    const char* env = std::getenv("ENGINESIM_HEAP_CHECK");
    if (env != nullptr && std::strcmp(env, "0") == 0) g_enabled.store(false);
  }
  return g_hooks_linked.load() && g_enabled.load();
}

void set_enabled(bool on) {
  g_env_read.store(true);  // an explicit choice wins over the environment
  g_enabled.store(on);
  if (!on) unwatch();
}

bool enabled() { return g_enabled.load(); }

void watch_module(void* dl_handle) {
  if (!available()) return;
  link_map* map = nullptr;
  if (::dlinfo(dl_handle, RTLD_DI_LINKMAP, &map) != 0 || map == nullptr) return;
  Range range;
  range.base = map->l_addr;
  ::dl_iterate_phdr(find_text, &range);
  if (range.hi == 0) return;
  register_fork_handlers();
  Locked locked(g_lock);
  clear_locked();
  g_lo.store(range.lo);
  g_hi.store(range.hi);
}

void unwatch() {
  Locked locked(g_lock);
  g_lo.store(0);
  g_hi.store(0);
  clear_locked();
}

bool watching() { return g_hi.load() != 0; }

Census live() {
  Census census;
  // Nothing may allocate or free while the lock is held (free takes it too):
  // room for the copy is made first, and the copy stops when it is full.
  std::vector<Slot> copy;
  copy.reserve(g_blocks.load() + 64);
  {
    Locked locked(g_lock);
    census.blocks = g_blocks.load(std::memory_order_relaxed);
    census.bytes = g_bytes;
    for (size_t i = 0; i < g_capacity && copy.size() < copy.capacity(); ++i) {
      if (g_slots[i].key > kDeleted) copy.push_back(g_slots[i]);
    }
  }
  std::map<const void*, Site> sites;
  for (const Slot& s : copy) {
    Site& site = sites[s.caller];
    site.caller = s.caller;
    site.blocks += 1;
    site.bytes += s.size;
  }
  for (const auto& [caller, site] : sites) census.sites.push_back(site);
  std::sort(census.sites.begin(), census.sites.end(), [](const Site& a, const Site& b) {
    return a.blocks != b.blocks ? a.blocks > b.blocks : a.caller < b.caller;
  });
  if (census.sites.size() > 3) census.sites.resize(3);
  return census;
}

std::string leak_message(const Census& census) {
  std::string out = std::to_string(census.blocks) + " allocation(s) made by the engine (" +
                    std::to_string(census.bytes) +
                    " bytes) are still alive after destroy returned; destroy must free "
                    "everything create_instance, initialize and the operations allocated "
                    "(an item reference never dropped?). Allocated at: ";
  for (size_t i = 0; i < census.sites.size(); ++i) {
    const Site& s = census.sites[i];
    out += (i ? "; " : "") + describe_code_address(s.caller) + " x" + std::to_string(s.blocks) +
           " (" + std::to_string(s.bytes) + " bytes)";
  }
  return out;
}

std::string leak_after_destroy() {
  if (!available() || !watching()) return {};
  const Census census = live();
  return census.blocks == 0 ? std::string() : leak_message(census);
}

void mark_hooks_linked() { g_hooks_linked.store(true); }

bool engine_caller(const void* caller) {
  const auto c = reinterpret_cast<uintptr_t>(caller);
  const uintptr_t lo = g_lo.load(std::memory_order_relaxed);
  return c - lo < g_hi.load(std::memory_order_relaxed) - lo;
}

void note_alloc(void* p, size_t size, const void* caller) {
  if (p == nullptr || !g_enabled.load(std::memory_order_relaxed)) return;
  Locked locked(g_lock);
  make_room_locked();
  const long long previous =
      insert_locked(g_slots, g_capacity, reinterpret_cast<uintptr_t>(p), size, caller);
  g_bytes += size;
  if (previous >= 0) {
    g_bytes -= static_cast<uint64_t>(previous);
    return;
  }
  ++g_used;
  g_blocks.fetch_add(1, std::memory_order_relaxed);
}

bool take(void* p, size_t* size, const void** caller) {
  if (p == nullptr || g_blocks.load(std::memory_order_relaxed) == 0) return false;
  const auto key = reinterpret_cast<uintptr_t>(p);
  Locked locked(g_lock);
  if (g_capacity == 0) return false;
  for (size_t i = slot_of(key, g_capacity);; i = (i + 1) & (g_capacity - 1)) {
    Slot& s = g_slots[i];
    if (s.key == kEmpty) return false;
    if (s.key != key) continue;
    *size = s.size;
    *caller = s.caller;
    s.key = kDeleted;
    g_bytes -= s.size;
    g_blocks.fetch_sub(1, std::memory_order_relaxed);
    return true;
  }
}

}  // namespace enginesim::engine_heap
