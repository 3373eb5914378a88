// timeline.cpp - from trace events and call details to lanes and rows.
#include "harness/report/timeline.h"

#include <algorithm>
#include <cstdlib>
#include <map>

#include "harness/model/operation.h"
#include "harness/sched/detail_text.h"

namespace enginesim::report {
namespace {

using sched::Op;

std::string lane_kind(const std::string& name) {
  if (name == "core main") return "core";
  if (name.find("worker") != std::string::npos) return "connection";
  return "engine";
}

bool minor(Op op) {
  return op == Op::yield || op == Op::clock_read || op == Op::choose || op == Op::user ||
         op == Op::sapi || op == Op::call;
}

std::string step_text(const sched::TraceEvent& e) {
  std::string text = sched::to_string(e.op);
  switch (e.op) {
    case Op::lock:
    case Op::trylock:
    case Op::unlock: return text + " mutex#" + std::to_string(e.object);
    case Op::cond_wait:
    case Op::cond_wake:
    case Op::signal:
    case Op::broadcast: return text + " cond#" + std::to_string(e.object);
    case Op::rdlock:
    case Op::wrlock:
    case Op::rw_unlock: return text + " rwlock#" + std::to_string(e.object);
    case Op::create:
    case Op::join:
    case Op::detach: return text + " thread " + std::to_string(e.object);
    case Op::atomic_load:
    case Op::atomic_store:
    case Op::atomic_rmw:
    case Op::atomic_cas: return text + " atomic#" + std::to_string(e.object);  // --atomics
    default: return text;
  }
}

// "conn 2: get k1 -> ..." -> 2
uint64_t note_conn(const std::string& text) {
  if (text.rfind("conn ", 0) != 0) return 0;
  return std::strtoull(text.c_str() + 5, nullptr, 10);
}

// "conn N: WORD ...": an operation the history numbers. The history holds
// the item operations only: a disconnect, the core closing a connection and
// the itemless operations (stats, reset_stats, unknown; model/operation.h)
// are notes of their own, no operation of the witness's numbering.
bool is_history_op(const std::string& text) {
  const size_t colon = text.find(": ");
  if (colon == std::string::npos) return false;
  const size_t start = colon + 2;
  const size_t end = std::min(text.find(' ', start), text.size());
  const auto kind =
      model::op_kind_from_name(text.substr(start, end - start), model::OpSyntax::workload);
  return kind.has_value() && !model::is_itemless(*kind);
}

class Builder {
 public:
  explicit Builder(const sched::RunResult& run) : run_(run) {
    out_.witness = run.witness;
    out_.witness_rows.assign(run.witness.size(), -1);
    for (uint32_t t = 0; t < run.thread_names.size(); ++t) {
      const std::string& name = run.thread_names[t];
      lane_of_thread_.push_back(static_cast<int>(t));
      out_.lanes.push_back(
          {t, name.empty() ? "thread " + std::to_string(t) : name, lane_kind(name)});
    }
  }

  void add(const sched::TraceEvent& e) {
    const int lane = e.thread < lane_of_thread_.size() ? lane_of_thread_[e.thread] : -1;
    // Notes and details are made by the running thread as well.
    if (e.op != Op::time_jump) last_step_thread_ = lane;
    Row row;
    row.step = e.step;
    row.time_ns = e.time_ns;
    row.lane = lane;
    if (e.op == Op::time_jump) {
      row.lane = -1;
      row.kind = "time_jump";
      row.text = "no thread can run: virtual time jumps";
    } else if (e.op == Op::note) {
      row.kind = "op";
      row.text = e.text;
      row.conn = note_conn(e.text);
      // A problem the client found with the answer: "... [problem]".
      row.highlight = !run_.ok() && e.text.find(" [") != std::string::npos;
      mark_witness(&row);
    } else if (e.op == Op::detail) {
      if (!add_detail(e, &row)) return;
    } else {
      row.kind = minor(e.op) ? "minor" : "step";
      row.text = step_text(e);
    }
    push(std::move(row));
  }

  Timeline finish(size_t events_max) {
    for (const auto& [seq, index] : open_calls_) {
      out_.rows[index].result = "(had not returned when the run ended)";
    }
    // A call is highlighted after the fact when a violation names it.
    for (size_t i = 0; i < out_.rows.size() && out_.focus < 0; ++i) {
      if (out_.rows[i].highlight) out_.focus = static_cast<int>(i);
    }
    if (!run_.ok()) {
      Row f;
      f.kind = "failure";
      f.step = run_.steps;
      f.time_ns = run_.end_time_ns;
      // Scheduler::fail ends the run on the thread that found the problem.
      f.lane = run_.verdict == sched::Verdict::failed ? last_step_thread_ : -1;
      f.text = std::string(sched::to_string(run_.verdict)) + ": " + run_.report;
      f.highlight = true;
      push(std::move(f));
    }
    for (Row& row : out_.rows) {
      row.text = stable_text(row.text, &out_.pointers);
      row.result = stable_text(row.result, &out_.pointers);
      row.expected = stable_text(row.expected, &out_.pointers);
    }
    for (sched::WitnessOp& w : out_.witness) {
      w.op = stable_text(w.op, &out_.pointers);
      w.got = stable_text(w.got, &out_.pointers);
      w.note = stable_text(w.note, &out_.pointers);
    }
    out_.truncated = run_.events.size() >= events_max;
    return std::move(out_);
  }

 private:
  bool add_detail(const sched::TraceEvent& e, Row* row) {
    sched::Detail d;
    if (!sched::parse_detail(e.text, &d)) return false;
    if (d.kind == sched::Detail::Kind::ret) {
      const auto it = open_calls_.find(d.seq);
      if (it == open_calls_.end()) return false;
      Row& call = out_.rows[it->second];
      call.result = d.text;
      call.blocked = d.text.find("ENGINE_EWOULDBLOCK") != std::string::npos;
      open_calls_.erase(it);
      return false;  // the call's row shows its result
    }
    if (d.kind == sched::Detail::Kind::wait) {
      row->kind = "wait";
      const std::string holder =
          d.seq < out_.lanes.size() ? out_.lanes[d.seq].name : "thread " + std::to_string(d.seq);
      row->text = "waits for " + d.text + " (held by " + holder + ")";
      return true;
    }
    if (d.kind == sched::Detail::Kind::violation) {
      row->kind = "violation";
      row->text = d.rule + ": " + d.text;
      row->highlight = true;
      const auto it = call_rows_.find(d.seq);
      if (it != call_rows_.end()) out_.rows[it->second].highlight = true;
      return true;
    }
    row->conn = d.conn;
    row->text = d.function + "(" + d.text + ")";
    if (!d.engine_to_core) {
      row->kind = "call";
      if (d.conn != 0) serving_[d.conn] = row->lane;
    } else if (d.function.find("notify_io_complete") != std::string::npos) {
      row->kind = "notify";
      const auto it = serving_.find(d.conn);
      row->target = it == serving_.end() ? -1 : it->second;
    } else {
      row->kind = "sapi";
    }
    open_calls_[d.seq] = out_.rows.size();
    call_rows_[d.seq] = out_.rows.size();
    return true;
  }

  // Counts the operation (see build_timeline) and marks it when it is one
  // of the witness's.
  void mark_witness(Row* row) {
    uint32_t conn = 0;
    if (row->conn != 0) {
      if (!is_history_op(row->text)) return;
      conn = static_cast<uint32_t>(row->conn);
    } else if (row->text.rfind("clock: advance", 0) != 0) {
      return;
    }
    const uint64_t index = ++ops_seen_[conn];
    for (size_t k = 0; k < out_.witness.size(); ++k) {
      const sched::WitnessOp& w = out_.witness[k];
      if (w.conn != conn || w.op_index != index) continue;
      row->witness = static_cast<int>(k) + 1;
      row->expected = w.note;
      row->highlight = true;
      out_.witness_rows[k] = static_cast<int>(out_.rows.size());
    }
  }

  void push(Row row) { out_.rows.push_back(std::move(row)); }

  const sched::RunResult& run_;
  Timeline out_;
  std::vector<int> lane_of_thread_;
  int last_step_thread_ = -1;
  std::map<uint64_t, size_t> open_calls_;  // seq -> row, until it returns
  std::map<uint64_t, size_t> call_rows_;   // seq -> row
  std::map<uint64_t, int> serving_;        // connection -> the lane that last called for it
  std::map<uint32_t, uint64_t> ops_seen_;  // connection (0: clock) -> operations so far
};

bool hex_digit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

// "dir=/tmp/enginesim-run.Ab12Cd;mode=async" -> "dir={tmpdir};mode=async"
std::string stable_dirs(std::string text) {
  static const std::string kMark = "enginesim-run.";
  for (size_t at = text.find(kMark); at != std::string::npos; at = text.find(kMark, at)) {
    size_t begin = at;
    while (begin > 0 && text[begin - 1] != '"' && text[begin - 1] != '=' &&
           text[begin - 1] != ' ' && text[begin - 1] != ';' && text[begin - 1] != '\'') {
      --begin;
    }
    const size_t end = std::min(text.size(), at + kMark.size() + 6);
    text.replace(begin, end - begin, "{tmpdir}");
    at = begin + 8;
  }
  return text;
}

}  // namespace

std::string stable_text(const std::string& raw, std::map<std::string, int>* pointers) {
  const std::string text = stable_dirs(raw);
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t end = i + 2;
    if (text.compare(i, 2, "0x") == 0) {
      while (end < text.size() && hex_digit(text[end])) ++end;
    }
    // Small numbers (flags, 0x0) stay; addresses have many digits.
    if (end - i - 2 >= 6) {
      const auto [it, fresh] =
          pointers->try_emplace(text.substr(i, end - i), static_cast<int>(pointers->size()) + 1);
      out += "ptr#" + std::to_string(it->second);
      i = end;
    } else {
      out += text[i++];
    }
  }
  return out;
}

Timeline build_timeline(const sched::RunResult& run, size_t events_max) {
  Builder b(run);
  for (const sched::TraceEvent& e : run.events) b.add(e);
  return b.finish(events_max);
}

}  // namespace enginesim::report
