// detail_text.h - the one-line text of a report-only trace detail
// (Op::detail): an engine call as it begins, its return, or a contract
// violation. Tab-separated fields; tabs and newlines inside a field become
// spaces, everything else (escaped keys, statuses) passes unchanged.
//   call\t<seq>\t<c|e>\t<conn>\t<function>\t<args>   c: core->engine, e: engine->core
//   ret\t<seq>\t<result>
//   violation\t<seq>\t<rule>\t<message>              seq 0: found at the end
//   wait\t<holder thread>\t<object>                   a lock is taken: wait
//                                                     (held by that thread)
#pragma once

#include <cstdint>
#include <string>

namespace enginesim::sched {

struct Detail {
  enum class Kind { call, ret, violation, wait } kind = Kind::call;
  uint64_t seq = 0;             // wait: the holder's thread number
  bool engine_to_core = false;  // call
  uint64_t conn = 0;            // call; 0 = no connection
  std::string function;         // call
  std::string text;             // call: args, ret: result, violation: message,
                                // wait: the object ("mutex#3")
  std::string rule;             // violation
};

std::string detail_call(uint64_t seq, bool engine_to_core, uint64_t conn,
                        const std::string& function, const std::string& args);
std::string detail_ret(uint64_t seq, const std::string& result);
std::string detail_violation(uint64_t seq, const std::string& rule, const std::string& message);
std::string detail_wait(const std::string& object, uint64_t holder_thread);
// False when `line` is not a detail text.
bool parse_detail(const std::string& line, Detail* out);

}  // namespace enginesim::sched
