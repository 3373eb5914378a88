// fuzz_inputs.cpp - libFuzzer target: the harness's own parsers (engine
// config strings and files, CLI options, schedule files, histories, workload
// files) must neither crash nor leak on any input. Byte 0 picks the parser:
//   0 parse_config   1 parse_args   2 parse_schedule   3 parse_history
//   4 parse_workload (and 5..7: byte 0 is taken modulo 5)
#include <cstddef>
#include <cstdint>

#include "fuzz/input_drivers.h"

using namespace enginesim::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t* rest = data + 1;
  const size_t rest_size = size - 1;
  switch (data[0] % 5) {
    case 0: drive_parse_config(rest, rest_size); break;
    case 1: drive_parse_args(rest, rest_size); break;
    case 2: drive_parse_schedule(rest, rest_size); break;
    case 3: drive_parse_history(rest, rest_size); break;
    case 4: drive_parse_workload(rest, rest_size); break;
  }
  return 0;
}
