// test_memcached_util.cpp - memcached/util.h as enginesim_memcached_util
// implements it: the edge cases of each parser as memcached's util.c decides
// them on x86-64, quirks included (an engine must see what it sees there).
#include <gtest/gtest.h>

#include <unistd.h>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>

#include "memcached/util.h"

namespace {

TEST(MemcachedUtil, StrtoullAcceptsANumberEndingAtEndOrSpace) {
  uint64_t v = 7;
  EXPECT_TRUE(safe_strtoull("123", &v));
  EXPECT_EQ(v, 123u);
  EXPECT_TRUE(safe_strtoull("+123", &v));
  EXPECT_EQ(v, 123u);
  EXPECT_TRUE(safe_strtoull("  42", &v));  // leading space, as strtoull
  EXPECT_EQ(v, 42u);
  EXPECT_TRUE(safe_strtoull("42 trailing words", &v));  // space ends it
  EXPECT_EQ(v, 42u);
  EXPECT_TRUE(safe_strtoull("42\n", &v));
  EXPECT_EQ(v, 42u);
  EXPECT_TRUE(safe_strtoull("18446744073709551615", &v));  // 2^64 - 1
  EXPECT_EQ(v, UINT64_MAX);
  EXPECT_TRUE(safe_strtoull("9223372036854775808", &v));  // 2^63, no sign
  EXPECT_EQ(v, 9223372036854775808ull);
}

TEST(MemcachedUtil, StrtoullRejections) {
  uint64_t v = 7;
  EXPECT_FALSE(safe_strtoull("", &v));
  EXPECT_EQ(v, 0u);  // *out is cleared even on failure
  v = 7;
  EXPECT_FALSE(safe_strtoull("123BOGUS", &v));
  EXPECT_EQ(v, 0u);
  EXPECT_FALSE(safe_strtoull("12.5", &v));
  EXPECT_FALSE(safe_strtoull("0x10", &v));                  // base 10 only: stops at 'x'
  EXPECT_FALSE(safe_strtoull("18446744073709551616", &v));  // ERANGE
  EXPECT_FALSE(safe_strtoull("-1", &v));
  EXPECT_FALSE(safe_strtoull("-9223372036854775808", &v));
}

TEST(MemcachedUtil, StrtoullSignQuirks) {
  uint64_t v = 7;
  // A minus sign is refused only when the wrapped value is >= 2^63.
  EXPECT_TRUE(safe_strtoull("-0", &v));
  EXPECT_EQ(v, 0u);
  EXPECT_TRUE(safe_strtoull("-9223372036854775809", &v));
  EXPECT_EQ(v, 9223372036854775807ull);
  // No digit read, but the scan stopped at a space: passes with 0.
  v = 7;
  EXPECT_TRUE(safe_strtoull(" ", &v));
  EXPECT_EQ(v, 0u);
  EXPECT_TRUE(safe_strtoull(" issue221", &v));
  EXPECT_EQ(v, 0u);
}

TEST(MemcachedUtil, Strtoll) {
  int64_t v = 7;
  EXPECT_TRUE(safe_strtoll("-123", &v));
  EXPECT_EQ(v, -123);
  EXPECT_TRUE(safe_strtoll("9223372036854775807", &v));
  EXPECT_EQ(v, INT64_MAX);
  EXPECT_TRUE(safe_strtoll("-9223372036854775808", &v));
  EXPECT_EQ(v, INT64_MIN);
  EXPECT_FALSE(safe_strtoll("9223372036854775808", &v));  // ERANGE
  EXPECT_FALSE(safe_strtoll("-9223372036854775809", &v));
  EXPECT_FALSE(safe_strtoll("", &v));
  EXPECT_FALSE(safe_strtoll("5x", &v));
  EXPECT_TRUE(safe_strtoll("5\t", &v));
  EXPECT_EQ(v, 5);
}

TEST(MemcachedUtil, Strtoul) {
  uint32_t v = 7;
  EXPECT_TRUE(safe_strtoul("123", &v));
  EXPECT_EQ(v, 123u);
  EXPECT_TRUE(safe_strtoul("4294967295", &v));
  EXPECT_EQ(v, 4294967295u);
  EXPECT_FALSE(safe_strtoul("-1", &v));
  EXPECT_FALSE(safe_strtoul("", &v));
  EXPECT_FALSE(safe_strtoul("123BOGUS", &v));
  EXPECT_FALSE(safe_strtoul("18446744073709551616", &v));  // ERANGE of unsigned long
}

// memcached reads an unsigned long (64 bits here) into a uint32_t: values
// past 2^32 pass and keep their low 32 bits.
TEST(MemcachedUtil, StrtoulKeepsLow32BitsOnLp64) {
  uint32_t v = 7;
  EXPECT_TRUE(safe_strtoul("4294967296", &v));
  EXPECT_EQ(v, 0u);
  EXPECT_TRUE(safe_strtoul("4294967301", &v));
  EXPECT_EQ(v, 5u);
  EXPECT_TRUE(safe_strtoul("18446744073709551615", &v));
  EXPECT_EQ(v, 4294967295u);
}

TEST(MemcachedUtil, Strtol) {
  int32_t v = 7;
  EXPECT_TRUE(safe_strtol("-123", &v));
  EXPECT_EQ(v, -123);
  EXPECT_TRUE(safe_strtol("2147483647", &v));
  EXPECT_EQ(v, INT32_MAX);
  EXPECT_TRUE(safe_strtol(" 123 foo", &v));
  EXPECT_EQ(v, 123);
  EXPECT_FALSE(safe_strtol("", &v));
  EXPECT_FALSE(safe_strtol("123BOGUS", &v));
  EXPECT_FALSE(safe_strtol("92837498237498237498029383", &v));  // ERANGE of long
}

TEST(MemcachedUtil, StrtolKeepsLow32BitsOnLp64) {
  int32_t v = 7;
  EXPECT_TRUE(safe_strtol("2147483648", &v));
  EXPECT_EQ(v, INT32_MIN);
  EXPECT_TRUE(safe_strtol("-2147483649", &v));
  EXPECT_EQ(v, INT32_MAX);
  EXPECT_TRUE(safe_strtol("4294967296", &v));
  EXPECT_EQ(v, 0);
}

TEST(MemcachedUtil, Strtof) {
  float v = 7;
  EXPECT_TRUE(safe_strtof("1.5", &v));
  EXPECT_EQ(v, 1.5f);
  EXPECT_TRUE(safe_strtof("-2.25 rest", &v));
  EXPECT_EQ(v, -2.25f);
  EXPECT_TRUE(safe_strtof("1e3", &v));
  EXPECT_EQ(v, 1000.0f);
  EXPECT_TRUE(safe_strtof("inf", &v));
  EXPECT_TRUE(std::isinf(v));
  EXPECT_FALSE(safe_strtof("", &v));
  EXPECT_EQ(v, 0.0f);
  EXPECT_FALSE(safe_strtof("1.5x", &v));
  EXPECT_FALSE(safe_strtof("1e39", &v));   // overflow: ERANGE
  EXPECT_FALSE(safe_strtof("1e-50", &v));  // underflow: ERANGE too
  EXPECT_TRUE(safe_strtof(" ", &v));       // the whitespace quirk, as above
  EXPECT_EQ(v, 0.0f);
}

TEST(MemcachedUtil, HtonllAndNtohllAreByteSwapsOnLittleEndian) {
  EXPECT_EQ(htonll(0x0102030405060708ull), 0x0807060504030201ull);
  EXPECT_EQ(ntohll(0x0807060504030201ull), 0x0102030405060708ull);
  EXPECT_EQ(ntohll(htonll(0xdeadbeefcafef00dull)), 0xdeadbeefcafef00dull);
}

// vperror writes "<formatted>: <strerror(errno)>" to stderr and leaves
// errno as the caller had it.
TEST(MemcachedUtil, VperrorFormatsAndKeepsErrno) {
  testing::internal::CaptureStderr();
  errno = ENOENT;
  vperror("opening %s #%d", "cfg", 3);
  const int after = errno;
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(after, ENOENT);
  EXPECT_EQ(err, "opening cfg #3: No such file or directory\n");
}

}  // namespace
