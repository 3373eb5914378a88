// test_progress_line.cpp - the progress line of explore/conformance/bench:
// drawn in place on a terminal, nothing at all otherwise (CI logs).
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "harness/cli/progress_line.h"

namespace enginesim::cli {
namespace {

std::string contents(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string out;
  for (int c = std::fgetc(f); c != EOF; c = std::fgetc(f)) out += static_cast<char>(c);
  return out;
}

TEST(ProgressLine, SilentWhenNotOnATerminal) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  ProgressLine p(3, "seeds", false, f);
  p.done_one(true);
  p.done_one(false);
  p.redraw();
  p.done_one(true);
  p.clear();
  EXPECT_EQ(contents(f), "");
  EXPECT_EQ(p.done(), 3u);
  EXPECT_EQ(p.failures(), 1u);
  std::fclose(f);
}

TEST(ProgressLine, DrawsInPlaceOnATerminal) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  ProgressLine p(2, "clauses", true, f);
  p.done_one(false);
  p.clear();
  const std::string out = contents(f);
  EXPECT_EQ(out.rfind("\r\033[K1/2 clauses, 1 failure, ", 0), 0u) << out;
  EXPECT_NE(out.find(" clauses/s, ~"), std::string::npos) << out;
  EXPECT_NE(out.find("s left\r\033[K"), std::string::npos) << "clear() erases the line: " << out;
  std::fclose(f);
}

TEST(ProgressLine, TextCountsFailures) {
  ProgressLine p(10, "seeds", false, stderr);
  p.done_one(false);
  p.done_one(false);
  EXPECT_EQ(p.text().rfind("2/10 seeds, 2 failures, ", 0), 0u) << p.text();
}

}  // namespace
}  // namespace enginesim::cli
