// campaign.h - a gtest case that is a campaign: a thousand seeds, or many
// generated cases, over paths that the suite's other tests run too. It runs
// in the plain build; under a sanitizer, which finds its errors per path and
// not per seed, it is skipped, as the command-line campaigns are not
// registered there (enginesim_cli_campaign, tests/harness/cli/CMakeLists.txt).
// On the 2-core machine the four cases so marked took 583 s of the ASan
// suite's 1,700 at 57acdac (docs/guide.md, "Build", says what ci/test runs).
#pragma once

#include <gtest/gtest.h>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define ENGINESIM_CAMPAIGN() \
  GTEST_SKIP() << "a campaign: it runs in the plain build (tests/campaign.h)"
#else
#define ENGINESIM_CAMPAIGN() static_cast<void>(0)
#endif
