// run_result.cpp - verdict names and the text form of a RunResult.
#include "harness/sched/run_result.h"

#include <cinttypes>
#include <cstdio>
#include <sstream>

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

std::string serialize(const RunResult& r) {
  std::ostringstream out;
  out << "verdict " << to_string(r.verdict) << "\nsteps " << r.steps << "\nhash " << r.trace_hash
      << "\nend_ns " << r.end_time_ns << "\nwaits " << r.waits.signalled << ' ' << r.waits.timed_out
      << ' ' << r.waits.spurious << ' ' << r.waits.time_jumps << "\nthreads "
      << r.thread_names.size() << '\n';
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
  // Strings with their lengths first: the texts are binary-safe.
  out << "\nwitness " << r.witness.size() << '\n';
  for (const auto& w : r.witness) {
    out << w.conn << ' ' << w.op_index << ' ' << w.op.size() << ' ' << w.got.size() << ' '
        << w.note.size() << '\n'
        << w.op << w.got << w.note << '\n';
  }
  out << "warnings " << r.warnings.size() << '\n';
  for (const auto& w : r.warnings) out << w.size() << '\n' << w << '\n';
  out << "death " << r.death.signal << ' ' << r.death.has_address << ' ' << r.death.address << ' '
      << r.death.choices_lost << ' ' << r.death.events_lost << '\n';
  out << "stderr " << r.engine_stderr.size() << '\n' << r.engine_stderr;
  return out.str();
}

bool deserialize(const std::string& text, RunResult* r, std::string* error) {
  std::istringstream in(text);
  std::string word, verdict;
  size_t n = 0;
  auto bad = [&](const char* what) {
    *error = std::string("malformed run result: ") + what;
    return false;
  };
  if (!(in >> word >> verdict) || word != "verdict" || !verdict_from_string(verdict, &r->verdict))
    return bad("verdict");
  if (!(in >> word >> r->steps) || word != "steps") return bad("steps");
  if (!(in >> word >> r->trace_hash) || word != "hash") return bad("hash");
  if (!(in >> word >> r->end_time_ns) || word != "end_ns") return bad("end_ns");
  if (!(in >> word >> r->waits.signalled >> r->waits.timed_out >> r->waits.spurious >>
        r->waits.time_jumps) ||
      word != "waits")
    return bad("waits");
  if (!(in >> word >> n) || word != "threads") return bad("threads");
  in.ignore(1);
  r->thread_names.resize(n);
  for (auto& name : r->thread_names) std::getline(in, name);
  if (!(in >> word >> n) || word != "choices") return bad("choices");
  r->choices.resize(n);
  for (auto& c : r->choices) {
    char kind;
    int pre;
    if (!(in >> kind >> pre >> c.count >> c.picked) || !choice_kind_from_char(kind, &c.kind))
      return bad("choice");
    c.preemptible = pre != 0;
  }
  if (!(in >> word >> n) || word != "events") return bad("events");
  r->events.resize(n);
  for (auto& e : r->events) {
    int op;
    if (!(in >> e.step >> e.thread >> op >> e.object >> e.time_ns)) return bad("event");
    e.op = static_cast<Op>(op);
    in.ignore(1);  // the space before the (possibly empty) note text
    std::getline(in, e.text);
  }
  if (!(in >> word >> n) || word != "report") return bad("report");
  in.ignore(1);
  r->report.resize(n);
  in.read(r->report.data(), static_cast<std::streamsize>(n));
  if (static_cast<size_t>(in.gcount()) != n) return bad("report text");
  if (!(in >> word >> n) || word != "witness") return bad("witness");
  r->witness.resize(n);
  for (auto& w : r->witness) {
    size_t op = 0, got = 0, note = 0;
    if (!(in >> w.conn >> w.op_index >> op >> got >> note)) return bad("witness operation");
    in.ignore(1);
    for (auto [text, size] : {std::pair{&w.op, op}, {&w.got, got}, {&w.note, note}}) {
      text->resize(size);
      in.read(text->data(), static_cast<std::streamsize>(size));
      if (static_cast<size_t>(in.gcount()) != size) return bad("witness text");
    }
  }
  if (!(in >> word >> n) || word != "warnings") return bad("warnings");
  r->warnings.resize(n);
  for (auto& w : r->warnings) {
    size_t size = 0;
    if (!(in >> size)) return bad("warning");
    in.ignore(1);
    w.resize(size);
    in.read(w.data(), static_cast<std::streamsize>(size));
    if (static_cast<size_t>(in.gcount()) != size) return bad("warning text");
  }
  if (!(in >> word >> r->death.signal >> r->death.has_address >> r->death.address >>
        r->death.choices_lost >> r->death.events_lost) ||
      word != "death")
    return bad("death");
  if (!(in >> word >> n) || word != "stderr") return bad("stderr");
  in.ignore(1);
  r->engine_stderr.resize(n);
  in.read(r->engine_stderr.data(), static_cast<std::streamsize>(n));
  if (static_cast<size_t>(in.gcount()) != n) return bad("stderr text");
  return true;
}

}  // namespace enginesim::sched
