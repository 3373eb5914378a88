// test_report_lin_mutant.cpp - the HTML report of a real non-linearizable
// run: the concurrency mutants of engine/mutants/mutants.txt whose catcher
// is `lin:<explore options>` (a lost append, a CAS that is not atomic, a get
// answered with another connection's result, a flush that skips) run
// under those options until a seed fails the linearizability check; the
// rows the timeline highlights are then exactly the operations of the
// checker's minimal failing sub-history, each with the model's word beside it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "harness/model/history.h"
#include "harness/model/linearizability.h"
#include "harness/report/html_report.h"
#include "harness/report/timeline.h"
#include "harness/sim/isolated_run.h"
#include "harness/sim/sim_run.h"
#include "tests/harness/mutants_table.h"
#include "tests/harness/sim/sim_fixture.h"

namespace enginesim::report {
namespace {

using sched::RunResult;
using sched::SimConfig;

// The mutant's row, its lin: options as a SimConfig and a seed range.
struct LinCase {
  std::string name, mode, strategy;
  SimConfig cfg;
  uint64_t first = 1, last = 1;
};

LinCase lin_case(const std::string& name) {
  LinCase c;
  c.name = name;
  for (const auto& row : testing_support::rows_run_by(MUTANTS_TABLE, "lin")) {
    if (row.name != name) continue;
    EXPECT_EQ(row.config.rfind("mode=", 0), 0u) << row.config;
    c.mode = row.config.substr(5);
    std::istringstream in(*testing_support::runs(row, "lin"));
    for (std::string option, value; in >> option;) {
      if (option == "--stop-on-first" || option == "--no-swarm") continue;  // flags
      in >> value;
      if (option == "--seeds") {
        c.first = std::strtoull(value.c_str(), nullptr, 10);
        c.last = std::strtoull(value.c_str() + value.find("..") + 2, nullptr, 10);
      } else if (option == "--connections") {
        c.cfg.connections = static_cast<uint32_t>(std::stoul(value));
      } else if (option == "--ops") {
        c.cfg.ops_per_connection = static_cast<uint32_t>(std::stoul(value));
      } else if (option == "--keys") {
        c.cfg.keys = static_cast<uint32_t>(std::stoul(value));
      } else if (option == "--mix") {
        std::string error;
        EXPECT_TRUE(sched::parse_op_mix(value, &c.cfg.mix, &error)) << error;
      } else if (option == "--strategy") {
        c.strategy = value;
      } else {
        ADD_FAILURE() << name << ": an explore option this test does not know: " << option;
      }
    }
    return c;
  }
  ADD_FAILURE() << name << " is not in " << MUTANTS_TABLE;
  return c;
}

// The first seed of the range whose run fails, recorded for a report.
RunResult first_failure(const LinCase& c, uint64_t* seed) {
  for (*seed = c.first; *seed <= c.last; ++*seed) {
    SimConfig cfg = c.cfg;
    cfg.seed = *seed;
    cfg.record_calls = true;
    TempDir dir("enginesim-report-test");
    const std::string engine = std::string(ENGINE_DIR) + "/mutant_" + c.name + ".so";
    RunResult r = sched::run_in_child([&] {
      SimConfig mine = cfg;
      mine.engine_path = engine;
      mine.engine_config = "dir=" + dir.path() + ";mode=" + c.mode;
      return sched::sim_run_spec(mine, c.strategy);
    });
    if (!r.ok()) return r;
  }
  return {};
}

// "conn=2 call=7 ret=9 time=2..2 append "k0" "x" -> ENGINE_SUCCESS cas=5"
// lines of the report's witness: {conn, "op -> result"}.
std::vector<std::pair<uint32_t, std::string>> witness_lines(const std::string& report) {
  std::vector<std::pair<uint32_t, std::string>> out;
  std::istringstream in(report);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("conn=", 0) != 0) continue;
    const uint32_t conn = static_cast<uint32_t>(std::strtoul(line.c_str() + 5, nullptr, 10));
    // Past the fields: conn= call= ret= and an optional time=.
    size_t at = 0;
    for (int field = 0; field < 3; ++field) at = line.find(' ', at) + 1;
    if (line.compare(at, 5, "time=") == 0) at = line.find(' ', at) + 1;
    out.push_back({conn, line.substr(at)});
  }
  return out;
}

class ReportOfLinMutant : public ::testing::TestWithParam<std::string> {};

TEST_P(ReportOfLinMutant, HighlightsExactlyTheWitnessOperationsWithTheModelsAnswer) {
  const LinCase c = lin_case(GetParam());
  uint64_t seed = 0;
  const RunResult run = first_failure(c, &seed);
  ASSERT_FALSE(run.ok()) << c.name << " passed seeds " << c.first << ".." << c.last;
  ASSERT_EQ(run.report.rfind("linearizability: the history of ", 0), 0u) << "seed " << seed << ":\n"
                                                                         << run.report;

  // The structured witness says what the report's text says, in its order.
  const auto lines = witness_lines(run.report);
  ASSERT_FALSE(run.witness.empty());
  ASSERT_EQ(run.witness.size(), lines.size()) << run.report;
  for (size_t k = 0; k < lines.size(); ++k) {
    EXPECT_EQ(run.witness[k].conn, lines[k].first) << k;
    EXPECT_EQ(run.witness[k].op + " -> " + run.witness[k].got, lines[k].second) << k;
  }

  const Timeline t = build_timeline(run, sched::SchedOptions{}.trace_events_max);
  ASSERT_EQ(t.witness_rows.size(), run.witness.size());
  std::set<int> expected_rows;
  for (size_t k = 0; k < run.witness.size(); ++k) {
    const sched::WitnessOp& w = run.witness[k];
    const int at = t.witness_rows[k];
    ASSERT_GE(at, 0) << "#" << k + 1 << " " << w.op << " has no row";
    expected_rows.insert(at);
    const Row& row = t.rows[static_cast<size_t>(at)];
    // The row is that connection's operation of that kind, with that status.
    const std::string kind = w.op.substr(0, w.op.find(' '));
    if (w.conn == 0) {
      EXPECT_EQ(row.text.rfind("clock: advance", 0), 0u) << row.text;
    } else {
      EXPECT_EQ(row.text.rfind("conn " + std::to_string(w.conn) + ": " + kind + " ", 0), 0u)
          << "#" << k + 1 << " " << w.op << " drawn as " << row.text;
    }
    // A clock row has no answer to show (the witness keeps the advance that
    // set the time its states are at).
    if (w.got != "pending" && w.conn != 0) {
      EXPECT_NE(row.text.find("-> " + w.got.substr(0, w.got.find(' '))), std::string::npos)
          << "#" << k + 1 << " got " << w.got << ", row " << row.text;
    }
    EXPECT_EQ(row.witness, static_cast<int>(k) + 1);
    EXPECT_EQ(row.expected, w.note);
  }
  // Exactly those operation rows are highlighted.
  std::set<int> highlighted_ops;
  for (size_t i = 0; i < t.rows.size(); ++i) {
    const Row& row = t.rows[i];
    if (row.kind == "op" && row.highlight) highlighted_ops.insert(static_cast<int>(i));
    if (row.witness > 0) { EXPECT_TRUE(expected_rows.count(static_cast<int>(i))) << row.text; }
  }
  EXPECT_EQ(highlighted_ops, expected_rows);
  EXPECT_EQ(t.focus, *expected_rows.begin()) << "the page opens on the first of them";
  // The checker can say what memcached allows for at least one of them.
  EXPECT_TRUE(std::any_of(run.witness.begin(), run.witness.end(), [](const sched::WitnessOp& w) {
    return w.note.rfind("memcached allows ", 0) == 0;
  })) << run.report;

  PageInfo info;
  info.verdict = "failed";
  info.report = run.report;
  const std::string page = html_page(info, t);
  EXPECT_NE(page.find("\"witness\":[\n{\"conn\":" + std::to_string(run.witness[0].conn) +
                      ",\"index\":" + std::to_string(run.witness[0].op_index) + ","),
            std::string::npos);
  EXPECT_NE(page.find(",\"row\":" + std::to_string(t.witness_rows[0]) + "}"), std::string::npos);
}

// The witness as printed in the report: from the history magic line on,
// while lines are history lines or comments.
std::string printed_witness(const std::string& report) {
  std::istringstream in(report);
  std::string out;
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(model::kHistoryMagic, 0) == 0) inside = true;
    if (!inside) continue;
    if (line.rfind(model::kHistoryMagic, 0) != 0 && line.rfind("options ", 0) != 0 &&
        line.rfind("conn=", 0) != 0 && line.rfind("#", 0) != 0) {
      break;
    }
    out += line + "\n";
  }
  return out;
}

bool succeeded(const model::HistoryEntry& e, model::OpKind kind) {
  return e.op.kind == kind && !e.result.uncertain() && e.result.status == ENGINE_SUCCESS;
}

size_t count_succeeded(const model::History& w, model::OpKind kind) {
  return static_cast<size_t>(std::count_if(w.entries.begin(), w.entries.end(),
                                           [kind](const auto& e) { return succeeded(e, kind); }));
}

TEST_P(ReportOfLinMutant, TheWitnessFailsOnItsOwnAndNamesTheDefect) {
  const LinCase c = lin_case(GetParam());
  uint64_t seed = 0;
  const RunResult run = first_failure(c, &seed);
  ASSERT_FALSE(run.ok()) << c.name << " passed seeds " << c.first << ".." << c.last;
  // The printed witness is a history file that check-history rejects.
  model::ParseError error;
  const auto witness = model::parse_history(printed_witness(run.report), &error);
  ASSERT_TRUE(witness) << error.describe() << "\n" << run.report;
  ASSERT_EQ(witness->entries.size(), run.witness.size()) << run.report;
  const model::CheckReport again = model::check_history(*witness);
  EXPECT_EQ(again.verdict, model::Verdict::not_linearizable) << run.report;
  EXPECT_EQ(again.witness, *witness) << "re-checked, the witness tells the same story:\n"
                                     << model::format_report(again, {});
  const auto says = [&run](const std::string& text) {
    return run.report.find(text) != std::string::npos;
  };
  EXPECT_TRUE(says("The longest linearizable prefix: the history before #")) << run.report;
  EXPECT_TRUE(says("States reachable after it (")) << run.report;
  EXPECT_TRUE(says("The first operation no reachable state allows: #")) << run.report;
  using model::OpKind;
  if (c.name == "fs_append_lost_update") {
    // The append's read-modify-write that is not atomic: the lost update
    // names the append and the overlapping mutation it lost (another append,
    // or a set), with the set the appends build on.
    EXPECT_TRUE(says("# why: lost update: #")) << run.report;
    EXPECT_GE(count_succeeded(*witness, OpKind::append), 1u) << run.report;
    EXPECT_GE(count_succeeded(*witness, OpKind::set), 1u) << run.report;
    EXPECT_GE(count_succeeded(*witness, OpKind::append) + count_succeeded(*witness, OpKind::set),
              3u)
        << run.report;
    EXPECT_NE(run.report.find(" append ", run.report.find("# why: lost update: #")),
              std::string::npos);
  } else if (c.name == "fs_cas_not_atomic") {
    // Both successful mutations of the split compare-and-swap, the cas among them.
    EXPECT_TRUE(says("# why: lost update: #")) << run.report;
    EXPECT_TRUE(says("overlapped and both succeeded")) << run.report;
    EXPECT_GE(count_succeeded(*witness, OpKind::cas), 1u) << run.report;
    EXPECT_GE(count_succeeded(*witness, OpKind::cas) + count_succeeded(*witness, OpKind::set), 2u);
  } else if (c.name == "fs_async_get_wrong_cookie") {
    // A get answered for another connection: what the set left, refused.
    EXPECT_TRUE(says("# why: no state reachable when it could take effect allows #")) << run.report;
    EXPECT_GE(count_succeeded(*witness, OpKind::set), 1u) << run.report;
  } else if (c.name == "fs_flush_skips_busy") {
    // The item the flush missed: the set it came from and the flush, kept.
    EXPECT_GE(count_succeeded(*witness, OpKind::flush), 1u) << run.report;
    EXPECT_GE(count_succeeded(*witness, OpKind::set), 1u) << run.report;
    EXPECT_TRUE(says("memcached allows ENGINE_KEY_ENOENT")) << run.report;
  }
}

// Every lin: row of the table.
std::vector<std::string> lin_mutant_names() {
  std::vector<std::string> names;
  for (const auto& row : testing_support::rows_run_by(MUTANTS_TABLE, "lin"))
    names.push_back(row.name);
  return names;
}

TEST(ReportOfLinMutants, IncludeTheLostAppendAndTheCasThatIsNotAtomic) {
  const auto names = lin_mutant_names();
  for (const char* want : {"fs_append_lost_update", "fs_cas_not_atomic"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), want), names.end()) << want;
  }
}

INSTANTIATE_TEST_SUITE_P(Table, ReportOfLinMutant, ::testing::ValuesIn(lin_mutant_names()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace enginesim::report
