// test_body.cpp - one test's life: start, setup, run, teardown, destroy,
// monitor findings; and the outcome's text form between processes.
#include "harness/testapp/test_body.h"

#include <cstdio>
#include <sstream>

namespace enginesim::testapp {

TestOutcome run_test_body(const engine_test_t& test, Core& core, const SessionConfig& config,
                          const std::function<void(const std::string&)>& abort_test) {
  TestOutcome out;
  Session session(core, config, abort_test);
  const char* engine_config = test.cfg != nullptr ? test.cfg : config.default_config.c_str();
  ENGINE_HANDLE_V1* h1 = session.start_engine(config.engine_path.c_str(), engine_config, true);
  auto* h = reinterpret_cast<ENGINE_HANDLE*>(h1);
  if (test.test_setup != nullptr && !test.test_setup(h, h1)) {
    out.result = FAIL;
    out.detail = "test_setup returned false";
  } else {
    out.result = test.tfun(h, h1);
    if (test.test_teardown != nullptr && !test.test_teardown(h, h1)) {
      // engine_testapp warns and keeps the test's verdict.
      std::fprintf(stderr, "WARNING: test_teardown of %s returned false\n", test.name);
    }
  }
  out.findings = session.finish();
  return out;
}

namespace {

// One field per line; newlines inside a field become "\x01".
std::string flat(std::string s) {
  for (char& c : s) {
    if (c == '\n') c = '\x01';
  }
  return s;
}

std::string unflat(std::string s) {
  for (char& c : s) {
    if (c == '\x01') c = '\n';
  }
  return s;
}

}  // namespace

std::string encode(const TestOutcome& outcome) {
  std::string text = "result " + std::to_string(static_cast<int>(outcome.result)) + "\n";
  text += "detail " + flat(outcome.detail) + "\n";
  for (const Finding& f : outcome.findings) {
    text += "finding " + flat(f.rule) + "\n" + "message " + flat(f.message) + "\n" + "history " +
            flat(f.history) + "\n";
  }
  return text;
}

TestOutcome decode(const std::string& text) {
  TestOutcome out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    const size_t space = line.find(' ');
    const std::string key = line.substr(0, space);
    const std::string value = space == std::string::npos ? "" : unflat(line.substr(space + 1));
    if (key == "result") out.result = static_cast<enum test_result>(std::atoi(value.c_str()));
    if (key == "detail") out.detail = value;
    if (key == "finding") out.findings.push_back({value, "", ""});
    if (key == "message" && !out.findings.empty()) out.findings.back().message = value;
    if (key == "history" && !out.findings.empty()) out.findings.back().history = value;
  }
  return out;
}

}  // namespace enginesim::testapp
