// free_run.h - one engine_testapp test with free threads, as engine_testapp
// runs it: in a forked child with a wall-clock limit, its verdict from what
// the child reports or how it ended (DIED, CORE, TIMEOUT).
#pragma once

#include <cstddef>
#include <cstdint>

#include "harness/testapp/session.h"
#include "harness/testapp/suite_library.h"
#include "harness/testapp/verdict.h"

namespace enginesim::testapp {

// `config.tmpdir` is ignored: each test gets a fresh directory.
TestVerdict run_free(const SuiteLibrary& suite, size_t index, SessionConfig config,
                     uint32_t timeout_ms);

// The verdict of a finished test body (CONTRACT when it passed but the
// monitor found something).
TestVerdict verdict_of(const std::string& name, const struct TestOutcome& outcome);

}  // namespace enginesim::testapp
