// test_conformance_report.cpp - the plain, TAP, JUnit and JSON renderings of
// conformance results, and the summary line.
#include <gtest/gtest.h>

#include "harness/conformance/report.h"

namespace enginesim::conformance {
namespace {

std::vector<ClauseResult> sample() {
  ClauseResult pass{"get.miss", Verdict::pass, "", "", "", 0.01};
  ClauseResult fail{"store.add.exists",
                    Verdict::fail,
                    "add k: expected ENGINE_NOT_STORED, got <\"&\">",
                    "",
                    "",
                    0.02};
  ClauseResult died{
      "arith.incr.basic", Verdict::died, "killed by SIGSEGV (no core dump)", "", "", 0.03};
  ClauseResult timeout{"flush.now", Verdict::timeout, "no verdict within 2 s", "", "", 2.0};
  ClauseResult skip{"store.cas.match",
                    Verdict::skip,
                    "the engine does not advertise ENGINE_FEATURE_CAS",
                    "",
                    "",
                    0};
  ClauseResult contract{"get.hit",       Verdict::contract,     "second notify for conn 1",
                        "notify.double", "#1 get\n#2 notify\n", 0.1};
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
  EXPECT_EQ(tap_line(r[4], 5),
            "ok 5 - store.cas.match # SKIP the engine does not advertise ENGINE_FEATURE_CAS\n");
  const std::string f = tap_line(r[3], 4);
  EXPECT_EQ(f.rfind("not ok 4 - flush.now\n  ---\n  verdict: TIMEOUT\n", 0), 0u) << f;
  EXPECT_NE(tap_line(r[5], 6).find("  rule: \"notify.double\""), std::string::npos);
}

TEST(ConformanceReport, JunitHasOneEscapedTestcasePerClause) {
  const std::string x = junit_xml(sample(), ReportInfo{"e.so", "dir={tmpdir}", 30, true, 1});
  EXPECT_NE(x.find("tests=\"6\" failures=\"4\" errors=\"0\" skipped=\"1\""), std::string::npos)
      << x;
  size_t count = 0;
  for (size_t at = x.find("<testcase "); at != std::string::npos; at = x.find("<testcase ", at + 1))
    ++count;
  EXPECT_EQ(count, 6u);
  EXPECT_NE(x.find("got &lt;&quot;&amp;&quot;&gt;"), std::string::npos) << x;
  EXPECT_NE(
      x.find("<failure type=\"CONTRACT\" message=\"notify.double: second notify for conn 1\">"),
      std::string::npos)
      << x;
  EXPECT_NE(x.find("<failure type=\"DIED\""), std::string::npos);
  EXPECT_NE(x.find("<skipped message=\"the engine does not advertise ENGINE_FEATURE_CAS\"/>"),
            std::string::npos);
  EXPECT_NE(x.find("classname=\"conformance.store\" name=\"store.add.exists\""), std::string::npos);
}

TEST(ConformanceReport, JsonHasSummaryAndEscapedClauses) {
  const std::string j = json_report(sample(), ReportInfo{"e.so", "a\"b", 30, true, 1});
  EXPECT_NE(j.find("\"config\": \"a\\\"b\""), std::string::npos) << j;
  EXPECT_NE(j.find("\"summary\": {\"passed\": 1, \"failed\": 4, \"skipped\": 1, \"warned\": 0, "
                   "\"exit_code\": 1}"),
            std::string::npos)
      << j;
  EXPECT_NE(j.find("\"verdict\": \"CONTRACT\", \"level\": \"required\", \"detail\": \"second "
                   "notify for conn 1\", \"rule\": "
                   "\"notify.double\", \"history\": \"#1 get\\n#2 notify\\n\""),
            std::string::npos)
      << j;
  EXPECT_NE(j.find("\"monitor\": true"), std::string::npos);
}

// Every failure and every violation of a clause reaches every format, and
// the clause line keeps the first one as CI greps it.
ClauseResult many_failures() {
  ClauseResult r{"get.prefix_keys",
                 Verdict::fail,
                 "get \"a\": expected ENGINE_SUCCESS, got ENGINE_KEY_ENOENT (+2 more failures)",
                 "",
                 "",
                 0.01};
  r.failures = {"get \"a\": expected ENGINE_SUCCESS, got ENGINE_KEY_ENOENT",
                "get \"ab\": expected ENGINE_SUCCESS, got ENGINE_KEY_ENOENT",
                "remove ab: expected ENGINE_SUCCESS, got <x>"};
  r.engine_stderr = "engine: prefix index corrupt";
  return r;
}

TEST(ConformanceReport, PlainListsEveryFailureUnderTheClauseLine) {
  const std::string p = plain_line(many_failures());
  EXPECT_EQ(p.rfind("FAIL     get.prefix_keys  get \"a\": expected ENGINE_SUCCESS, got "
                    "ENGINE_KEY_ENOENT (+2 more failures)\n",
                    0),
            0u)
      << p;
  EXPECT_NE(p.find("\n           - get \"ab\": expected ENGINE_SUCCESS, got ENGINE_KEY_ENOENT\n"),
            std::string::npos)
      << p;
  EXPECT_NE(p.find("\n           - remove ab: expected ENGINE_SUCCESS, got <x>\n"),
            std::string::npos)
      << p;
  EXPECT_NE(p.find("           engine stderr:\n             | engine: prefix index corrupt\n"),
            std::string::npos)
      << p;
}

TEST(ConformanceReport, PlainListsEveryViolation) {
  ClauseResult c{"get.hit",
                 Verdict::contract,
                 "second notify (+1 more violations; rules: notify.double, item.leak)",
                 "notify.double",
                 "#1 get\n",
                 0.1};
  c.violations = {"notify.double: second notify", "item.leak: item 3 never released"};
  const std::string p = plain_line(c);
  EXPECT_NE(p.find("           ! notify.double: second notify\n"), std::string::npos) << p;
  EXPECT_NE(p.find("           ! item.leak: item 3 never released\n"), std::string::npos) << p;
}

TEST(ConformanceReport, PassingClauseCountsItsStderrInOneLine) {
  ClauseResult pass{"get.miss", Verdict::pass, "", "", "", 0.01};
  pass.engine_stderr = "a\nb";
  EXPECT_EQ(plain_line(pass),
            "PASS     get.miss\n           (the engine wrote 2 lines to stderr: --json or --junit "
            "keeps them)\n");
}

TEST(ConformanceReport, TapJunitAndJsonCarryEveryFailureAndTheStderr) {
  const ClauseResult r = many_failures();
  const std::string tap = tap_line(r, 1);
  EXPECT_NE(tap.find("  failures:\n    - \"get \\\"a\\\": expected"), std::string::npos) << tap;
  EXPECT_NE(tap.find("    - \"remove ab: expected ENGINE_SUCCESS, got <x>\"\n"), std::string::npos)
      << tap;
  EXPECT_NE(tap.find("  engine_stderr: \"engine: prefix index corrupt\"\n"), std::string::npos)
      << tap;
  const std::string x = junit_xml({r}, ReportInfo{"e.so", "", 30, true, 1});
  EXPECT_NE(x.find("failure: get &quot;ab&quot;: expected ENGINE_SUCCESS, got ENGINE_KEY_ENOENT\n"),
            std::string::npos)
      << x;
  EXPECT_NE(x.find("failure: remove ab: expected ENGINE_SUCCESS, got &lt;x&gt;\n"),
            std::string::npos)
      << x;
  EXPECT_NE(x.find("<system-err>engine: prefix index corrupt</system-err>"), std::string::npos)
      << x;
  const std::string j = json_report({r}, ReportInfo{"e.so", "", 30, true, 1});
  EXPECT_NE(
      j.find("\"failures\": [\"get \\\"a\\\": expected ENGINE_SUCCESS, got ENGINE_KEY_ENOENT\", "
             "\"get \\\"ab\\\": expected ENGINE_SUCCESS, got ENGINE_KEY_ENOENT\", \"remove ab: "
             "expected ENGINE_SUCCESS, got <x>\"]"),
      std::string::npos)
      << j;
  EXPECT_NE(j.find("\"violations\": []"), std::string::npos) << j;
  EXPECT_NE(j.find("\"engine_stderr\": \"engine: prefix index corrupt\""), std::string::npos) << j;
}

}  // namespace
}  // namespace enginesim::conformance
