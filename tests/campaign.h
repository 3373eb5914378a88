// campaign.h - a gtest case that is a campaign: a thousand seeds, or many
// generated cases, over paths that the suite's other tests run too. It runs
// in the plain build; under a sanitizer, which finds its errors per path and
// not per seed, it is skipped, as the command-line campaigns are not
// registered there. tests/CMakeLists.txt makes that one decision (CAMPAIGNS)
// and passes it here as ENGINESIM_CAMPAIGNS.
// On the 2-core machine the four cases so marked took 583 s of the ASan
// suite's 1,700 at 57acdac (docs/guide.md, "Build", says what ci/test runs).
#pragma once

#include <gtest/gtest.h>

#ifndef ENGINESIM_CAMPAIGNS
#error "ENGINESIM_CAMPAIGNS is set by tests/CMakeLists.txt"
#endif
#if ENGINESIM_CAMPAIGNS
#define ENGINESIM_CAMPAIGN() static_cast<void>(0)
#else
#define ENGINESIM_CAMPAIGN() \
  GTEST_SKIP() << "a campaign: it runs in the plain build (tests/campaign.h)"
#endif
