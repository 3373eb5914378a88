// suite_library.h - a test suite written for memcached's engine_testapp,
// opened with dlopen: its get_tests table and optional setup_suite /
// teardown_suite (include/memcached/engine_testapp.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "memcached/engine_testapp.h"

namespace enginesim::testapp {

class SuiteLibrary {
 public:
  ~SuiteLibrary();
  SuiteLibrary(const SuiteLibrary&) = delete;
  SuiteLibrary& operator=(const SuiteLibrary&) = delete;

  // dlopens `path` and calls get_tests. Null and `error` (naming the suite
  // and the problem: not loadable, no get_tests, get_tests returned NULL)
  // on failure. The table is counted up to its NULL name, at most
  // kTestsMax entries (more: an error, the terminator is missing).
  static std::unique_ptr<SuiteLibrary> open(const std::string& path, std::string* error);
  static constexpr size_t kTestsMax = 100000;

  const std::string& path() const { return path_; }
  const std::vector<engine_test_t>& tests() const { return tests_; }
  // Index of the test named `name`, or -1.
  int find(const std::string& name) const;

  // The suite's setup_suite(harness) (true when it has none) and
  // teardown_suite() (true when it has none).
  bool setup(struct test_harness* harness) const;
  bool teardown() const;
  bool has_setup() const { return setup_ != nullptr; }
  bool has_teardown() const { return teardown_ != nullptr; }

 private:
  SuiteLibrary() = default;
  std::string path_;
  void* dl_ = nullptr;
  std::vector<engine_test_t> tests_;
  SETUP_SUITE setup_ = nullptr;
  TEARDOWN_SUITE teardown_ = nullptr;
};

}  // namespace enginesim::testapp
