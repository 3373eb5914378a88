// test_basics.cpp - include/enginesim/: parse_u64, whole-file reads and
// writes, xml_escape, temporary directories and ES_CHECK.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "enginesim/check.h"
#include "enginesim/parse_number.h"
#include "enginesim/temp_dir.h"
#include "enginesim/text_file.h"
#include "enginesim/xml_escape.h"

namespace enginesim {
namespace {

TEST(ParseU64, AllOfADecimalTextOrNothing) {
  EXPECT_EQ(parse_u64("0"), 0u);
  EXPECT_EQ(parse_u64("18446744073709551615"), UINT64_MAX);
  EXPECT_EQ(parse_u64("0042"), 42u);
  EXPECT_FALSE(parse_u64(""));
  EXPECT_FALSE(parse_u64("18446744073709551616"));  // one past the largest
  EXPECT_FALSE(parse_u64("-1"));
  EXPECT_FALSE(parse_u64("+1"));
  EXPECT_FALSE(parse_u64(" 1"));
  EXPECT_FALSE(parse_u64("1 "));
  EXPECT_FALSE(parse_u64("0x10"));
}

TEST(TextFile, WhatIsWrittenIsReadBackByteForByte) {
  const TempDir dir("enginesim-basics");
  const std::string path = dir.path() + "/file";
  const std::string text("line\r\n\0binary\xff", 14);
  ASSERT_TRUE(write_text_file(path, text));
  EXPECT_EQ(read_text_file(path), text);
  ASSERT_TRUE(write_text_file(path, "shorter"));  // replaced, not appended
  EXPECT_EQ(read_text_file(path), "shorter");
  EXPECT_FALSE(read_text_file(dir.path() + "/missing"));
  EXPECT_FALSE(write_text_file(dir.path() + "/no/such/dir", "x"));
}

TEST(XmlEscape, EntitiesAndControlCharacters) {
  EXPECT_EQ(xml_escape("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e'f");
  EXPECT_EQ(xml_escape(std::string("a\x02<\n\t\x7f", 6)), "a?&lt;\n\t\x7f");
}

TEST(TempDir, FreshUnderTmpdirAndGoneAfterwards) {
  std::string path;
  {
    const TempDir dir("enginesim-basics");
    path = dir.path();
    EXPECT_EQ(path.rfind(temp_base() + "/enginesim-basics-", 0), 0u) << path;
    EXPECT_TRUE(std::filesystem::is_empty(path));
    ASSERT_TRUE(write_text_file(path + "/inside", "x"));
    const TempDir other("enginesim-basics");
    EXPECT_NE(other.path(), path);
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  const TempDir run("enginesim-run.", std::nothrow);
  EXPECT_EQ(run.path().rfind(temp_base() + "/enginesim-run.", 0), 0u) << run.path();
  const std::string kept = make_temp_dir("enginesim-basics-kept-");
  ASSERT_FALSE(kept.empty());
  EXPECT_TRUE(std::filesystem::is_directory(kept));
  std::filesystem::remove_all(kept);
}

TEST(TempDir, AnUnwritableBaseIsAnErrorNamingTheDirectory) {
  const TempDir parent("enginesim-basics");
  const std::string missing = parent.path() + "/missing";
  const char* before = std::getenv("TMPDIR");
  const std::string saved = before ? before : "";
  ::setenv("TMPDIR", missing.c_str(), 1);
  EXPECT_EQ(make_temp_dir("x-"), "");
  EXPECT_EQ(TempDir("x-", std::nothrow).path(), "");
  try {
    TempDir dir("x");
    ADD_FAILURE() << "made " << dir.path();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(missing + "/x-XXXXXX"), std::string::npos) << e.what();
  }
  if (before) {
    ::setenv("TMPDIR", saved.c_str(), 1);
  } else {
    ::unsetenv("TMPDIR");
  }
}

TEST(EsCheckDeathTest, AFailedInvariantAbortsNamingItAndItsPlace) {
  const int two = 2;
  EXPECT_DEATH(
      ES_CHECK_MSG(two == 3, "two is not three"),
      "internal invariant failed: two == 3 \\(.*test_basics.cpp:[0-9]+\\): two is not three");
  ES_CHECK(two == 2);  // a holding invariant costs nothing else
}

}  // namespace
}  // namespace enginesim
