// acceptable.h - the answers memcached allows for one operation in one state,
// each with the state it leaves behind. Printed for humans ("ENGINE_SUCCESS
// with value "x" or ENGINE_KEY_ENOENT (evicted)"), matched against results.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "harness/model/operation.h"
#include "harness/model/state.h"

namespace enginesim::model {

// What an answer's CAS must be.
enum class CasRule : uint8_t {
  unchecked,  // anything (errors; engines without the CAS feature)
  equals,     // exactly `cas` (a get of a version whose CAS is known)
  learn,      // any non-zero value, which becomes the version's known CAS
  fresh,      // a new non-zero CAS, not `cas` (the version it replaces)
};

struct Answer {
  ENGINE_ERROR_CODE status = ENGINE_SUCCESS;
  std::optional<std::string> value;  // checked when set
  std::optional<uint32_t> flags;     // checked when set
  std::optional<uint64_t> number;    // checked when set
  std::optional<uint32_t> exptime;   // checked when set and recorded
  CasRule cas_rule = CasRule::unchecked;
  uint64_t cas = 0;
  const char* note = nullptr;  // why it is allowed, e.g. "evicted"
  State next;                  // the state after this answer
  std::string key;             // whose item learn/fresh give the CAS

  // Same observable answer and same successor (the note aside).
  bool same_outcome(const Answer& other) const;
  bool matches(const Result& result) const;
  // `next`, with the result's CAS filled in for fresh/learn; for an
  // uncertain result the CAS stays unknown.
  State successor(const Result& result) const;
  std::string describe() const;
};

struct Acceptable {
  std::vector<Answer> answers;  // never empty

  // Adds `a` unless an answer with the same outcome is there already.
  void add(Answer a);
  std::string describe() const;  // "A or B or C"
};

}  // namespace enginesim::model
