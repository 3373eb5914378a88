// testapp_seeds.h - `enginesim testapp --seeds A..B`: every selected test
// under the deterministic scheduler once per seed (in forked children,
// --jobs at a time); the first failing seed of each test is recorded,
// confirmed by a second run and printed with the command that replays it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "harness/testapp/session.h"
#include "harness/testapp/suite_library.h"
#include "harness/testapp/verdict.h"

namespace enginesim::cli {

struct SeedCampaign {
  uint64_t first = 1, last = 1;
  std::string strategy = "pct:2";
  uint32_t jobs = 2;
  uint32_t wall_limit_ms = 60'000;
  std::string out_dir = "enginesim-failures";
  std::string self;      // this program, for the printed replay commands
  bool atomics = false;  // issue 19: --atomics, --races
  bool races = false;
};

// Parses "A..B" (1 <= A <= B); false and a message otherwise.
bool parse_seed_range(const std::string& text, uint64_t* first, uint64_t* last, std::string* error);

// Runs the campaign for the tests at `indexes`; prints a line per failing
// (test, seed) with its replay command and a summary line. Returns one
// verdict per failing test ("NAME [seed N]") for the reports.
std::vector<testapp::TestVerdict> run_seed_campaign(const testapp::SuiteLibrary& suite,
                                                    const std::vector<size_t>& indexes,
                                                    const testapp::SessionConfig& config,
                                                    const SeedCampaign& campaign);

// `enginesim testapp --replay FILE`: the recorded run again; exit code.
int replay_testapp(const std::string& path, const std::string& engine_override);

}  // namespace enginesim::cli
