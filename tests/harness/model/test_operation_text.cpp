// test_operation_text.cpp - the one codec of an operation's text in its two
// spellings: the workload spelling writes what workload files always held
// and reads it back; each spelling refuses the other's words.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/model/operation.h"
#include "harness/model/text_codec.h"

namespace enginesim::model {
namespace {

using namespace std::string_literals;

std::string workload(const Operation& op) { return to_text(op, OpSyntax::workload); }

TEST(OperationText, TheWorkloadSpellingIsTheWorkloadFilesLine) {
  EXPECT_EQ(workload(ops::set("k0", "v1", 7, 30)), "set k0 \"v1\" exptime=30 flags=7");
  EXPECT_EQ(workload(ops::append("k0", "x")), "append k0 \"x\"");
  EXPECT_EQ(workload(ops::remove("k")), "delete k");
  EXPECT_EQ(workload(ops::incr("k\0bin"s, 5)), "incr \"k\\x00bin\" 5");
  EXPECT_EQ(workload(ops::decr("a=b", 0)), "decr a=b 0");
  EXPECT_EQ(workload(ops::cas("k0", "2", 17)), "cas k0 \"2\"");  // the driver sends the CAS
  EXPECT_EQ(workload(ops::get("#k")), "get \"#k\"");
  EXPECT_EQ(workload(ops::flush()), "flush");
}

TEST(OperationText, TheWorkloadSpellingRoundTrips) {
  const std::vector<Operation> all = {
      ops::get("k"),
      ops::get("=k="),
      ops::get("k \"\\\t"),
      ops::set("k", "v\r\n", 3, 10),
      ops::add("k", ""),
      ops::replace("k", "v", 0, 4294967295),
      ops::append("k", "->"),
      ops::prepend("k", "\""),
      ops::cas("k", "v", 0, 1, 2),
      ops::remove("k"),
      ops::incr("k", 18446744073709551615ull),
      ops::decr("k", 0),
      ops::flush(),
  };
  for (const Operation& op : all) {
    std::string error;
    auto back = parse_operation(workload(op), &error, OpSyntax::workload);
    ASSERT_TRUE(back) << workload(op) << ": " << error;
    EXPECT_EQ(*back, op) << workload(op);
  }
}

TEST(OperationText, EachSpellingRefusesTheOthersWords) {
  std::string error;
  EXPECT_FALSE(parse_operation("remove k", &error, OpSyntax::workload));
  EXPECT_NE(error.find("unknown operation 'remove'"), std::string::npos) << error;
  EXPECT_FALSE(parse_operation("advance_time to=3", &error, OpSyntax::workload));
  EXPECT_FALSE(parse_operation("incr k delta=2", &error, OpSyntax::workload));
  EXPECT_NE(error.find("incr needs a key and a decimal delta"), std::string::npos) << error;
  EXPECT_FALSE(parse_operation("set k \"v\" cas=3", &error, OpSyntax::workload));
  EXPECT_NE(error.find("unexpected 'cas=3'"), std::string::npos) << error;
  EXPECT_FALSE(parse_operation("delete \"k\"", &error));
  EXPECT_NE(error.find("unknown operation 'delete'"), std::string::npos) << error;
  EXPECT_FALSE(parse_operation("get k", &error));  // the history spelling quotes keys
}

// The itemless kinds (issue 16) have only the workload spelling.
TEST(OperationText, ItemlessKindsAreWorkloadWordsOnly) {
  EXPECT_EQ(workload(ops::stats()), "stats");
  EXPECT_EQ(workload(ops::stats("slabs")), "stats slabs");
  EXPECT_EQ(workload(ops::stats("a b")), "stats \"a b\"");
  EXPECT_EQ(workload(ops::reset_stats()), "reset_stats");
  EXPECT_EQ(workload(ops::unknown(0x1b)), "unknown 0x1b");
  EXPECT_EQ(workload(ops::unknown(0xf0)), "unknown 0xf0");
  EXPECT_EQ(workload(ops::disconnect()), "disconnect");
  for (const Operation& op :
       {ops::stats(), ops::stats("items"), ops::stats("a b"), ops::reset_stats(), ops::unknown(0),
        ops::unknown(255), ops::disconnect()}) {
    EXPECT_TRUE(is_itemless(op.kind));
    std::string error;
    auto back = parse_operation(workload(op), &error, OpSyntax::workload);
    ASSERT_TRUE(back) << workload(op) << ": " << error;
    EXPECT_EQ(*back, op) << workload(op);
    // A history never holds one: the history spelling does not know the word.
    EXPECT_FALSE(parse_operation(workload(op), &error)) << workload(op);
  }
  std::string error;
  auto decimal = parse_operation("unknown 27", &error, OpSyntax::workload);
  ASSERT_TRUE(decimal) << error;
  EXPECT_EQ(decimal->opcode, 0x1b);
  EXPECT_FALSE(is_itemless(OpKind::flush));
  EXPECT_FALSE(is_itemless(OpKind::get));
}

TEST(OperationText, ItemlessKindsRefuseWhatTheyDoNotTake) {
  std::string error;
  EXPECT_FALSE(parse_operation("unknown", &error, OpSyntax::workload));
  EXPECT_NE(error.find("unknown needs one opcode"), std::string::npos) << error;
  EXPECT_FALSE(parse_operation("unknown 0x100", &error, OpSyntax::workload));
  EXPECT_FALSE(parse_operation("unknown 256", &error, OpSyntax::workload));
  EXPECT_FALSE(parse_operation("unknown 0xzz", &error, OpSyntax::workload));
  EXPECT_FALSE(parse_operation("unknown \"1\"", &error, OpSyntax::workload));
  EXPECT_FALSE(parse_operation("reset_stats now", &error, OpSyntax::workload));
  EXPECT_NE(error.find("reset_stats takes nothing"), std::string::npos) << error;
  EXPECT_FALSE(parse_operation("disconnect k0", &error, OpSyntax::workload));
  EXPECT_NE(error.find("disconnect takes nothing"), std::string::npos) << error;
  EXPECT_FALSE(parse_operation("stats slabs items", &error, OpSyntax::workload));
  EXPECT_NE(error.find("stats takes at most a group"), std::string::npos) << error;
  EXPECT_FALSE(parse_operation("stats \"\"", &error, OpSyntax::workload));
  EXPECT_FALSE(parse_operation("stats " + std::string(251, 'g'), &error, OpSyntax::workload));
}

TEST(OperationText, AsJudgedDropsWhatAppendAndPrependIgnore) {
  Operation append = ops::append("k", "x");
  append.flags = 3;
  append.exptime = 30;
  EXPECT_EQ(as_judged(append), ops::append("k", "x"));
  Operation prepend = append;
  prepend.kind = OpKind::prepend;
  EXPECT_EQ(as_judged(prepend), ops::prepend("k", "x"));
  EXPECT_EQ(as_judged(ops::set("k", "v", 3, 30)), ops::set("k", "v", 3, 30));
}

}  // namespace
}  // namespace enginesim::model

namespace enginesim::model {
namespace {

// Reports cut long keys and values to their start; short ones, escapes
// included, stay as quote() wrote them.
TEST(ShortenQuoted, CutsOnlyLongQuotedStringsAndNeverAnEscape) {
  bool shortened = false;
  const std::string short_text = "set " + quote("k") + " " + quote(std::string("a\0\"b", 4));
  EXPECT_EQ(shorten_quoted(short_text, 4, &shortened), short_text);
  EXPECT_FALSE(shortened);
  // 20 bytes, each an escape: cut after 4 whole escapes.
  const std::string long_text = "v=" + quote(std::string(20, '\x01')) + " end";
  EXPECT_EQ(shorten_quoted(long_text, 4, &shortened),
            "v=\"\\x01\\x01\\x01\\x01...\" (+16 bytes) end");
  EXPECT_TRUE(shortened);
}

}  // namespace
}  // namespace enginesim::model
