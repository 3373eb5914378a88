// response_check.cpp - checks unknown_command answers for well-formedness.
#include "fuzz/response_check.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <iterator>

#include "memcached/protocol_binary.h"

namespace enginesim::fuzz {
namespace {

std::string hex(unsigned value, int digits) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%0*x", digits, value);
  return buf;
}

// What a client reads: the return code decides whether the core sends an
// error of its own, so a reply through ADD_RESPONSE pairs only with SUCCESS.
std::string check_return(const UnknownCommandResult& r) {
  if (r.notify_lost) {
    return "unknown_command returned ENGINE_EWOULDBLOCK and never called notify_io_complete";
  }
  if (r.status == ENGINE_SUCCESS) {
    if (r.responses.empty()) {
      return "unknown_command returned ENGINE_SUCCESS without answering through ADD_RESPONSE: "
             "the client never gets a reply";
    }
    return "";
  }
  static const ENGINE_ERROR_CODE allowed[] = {ENGINE_ENOTSUP, ENGINE_EINVAL,         ENGINE_ENOMEM,
                                              ENGINE_TMPFAIL, ENGINE_DISCONNECT,     ENGINE_E2BIG,
                                              ENGINE_EACCESS, ENGINE_NOT_MY_VBUCKET, ENGINE_FAILED};
  if (std::find(std::begin(allowed), std::end(allowed), r.status) == std::end(allowed)) {
    return "unknown_command returned " + status_name(r.status) +
           "; the return is SUCCESS, ENOTSUP, EINVAL or a resource error (a per-key answer "
           "travels through ADD_RESPONSE)";
  }
  if (!r.responses.empty()) {
    return "unknown_command answered through ADD_RESPONSE and then returned " +
           status_name(r.status) + ": the core sends an error too, the client gets two replies";
  }
  return "";
}

std::string check_response(const Response& resp, size_t index) {
  const std::string which = "ADD_RESPONSE #" + std::to_string(index + 1);
  if (!known_response_status(resp.status)) {
    return which + " has status " + hex(resp.status, 4) +
           ", which is no binary-protocol response status";
  }
  if (resp.datatype != PROTOCOL_BINARY_RAW_BYTES) {
    return which + " has datatype " + hex(resp.datatype, 2) +
           "; protocol version 1 knows only PROTOCOL_BINARY_RAW_BYTES (0x00)";
  }
  // The lengths travel in 8/16/32-bit header fields; the total body must fit.
  const uint64_t total = uint64_t{resp.ext.size()} + resp.key.size() + resp.body.size();
  if (resp.ext.size() > UINT8_MAX || resp.key.size() > UINT16_MAX || total > UINT32_MAX) {
    return which + " has lengths ext=" + std::to_string(resp.ext.size()) +
           " key=" + std::to_string(resp.key.size()) + " body=" + std::to_string(resp.body.size()) +
           " that do not fit the response header";
  }
  return "";
}

}  // namespace

bool known_response_status(uint16_t status) {
  return status <= PROTOCOL_BINARY_RESPONSE_DELTA_BADVAL || status == 0x20 || status == 0x21 ||
         (status >= PROTOCOL_BINARY_RESPONSE_UNKNOWN_COMMAND &&
          status <= PROTOCOL_BINARY_RESPONSE_ETMPFAIL);
}

std::string check_unknown_command_answer(const UnknownCommandResult& result) {
  for (size_t i = 0; i < result.responses.size(); ++i) {
    std::string problem = check_response(result.responses[i], i);
    if (!problem.empty()) return problem;
  }
  return check_return(result);
}

}  // namespace enginesim::fuzz
