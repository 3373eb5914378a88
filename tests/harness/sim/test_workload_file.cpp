// test_workload_file.cpp - workload files round-trip (binary keys and values
// included) and every malformed line is an error naming the line and why.
#include <map>
#include <ostream>
#include <set>

#include <gtest/gtest.h>

#include "harness/sim/sim_options.h"
#include "harness/sim/workload_file.h"

namespace enginesim::sched {
namespace {

TEST(WorkloadFile, ASeedWorkloadRoundTrips) {
  SimConfig cfg;
  cfg.seed = 42;
  cfg.connections = 3;
  cfg.ops_per_connection = 40;
  cfg.time_advance_percent = 20;
  const Workload w = make_workload(cfg);
  ASSERT_FALSE(w.advances_sec.empty());
  Workload back;
  std::string error;
  ASSERT_TRUE(parse_workload(format_workload(w), &back, &error)) << error;
  EXPECT_EQ(back, w);
}

TEST(WorkloadFile, BinaryKeysValuesFlagsAndExptimesRoundTrip) {
  Workload w;
  w.connections.resize(2);
  const model::Operation a =
      model::ops::set(std::string("k\0/ \"#\\", 7), std::string("v\r\n\x01\xff", 5), 7, 30);
  const model::Operation b = model::ops::incr("counter", 18446744073709551615ull);
  const model::Operation c = model::ops::remove(std::string(250, 'x'));
  w.connections[0] = {a, b};
  w.connections[1] = {c};
  w.advances_sec = {1, 3600};
  const std::string text = format_workload(w);
  Workload back;
  std::string error;
  ASSERT_TRUE(parse_workload(text, &back, &error)) << error << "\n" << text;
  EXPECT_EQ(back, w);
  EXPECT_NE(text.find("set \"k\\x00/ \\\"#\\\\\" \"v\\r\\n\\x01\\xff\" exptime=30 flags=7"),
            std::string::npos)
      << text;
}

TEST(WorkloadFile, APrefixCasAndFlushRoundTrip) {
  Workload w;
  w.connections.resize(2);
  const model::Operation set = model::ops::set("k0", "1");
  const model::Operation cas = model::ops::cas("k0", "2", 0);
  const model::Operation flush = model::ops::flush();
  w.prefix = {set};
  w.connections[0] = {cas};
  w.connections[1] = {flush};
  const std::string text = format_workload(w);
  EXPECT_NE(text.find("connections 2\nprefix\nset k0 \"1\"\nconnection 1\ncas k0 \"2\"\n"
                      "connection 2\nflush\n"),
            std::string::npos)
      << text;
  Workload back;
  std::string error;
  ASSERT_TRUE(parse_workload(text, &back, &error)) << error << "\n" << text;
  EXPECT_EQ(back, w);
}

// A mix draws only its kinds, plus the get that reads a cas's key first.
TEST(WorkloadFile, AMixDrawsOnlyItsKindsAndEveryCasReadsItsKeyFirst) {
  SimConfig cfg;
  cfg.seed = 7;
  cfg.connections = 3;
  cfg.ops_per_connection = 50;
  std::string error;
  ASSERT_TRUE(parse_op_mix("cas,flush", &cfg.mix, &error)) << error;
  size_t cas = 0, flush = 0, paired = 0;
  for (const auto& ops : make_workload(cfg).connections) {
    ASSERT_EQ(ops.size(), 50u);
    for (size_t i = 0; i < ops.size(); ++i) {
      const model::Operation& op = ops[i];
      const std::string text = model::to_text(op, model::OpSyntax::workload);
      if (op.kind == model::OpKind::get) {
        // The read of a gets-then-cas pair: the next operation is a cas of its key.
        ASSERT_LT(i + 1, ops.size()) << text;
        EXPECT_EQ(ops[i + 1].kind, model::OpKind::cas) << text;
        EXPECT_EQ(ops[i + 1].key, op.key) << text;
        continue;
      }
      ASSERT_TRUE(op.kind == model::OpKind::cas || op.kind == model::OpKind::flush) << text;
      (op.kind == model::OpKind::cas ? cas : flush) += 1;
      EXPECT_EQ(op.key.empty(), op.kind == model::OpKind::flush) << text;
      // Every cas is read first, but one drawn into the last slot.
      const bool read_first = i > 0 && ops[i - 1].kind == model::OpKind::get;
      if (op.kind == model::OpKind::cas) {
        paired += read_first ? 1 : 0;
        EXPECT_TRUE(read_first || i + 1 == ops.size()) << "cas #" << i << " unread: " << text;
      }
    }
  }
  EXPECT_GT(cas, 0u);
  EXPECT_GT(paired, 0u);
  EXPECT_GT(flush, 0u);
  EXPECT_EQ(format_op_mix(cfg.mix), "cas,flush");
  EXPECT_FALSE(parse_op_mix("get,frob", &cfg.mix, &error));
  EXPECT_NE(error.find("unknown operation 'frob'"), std::string::npos) << error;
  EXPECT_FALSE(parse_op_mix("", &cfg.mix, &error));
}

// Issue 16: the core's other run-time entry points are workload words, and
// `--mix` takes them.
TEST(WorkloadFile, ItemlessOperationsRoundTripAndStayOutOfThePrefix) {
  Workload w;
  w.connections.resize(1);
  w.connections[0] = {model::ops::stats(),        model::ops::stats("slabs"),
                      model::ops::reset_stats(),  model::ops::unknown(0x1b),
                      model::ops::set("k0", "1"), model::ops::disconnect(),
                      model::ops::get("k0")};
  const std::string text = format_workload(w);
  EXPECT_NE(text.find("connection 1\nstats\nstats slabs\nreset_stats\nunknown 0x1b\n"
                      "set k0 \"1\"\ndisconnect\nget k0\n"),
            std::string::npos)
      << text;
  Workload back;
  std::string error;
  ASSERT_TRUE(parse_workload(text, &back, &error)) << error;
  EXPECT_EQ(back, w);
  EXPECT_FALSE(
      parse_workload("enginesim-workload 1\nconnections 1\nprefix\nstats\n"
                     "connection 1\nget k\n",
                     &back, &error));
  EXPECT_EQ(error,
            "line 4: the prefix holds item operations only (stats belongs in a "
            "connection section)");
  EXPECT_FALSE(
      parse_workload("enginesim-workload 1\nconnections 1\nconnection 1\n"
                     "unknown 0x1ff\n",
                     &back, &error));
  EXPECT_NE(error.find("line 4: unknown needs one opcode"), std::string::npos) << error;
}

TEST(WorkloadFile, TheDefaultMixCallsEveryRunTimeEntryPointNowAndThen) {
  SimConfig cfg;
  cfg.connections = 4;
  cfg.ops_per_connection = 50;
  std::map<model::OpKind, size_t> seen;
  std::set<std::string> groups;
  std::set<uint8_t> opcodes;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    cfg.seed = seed;
    for (const auto& ops : make_workload(cfg).connections) {
      for (const model::Operation& op : ops) {
        ++seen[op.kind];
        if (op.kind == model::OpKind::stats) groups.insert(op.key);
        if (op.kind == model::OpKind::unknown) opcodes.insert(op.opcode);
      }
    }
  }
  // 4000 operations, 50ths as sim_workload.cpp weighs them.
  for (model::OpKind k : {model::OpKind::stats, model::OpKind::reset_stats, model::OpKind::unknown,
                          model::OpKind::disconnect}) {
    EXPECT_GT(seen[k], 20u) << model::op_kind_name(k, model::OpSyntax::workload);
    EXPECT_LT(seen[k], 400u) << model::op_kind_name(k, model::OpSyntax::workload);
  }
  EXPECT_EQ(seen.count(model::OpKind::cas), 0u);
  EXPECT_EQ(seen.count(model::OpKind::flush), 0u);
  EXPECT_GT(seen[model::OpKind::get], seen[model::OpKind::add]);
  // Stats with no group (NULL) and with every group; both opcodes.
  EXPECT_EQ(groups, (std::set<std::string>{"", "items", "sizes", "slabs"}));
  EXPECT_EQ(opcodes, (std::set<uint8_t>{0x1b, 0xf0}));
}

TEST(WorkloadFile, AMixTakesTheItemlessWordsAndNamesABadOne) {
  std::vector<model::OpKind> mix;
  std::string error;
  ASSERT_TRUE(parse_op_mix("stats,reset_stats,unknown,disconnect", &mix, &error)) << error;
  EXPECT_EQ(mix, (std::vector<model::OpKind>{model::OpKind::stats, model::OpKind::reset_stats,
                                             model::OpKind::unknown, model::OpKind::disconnect}));
  EXPECT_FALSE(parse_op_mix("get,stat", &mix, &error));
  EXPECT_NE(error.find("unknown operation 'stat'"), std::string::npos) << error;
  EXPECT_NE(error.find("stats,reset_stats,unknown,disconnect"), std::string::npos) << error;
}

// --mix's help (one row of sim_options.def) lists every kind --mix takes.
TEST(WorkloadFile, TheMixHelpListsEveryKind) {
  std::string help;
  for (const cli::OptionSpec& o : cli::sim_options()) {
    if (std::string(o.name) == "mix") help = o.help;
  }
  std::string kinds = format_op_mix(all_op_kinds());
  for (char& c : kinds) c = c == ',' ? ' ' : c;
  EXPECT_NE(help.find("(kinds: " + kinds + ";"), std::string::npos) << help;
}

TEST(WorkloadFile, CommentsAndBlankLinesAreIgnored) {
  Workload w;
  std::string error;
  ASSERT_TRUE(
      parse_workload("enginesim-workload 1\n# two clients\n\nconnections 1\n"
                     "connection 1\n  get k1   \n# done\n",
                     &w, &error))
      << error;
  ASSERT_EQ(w.connections.size(), 1u);
  ASSERT_EQ(w.connections[0].size(), 1u);
  EXPECT_EQ(w.connections[0][0].key, "k1");
}

TEST(WorkloadFile, CrlfOperationLinesAndBareKeysWithAnEqualsSignParse) {
  Workload w;
  std::string error;
  ASSERT_TRUE(
      parse_workload("enginesim-workload 1\nconnections 1\r\nconnection 1\r\n"
                     "set =a=b \"v\" exptime=5\r\nget =a=b\r\n",
                     &w, &error))
      << error;
  ASSERT_EQ(w.connections.size(), 1u);
  ASSERT_EQ(w.connections[0].size(), 2u);
  EXPECT_EQ(w.connections[0][0], model::ops::set("=a=b", "v", 0, 5));
  EXPECT_EQ(w.connections[0][1], model::ops::get("=a=b"));
  EXPECT_NE(format_workload(w).find("\nset =a=b \"v\" exptime=5\nget =a=b\n"), std::string::npos);
}

struct BadCase {
  std::string text;
  std::string error;  // expected substring
};

void PrintTo(const BadCase& c, std::ostream* os) { *os << '"' << c.error << '"'; }

class WorkloadFileErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(WorkloadFileErrors, NameTheLineAndTheProblem) {
  Workload w;
  std::string error;
  EXPECT_FALSE(parse_workload(GetParam().text, &w, &error));
  EXPECT_NE(error.find(GetParam().error), std::string::npos) << "error was: " << error;
}

const std::string kHead = "enginesim-workload 1\nconnections 1\nconnection 1\n";

INSTANTIATE_TEST_SUITE_P(
    Cases, WorkloadFileErrors,
    ::testing::Values(
        BadCase{"hello\n", "line 1: not a workload file"},
        BadCase{"enginesim-workload 2\n", "line 1: unsupported version"},
        BadCase{"enginesim-workload 1\nconnection 1\n", "line 2: the first line after the version"},
        BadCase{"enginesim-workload 1\nconnections 2\nconnection 2\n",
                "line 3: expected 'connection 1'"},
        BadCase{"enginesim-workload 1\nconnections 1\nget k\n", "line 3: an operation before"},
        BadCase{"enginesim-workload 1\nconnections 2\nconnection 1\n", "'connections 2' but 1"},
        BadCase{"enginesim-workload 1\nconnections 1\nconnection 1\nconnection 2\n",
                "line 4: connection 2 but 'connections 1'"},
        BadCase{kHead + "frob k\n", "line 4: unknown operation 'frob'"},
        BadCase{kHead + "set k v\n", "line 4: set needs a key and a quoted"},
        BadCase{kHead + "set k \"v\n", "line 4: a quoted string is not closed"},
        BadCase{kHead + "set k \"v\" exptime=-1\n", "line 4: unexpected 'exptime=-1'"},
        BadCase{kHead + "set k \"\\q\"\n", "line 4: unknown escape \\q"},
        BadCase{kHead + "incr k many\n", "line 4: incr needs a key and a decimal"},
        BadCase{kHead + "get\n", "line 4: get needs a key"},
        BadCase{kHead + "get " + std::string(251, 'k') + "\n",
                "line 4: a key must have 1..250 bytes"},
        BadCase{kHead + "clock\nadvance soon\n",
                "line 5: the clock section holds 'advance SECONDS'"},
        BadCase{kHead + "clock\nconnection 2\n", "line 5: connection sections must come before"},
        BadCase{kHead + "flush k0\n", "line 4: flush takes nothing"},
        BadCase{kHead + "prefix\n", "line 4: one 'prefix' section"},
        BadCase{kHead + "cas k0\n", "line 4: cas needs a key and a quoted"}));

}  // namespace
}  // namespace enginesim::sched
