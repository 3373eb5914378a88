// suite_library.cpp - dlopen of an engine_testapp suite and its exports.
#include "harness/testapp/suite_library.h"

#include <dlfcn.h>

#include <cstring>

namespace enginesim::testapp {
namespace {

// dlsym returns an object pointer; the exports are functions. memcpy
// converts without the cast -pedantic warns about.
template <class Fn>
Fn function_symbol(void* dl, const char* name) {
  void* symbol = ::dlsym(dl, name);
  Fn fn = nullptr;
  static_assert(sizeof fn == sizeof symbol);
  std::memcpy(&fn, &symbol, sizeof fn);
  return fn;
}

}  // namespace

SuiteLibrary::~SuiteLibrary() {
  // Never dlclose: a suite's tests may have left destructors or threads
  // behind in this process, and it ends soon after anyway.
}

std::unique_ptr<SuiteLibrary> SuiteLibrary::open(const std::string& path, std::string* error) {
  std::unique_ptr<SuiteLibrary> suite(new SuiteLibrary());
  suite->path_ = path;
  suite->dl_ = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (suite->dl_ == nullptr) {
    const char* why = ::dlerror();
    *error = "suite " + path + ": cannot be loaded: " + (why ? why : "unknown dlopen error");
    return nullptr;
  }
  auto get_tests = function_symbol<GET_TESTS>(suite->dl_, "get_tests");
  if (get_tests == nullptr) {
    *error = "suite " + path +
             ": exports no get_tests (an engine_testapp suite defines "
             "engine_test_t *get_tests(void) with default visibility)";
    return nullptr;
  }
  suite->setup_ = function_symbol<SETUP_SUITE>(suite->dl_, "setup_suite");
  suite->teardown_ = function_symbol<TEARDOWN_SUITE>(suite->dl_, "teardown_suite");
  engine_test_t* table = get_tests();
  if (table == nullptr) {
    *error = "suite " + path +
             ": get_tests returned NULL (it must return an array ended by "
             "an entry whose name is NULL)";
    return nullptr;
  }
  for (size_t i = 0; table[i].name != nullptr; ++i) {
    if (i >= kTestsMax) {
      *error = "suite " + path + ": get_tests returned more than " + std::to_string(kTestsMax) +
               " tests (is the array's last entry {NULL, ...}?)";
      return nullptr;
    }
    suite->tests_.push_back(table[i]);
  }
  return suite;
}

int SuiteLibrary::find(const std::string& name) const {
  for (size_t i = 0; i < tests_.size(); ++i) {
    if (name == tests_[i].name) return static_cast<int>(i);
  }
  return -1;
}

bool SuiteLibrary::setup(struct test_harness* harness) const {
  return setup_ == nullptr || setup_(harness);
}

bool SuiteLibrary::teardown() const { return teardown_ == nullptr || teardown_(); }

}  // namespace enginesim::testapp
