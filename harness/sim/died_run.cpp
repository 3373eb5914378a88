// died_run.cpp - the `died` meta line of a schedule file and the comparison
// of two deaths.
#include "harness/sim/died_run.h"

#include <algorithm>
#include <cstdlib>

#include "harness/sched/trace.h"

namespace enginesim::cli {

size_t journal_event_bytes(size_t events_max) {
  // A step event takes 33 bytes, a note or detail line its text besides;
  // 160 bytes an event on average covers the recorded calls of `report`.
  // Capped: the mapping is virtual until written, but not unbounded.
  constexpr size_t kBytesPerEvent = 160;
  constexpr size_t kBytesMax = size_t{1} << 30;
  return std::min(kBytesMax, std::max<size_t>(events_max, 1) * kBytesPerEvent);
}

bool died_with_schedule(const sched::RunResult& r) {
  // steps == 0: no journal (or the child died before its first step), so
  // nothing to replay; choices_lost: a replay would stop short of the death.
  return r.verdict == sched::Verdict::died && r.steps > 0 && !r.death.choices_lost;
}

void put_death_meta(const sched::RunResult& r, sched::ScheduleFile* file) {
  const std::string how = sched::describe_death(r);
  file->meta.emplace_back("died", std::to_string(r.death.signal) + (how.empty() ? "" : " " + how));
}

int recorded_death_signal(const sched::ScheduleFile& file) {
  const std::string* died = file.find_meta("died");
  if (died == nullptr) return -1;
  return static_cast<int>(std::strtol(died->c_str(), nullptr, 10));
}

bool same_death(int signal, uint64_t trace_hash, const sched::RunResult& again, std::string* why) {
  if (again.verdict != sched::Verdict::died) {
    *why = std::string("it did not die (verdict ") + sched::to_string(again.verdict) + ")";
    return false;
  }
  if (again.death.signal != signal) {
    *why = "it died of signal " + std::to_string(again.death.signal) + ", not " +
           std::to_string(signal);
    return false;
  }
  if (again.trace_hash != trace_hash) {
    *why = "it died after another run: trace-hash " + sched::hex64(again.trace_hash) +
           ", recorded " + sched::hex64(trace_hash);
    return false;
  }
  return true;
}

}  // namespace enginesim::cli
