// linearizability.cpp - per-key checking and the report; a failing key is
// explained by witness.h.
#include "harness/model/linearizability.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "harness/model/cas_ledger.h"
#include "harness/model/partition.h"
#include "harness/model/text_codec.h"
#include "harness/model/wing_gong.h"
#include "harness/model/witness.h"

namespace enginesim::model {

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::linearizable: return "linearizable";
    case Verdict::not_linearizable: return "not linearizable";
    case Verdict::limit_reached: return "undecided";
  }
  return "?";
}

namespace {

// The verdict on some entries of h: two versions with one CAS fail in any
// order (checked apart from the search), else the Wing & Gong search.
SearchOutcome check_entries(const Model& model, const History& h,
                            const std::vector<size_t>& entries, uint64_t steps_max) {
  if (find_cas_clash(h, entries)) {
    SearchOutcome o;
    o.verdict = SearchVerdict::not_linearizable;
    return o;
  }
  std::vector<const HistoryEntry*> ops;
  ops.reserve(entries.size());
  for (size_t i : entries) ops.push_back(&h.entries[i]);
  return search_linearization(model, model.initial_state(h.start_time), ops, steps_max, false);
}

}  // namespace

CheckReport check_history(const History& h, const CheckOptions& opts) {
  CheckReport r;
  const Model model(h.model);
  r.operations = h.entries.size();
  const std::vector<Partition> parts = partition_by_key(h);
  r.keys = parts.size();
  std::optional<size_t> undecided;
  for (size_t i = 0; i < parts.size(); ++i) {
    const SearchOutcome o = check_entries(model, h, parts[i].entries, opts.steps_max);
    r.search_steps += o.steps;
    if (o.verdict == SearchVerdict::not_linearizable) {
      explain_failure(model, h, parts[i], opts, &r);
      return r;
    }
    if (o.verdict == SearchVerdict::limit_reached && !undecided) undecided = i;
  }
  if (undecided) {
    const Partition& p = parts[*undecided];
    r.verdict = Verdict::limit_reached;
    r.key = p.key;
    r.witness = sub_history(h, p.entries);
    r.explanation = "the search for key " + quote(p.key) + " (" + std::to_string(p.entries.size()) +
                    " operations) took more than " + std::to_string(opts.steps_max) + " steps";
  }
  return r;
}

// How many bytes of a long key or value a report keeps (format_report).
constexpr size_t kReportQuotedKeep = 48;

std::string format_report(const CheckReport& r, const CheckOptions& opts) {
  const std::string counts = std::to_string(r.operations) + " operations, " +
                             std::to_string(r.keys) + " keys, " + std::to_string(r.search_steps) +
                             " search steps";
  if (r.verdict == Verdict::linearizable) return "linearizable (" + counts + ")\n";
  std::string s;
  if (r.verdict == Verdict::limit_reached) {
    s = "undecided: " + r.explanation + "; raise --steps-max (now " +
        std::to_string(opts.steps_max) + ") or check a shorter history (" + counts + ")\n";
    return s;
  }
  s = "not linearizable: key " + quote(r.key) + ", a " +
      std::string(r.shrink_complete ? "minimal" : "reduced (shrinking stopped at its budget)") +
      " sub-history of " + std::to_string(r.witness.entries.size()) + " operations (of " +
      std::to_string(r.operations) + "):\n";
  s += write_history(r.witness);
  std::string why = "why: " + r.explanation;
  for (size_t start = 0; start < why.size();) {
    const size_t nl = std::min(why.find('\n', start), why.size());
    s += "# " + why.substr(start, nl - start) + "\n";
    start = nl + 1;
  }
  s += "# operations are numbered #1.. in the order listed above\n";
  // A report is read, not parsed: a value of kilobytes is cut to its start.
  bool shortened = false;
  s = shorten_quoted(s, kReportQuotedKeep, &shortened);
  if (shortened) {
    s += "# keys and values over " + std::to_string(2 * kReportQuotedKeep) +
         " bytes are shortened here (\"...\" (+N bytes)); --history FILE writes them whole\n";
  }
  return s;
}

}  // namespace enginesim::model
