// report.cpp - plain, TAP, JUnit XML and JSON renderings of clause results.
#include "harness/conformance/report.h"

#include <cstdio>

#include "enginesim/xml_escape.h"
#include "harness/conformance/markdown.h"
#include "harness/proc/stderr_capture.h"

namespace enginesim::conformance {

namespace {

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (ch == '\n') {
      out += "\\n";
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += ch;  // bytes >= 0x80 pass through; details are ASCII (printable())
    }
  }
  return out + "\"";
}

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", s);
  return buf;
}

// The failure text JUnit and TAP show: expected/got, or the rule and message.
std::string failure_message(const ClauseResult& r) {
  return r.verdict == Verdict::contract ? r.rule + ": " + r.detail : r.detail;
}

std::string one_line(std::string s) {
  for (char& c : s) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return s;
}

// Under the clause line, aligned with its id.
constexpr const char* kIndent = "           ";

// Every failure and violation, one per line: the clause line names only the
// first, and an engine author fixes them all at once.
std::string all_findings_lines(const ClauseResult& r) {
  std::string out;
  if (r.failures.size() > 1 || (r.verdict == Verdict::contract && !r.failures.empty())) {
    for (const std::string& f : r.failures) out += std::string(kIndent) + "- " + one_line(f) + "\n";
  }
  if (r.violations.size() > 1) {
    for (const std::string& v : r.violations)
      out += std::string(kIndent) + "! " + one_line(v) + "\n";
  }
  return out;
}

size_t line_count(const std::string& text) {
  if (text.empty()) return 0;
  size_t n = 1;
  for (char c : text) n += c == '\n';
  return n;
}

std::string json_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : ", ") + json_string(items[i]);
  return out + "]";
}

// The <failure> text: every failure and violation, then the history.
std::string failure_body(const ClauseResult& r) {
  std::string out;
  for (const std::string& v : r.violations) out += "violation: " + v + "\n";
  for (const std::string& f : r.failures) out += "failure: " + f + "\n";
  if (r.verdict != Verdict::fail && r.verdict != Verdict::contract) out += r.detail + "\n";
  if (!r.history.empty()) out += r.history;
  return out;
}

}  // namespace

std::string plain_line(const ClauseResult& r) {
  char head[64];
  std::snprintf(head, sizeof head, "%-9s", to_string(r.verdict));
  std::string line = head + r.id;
  if (r.verdict == Verdict::contract) line += "  [" + r.rule + "]";
  if (!r.detail.empty()) line += "  " + one_line(r.detail);
  line += "\n";
  if (r.verdict == Verdict::contract && !r.history.empty()) {
    std::string indented;
    size_t start = 0;
    while (start < r.history.size()) {
      size_t end = r.history.find('\n', start);
      if (end == std::string::npos) end = r.history.size();
      indented += "           | " + r.history.substr(start, end - start) + "\n";
      start = end + 1;
    }
    line += indented;
  }
  line += all_findings_lines(r);
  if (r.verdict == Verdict::pass || r.verdict == Verdict::skip) {
    // A passing clause stays one line; its stderr is counted, kept in JSON.
    if (!r.engine_stderr.empty()) {
      line += std::string(kIndent) + "(the engine wrote " +
              std::to_string(line_count(r.engine_stderr)) +
              " lines to stderr: --json or --junit keeps them)\n";
    }
  } else {
    line += stderr_block(r.engine_stderr, kIndent);
  }
  return line;
}

std::string tap_plan(size_t count) { return "TAP version 13\n1.." + std::to_string(count) + "\n"; }

std::string tap_line(const ClauseResult& r, size_t number) {
  const std::string n = std::to_string(number);
  if (r.verdict == Verdict::pass) return "ok " + n + " - " + r.id + "\n";
  if (r.verdict == Verdict::skip)
    return "ok " + n + " - " + r.id + " # SKIP " + one_line(r.detail) + "\n";
  // TAP has no warning: a passing line with the finding as a comment.
  if (r.verdict == Verdict::warn)
    return "ok " + n + " - " + r.id + " # WARN " + one_line(r.detail) + "\n";
  std::string out = "not ok " + n + " - " + r.id + "\n  ---\n";
  out += "  verdict: " + std::string(to_string(r.verdict)) + "\n";
  out += "  detail: " + json_string(one_line(r.detail)) + "\n";
  if (r.verdict == Verdict::contract) {
    out += "  rule: " + json_string(r.rule) + "\n";
    out += "  history: " + json_string(r.history) + "\n";
  }
  if (!r.failures.empty()) out += "  failures:\n";
  for (const std::string& f : r.failures) out += "    - " + json_string(f) + "\n";
  if (!r.violations.empty()) out += "  violations:\n";
  for (const std::string& v : r.violations) out += "    - " + json_string(v) + "\n";
  if (!r.engine_stderr.empty()) out += "  engine_stderr: " + json_string(r.engine_stderr) + "\n";
  return out + "  ...\n";
}

std::string junit_xml(const std::vector<ClauseResult>& results, const ReportInfo& info) {
  const Summary s = summarize(results);
  double total = 0;
  for (const ClauseResult& r : results) total += r.seconds;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
  out += "  <testsuite name=\"enginesim." + xml_escape(info.suite) + "\" tests=\"" +
         std::to_string(results.size()) + "\" failures=\"" + std::to_string(s.failed) +
         "\" errors=\"0\" skipped=\"" + std::to_string(s.skipped) + "\" time=\"" +
         seconds_text(total) + "\">\n";
  out += "    <properties>\n      <property name=\"engine\" value=\"" +
         xml_escape(info.engine_path) + "\"/>\n      <property name=\"config\" value=\"" +
         xml_escape(info.config) + "\"/>\n    </properties>\n";
  for (const ClauseResult& r : results) {
    const std::string area = info.area.empty() ? area_of(r.id) : info.area;
    out += "    <testcase classname=\"" + xml_escape(info.suite) + "." + xml_escape(area) +
           "\" name=\"" + xml_escape(r.id) + "\" time=\"" + seconds_text(r.seconds) + "\"";
    const std::string system_err =
        r.engine_stderr.empty()
            ? ""
            : "      <system-err>" + xml_escape(r.engine_stderr) + "</system-err>\n";
    if (r.verdict == Verdict::pass) {
      out += system_err.empty() ? "/>\n" : ">\n" + system_err + "    </testcase>\n";
      continue;
    }
    out += ">\n";
    if (r.verdict == Verdict::skip) {
      out += "      <skipped message=\"" + xml_escape(r.detail) + "\"/>\n";
    } else if (r.verdict == Verdict::warn) {
      // Not a failure: JUnit readers show system-out beside a passed case.
      out += "      <properties><property name=\"level\" value=\"strict\"/></properties>\n";
      out += "      <system-out>WARN (strict): " + xml_escape(r.detail) + "</system-out>\n";
    } else {
      out += "      <failure type=\"" + std::string(to_string(r.verdict)) + "\" message=\"" +
             xml_escape(one_line(failure_message(r))) + "\">" + xml_escape(failure_body(r)) +
             "</failure>\n";
    }
    out += system_err + "    </testcase>\n";
  }
  return out + "  </testsuite>\n</testsuites>\n";
}

std::string json_report(const std::vector<ClauseResult>& results, const ReportInfo& info) {
  const Summary s = summarize(results);
  std::string out = "{\n";
  out += "  \"engine\": " + json_string(info.engine_path) + ",\n";
  out += "  \"config\": " + json_string(info.config) + ",\n";
  out += "  \"timeout_sec\": " + seconds_text(info.timeout_sec) + ",\n";
  out += "  \"monitor\": " + std::string(info.monitor ? "true" : "false") + ",\n";
  out += "  \"summary\": {\"passed\": " + std::to_string(s.passed) +
         ", \"failed\": " + std::to_string(s.failed) +
         ", \"skipped\": " + std::to_string(s.skipped) +
         ", \"warned\": " + std::to_string(s.warned) +
         ", \"exit_code\": " + std::to_string(info.exit_code) + "},\n";
  out += "  \"clauses\": [";
  for (size_t i = 0; i < results.size(); ++i) {
    const ClauseResult& r = results[i];
    out += i == 0 ? "\n" : ",\n";
    out += "    {\"id\": " + json_string(r.id) +
           ", \"verdict\": " + json_string(to_string(r.verdict)) +
           ", \"level\": " + json_string(to_string(r.level)) +
           ", \"detail\": " + json_string(r.detail) + ", \"rule\": " + json_string(r.rule) +
           ", \"history\": " + json_string(r.history) + ", \"failures\": " + json_list(r.failures) +
           ", \"violations\": " + json_list(r.violations) +
           ", \"engine_stderr\": " + json_string(r.engine_stderr) +
           ", \"seconds\": " + seconds_text(r.seconds) + "}";
  }
  out += results.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

}  // namespace enginesim::conformance
