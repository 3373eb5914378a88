// child_journal.cpp - the shared region, its writers in the child (the
// scheduler and a crash-signal handler) and its reader in the parent.
#include "harness/sched/child_journal.h"

#include <dlfcn.h>
#include <execinfo.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <iterator>

#include "enginesim/check.h"

namespace enginesim::sched {

// Choices beyond this are dropped (and said so): far more than any run that
// stays under the default step limit makes.
constexpr uint64_t kChoicesMax = uint64_t{1} << 22;

// Where a crash signal struck: the faulting instruction and the return
// addresses above it, each as its module's path and the offset in it, for
// the parent to name (code_site.h) after the child is gone.
constexpr uint32_t kCrashFramesMax = 12;
constexpr size_t kModulePathMax = 256;
struct CrashFrameRecord {
  uint64_t offset;
  char module[kModulePathMax];  // "" when no loaded module holds the address
};

// Atomics: the parent reads after the child is reaped, but a field written
// by a signal handler must not be torn or reordered.
struct ChildJournal::Shared {
  std::atomic<uint64_t> steps;
  std::atomic<uint64_t> hash;
  std::atomic<int32_t> signal;  // 0: no crash signal was caught
  std::atomic<uint32_t> has_address;
  std::atomic<uint64_t> address;
  std::atomic<uint64_t> choice_count;
  std::atomic<uint32_t> choices_lost;
  std::atomic<uint64_t> event_bytes_used;
  std::atomic<uint32_t> events_lost;
  std::atomic<uint32_t> frame_count;
  CrashFrameRecord frames[kCrashFramesMax];
  uint64_t event_bytes_max;
  ChoiceRecord* choices() { return reinterpret_cast<ChoiceRecord*>(this + 1); }
  char* events() { return reinterpret_cast<char*>(choices() + kChoicesMax); }
};
static_assert(std::atomic<uint64_t>::is_always_lock_free, "shared between processes");

namespace {

ChildJournal::Shared* g_journal = nullptr;  // this process's, set in the child
struct sigaction g_previous[NSIG];          // what each caught signal did before

constexpr int kCrashSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};

// The executable's own load address and path, found before any crash:
// dladdr names the executable by argv[0], which the parent may not find.
const void* g_exe_base = nullptr;
char g_exe_path[kModulePathMax];

void note_frame(ChildJournal::Shared* j, uintptr_t address) {
  const uint32_t n = j->frame_count.load();
  if (n >= kCrashFramesMax) return;
  CrashFrameRecord& f = j->frames[n];
  f.offset = address;
  f.module[0] = '\0';
  Dl_info info{};
  if (::dladdr(reinterpret_cast<void*>(address), &info) != 0 && info.dli_fname != nullptr) {
    const char* path = info.dli_fbase == g_exe_base ? g_exe_path : info.dli_fname;
    size_t i = 0;
    for (; path[i] != '\0' && i + 1 < kModulePathMax; ++i) f.module[i] = path[i];
    f.module[i] = '\0';
    f.offset = address - reinterpret_cast<uintptr_t>(info.dli_fbase);
  }
  j->frame_count.store(n + 1);
}

// The faulting instruction, then the return addresses above it (each less
// one, inside its call). Not async-signal-safe in the letter (dladdr and the
// unwinder, warmed up in in_child, take the loader's lock): the process is
// dying, and a child that hangs here ends by the parent's watchdog.
void note_frames(ChildJournal::Shared* j, void* context) {
  uintptr_t pc = 0, sp = 0;
#if defined(__x86_64__)
  if (context != nullptr) {
    const auto* uc = static_cast<const ucontext_t*>(context);
    pc = static_cast<uintptr_t>(uc->uc_mcontext.gregs[REG_RIP]);
    sp = static_cast<uintptr_t>(uc->uc_mcontext.gregs[REG_RSP]);
  }
#endif
  if (pc == 0) return;
  note_frame(j, pc);
  Dl_info info{};
  if (::dladdr(reinterpret_cast<void*>(pc), &info) == 0 && sp != 0) {
    // A call through a bad pointer: no code there, and no unwinding from it;
    // the call's return address is still on top of the stack.
    note_frame(j, *reinterpret_cast<const uintptr_t*>(sp) - 1);
    return;
  }
  void* stack[kCrashFramesMax + 8];
  const int depth = ::backtrace(stack, static_cast<int>(std::size(stack)));
  for (int i = 0; i < depth; ++i) {
    if (reinterpret_cast<uintptr_t>(stack[i]) != pc) continue;
    for (int k = i + 1; k < depth; ++k) note_frame(j, reinterpret_cast<uintptr_t>(stack[k]) - 1);
    break;
  }
}

void on_crash_signal(int sig, siginfo_t* info, void* context) {
  ChildJournal::Shared* j = g_journal;
  if (j != nullptr && j->signal.load() == 0) {
    // Only a fault the kernel raised has an address (si_code > 0); abort()
    // and raise() fill those bytes with the sender's pid and uid instead.
    if (sig != SIGABRT && info != nullptr && info->si_code > 0) {
      j->address.store(reinterpret_cast<uintptr_t>(info->si_addr));
      j->has_address.store(1);
    }
    j->signal.store(sig);
    note_frames(j, context);
  }
  // Hand the signal on as if we were not here: to a sanitizer's handler when
  // one was installed (its report needs the original context), else the
  // default action, so that the exit status stays this signal.
  const struct sigaction& prev = g_previous[sig];
  ::sigaction(sig, &prev, nullptr);
  if ((prev.sa_flags & SA_SIGINFO) != 0 && prev.sa_sigaction != nullptr) {
    prev.sa_sigaction(sig, info, context);
    return;
  }
  if (prev.sa_handler != SIG_DFL && prev.sa_handler != SIG_IGN) {
    prev.sa_handler(sig);
    return;
  }
  ::signal(sig, SIG_DFL);
  ::raise(sig);  // pending until the handler returns; a fault re-faults anyway
}

// Event records: a tag byte, the fixed fields, then a length-prefixed text.
void put(char*& at, const void* data, size_t size) {
  std::memcpy(at, data, size);
  at += size;
}
template <class T>
T take(const char*& at) {
  T value;
  std::memcpy(&value, at, sizeof value);
  at += sizeof value;
  return value;
}

void append_record(char tag, const TraceEvent& e) {
  ChildJournal::Shared* j = g_journal;
  const uint64_t used = j->event_bytes_used.load();
  const size_t size = 1 + sizeof e.step + sizeof e.thread + sizeof e.op + sizeof e.object +
                      sizeof e.time_ns + sizeof(uint32_t) + e.text.size();
  if (used + size > j->event_bytes_max) {
    j->events_lost.store(1);
    return;
  }
  char* at = j->events() + used;
  const auto text_size = static_cast<uint32_t>(e.text.size());
  put(at, &tag, 1);
  put(at, &e.step, sizeof e.step);
  put(at, &e.thread, sizeof e.thread);
  put(at, &e.op, sizeof e.op);
  put(at, &e.object, sizeof e.object);
  put(at, &e.time_ns, sizeof e.time_ns);
  put(at, &text_size, sizeof text_size);
  put(at, e.text.data(), e.text.size());
  j->event_bytes_used.store(used + size);
}

}  // namespace

ChildJournal::ChildJournal(size_t event_bytes) {
  bytes_ = sizeof(Shared) + kChoicesMax * sizeof(ChoiceRecord) + event_bytes;
  // MAP_NORESERVE: only the pages a run writes are ever backed.
  void* p = ::mmap(nullptr, bytes_, PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  ES_CHECK_MSG(p != MAP_FAILED, "cannot map the shared journal of a forked run");
  shared_ = static_cast<Shared*>(p);  // zero-filled: every count starts at 0
  shared_->event_bytes_max = event_bytes;
}

ChildJournal::~ChildJournal() { ::munmap(shared_, bytes_); }

void ChildJournal::in_child() {
  g_journal = shared_;
  // What the crash handler needs, ready before a crash: the unwinder loaded
  // (its first use dlopens libgcc_s) and the executable's base and path.
  void* warm[2];
  ::backtrace(warm, 2);
  Dl_info self{};
  if (::dladdr(reinterpret_cast<void*>(&on_crash_signal), &self) != 0) g_exe_base = self.dli_fbase;
  const ssize_t n = ::readlink("/proc/self/exe", g_exe_path, sizeof g_exe_path - 1);
  g_exe_path[n > 0 ? n : 0] = '\0';
  for (int sig : kCrashSignals) {
    struct sigaction current {};
    ES_CHECK(::sigaction(sig, nullptr, &current) == 0);
    // A child of a child (a DFS schedule) inherits our handler: what it
    // hands on to stays the original one, never itself.
    const bool ours =
        (current.sa_flags & SA_SIGINFO) != 0 && current.sa_sigaction == on_crash_signal;
    if (!ours) g_previous[sig] = current;
    struct sigaction sa {};
    sa.sa_sigaction = on_crash_signal;
    sa.sa_flags = SA_SIGINFO;
    ::sigemptyset(&sa.sa_mask);
    ES_CHECK(::sigaction(sig, &sa, nullptr) == 0);
  }
}

void ChildJournal::fill_died(int status, RunResult* r) const {
  Shared* j = shared_;
  r->verdict = Verdict::died;
  r->steps = j->steps.load();
  r->trace_hash = j->hash.load();
  const ChoiceRecord* c = j->choices();
  r->choices.assign(c, c + j->choice_count.load());
  r->death.signal = j->signal.load();
  if (r->death.signal == 0 && WIFSIGNALED(status)) r->death.signal = WTERMSIG(status);
  r->death.has_address = j->has_address.load() != 0;
  r->death.address = j->address.load();
  r->death.choices_lost = j->choices_lost.load() != 0;
  r->death.events_lost = j->events_lost.load() != 0;
  r->death.frames.clear();
  const uint32_t frames = std::min(j->frame_count.load(), kCrashFramesMax);
  for (uint32_t i = 0; i < frames; ++i) {
    r->death.frames.push_back({j->frames[i].module, j->frames[i].offset});
  }
  r->events.clear();
  r->thread_names.clear();
  const char* at = j->events();
  const char* end = at + j->event_bytes_used.load();
  while (at < end) {
    const char tag = *at++;
    TraceEvent e;
    e.step = take<uint64_t>(at);
    e.thread = take<uint32_t>(at);
    e.op = take<Op>(at);
    e.object = take<uint32_t>(at);
    e.time_ns = take<uint64_t>(at);
    const auto size = take<uint32_t>(at);
    e.text.assign(at, size);
    at += size;
    if (tag == 'e') {
      r->events.push_back(std::move(e));
      continue;
    }
    // A thread name: the thread number travels in `thread`.
    if (r->thread_names.size() <= e.thread) r->thread_names.resize(e.thread + 1);
    r->thread_names[e.thread] = std::move(e.text);
  }
}

void journal_begin_run() {
  ChildJournal::Shared* j = g_journal;
  if (j == nullptr) return;
  // A process may run several schedules (a test); only the last one counts.
  j->steps.store(0);
  j->hash.store(0);
  j->choice_count.store(0);
  j->choices_lost.store(0);
  j->event_bytes_used.store(0);
  j->events_lost.store(0);
}

void journal_progress(uint64_t steps, uint64_t hash) {
  ChildJournal::Shared* j = g_journal;
  if (j == nullptr) return;
  j->steps.store(steps, std::memory_order_relaxed);
  j->hash.store(hash, std::memory_order_relaxed);
}

void journal_choice(const ChoiceRecord& record) {
  ChildJournal::Shared* j = g_journal;
  if (j == nullptr) return;
  const uint64_t n = j->choice_count.load(std::memory_order_relaxed);
  if (n >= kChoicesMax) {
    j->choices_lost.store(1);
    return;
  }
  j->choices()[n] = record;
  j->choice_count.store(n + 1, std::memory_order_release);
}

bool journal_keeps_events() { return g_journal != nullptr && g_journal->event_bytes_max > 0; }

void journal_event(const TraceEvent& event) {
  if (journal_keeps_events()) append_record('e', event);
}

void journal_thread_name(uint32_t id, const std::string& name) {
  if (!journal_keeps_events()) return;
  TraceEvent e;
  e.thread = id;
  e.text = name;
  append_record('n', e);
}

}  // namespace enginesim::sched
