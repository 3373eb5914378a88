// test_report.cpp - the HTML report's pieces: the timeline built from trace
// events and call details (lanes, EWOULDBLOCK, notify arrows, the failure),
// and the escaping that keeps engine bytes out of the page's markup.
#include <gtest/gtest.h>

#include <algorithm>

#include "enginesim/xml_escape.h"
#include "harness/report/escape.h"
#include "harness/report/html_report.h"
#include "harness/report/timeline.h"
#include "harness/sched/detail_text.h"

namespace enginesim::report {
namespace {

using sched::Op;
using sched::TraceEvent;

// core main (0), conn 1 worker (1), an engine thread (2): the worker's get
// blocks, the engine thread notifies connection 1, the monitor finds a
// double notify and the run fails on the core main thread.
sched::RunResult blocked_get_run() {
  sched::RunResult r;
  r.verdict = sched::Verdict::failed;
  r.report = "contract monitor: 1 violation(s)\n  notify.double: second notify";
  r.steps = 9;
  r.end_time_ns = 2'000'000'000;
  r.thread_names = {"core main", "conn 1 worker", "thread 2"};
  r.events = {
      {1, 1, Op::lock, 3, 0, ""},
      {1, 1, Op::detail, 0, 0, sched::detail_call(7, false, 1, "get", "key=\"k\\x00\"")},
      {1, 1, Op::detail, 0, 0, sched::detail_ret(7, "ENGINE_EWOULDBLOCK")},
      {2, 2, Op::detail, 0, 0, sched::detail_wait("mutex#3", 1)},
      {2, 2, Op::yield, 0, 0, ""},
      {3, 2, Op::detail, 0, 0,
       sched::detail_call(8, true, 1, "cookie.notify_io_complete", "status=ENGINE_SUCCESS")},
      {3, 2, Op::detail, 0, 0, sched::detail_violation(8, "notify.double", "second notify")},
      {4, 0, Op::time_jump, 0, 1'000'000'000, ""},
      {5, 1, Op::note, 0, 1'000'000'000, "conn 1: get k -> ENGINE_SUCCESS value=\"v\""},
      {6, 0, Op::user, 0, 2'000'000'000, ""},
  };
  return r;
}

const Row* find_kind(const Timeline& t, const std::string& kind) {
  for (const Row& r : t.rows) {
    if (r.kind == kind) return &r;
  }
  return nullptr;
}

TEST(ReportTimeline, OneLanePerThreadWithItsKind) {
  const Timeline t = build_timeline(blocked_get_run(), 1000);
  ASSERT_EQ(t.lanes.size(), 3u);
  EXPECT_EQ(t.lanes[0].kind, "core");
  EXPECT_EQ(t.lanes[1].kind, "connection");
  EXPECT_EQ(t.lanes[2].kind, "engine");
  EXPECT_EQ(t.lanes[2].name, "thread 2");
}

TEST(ReportTimeline, CallShowsItsResultAndEwouldblock) {
  const Timeline t = build_timeline(blocked_get_run(), 1000);
  const Row* call = find_kind(t, "call");
  ASSERT_NE(call, nullptr);
  EXPECT_EQ(call->lane, 1);
  EXPECT_EQ(call->conn, 1u);
  EXPECT_EQ(call->text, "get(key=\"k\\x00\")");
  EXPECT_EQ(call->result, "ENGINE_EWOULDBLOCK");
  EXPECT_TRUE(call->blocked);
}

TEST(ReportTimeline, NotifyPointsAtTheLaneServingTheConnection) {
  const Timeline t = build_timeline(blocked_get_run(), 1000);
  const Row* notify = find_kind(t, "notify");
  ASSERT_NE(notify, nullptr);
  EXPECT_EQ(notify->lane, 2);
  EXPECT_EQ(notify->target, 1);
  EXPECT_TRUE(notify->highlight) << "the call the violation was found in";
}

TEST(ReportTimeline, ViolationAndFailureAreHighlightedAndFocused) {
  const Timeline t = build_timeline(blocked_get_run(), 1000);
  const Row* v = find_kind(t, "violation");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->text, "notify.double: second notify");
  const Row& last = t.rows.back();
  EXPECT_EQ(last.kind, "failure");
  EXPECT_TRUE(last.highlight);
  EXPECT_EQ(last.lane, 0) << "the thread that ran last found the failure";
  ASSERT_GE(t.focus, 0);
  EXPECT_EQ(t.rows[static_cast<size_t>(t.focus)].kind, "notify");
  EXPECT_NE(find_kind(t, "time_jump"), nullptr);
  EXPECT_EQ(find_kind(t, "time_jump")->lane, -1);
  EXPECT_NE(find_kind(t, "minor"), nullptr);
  EXPECT_FALSE(t.truncated);
  EXPECT_TRUE(build_timeline(blocked_get_run(), 10).truncated);
}

TEST(ReportTimeline, LockWaitNamesTheHolder) {
  const Timeline t = build_timeline(blocked_get_run(), 1000);
  const Row* w = find_kind(t, "wait");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->lane, 2);
  EXPECT_EQ(w->text, "waits for mutex#3 (held by conn 1 worker)");
}

TEST(ReportTimeline, OkRunHasNoFailureRow) {
  sched::RunResult r = blocked_get_run();
  r.verdict = sched::Verdict::ok;
  r.events.resize(3);
  const Timeline t = build_timeline(r, 1000);
  EXPECT_EQ(find_kind(t, "failure"), nullptr);
  EXPECT_EQ(t.focus, -1);
}

TEST(ReportDetail, RoundTripsAndRejectsOtherText) {
  sched::Detail d;
  ASSERT_TRUE(sched::parse_detail(sched::detail_call(5, true, 3, "f", "a\tb"), &d));
  EXPECT_TRUE(d.engine_to_core);
  EXPECT_EQ(d.conn, 3u);
  EXPECT_EQ(d.text, "a b");
  ASSERT_TRUE(sched::parse_detail(sched::detail_violation(0, "r.x", "m\tn"), &d));
  EXPECT_EQ(d.kind, sched::Detail::Kind::violation);
  EXPECT_EQ(d.rule, "r.x");
  EXPECT_EQ(d.text, "m n");
  EXPECT_FALSE(sched::parse_detail("conn 1: get k -> ENGINE_KEY_ENOENT", &d));
  EXPECT_FALSE(sched::parse_detail("call\tx\tc\t1\tf\ta", &d));
}

TEST(ReportEscape, JsonIsAsciiAndCannotEndTheScriptElement) {
  const std::string binary("</script><b>\x01\xff\"\\");
  const std::string j = json_string(binary);
  EXPECT_EQ(j, "\"\\u003c/script\\u003e\\u003cb\\u003e\\u0001\\u00ff\\\"\\\\\"");
  for (char c : j) EXPECT_TRUE(c >= 0x20 && c < 0x7f);
  EXPECT_EQ(html_escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
  EXPECT_EQ(xml_escape(std::string("a\x02<\n", 4)), "a?&lt;\n");
}

TEST(ReportPage, EngineTextNeverBecomesMarkup) {
  sched::RunResult r = blocked_get_run();
  r.report = "</script><script>alert(1)</script>";
  r.events.push_back({7, 1, Op::note, 0, 0, "conn 1: get <img src=x onerror=alert(1)>"});
  PageInfo info;
  info.title = "t <b>";
  info.verdict = "failed";
  info.report = r.report;
  info.replay_command = "enginesim replay 'a b.schedule'";
  const std::string page = html_page(info, build_timeline(r, 1000));
  EXPECT_EQ(page.find("alert(1)</script>"), std::string::npos);
  EXPECT_EQ(page.find("<img"), std::string::npos);
  EXPECT_NE(page.find("<title>t &lt;b&gt;</title>"), std::string::npos);
  EXPECT_EQ(page.find("http://"), std::string::npos) << "no network";
  EXPECT_EQ(page.find("https://"), std::string::npos) << "no network";
  EXPECT_NE(page.find("enginesim replay 'a b.schedule'"), std::string::npos);
}

// A history that is not linearizable: conn 2 appended "b" while conn 1
// appended "a", and conn 2's get lost "a". The witness names operations by
// connection and index; the clock's advance is connection 0.
sched::RunResult lost_append_run() {
  sched::RunResult r;
  r.verdict = sched::Verdict::failed;
  r.report = "linearizability: the history of 7 operations is not linearizable (key \"k\")\n";
  r.steps = 20;
  r.thread_names = {"core main", "conn 1 worker", "conn 2 worker"};
  r.events = {
      {1, 1, Op::note, 0, 0, "conn 1: set k \"\" -> ENGINE_SUCCESS"},
      {2, 1, Op::note, 0, 0, "conn 1: append k \"a\" -> ENGINE_SUCCESS"},
      {3, 0, Op::note, 0, 0, "clock: advance 5s"},
      {4, 2, Op::note, 0, 0, "conn 2: append k \"b\" -> ENGINE_SUCCESS"},
      {5, 1, Op::note, 0, 0, "conn 1: disconnect"},
      {6, 2, Op::note, 0, 0, "conn 2: get k -> ENGINE_SUCCESS value=\"b\""},
      {7, 2, Op::note, 0, 0, "conn 2: disconnect"},
  };
  r.witness = {
      {1, 1, "set \"k\" \"\"", "ENGINE_SUCCESS cas=1",
       "fits at position 1 of the longest consistent order"},
      {1, 2, "append \"k\" \"a\"", "ENGINE_SUCCESS cas=2",
       "fits at position 2 of the longest consistent order"},
      {0, 1, "advance_time to=7", "ENGINE_SUCCESS", "</script><b>x"},
      {2, 1, "append \"k\" \"b\"", "ENGINE_SUCCESS cas=3",
       "fits at position 3 of the longest consistent order"},
      {2, 2, "get \"k\"", "ENGINE_SUCCESS value=\"b\" cas=3",
       "memcached allows ENGINE_SUCCESS with value \"ab\" after that order"},
      {1, 3, "get \"k\"", "pending", "not among the notes: conn 1 disconnected after 2"},
  };
  return r;
}

TEST(ReportWitness, TheWitnessOperationsAreTheHighlightedRows) {
  const sched::RunResult run = lost_append_run();
  const Timeline t = build_timeline(run, 1000);
  ASSERT_EQ(t.witness.size(), run.witness.size());
  ASSERT_EQ(t.witness_rows.size(), run.witness.size());
  // Rows 0..6 are the notes in order, then the failure.
  EXPECT_EQ(t.witness_rows, (std::vector<int>{0, 1, 2, 3, 5, -1}))
      << "matched by connection and index; disconnects are not operations";
  for (size_t i = 0; i + 1 < t.rows.size(); ++i) {
    const Row& row = t.rows[i];
    const auto k = std::find(t.witness_rows.begin(), t.witness_rows.end(), static_cast<int>(i));
    if (k == t.witness_rows.end()) {
      EXPECT_FALSE(row.highlight) << row.text;
      EXPECT_EQ(row.witness, 0) << row.text;
      EXPECT_EQ(row.expected, "") << row.text;
      continue;
    }
    const size_t n = static_cast<size_t>(k - t.witness_rows.begin());
    EXPECT_TRUE(row.highlight) << row.text;
    EXPECT_EQ(row.witness, static_cast<int>(n) + 1) << row.text;
    EXPECT_EQ(row.expected, run.witness[n].note) << row.text;
  }
  EXPECT_EQ(t.rows[5].expected,
            "memcached allows ENGINE_SUCCESS with value \"ab\" after that order");
  EXPECT_EQ(t.rows[2].text, "clock: advance 5s");
  EXPECT_EQ(t.focus, 0) << "centred on the first witness operation";
  EXPECT_EQ(t.rows.back().kind, "failure");
}

// The itemless operations, a client's disconnect and the core's close are
// not in the history: the witness's numbering skips their notes.
TEST(ReportWitness, ItemlessNotesAreNoOperations) {
  sched::RunResult run = lost_append_run();
  const std::vector<sched::TraceEvent> extra = {
      {1, 1, Op::note, 0, 0, "conn 1: stats -> ENGINE_SUCCESS (3 stats)"},
      {1, 1, Op::note, 0, 0, "conn 1: reset_stats"},
      {1, 2, Op::note, 0, 0, "conn 2: unknown 0x1b -> ENGINE_ENOTSUP (0 responses)"},
      {1, 2, Op::note, 0, 0,
       "conn 2: closed by the core after that answer (conn_closing); "
       "the client reconnects as conn 3"},
  };
  run.events.insert(run.events.begin(), extra.begin(), extra.end());
  const Timeline t = build_timeline(run, 1000);
  // The same operations as without them, four rows later.
  EXPECT_EQ(t.witness_rows, (std::vector<int>{4, 5, 6, 7, 9, -1}));
}

TEST(ReportWitness, APassingRunOrAnotherFailureHighlightsNoOperation) {
  sched::RunResult run = lost_append_run();
  run.witness.clear();
  const Timeline t = build_timeline(run, 1000);
  for (const Row& row : t.rows) {
    if (row.kind == "op") { EXPECT_FALSE(row.highlight) << row.text; }
  }
  EXPECT_TRUE(t.witness.empty());
  EXPECT_NE(html_page({}, t).find("\"witness\":[]"), std::string::npos);
}

TEST(ReportWitness, ThePageCarriesTheWitnessEscaped) {
  const Timeline t = build_timeline(lost_append_run(), 1000);
  PageInfo info;
  info.verdict = "failed";
  info.report = lost_append_run().report;
  const std::string page = html_page(info, t);
  // The failure box's list: each operation with the row it is drawn in.
  EXPECT_NE(page.find("\"witness\":[\n{\"conn\":1,\"index\":1,\"op\":\"set \\\"k\\\" \\\"\\\"\","),
            std::string::npos);
  EXPECT_NE(
      page.find("{\"conn\":2,\"index\":2,\"op\":\"get \\\"k\\\"\",\"got\":\"ENGINE_SUCCESS "
                "value=\\\"b\\\" cas=3\",\"expected\":\"memcached allows ENGINE_SUCCESS with value "
                "\\\"ab\\\" after that order\",\"row\":5}"),
      std::string::npos);
  EXPECT_NE(page.find(",\"row\":-1}]"), std::string::npos) << "an operation not recorded";
  // The row itself: witness number 5 and the model's answer beside it.
  EXPECT_NE(
      page.find(",1,5,\"memcached allows ENGINE_SUCCESS with value \\\"ab\\\" after that order\"]"),
      std::string::npos);
  EXPECT_EQ(page.find("</script><b>"), std::string::npos);
  EXPECT_NE(page.find("\\u003c/script\\u003e\\u003cb\\u003ex"), std::string::npos);
}
}  // namespace
}  // namespace enginesim::report

namespace enginesim::report {
namespace {

TEST(ReportStableText, AddressesAndRunDirectoriesAreStable) {
  std::map<std::string, int> names;
  EXPECT_EQ(
      stable_text("item=0x7f12580031a0 flags=0x1 c=0x7f1254000e30 again 0x7f12580031a0", &names),
      "item=ptr#1 flags=0x1 c=ptr#2 again ptr#1");
  EXPECT_EQ(stable_text("0x7f1254000e30", &names), "ptr#2");
  EXPECT_EQ(stable_text("0x", &names), "0x");
  EXPECT_EQ(
      stable_text("initialize(config=\"dir=/tmp/x/enginesim-run.aP0F8f;mode=async\")", &names),
      "initialize(config=\"dir={tmpdir};mode=async\")");
  EXPECT_EQ(stable_text("parse(\"dir=/tmp/enginesim-run.aP0F8f\") and /tmp/enginesim-run.Zz9Zz9/f",
                        &names),
            "parse(\"dir={tmpdir}\") and {tmpdir}/f");
}

}  // namespace
}  // namespace enginesim::report
