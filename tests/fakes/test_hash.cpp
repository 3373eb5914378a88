// test_hash.cpp - the server API hash is MurmurHash3 x86_32.
#include <gtest/gtest.h>

#include <string>

#include "fakes/hash.h"

namespace enginesim {

TEST(Hash, KnownMurmur3Vectors) {
  // Published MurmurHash3_x86_32 test vectors.
  EXPECT_EQ(murmur3_32("", 0, 0), 0u);
  EXPECT_EQ(murmur3_32("", 0, 1), 0x514E28B7u);
  EXPECT_EQ(murmur3_32("\xff\xff\xff\xff", 4, 0), 0x76293B50u);
  EXPECT_EQ(murmur3_32("\x21\x43\x65\x87", 4, 0), 0xF55B516Bu);
  EXPECT_EQ(murmur3_32("\x21\x43\x65", 3, 0), 0x7E4A8634u);
  EXPECT_EQ(murmur3_32("\x21\x43", 2, 0), 0xA0F7B07Au);
  EXPECT_EQ(murmur3_32("\x21", 1, 0), 0x72661CF4u);
}

TEST(Hash, SeedChangesResult) {
  std::string key = "enginesim";
  EXPECT_NE(murmur3_32(key.data(), key.size(), 0), murmur3_32(key.data(), key.size(), 1));
}

}  // namespace enginesim
