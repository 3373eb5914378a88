// fuzz_unknown_command.cpp - libFuzzer target: binary-protocol request
// packets, well-formed and malformed, into the engine's unknown_command
// through EngineClient; every answer is checked for well-formedness.
//
//   ENGINESIM_ENGINE=path.so    the engine (default: the bundled mem engine)
//   ENGINESIM_CONFIG=...        its configuration string
//   ENGINESIM_FUZZ_RAW_LENGTHS=1  keylen/extlen may exceed bodylen (see
//                                 FramingRules)
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "fuzz/engine_under_fuzz.h"
#include "fuzz/finding.h"
#include "fuzz/request_packet.h"
#include "fuzz/response_check.h"
#include "harness/sim/sim_env.h"

using namespace enginesim;
using namespace enginesim::fuzz;

namespace {
FramingRules g_rules;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const char* raw = cli::env_value(cli::EnvSetting::fuzz_raw_lengths);
  g_rules.raw_lengths = raw != nullptr && std::strcmp(raw, "1") == 0;
  engine_under_fuzz();  // load now: a broken setup fails before fuzzing
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  EngineUnderFuzz& e = engine_under_fuzz();
  if (e.engine->v1()->unknown_command == nullptr) return 0;  // the core answers itself
  const std::string packet = build_request_packet(data, size, g_rules);
  // An exact-size copy: a read past the packet lands outside the allocation
  // and AddressSanitizer reports it.
  UnknownCommandResult result =
      e.client->unknown_command(*e.conn, std::string(packet.data(), packet.size()));
  const std::string problem = check_unknown_command_answer(result);
  if (!problem.empty()) {
    report_finding(problem + "\n  engine: " + e.path + "\n  request: " + describe_packet(packet));
  }
  return 0;
}
