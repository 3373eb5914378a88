// report.h - how conformance results are written: one plain line per
// clause, TAP, JUnit XML and JSON (formats documented in docs/conformance.md).
#pragma once

#include <string>
#include <vector>

#include "harness/conformance/runner.h"

namespace enginesim::conformance {

// "FAIL      store.add.exists  add k=new (exists): expected ..., got ..."
std::string plain_line(const ClauseResult& r);
// "ok 3 - get.miss" / "not ok 4 - ..." plus a YAML block for failures.
std::string tap_line(const ClauseResult& r, size_t number);
std::string tap_plan(size_t count);  // "TAP version 13\n1..N\n"

struct ReportInfo {
  std::string engine_path, config;
  double timeout_sec = 0;
  bool monitor = false;
  int exit_code = 0;
  // The JUnit testsuite is "enginesim.<suite>" and each testcase's class
  // "<suite>.<area>" (`enginesim testapp` writes "testapp" and the suite's
  // file name); the JSON is the same for every suite.
  std::string suite = "conformance";
  std::string area = "";  // empty: each id's part before its first '.'
};
std::string junit_xml(const std::vector<ClauseResult>& results, const ReportInfo& info);
std::string json_report(const std::vector<ClauseResult>& results, const ReportInfo& info);

}  // namespace enginesim::conformance
