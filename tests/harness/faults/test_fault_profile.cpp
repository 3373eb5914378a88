// test_fault_profile.cpp - the fault profile format: what it accepts, each
// error named with its line, and the text form reading back to the same
// profile.
#include <gtest/gtest.h>

#include "harness/faults/fault_profile.h"

namespace enginesim::sched {
namespace {

TEST(FaultProfile, ParsesProbabilitiesAsDecimalsOrPercent) {
  FaultProfile p;
  std::string error;
  ASSERT_TRUE(
      parse_fault_profile("enginesim-fault-profile 1\n"
                          "# comment\n\n"
                          "write eio 0.02   # trailing comment\n"
                          "write short 5%\n"
                          "sync eio 1e-3\n"
                          "read short 0\n",
                          &p, &error))
      << error;
  EXPECT_EQ(p.at(IoCall::write, IoFault::eio), 20'000u);
  EXPECT_EQ(p.at(IoCall::write, IoFault::short_transfer), 50'000u);
  EXPECT_EQ(p.at(IoCall::sync, IoFault::eio), 1'000u);
  EXPECT_FALSE(p.any(IoCall::read));
  EXPECT_TRUE(p.any(IoCall::write));
  EXPECT_FALSE(p.any(IoCall::open));
}

TEST(FaultProfile, NamesTheLineAndTheProblem) {
  const std::pair<const char*, const char*> cases[] = {
      {"", "the fault profile is empty"},
      {"write eio 0.1\n", "line 1: a fault profile starts with 'enginesim-fault-profile 1'"},
      {"enginesim-fault-profile 1\nwrite eio\n", "line 2: expected CALL FAULT PROBABILITY"},
      {"enginesim-fault-profile 1\nmmap eio 0.1\n", "line 2: unknown call 'mmap'"},
      {"enginesim-fault-profile 1\nwrite eagain 0.1\n", "line 2: unknown fault 'eagain'"},
      {"enginesim-fault-profile 1\nsync short 0.1\n",
       "line 2: fault 'short' does not apply to 'sync'"},
      {"enginesim-fault-profile 1\nunlink enospc 0.1\n",
       "line 2: fault 'enospc' does not apply to 'unlink'"},
      {"enginesim-fault-profile 1\nwrite eio 1.5\n", "line 2: probability '1.5' is not a number"},
      {"enginesim-fault-profile 1\nwrite eio x\n", "line 2: probability 'x' is not a number"},
      {"enginesim-fault-profile 1\nwrite eio 0.6\nwrite enospc 0.5\n",
       "line 3: the faults of 'write' add up to more than 1"},
  };
  for (const auto& [text, message] : cases) {
    FaultProfile p;
    std::string error;
    EXPECT_FALSE(parse_fault_profile(text, &p, &error)) << text;
    EXPECT_NE(error.find(message), std::string::npos) << "got: " << error;
  }
}

TEST(FaultProfile, TextFormReadsBackTheSameProfile) {
  const FaultProfile d = default_fault_profile();
  FaultProfile back;
  std::string error;
  ASSERT_TRUE(parse_fault_profile(format_fault_profile(d), &back, &error)) << error;
  EXPECT_EQ(back, d);
  for (size_t c = 0; c < kIoCallCount; ++c) {
    for (size_t f = 1; f < kIoFaultCount; ++f) {
      if (d.ppm[c][f] != 0) {
        EXPECT_TRUE(fault_applies(static_cast<IoCall>(c), static_cast<IoFault>(f)));
      }
    }
  }
}

TEST(FaultProfile, MissingFileIsAClearError) {
  FaultProfile p;
  std::string error;
  EXPECT_FALSE(read_fault_profile_file("/nonexistent/profile", &p, &error));
  EXPECT_EQ(error, "cannot read fault profile /nonexistent/profile");
}

}  // namespace
}  // namespace enginesim::sched
