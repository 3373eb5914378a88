// verdict.h - what a test run ended as, for reports: engine_testapp's
// verdicts plus CONTRACT (the test passed but the contract monitor saw the
// engine break the API's contract).
#pragma once

#include <string>

#include "memcached/engine_testapp.h"

namespace enginesim::testapp {

struct TestVerdict {
  std::string name;
  enum test_result result = FAIL;
  bool contract = false;  // result SUCCESS, but a monitor rule was broken
  std::string detail;     // why (the harness's text, the signal, the limit)
  std::string rule;       // contract: the first broken rule's id
  std::string history;    // contract: the calls that led there
  double seconds = 0;
  bool failed() const {
    return contract || (result != SUCCESS && result != SKIPPED && result != PENDING);
  }
};

// "OK", "FAIL", "DIED", "CORE DUMPED", "PENDING", "SKIPPED", "TIMED OUT",
// as engine_testapp prints them; "CONTRACT" for a contract failure.
const char* verdict_word(const TestVerdict& v);

}  // namespace enginesim::testapp
