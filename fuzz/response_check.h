// response_check.h - the rules an engine's answer to unknown_command must
// follow, checked on what EngineClient recorded: the return code, and every
// ADD_RESPONSE call (status, datatype, lengths). Kept in step with the
// contract monitor's unknown_command rules (harness/monitor).
#pragma once

#include <string>

#include "fakes/engine_client.h"

namespace enginesim::fuzz {

// Empty when the answer is well-formed, else what is wrong (one sentence).
std::string check_unknown_command_answer(const UnknownCommandResult& result);

// True for the response statuses of the binary protocol (0x00-0x06,
// 0x20-0x21 for SASL, 0x81-0x86).
bool known_response_status(uint16_t status);

}  // namespace enginesim::fuzz
