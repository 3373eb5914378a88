// history_generator.h - valid concurrent histories of any size, made from
// a seed by simulating a correct store with random overlaps: what the
// linearizability checker's benchmarks (bench/, `enginesim bench` P4) time.
#pragma once

#include <cstddef>
#include <cstdint>

#include "harness/model/history.h"

namespace enginesim::model {

struct GeneratorParams {
  uint64_t seed = 1;
  size_t operations = 10'000;
  uint32_t connections = 8;
  uint32_t keys = 100;  // fewer keys: more contention per key (1: the worst case)
};

// A linearizable history of `operations` operations (clock advances and
// flushes included, made by a driver connection numbered `connections`).
History generate_history(const GeneratorParams& p);

}  // namespace enginesim::model
