// test_parse_config.cpp - memcached's config syntax as the core offers it.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "memcached/config_parser.h"

namespace {

struct Parsed {
  size_t size = 0;
  float ratio = 0;
  bool flag = false;
  char* name = nullptr;
  config_item items[5];
  Parsed() {
    items[0] = {"size", DT_SIZE, {.dt_size = &size}, false};
    items[1] = {"ratio", DT_FLOAT, {.dt_float = &ratio}, false};
    items[2] = {"flag", DT_BOOL, {.dt_bool = &flag}, false};
    items[3] = {"name", DT_STRING, {.dt_string = &name}, false};
    items[4] = {nullptr, DT_SIZE, {.dt_size = nullptr}, false};
  }
  ~Parsed() { std::free(name); }
};

std::string parse(Parsed& p, const char* text, int* rc) {
  char* buf = nullptr;
  size_t len = 0;
  FILE* err = open_memstream(&buf, &len);
  *rc = parse_config(text, p.items, err);
  std::fclose(err);
  std::string out(buf, len);
  std::free(buf);
  return out;
}

TEST(ParseConfig, AllTypes) {
  Parsed p;
  int rc;
  parse(p, "size=4k; ratio=0.5 ;flag=on;name=  hello world ", &rc);
  EXPECT_EQ(rc, 0);
  EXPECT_EQ(p.size, 4096u);
  EXPECT_FLOAT_EQ(p.ratio, 0.5f);
  EXPECT_TRUE(p.flag);
  ASSERT_NE(p.name, nullptr);
  EXPECT_STREQ(p.name, "hello world");
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(p.items[i].found) << i;
}

TEST(ParseConfig, SizeSuffixes) {
  Parsed p;
  int rc;
  parse(p, "size=2M", &rc);
  EXPECT_EQ(p.size, 2u << 20);
  parse(p, "size=1g", &rc);
  EXPECT_EQ(p.size, 1u << 30);
  EXPECT_EQ(rc, 0);
}

// memcached's parsers compare bools with strcasecmp and read sizes with
// safe_strtoull, which takes a '+' (config_parser.c@0411a45c,
// utilities/config_parser.c@9dc9e1ba, utilities/util.c@652b2716).
TEST(ParseConfig, BoolsInAnyCaseAndASignedSizeAsMemcachedReadsThem) {
  for (const char* text : {"flag=TRUE", "flag=On", "flag=tRuE"}) {
    Parsed p;
    int rc;
    parse(p, text, &rc);
    EXPECT_EQ(rc, 0) << text;
    EXPECT_TRUE(p.flag) << text;
  }
  Parsed p;
  p.flag = true;
  int rc;
  parse(p, "flag=OFF;size=+5", &rc);
  EXPECT_EQ(rc, 0);
  EXPECT_FALSE(p.flag);
  EXPECT_EQ(p.size, 5u);
  parse(p, "size=-5", &rc);
  EXPECT_EQ(rc, -1);
}

TEST(ParseConfig, EscapedSeparators) {
  Parsed p;
  int rc;
  parse(p, "name=a\\;b\\=c\\\\d;flag=false", &rc);
  EXPECT_EQ(rc, 0);
  EXPECT_STREQ(p.name, "a;b=c\\d");
  EXPECT_FALSE(p.flag);
}

TEST(ParseConfig, UnknownKeyIsReportedAndSkipped) {
  Parsed p;
  int rc;
  std::string err = parse(p, "bogus=1;size=7", &rc);
  EXPECT_EQ(rc, 1);
  EXPECT_NE(err.find("Unsupported key: <bogus>"), std::string::npos);
  EXPECT_EQ(p.size, 7u);
}

TEST(ParseConfig, InvalidValuesFail) {
  for (const char* bad : {"size=abc", "size=12q", "flag=maybe", "ratio=1.5x", "size"}) {
    Parsed p;
    int rc;
    std::string err = parse(p, bad, &rc);
    EXPECT_EQ(rc, -1) << bad;
    EXPECT_FALSE(err.empty()) << bad;
  }
}

TEST(ParseConfig, RepeatedStringKeyKeepsTheLastAndLeaksNothing) {
  Parsed p;
  int rc;
  parse(p, "name=first;name=second", &rc);  // ASan's leak check guards the first copy
  EXPECT_EQ(rc, 0);
  EXPECT_STREQ(p.name, "second");
}

TEST(ParseConfig, EmptyAndNullStrings) {
  Parsed p;
  int rc;
  parse(p, "", &rc);
  EXPECT_EQ(rc, 0);
  EXPECT_EQ(parse_config(nullptr, p.items, nullptr), 0);
  parse(p, "size=1;;", &rc);
  EXPECT_EQ(rc, 0);
}

TEST(ParseConfig, ConfigFile) {
  char path[] = "/tmp/enginesim-cfg-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  FILE* f = fdopen(fd, "w");
  std::fputs("# comment\nsize=3k\nflag=true\n", f);
  std::fclose(f);
  size_t size = 0;
  bool flag = false;
  config_item items[] = {
      {"size", DT_SIZE, {.dt_size = &size}, false},
      {"flag", DT_BOOL, {.dt_bool = &flag}, false},
      {"config_file", DT_CONFIGFILE, {.dt_string = nullptr}, false},
      {nullptr, DT_SIZE, {.dt_size = nullptr}, false},
  };
  std::string text = std::string("config_file=") + path;
  EXPECT_EQ(parse_config(text.c_str(), items, nullptr), 0);
  EXPECT_EQ(size, 3072u);
  EXPECT_TRUE(flag);
  std::remove(path);
  EXPECT_EQ(parse_config(text.c_str(), items, nullptr), -1);  // file gone
}

// An engine built against memcached's config_parser.h carries the datatype
// as a number in its table: 3 is a string and 4 a config file there. This
// table spells the numbers out, so it keeps meaning what such an engine's
// table means whatever our enum's order (ours once had the two swapped).
TEST(ParseConfig, DatatypeNumbersOfMemcachedsHeader) {
  char path[] = "/tmp/enginesim-cfg-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  FILE* f = fdopen(fd, "w");
  std::fputs("size=2k\n", f);
  std::fclose(f);
  size_t size = 0;
  char* name = nullptr;
  config_item items[] = {
      {"size", static_cast<config_datatype>(0), {.dt_size = &size}, false},
      {"name", static_cast<config_datatype>(3), {.dt_string = &name}, false},
      {"config_file", static_cast<config_datatype>(4), {.dt_string = nullptr}, false},
      {nullptr, DT_SIZE, {.dt_size = nullptr}, false},
  };
  const std::string text = std::string("name=engine-a;config_file=") + path;
  EXPECT_EQ(parse_config(text.c_str(), items, nullptr), 0);
  ASSERT_NE(name, nullptr);
  EXPECT_STREQ(name, "engine-a");
  EXPECT_TRUE(items[1].found);
  EXPECT_EQ(size, 2048u);  // read from the file, so item 2 was a config file
  EXPECT_TRUE(items[2].found);
  std::free(name);
  std::remove(path);
}

}  // namespace
