// acceptable.cpp - matching observed results against the allowed answers.
#include "harness/model/acceptable.h"

#include "harness/model/text_codec.h"

namespace enginesim::model {

bool Answer::same_outcome(const Answer& o) const {
  return status == o.status && value == o.value && flags == o.flags && number == o.number &&
         exptime == o.exptime && cas_rule == o.cas_rule && cas == o.cas && next == o.next;
}

bool Answer::matches(const Result& r) const {
  if (r.uncertain()) return true;
  if (r.status != status) return false;
  if (value && r.value != *value) return false;
  if (flags && r.flags != *flags) return false;
  if (number && r.number != *number) return false;
  if (exptime && r.exptime && *r.exptime != *exptime) return false;
  switch (cas_rule) {
    case CasRule::unchecked: return true;
    case CasRule::equals: return r.cas == cas;
    case CasRule::learn: return r.cas != 0;
    case CasRule::fresh: return r.cas != 0 && r.cas != cas;
  }
  return false;
}

State Answer::successor(const Result& r) const {
  State s = next;
  if (cas_rule != CasRule::fresh && cas_rule != CasRule::learn) return s;
  auto it = s.items.find(key);
  if (it == s.items.end()) return s;  // e.g. stored already expired
  if (r.uncertain()) {
    if (cas_rule == CasRule::fresh) it->second.cas.reset();
  } else {
    it->second.cas = r.cas;
  }
  return s;
}

std::string Answer::describe() const {
  std::string s = status_text(status);
  std::string with;
  auto part = [&with](const std::string& p) { with += (with.empty() ? " with " : ", ") + p; };
  if (value) part("value " + quote(*value));
  if (flags) part("flags " + std::to_string(*flags));
  if (number) part("number " + std::to_string(*number));
  if (exptime) part("exptime " + std::to_string(*exptime));
  switch (cas_rule) {
    case CasRule::unchecked: break;
    case CasRule::equals: part("cas " + std::to_string(cas)); break;
    case CasRule::learn: part("a non-zero cas"); break;
    case CasRule::fresh:
      part(cas != 0 ? "a new cas (not " + std::to_string(cas) + ")" : "a new non-zero cas");
      break;
  }
  s += with;
  if (note != nullptr) s += std::string(" (") + note + ")";
  return s;
}

void Acceptable::add(Answer a) {
  for (const Answer& have : answers) {
    if (have.same_outcome(a)) return;
  }
  answers.push_back(std::move(a));
}

std::string Acceptable::describe() const {
  std::string s;
  for (const Answer& a : answers) s += (s.empty() ? "" : " or ") + a.describe();
  return s;
}

}  // namespace enginesim::model
