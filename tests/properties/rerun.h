// rerun.h - the command that runs the current gtest again on its own (a
// property's failure report prefixes it with the RC_PARAMS that replays the
// shrunk case).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <system_error>

namespace enginesim::properties {

inline std::string current_test_command() {
  std::error_code ec;
  const std::string exe = std::filesystem::read_symlink("/proc/self/exe", ec).string();
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return (exe.empty() ? std::string("<test binary>") : exe) + " --gtest_filter='" +
         info->test_suite_name() + "." + info->name() + "'";
}

}  // namespace enginesim::properties
