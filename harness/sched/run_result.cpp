// run_result.cpp - verdict names and the text form of a RunResult.
#include "harness/sched/run_result.h"

#include <charconv>
#include <cinttypes>
#include <cstdio>
#include <type_traits>

#include "harness/proc/signal_name.h"

namespace enginesim::sched {

const char* to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::ok: return "ok";
    case Verdict::failed: return "failed";
    case Verdict::deadlock: return "deadlock";
    case Verdict::step_limit: return "step_limit";
    case Verdict::uncontrolled: return "uncontrolled";
    case Verdict::thread_leak: return "thread_leak";
    case Verdict::diverged: return "diverged";
    case Verdict::died: return "died";
    case Verdict::incomplete: return "incomplete";
    case Verdict::lock_order: return "lock_order";
  }
  return "?";
}

bool verdict_from_string(const std::string& name, Verdict* verdict) {
  for (Verdict v : {Verdict::ok, Verdict::failed, Verdict::deadlock, Verdict::step_limit,
                    Verdict::uncontrolled, Verdict::thread_leak, Verdict::diverged, Verdict::died,
                    Verdict::incomplete, Verdict::lock_order}) {
    if (name == to_string(v)) {
      *verdict = v;
      return true;
    }
  }
  return false;
}

std::string describe_death(const RunResult& r) {
  if (r.verdict != Verdict::died || r.death.signal == 0) return "";
  std::string out = signal_name(r.death.signal);
  if (r.death.has_address) {
    char addr[32];
    std::snprintf(addr, sizeof addr, "0x%" PRIx64, r.death.address);
    out += std::string(" at address ") + addr;
  }
  return out + ", after " + std::to_string(r.steps) + " steps";
}

namespace {

std::string one_line(std::string s) {
  for (char& c : s) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return s;
}

}  // namespace

// The text form is written and read without iostreams: a seed's result
// crosses the pipe once per run, and formatting its choices through
// std::ostream (and parsing them through std::istream) was ~20% of a mem
// seed's time. The format is unchanged: one field per line, numbers in
// decimal, texts with their lengths first.
namespace {

class Writer {
 public:
  Writer& operator<<(const std::string& s) {
    out_ += s;
    return *this;
  }
  Writer& operator<<(const char* s) {
    out_ += s;
    return *this;
  }
  Writer& operator<<(char c) {
    out_ += c;
    return *this;
  }
  template <typename T>
  requires std::is_integral_v<T> Writer& operator<<(T v) {
    char buf[24];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, end);
    return *this;
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

// An istream's `>>` for words and numbers (leading whitespace skipped),
// getline, ignore and read, over a string. Once a read fails, every later
// one fails too.
class Reader {
 public:
  explicit Reader(const std::string& text) : at_(text.data()), end_(text.data() + text.size()) {}

  bool word(std::string* w) {
    skip_space();
    const char* start = at_;
    while (at_ < end_ && !space(*at_)) ++at_;
    w->assign(start, at_);
    return ok_ &= at_ > start;
  }
  bool ch(char* c) {
    skip_space();
    if (!ok_ || at_ == end_) return ok_ = false;
    *c = *at_++;
    return true;
  }
  template <typename T>
  bool number(T* v) {
    skip_space();
    if (!ok_) return false;
    const auto [ptr, ec] = std::from_chars(at_, end_, *v);
    if (ec != std::errc()) return ok_ = false;
    at_ = ptr;
    return true;
  }
  bool flag(bool* v) {
    int n = 0;
    if (!number(&n)) return false;
    *v = n != 0;
    return true;
  }
  void ignore_one() {
    if (at_ < end_) ++at_;
  }
  void line(std::string* l) {
    const char* start = at_;
    while (at_ < end_ && *at_ != '\n') ++at_;
    l->assign(start, at_);
    if (at_ < end_) ++at_;
  }
  // Exactly n bytes, or fails.
  bool bytes(std::string* s, size_t n) {
    if (!ok_ || static_cast<size_t>(end_ - at_) < n) return ok_ = false;
    s->assign(at_, n);
    at_ += n;
    return true;
  }

 private:
  static bool space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }
  void skip_space() {
    while (at_ < end_ && space(*at_)) ++at_;
  }
  const char* at_;
  const char* end_;
  bool ok_ = true;
};

}  // namespace

std::string serialize(const RunResult& r) {
  Writer out;
  out << "verdict " << to_string(r.verdict) << "\nsteps " << r.steps << "\nhash " << r.trace_hash
      << "\nend_ns " << r.end_time_ns << "\nhandoffs " << r.handoffs << "\nwaits "
      << r.waits.signalled << ' ' << r.waits.timed_out << ' ' << r.waits.spurious << ' '
      << r.waits.time_jumps << "\nthreads " << r.thread_names.size() << '\n';
  for (const auto& name : r.thread_names) out << one_line(name) << '\n';
  out << "choices " << r.choices.size() << '\n';
  for (const auto& c : r.choices) {
    out << to_char(c.kind) << ' ' << (c.preemptible ? 1 : 0) << ' ' << c.count << ' ' << c.picked
        << '\n';
  }
  out << "events " << r.events.size() << '\n';
  for (const auto& e : r.events) {
    out << e.step << ' ' << e.thread << ' ' << static_cast<int>(e.op) << ' ' << e.object << ' '
        << e.time_ns << ' ' << one_line(e.text) << '\n';
  }
  out << "report " << r.report.size() << '\n' << r.report;
  out << "\nwitness " << r.witness.size() << '\n';
  for (const auto& w : r.witness) {
    out << w.conn << ' ' << w.op_index << ' ' << w.op.size() << ' ' << w.got.size() << ' '
        << w.note.size() << '\n'
        << w.op << w.got << w.note << '\n';
  }
  out << "warnings " << r.warnings.size() << '\n';
  for (const auto& w : r.warnings) out << w.size() << '\n' << w << '\n';
  out << "death " << r.death.signal << ' ' << (r.death.has_address ? 1 : 0) << ' '
      << r.death.address << ' ' << (r.death.choices_lost ? 1 : 0) << ' '
      << (r.death.events_lost ? 1 : 0) << '\n';
  out << "frames " << r.death.frames.size() << '\n';
  for (const auto& f : r.death.frames)
    out << f.offset << ' ' << f.module.size() << '\n' << f.module << '\n';
  out << "stderr " << r.engine_stderr.size() << '\n' << r.engine_stderr;
  return out.take();
}

bool deserialize(const std::string& text, RunResult* r, std::string* error) {
  Reader in(text);
  std::string word, verdict;
  size_t n = 0;
  auto bad = [&](const char* what) {
    *error = std::string("malformed run result: ") + what;
    return false;
  };
  auto header = [&](const char* name, auto* value) {
    return in.word(&word) && word == name && in.number(value);
  };
  if (!(in.word(&word) && word == "verdict" && in.word(&verdict)) ||
      !verdict_from_string(verdict, &r->verdict))
    return bad("verdict");
  if (!header("steps", &r->steps)) return bad("steps");
  if (!header("hash", &r->trace_hash)) return bad("hash");
  if (!header("end_ns", &r->end_time_ns)) return bad("end_ns");
  if (!header("handoffs", &r->handoffs)) return bad("handoffs");
  if (!(header("waits", &r->waits.signalled) && in.number(&r->waits.timed_out) &&
        in.number(&r->waits.spurious) && in.number(&r->waits.time_jumps)))
    return bad("waits");
  if (!header("threads", &n)) return bad("threads");
  in.ignore_one();
  r->thread_names.resize(n);
  for (auto& name : r->thread_names) in.line(&name);
  if (!header("choices", &n)) return bad("choices");
  r->choices.resize(n);
  for (auto& c : r->choices) {
    char kind = 0;
    if (!(in.ch(&kind) && in.flag(&c.preemptible) && in.number(&c.count) && in.number(&c.picked)) ||
        !choice_kind_from_char(kind, &c.kind))
      return bad("choice");
  }
  if (!header("events", &n)) return bad("events");
  r->events.resize(n);
  for (auto& e : r->events) {
    int op = 0;
    if (!(in.number(&e.step) && in.number(&e.thread) && in.number(&op) && in.number(&e.object) &&
          in.number(&e.time_ns)))
      return bad("event");
    e.op = static_cast<Op>(op);
    in.ignore_one();  // the space before the (possibly empty) note text
    in.line(&e.text);
  }
  if (!header("report", &n)) return bad("report");
  in.ignore_one();
  if (!in.bytes(&r->report, n)) return bad("report text");
  if (!header("witness", &n)) return bad("witness");
  r->witness.resize(n);
  for (auto& w : r->witness) {
    size_t op = 0, got = 0, note = 0;
    if (!(in.number(&w.conn) && in.number(&w.op_index) && in.number(&op) && in.number(&got) &&
          in.number(&note)))
      return bad("witness operation");
    in.ignore_one();
    if (!(in.bytes(&w.op, op) && in.bytes(&w.got, got) && in.bytes(&w.note, note)))
      return bad("witness text");
  }
  if (!header("warnings", &n)) return bad("warnings");
  r->warnings.resize(n);
  for (auto& w : r->warnings) {
    size_t size = 0;
    if (!in.number(&size)) return bad("warning");
    in.ignore_one();
    if (!in.bytes(&w, size)) return bad("warning text");
  }
  if (!(header("death", &r->death.signal) && in.flag(&r->death.has_address) &&
        in.number(&r->death.address) && in.flag(&r->death.choices_lost) &&
        in.flag(&r->death.events_lost)))
    return bad("death");
  if (!header("frames", &n)) return bad("frames");
  r->death.frames.resize(n);
  for (auto& f : r->death.frames) {
    size_t size = 0;
    if (!(in.number(&f.offset) && in.number(&size))) return bad("frame");
    in.ignore_one();
    if (!in.bytes(&f.module, size)) return bad("frame module");
  }
  if (!header("stderr", &n)) return bad("stderr");
  in.ignore_one();
  if (!in.bytes(&r->engine_stderr, n)) return bad("stderr text");
  return true;
}

}  // namespace enginesim::sched
