// test_conformance_report.cpp - the plain, TAP, JUnit and JSON renderings of
// conformance results, and the summary line.
#include <gtest/gtest.h>

#include "harness/conformance/report.h"

namespace enginesim::conformance {
namespace {

std::vector<ClauseResult> sample() {
  ClauseResult pass{"get.miss", Verdict::pass, "", "", "", 0.01};
  ClauseResult fail{"store.add.exists", Verdict::fail, "add k: expected ENGINE_NOT_STORED, got <\"&\">", "", "", 0.02};
  ClauseResult died{"arith.incr.basic", Verdict::died, "killed by SIGSEGV (no core dump)", "", "", 0.03};
  ClauseResult timeout{"flush.now", Verdict::timeout, "no verdict within 2 s", "", "", 2.0};
  ClauseResult skip{"store.cas.match", Verdict::skip, "the engine does not advertise ENGINE_FEATURE_CAS", "", "", 0};
  ClauseResult contract{"get.hit", Verdict::contract, "second notify for conn 1", "notify.double",
                        "#1 get\n#2 notify\n", 0.1};
  return {pass, fail, died, timeout, skip, contract};
}

TEST(ConformanceReport, SummaryCountsDiedTimeoutContractAsFailed) {
  Summary s = summarize(sample());
  EXPECT_EQ(s.passed, 1);
  EXPECT_EQ(s.failed, 4);
  EXPECT_EQ(s.skipped, 1);
  EXPECT_EQ(summary_line(s), "1 passed, 4 failed, 1 skipped");
}

TEST(ConformanceReport, PlainLinesNameVerdictIdAndDetail) {
  auto r = sample();
  EXPECT_EQ(plain_line(r[0]), "PASS     get.miss\n");
  EXPECT_EQ(plain_line(r[2]), "DIED     arith.incr.basic  killed by SIGSEGV (no core dump)\n");
  const std::string c = plain_line(r[5]);
  EXPECT_EQ(c.rfind("CONTRACT get.hit  [notify.double]  second notify for conn 1\n", 0), 0u) << c;
  EXPECT_NE(c.find("| #2 notify"), std::string::npos) << c;
}

TEST(ConformanceReport, TapMarksSkipsAndFailures) {
  auto r = sample();
  EXPECT_EQ(tap_plan(6), "TAP version 13\n1..6\n");
  EXPECT_EQ(tap_line(r[0], 1), "ok 1 - get.miss\n");
  EXPECT_EQ(tap_line(r[4], 5), "ok 5 - store.cas.match # SKIP the engine does not advertise ENGINE_FEATURE_CAS\n");
  const std::string f = tap_line(r[3], 4);
  EXPECT_EQ(f.rfind("not ok 4 - flush.now\n  ---\n  verdict: TIMEOUT\n", 0), 0u) << f;
  EXPECT_NE(tap_line(r[5], 6).find("  rule: \"notify.double\""), std::string::npos);
}

TEST(ConformanceReport, JunitHasOneEscapedTestcasePerClause) {
  const std::string x = junit_xml(sample(), ReportInfo{"e.so", "dir=@TMPDIR@", 30, true, 1});
  EXPECT_NE(x.find("tests=\"6\" failures=\"4\" errors=\"0\" skipped=\"1\""), std::string::npos) << x;
  size_t count = 0;
  for (size_t at = x.find("<testcase "); at != std::string::npos; at = x.find("<testcase ", at + 1)) ++count;
  EXPECT_EQ(count, 6u);
  EXPECT_NE(x.find("got &lt;&quot;&amp;&quot;&gt;"), std::string::npos) << x;
  EXPECT_NE(x.find("<failure type=\"CONTRACT\" message=\"notify.double: second notify for conn 1\">"),
            std::string::npos) << x;
  EXPECT_NE(x.find("<failure type=\"DIED\""), std::string::npos);
  EXPECT_NE(x.find("<skipped message=\"the engine does not advertise ENGINE_FEATURE_CAS\"/>"),
            std::string::npos);
  EXPECT_NE(x.find("classname=\"conformance.store\" name=\"store.add.exists\""), std::string::npos);
}

TEST(ConformanceReport, JsonHasSummaryAndEscapedClauses) {
  const std::string j = json_report(sample(), ReportInfo{"e.so", "a\"b", 30, true, 1});
  EXPECT_NE(j.find("\"config\": \"a\\\"b\""), std::string::npos) << j;
  EXPECT_NE(j.find("\"summary\": {\"passed\": 1, \"failed\": 4, \"skipped\": 1, \"warned\": 0, \"exit_code\": 1}"),
            std::string::npos) << j;
  EXPECT_NE(j.find("\"verdict\": \"CONTRACT\", \"level\": \"required\", \"detail\": \"second notify for conn 1\", \"rule\": "
                   "\"notify.double\", \"history\": \"#1 get\\n#2 notify\\n\""),
            std::string::npos) << j;
  EXPECT_NE(j.find("\"monitor\": true"), std::string::npos);
}

}  // namespace
}  // namespace enginesim::conformance
