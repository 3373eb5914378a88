// test_schedule_file.cpp - schedule files round-trip; damaged, truncated or
// foreign files are clear errors.
#include <gtest/gtest.h>

#include "harness/sched/schedule_file.h"
#include "harness/sched/trace.h"

namespace enginesim::sched {
namespace {

ScheduleFile sample_schedule() {
  ScheduleFile f;
  f.seed = 1234;
  f.strategy = "pct:2:300";
  f.meta = {{"engine", "build/engines/fs_engine.so"}, {"config", "mode=async; root=/tmp/x"}};
  f.trace_hash = 0xfeedfacecafebeefull;
  f.choices = {{ChoiceKind::thread, true, 3, 1},
               {ChoiceKind::wake, false, 2, 0},
               {ChoiceKind::outcome, false, 2, 1},
               {ChoiceKind::core, false, 4, 3}};
  return f;
}

TEST(ScheduleFile, RoundTrips) {
  ScheduleFile back;
  std::string error;
  ASSERT_TRUE(parse_schedule(format_schedule(sample_schedule()), &back, &error)) << error;
  EXPECT_EQ(back.seed, 1234u);
  EXPECT_EQ(back.strategy, "pct:2:300");
  EXPECT_EQ(back.meta, sample_schedule().meta);
  EXPECT_EQ(back.trace_hash, sample_schedule().trace_hash);
  EXPECT_EQ(back.choices, sample_schedule().choices);
  ASSERT_NE(back.find_meta("config"), nullptr);
  EXPECT_EQ(*back.find_meta("config"), "mode=async; root=/tmp/x");
}

TEST(ScheduleFile, AChangedByteIsReportedAsDamage) {
  std::string text = format_schedule(sample_schedule());
  text[text.find("t") + 30] ^= 1;
  ScheduleFile back;
  std::string error;
  EXPECT_FALSE(parse_schedule(text, &back, &error));
  EXPECT_NE(error.find("damaged"), std::string::npos) << error;
}

TEST(ScheduleFile, TruncationAndForeignFilesAreErrors) {
  const std::string text = format_schedule(sample_schedule());
  ScheduleFile back;
  std::string error;
  EXPECT_FALSE(parse_schedule(text.substr(0, text.size() / 2), &back, &error));
  EXPECT_NE(error.find("truncated"), std::string::npos) << error;
  EXPECT_FALSE(parse_schedule("hello\n", &back, &error));
  EXPECT_NE(error.find("not an enginesim schedule"), std::string::npos) << error;
}

TEST(ScheduleFile, AnotherVersionIsNamed) {
  std::string text = format_schedule(sample_schedule());
  std::string body = text.substr(0, text.rfind("checksum "));
  body.replace(body.find(" 1\n"), 3, " 9\n");
  TraceHash sum;  // re-seal, so that only the version is wrong
  for (unsigned char c : body) sum.add(c);
  ScheduleFile back;
  std::string error;
  ASSERT_FALSE(parse_schedule(body + "checksum " + hex64(sum.value()) + "\n", &back, &error));
  EXPECT_NE(error.find("unsupported version"), std::string::npos) << error;
}

TEST(ScheduleFile, ABadTraceHashIsAnErrorNotACrash) {
  // Found by fuzz_inputs: std::stoull threw on a sealed file with a bad hash.
  std::string text = format_schedule(sample_schedule());
  std::string body = text.substr(0, text.rfind("checksum "));
  const size_t at = body.find("trace-hash ");
  ASSERT_NE(at, std::string::npos);
  body.replace(at, body.find('\n', at) - at, "trace-hash ine.so");
  TraceHash sum;
  for (unsigned char c : body) sum.add(c);
  ScheduleFile back;
  std::string error;
  ASSERT_FALSE(parse_schedule(body + "checksum " + hex64(sum.value()) + "\n", &back, &error));
  EXPECT_NE(error.find("trace-hash"), std::string::npos) << error;
}

TEST(ScheduleFile, FilesOnDisk) {
  const std::string path = ::testing::TempDir() + "sched_file_test.schedule";
  std::string error;
  ASSERT_TRUE(write_schedule_file(path, sample_schedule(), &error)) << error;
  ScheduleFile back;
  ASSERT_TRUE(read_schedule_file(path, &back, &error)) << error;
  EXPECT_EQ(back.choices, sample_schedule().choices);
  EXPECT_FALSE(read_schedule_file(path + ".missing", &back, &error));
  EXPECT_NE(error.find("cannot open"), std::string::npos);
}

}  // namespace
}  // namespace enginesim::sched
