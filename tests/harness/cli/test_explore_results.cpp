// test_explore_results.cpp - explore's JUnit and JSON: one testcase per
// failing seed with the replay command in its message, a summary testcase,
// and engine text escaped.
#include <gtest/gtest.h>

#include "harness/cli/explore_results.h"

namespace enginesim::cli {
namespace {

ExploreInfo campaign() {
  ExploreInfo info;
  info.engine_path = "e.so";
  info.config = "dir={tmpdir};mode=\"async\"";
  info.strategy = "pct:2:100";
  info.first = 1;
  info.last = 10;
  info.seeds_total = 10;
  info.seeds_done = 10;
  info.seconds = 1.5;
  info.by_verdict = {{"failed", 1}, {"ok", 9}};
  info.exit_code = 1;
  return info;
}

ExploreFailure failure() {
  ExploreFailure f{};
  f.seed = 7;
  f.result.verdict = sched::Verdict::failed;
  f.result.report =
      std::string("contract monitor: 1 violation(s)\n  rule.x: key \"<k\x01>\" & more\n");
  f.result.trace_hash = 0xabc;
  f.record.command = "enginesim replay out/seed-7.schedule";
  f.record.schedule_path = "out/seed-7.schedule";
  f.record.repeated = true;
  f.record.confirmation = "confirmed";
  return f;
}

TEST(ExploreResults, JunitHasASummaryAndOneTestcasePerFailingSeed) {
  const std::string x = explore_junit(campaign(), {failure()});
  EXPECT_NE(x.find("tests=\"2\" failures=\"1\""), std::string::npos) << x;
  EXPECT_NE(x.find("<testcase classname=\"explore\" name=\"summary\""), std::string::npos);
  EXPECT_NE(x.find("<testcase classname=\"explore.failed\" name=\"seed 7\""), std::string::npos);
  EXPECT_NE(
      x.find(
          "message=\"failed: contract monitor: 1 violation(s) / rule.x: key &quot;&lt;k?&gt;&quot; "
          "&amp; more -- replay: enginesim replay out/seed-7.schedule\""),
      std::string::npos)
      << x;
  EXPECT_NE(x.find("value=\"dir={tmpdir};mode=&quot;async&quot;\""), std::string::npos);
  for (char c : x) EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20 && c != '\n') << x;
}

TEST(ExploreResults, JunitOfACleanCampaignIsOnlyThePassingSummary) {
  ExploreInfo info = campaign();
  info.by_verdict = {{"ok", 10}};
  info.exit_code = 0;
  const std::string x = explore_junit(info, {});
  EXPECT_NE(x.find("tests=\"1\" failures=\"0\""), std::string::npos) << x;
  EXPECT_EQ(x.find("<failure"), std::string::npos);
}

TEST(ExploreResults, JsonCarriesEveryFieldOfTheSchema) {
  const std::string j = explore_json(campaign(), {failure()});
  for (const char* field :
       {"\"format\": \"enginesim-explore-1\"",
        "\"seeds\": {\"first\": 1, \"last\": 10, \"shard\": 0, "
        "\"shards\": 1, \"total\": 10}",
        "\"by_verdict\": {\"failed\": 1, \"ok\": 9}", "\"seed\": 7", "\"verdict\": \"failed\"",
        "\"replay\": \"enginesim replay out/seed-7.schedule\"",
        "\"schedule\": \"out/seed-7.schedule\"", "\"repeated\": true",
        "\"trace_hash\": \"0000000000000abc\"", "\"exit_code\": 1"}) {
    EXPECT_NE(j.find(field), std::string::npos) << field << "\n" << j;
  }
  EXPECT_NE(j.find("key \\\"\\u003ck\\u0001\\u003e\\\" \\u0026 more"), std::string::npos) << j;
}

}  // namespace
}  // namespace enginesim::cli
