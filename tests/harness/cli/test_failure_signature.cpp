// test_failure_signature.cpp - which failures count as the same: rule ids,
// a witness's first impossible operation, normalised first lines; groups
// largest first with the lowest seed's replay; the JSON reader round-trips
// what report::json_string writes.
#include <gtest/gtest.h>

#include "harness/cli/failure_signature.h"
#include "harness/cli/json_value.h"
#include "harness/report/escape.h"

namespace enginesim::cli {
namespace {

TEST(FailureSignature, ContractRuleIsTheSite) {
  EXPECT_EQ(failure_signature("failed",
                              "contract monitor: 2 violation(s)\n"
                              "  notify.double: notify_io_complete #2 for conn 1\n"
                              "  notify.lost: conn 3\n"),
            "failed | rule notify.double");
  EXPECT_EQ(failure_signature("failed",
                              "contract monitor: 1 violation(s) in 40 calls\n"
                              "[item.release_twice] item 0x1 released twice\n"),
            "failed | rule item.release_twice");
}

TEST(FailureSignature, WitnessFirstImpossibleOperationKind) {
  const std::string lin =
      "linearizability: the history of 15 operations is not linearizable (key \"k0\")\n"
      "not linearizable: key \"k0\", a minimal sub-history of 2 operations (of 15):\n"
      "# why: ...\n"
      "# The first operation no reachable state allows: #2 get \"k0\" got ENGINE_SUCCESS; it "
      "overlaps #1.\n";
  EXPECT_EQ(failure_signature("failed", lin), "failed | first impossible get");
}

TEST(FailureSignature, FirstLineWithNumbersAndStringsNormalised) {
  EXPECT_EQ(failure_signature("failed", "connection 1 op 6 (add k1 \"242\"): bad iovec\nmore"),
            failure_signature("failed", "connection 3 op 17 (add k12 \"7\"): bad iovec"));
  EXPECT_NE(failure_signature("failed", "x"), failure_signature("deadlock", "x"));
}

// Two aborts are one bug only where the same function aborted: the first
// frame outside the C library names it (harness/sim/crash_site.h).
TEST(FailureSignature, ADeathIsSitedByItsFirstFrameOutsideTheRuntime) {
  auto abort_in = [](const std::string& function, int steps) {
    return "the child died of signal 6 (SIGABRT: Aborted), after " + std::to_string(steps) +
           " steps\nwhere: __pthread_kill_implementation (libc.so.6+0x8aeec) at pthread_kill.c:44\n"
           "  called from __GI_abort (libc.so.6+0x26471) at abort.c:79\n"
           "  called from " +
           function +
           " (engine.so+0x5c2c) at assoc.c:116\n"
           "  called from do_item_link (engine.so+0x413d) at items.c:280\n";
  };
  EXPECT_EQ(failure_signature("died", abort_in("assoc_insert", 210)),
            "died | the child died of signal N (SIGABRT: Aborted), after N steps in assoc_insert");
  EXPECT_EQ(failure_signature("died", abort_in("assoc_insert", 210)),
            failure_signature("died", abort_in("assoc_insert", 99)));
  EXPECT_NE(failure_signature("died", abort_in("assoc_insert", 210)),
            failure_signature("died", abort_in("slabs_free", 210)));
  // Without frames (no handler ran): the first line alone, as before.
  EXPECT_EQ(failure_signature("died", "the child died of signal 9 (SIGKILL: Killed)"),
            "died | the child died of signal N (SIGKILL: Killed)");
}

TEST(FailureSignature, GroupsLargestFirstRepresentedByTheLowestSeed) {
  const std::vector<FailureGroup> g = group_failures({
      {9, "failed", "contract monitor: 1\n  a.b: x", "replay 9"},
      {4, "deadlock", "cycle of 2 threads", "replay 4"},
      {3, "failed", "contract monitor: 1\n  a.b: y", "replay 3"},
  });
  ASSERT_EQ(g.size(), 2u);
  EXPECT_EQ(g[0].signature, "failed | rule a.b");
  EXPECT_EQ(g[0].seeds, (std::vector<uint64_t>{3, 9}));
  EXPECT_EQ(g[0].replay, "replay 3");
  EXPECT_NE(failure_groups_text(g).find("failure groups: 2"), std::string::npos);
  EXPECT_EQ(failure_groups_text({}), "");
}

TEST(JsonValue, RoundTripsJsonStringIncludingBinaryBytes) {
  const std::string bytes = std::string("k\x00\x01\xff<\"\\\n", 8);
  std::string error;
  const auto v = parse_json(
      "{\"a\": " + report::json_string(bytes) + ", \"n\": [1, 2.5, true, null]}", &error);
  ASSERT_TRUE(v) << error;
  EXPECT_EQ(v->str("a"), bytes);
  EXPECT_EQ(v->find("n")->items.size(), 4u);
  EXPECT_EQ(v->u64("missing", 7), 7u);
}

TEST(JsonValue, DamageIsAnErrorWithAnOffset) {
  std::string error;
  EXPECT_FALSE(parse_json("{\"a\": [1, 2}", &error));
  EXPECT_NE(error.find("offset"), std::string::npos);
  EXPECT_FALSE(parse_json(std::string(200, '['), &error));
}

}  // namespace
}  // namespace enginesim::cli
