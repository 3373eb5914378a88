// test_tmpdir_placeholder.cpp - {tmpdir} is the one placeholder, @TMPDIR@ its
// old spelling (substituted, warned about), and a config that names an
// existing directory is warned about before anything runs.
#include <gtest/gtest.h>

#include "enginesim/temp_dir.h"
#include "harness/proc/tmpdir_placeholder.h"

namespace enginesim {
namespace {

TEST(TmpdirPlaceholder, BothSpellingsBecomeTheDirectory) {
  EXPECT_EQ(substitute_tmpdir("dir={tmpdir};mode=async", "/t/x"), "dir=/t/x;mode=async");
  EXPECT_EQ(substitute_tmpdir("a=@TMPDIR@;b={tmpdir}/sub", "/d"), "a=/d;b=/d/sub");
  EXPECT_EQ(substitute_tmpdir("mode=sync", "/d"), "mode=sync");
}

TEST(TmpdirPlaceholder, TheOldSpellingIsWarnedAboutAndRewritten) {
  const auto w = config_warnings("dir=@TMPDIR@;mode=sync");
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].rfind("@TMPDIR@ is the old spelling of {tmpdir}", 0), 0u) << w[0];
  EXPECT_EQ(checked_config("dir=@TMPDIR@;mode=sync", "test"), "dir={tmpdir};mode=sync");
}

TEST(TmpdirPlaceholder, AnExistingDirectoryIsNamedWithTheFix) {
  TempDir dir("enginesim-placeholder-test");
  const auto w = config_warnings("mode=async;dbdir=" + dir.path() + ";x=/nonexistent/dir");
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0], "the config names the existing directory " + dir.path() +
                      ": runs and clauses will see each other's files; use {tmpdir} for a "
                      "fresh one per run (dbdir={tmpdir})");
  EXPECT_TRUE(config_warnings("dir={tmpdir};mode=sync").empty());
  EXPECT_TRUE(config_warnings("").empty());
}

}  // namespace
}  // namespace enginesim
