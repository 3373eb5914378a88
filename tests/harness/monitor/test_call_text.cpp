// test_call_text.cpp - a call's recorded values read back as the text the
// monitor printed when it formatted them at once (harness/monitor/call_text.h).
#include <cstdint>
#include <string>

#include <gtest/gtest.h>

#include "harness/monitor/call_record.h"
#include "harness/monitor/call_text.h"
#include "harness/monitor/format.h"

namespace enginesim {
namespace {

TEST(CallText, ReadsAsTheEagerText) {
  const char key[] = "k\"1\\\x01";
  const std::string eager = "key=" + monitor_format::bytes(key, 5) +
                            ", nbytes=" + std::to_string(size_t{5}) +
                            ", flags=" + std::to_string(-7) + ", exptime=" + std::to_string(30u);
  EXPECT_EQ(CallText()
                .bytes("key=", key, 5)
                .num(", nbytes=", 5)
                .signed_num(", flags=", -7)
                .num(", exptime=", 30)
                .text(),
            eager);
  int local = 0;
  EXPECT_EQ(CallText().pointer("item=", &local).num(", cas=", UINT64_MAX).text(),
            "item=" + monitor_format::pointer(&local) + ", cas=18446744073709551615");
  EXPECT_EQ(CallText().pointer("", nullptr).text(), "(nil)");
  EXPECT_EQ(CallText().literal("NULL").text(), "NULL");
  EXPECT_EQ(CallText().signed_num("when=", -1).text(), "when=-1");
  EXPECT_EQ(CallText().name(", op=", "set").pointer(", item=", nullptr).text(),
            ", op=set, item=(nil)");
}

// The copy stops where the text stops reading, and the text still says how
// long the bytes were; a NULL with a length is "NULL", with none "".
TEST(CallText, BytesAreCutWhereTheTextIsAndNullIsNamed) {
  std::string value(1000, 'x');
  value[3] = '\0';
  for (size_t max : {size_t{1}, size_t{5}, size_t{40}, size_t{80}, size_t{2000}}) {
    EXPECT_EQ(CallText().bytes("v=", value.data(), value.size(), max).text(),
              "v=" + monitor_format::bytes(value.data(), value.size(), max))
        << "max_chars " << max;
  }
  EXPECT_EQ(CallText().bytes("key=", nullptr, 4).text(), "key=NULL");
  EXPECT_EQ(CallText().bytes("key=", nullptr, 0).text(), "key=\"\"");
  EXPECT_EQ(CallText().bytes("key=", "", 0).text(), "key=\"\"");
}

// The source may change or go once recorded: the text is of the values then.
TEST(CallText, KeepsItsOwnCopyOfTheBytes) {
  std::string key = "before";
  const CallText t = CallText().bytes("key=", key.data(), key.size());
  key = "AFTER!";
  EXPECT_EQ(t.text(), "key=\"before\"");
}

TEST(CallText, OwnedTextAndEmptiness) {
  EXPECT_TRUE(CallText().empty());
  EXPECT_TRUE(CallText::owned("").empty());
  EXPECT_EQ(CallText::owned("cookie=0x1").text(), "cookie=0x1");
  EXPECT_FALSE(CallText().num("", 0).empty());
}

// A record's result: the status by name, then what came with it.
TEST(CallText, ARecordsResultIsItsStatusThenItsValues) {
  CallRecord r;
  r.returned = true;
  EXPECT_EQ(r.result_text(), "");
  r.status = ENGINE_SUCCESS;
  EXPECT_EQ(r.result_text(), "ENGINE_SUCCESS");
  r.result = CallText().num("cas=", 7).num(" result=", 8);
  EXPECT_EQ(r.result_text(), "ENGINE_SUCCESS cas=7 result=8");
  r.status.reset();
  r.result = CallText().literal("(not passed on)");
  EXPECT_EQ(r.result_text(), "(not passed on)");
  r.function = "release";
  r.thread = 2;
  r.args = CallText().pointer("item=", nullptr);
  EXPECT_EQ(r.describe(), "thread 2: release(item=(nil)) -> (not passed on)");
}

TEST(CallTextDeathTest, MorePiecesThanItHoldsIsAnInternalError) {
  EXPECT_DEATH(
      {
        CallText t;
        for (int i = 0; i < 5; ++i) t.num(",", i);
      },
      "at most kPiecesMax pieces");
}

}  // namespace
}  // namespace enginesim
