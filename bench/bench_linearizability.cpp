// bench_linearizability.cpp - times the linearizability checker on a valid
// 10,000-operation, 8-connection history over 100 keys (or KEYS), made by
// harness/model/history_generator.h.
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>

#include "harness/model/history_generator.h"
#include "harness/model/linearizability.h"
#include "harness/model/model.h"

using namespace enginesim::model;

int main(int argc, char** argv) {
  GeneratorParams p;
  // Optional: SEED [KEYS] (fewer keys = more contention per key).
  if (argc > 1) p.seed = std::strtoull(argv[1], nullptr, 10);
  if (argc > 2) p.keys = static_cast<uint32_t>(std::strtoul(argv[2], nullptr, 10));
  if (p.keys == 0) p.keys = 1;
  std::printf("bench_linearizability: seed=%" PRIu64 " operations=%zu connections=%u keys=%u\n",
              p.seed, p.operations, p.connections, p.keys);
  const History h = generate_history(p);
  if (argc > 3) {  // SEED KEYS FILE: also write the history, for check-history
    FILE* out = std::fopen(argv[3], "w");
    if (out == nullptr) return 2;
    std::fputs(write_history(h).c_str(), out);
    std::fclose(out);
  }
  size_t driver_ops = 0;
  for (const HistoryEntry& e : h.entries) driver_ops += is_global(e.op.kind) ? 1 : 0;
  const auto start = std::chrono::steady_clock::now();
  const CheckReport r = check_history(h);
  const auto stop = std::chrono::steady_clock::now();
  const double ms = std::chrono::duration<double, std::milli>(stop - start).count();
  std::printf("history: %zu operations (%zu flush/advance_time on every key)\n", h.entries.size(),
              driver_ops);
  std::printf("verdict: %s, %" PRIu64 " search steps, %zu keys\n", verdict_name(r.verdict),
              r.search_steps, r.keys);
  std::printf("check time: %.1f ms (goal: under 1000 ms)\n", ms);
  return r.verdict == Verdict::linearizable ? 0 : 1;
}
