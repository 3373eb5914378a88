// input_drivers.h - one driver per parser of the harness's own inputs, each
// feeding it fuzz bytes and checking what it promises on any input. The
// fuzz_inputs target picks the driver from the input's first byte.
#pragma once

#include <cstddef>
#include <cstdint>

namespace enginesim::fuzz {

// memcached "key=value;..." strings through parse_config, with every
// datatype declared, DT_CONFIGFILE included (a temp file of fuzz bytes).
void drive_parse_config(const uint8_t* data, size_t size);
// argv words through the CLI's parse_args with a synthetic command.
void drive_parse_args(const uint8_t* data, size_t size);
// Schedule files through parse_schedule; false when the scheduler is not
// part of this build (the input is then not interesting).
bool drive_parse_schedule(const uint8_t* data, size_t size);
// Histories through the model's parse_history; false when the model is not
// part of this build.
bool drive_parse_history(const uint8_t* data, size_t size);
// Workload files through parse_workload; false when the scheduler's
// simulation code is not part of this build.
bool drive_parse_workload(const uint8_t* data, size_t size);

}  // namespace enginesim::fuzz
