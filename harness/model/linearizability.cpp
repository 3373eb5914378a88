// linearizability.cpp - per-key checking, shrinking of a failure, and the
// explanation of the minimal sub-history.
#include "harness/model/linearizability.h"

#include <algorithm>
#include <iterator>
#include <numeric>
#include <optional>
#include <vector>

#include "fakes/check.h"
#include "harness/model/cas_ledger.h"
#include "harness/model/partition.h"
#include "harness/model/shrink.h"
#include "harness/model/text_codec.h"
#include "harness/model/wing_gong.h"

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

struct Outcome {
  SearchVerdict verdict = SearchVerdict::limit_reached;
  uint64_t steps = 0;
  std::string cas_clash;  // non-empty: two versions got the same CAS
  size_t clash_first = 0, clash_second = 0;  // their positions, when so
  std::optional<Deadend> deadend;
};

// Every version of a key must get its own CAS, whatever the order: checked
// before (and apart from) the search. Entries are named #1.. in `entries`.
void find_cas_clash(const History& h, const std::vector<size_t>& entries, Outcome* o) {
  if (!h.model.cas_feature) return;
  CasLedger ledger;
  for (size_t pos = 0; pos < entries.size(); ++pos) {
    const HistoryEntry& e = h.entries[entries[pos]];
    if (!creates_version(e.op, e.result)) continue;
    size_t earlier = 0;
    if (!ledger.record(e.op.key, e.result.cas, pos, &earlier)) {
      o->cas_clash = "#" + std::to_string(earlier + 1) + " and #" + std::to_string(pos + 1) +
                     " both created a version of " + quote(e.op.key) + " with cas " +
                     std::to_string(e.result.cas) + "; every version needs a CAS of its own";
      o->clash_first = earlier;
      o->clash_second = pos;
      return;
    }
  }
}

Outcome check_entries(const Model& model, const History& h, const std::vector<size_t>& entries,
                      uint64_t steps_max, bool want_deadend) {
  Outcome o;
  find_cas_clash(h, entries, &o);
  if (!o.cas_clash.empty()) {
    o.verdict = SearchVerdict::not_linearizable;
    return o;
  }
  std::vector<const HistoryEntry*> ops;
  ops.reserve(entries.size());
  for (size_t i : entries) ops.push_back(&h.entries[i]);
  SearchOutcome s = search_linearization(model, model.initial_state(h.start_time), ops,
                                         steps_max, want_deadend);
  o.verdict = s.verdict;
  o.steps = s.steps;
  o.deadend = std::move(s.deadend);
  return o;
}

// Where the deepest search stopped, what memcached allows candidate `c`
// ("" when its result fits).
std::string allowed_instead(const Model& model, const Deadend& d, const HistoryEntry& e) {
  const Acceptable acc = model.acceptable(d.state, e.op, e.call_time.value_or(0));
  for (const Answer& a : acc.answers) {
    if (a.matches(e.result)) return "";
  }
  return acc.describe();
}

std::string explain(const Model& model, const History& w, const Outcome& o) {
  if (!o.cas_clash.empty()) return o.cas_clash;
  if (!o.deadend) return "no order of these operations is consistent with memcached";
  const Deadend& d = *o.deadend;
  std::string s = "no order of these " + std::to_string(w.entries.size()) +
                  " operations is consistent with memcached.\n";
  if (d.order.empty()) {
    s += "No operation can take effect first (state: " + to_text(d.state) + ").\n";
  } else {
    s += "The longest consistent order found:";
    for (size_t i : d.order) s += " #" + std::to_string(i + 1);
    s += ", leaving " + to_text(d.state) + ".\n";
  }
  s += "Then none of the operations that may come next fits:";
  for (size_t c : d.candidates) {
    const HistoryEntry& e = w.entries[c];
    const std::string allowed = allowed_instead(model, d, e);
    s += "\n  #" + std::to_string(c + 1) + " " + to_text(e.op) + " got " + to_text(e.result);
    s += allowed.empty() ? ": fits, but no order of the rest works after it"
                         : "; memcached allows " + allowed;
  }
  return s;
}

// The explanation split by operation: what it says of each one.
std::vector<std::string> notes_per_entry(const Model& model, const History& w, const Outcome& o) {
  std::vector<std::string> notes(w.entries.size());
  if (!o.cas_clash.empty()) {
    const std::string cas = std::to_string(w.entries[o.clash_second].result.cas);
    notes[o.clash_first] = "created a version with cas " + cas + ", and so did #" +
                           std::to_string(o.clash_second + 1) +
                           ": every version needs a CAS of its own";
    notes[o.clash_second] = "created a version with cas " + cas + ", which #" +
                            std::to_string(o.clash_first + 1) + "'s version already had";
    return notes;
  }
  if (!o.deadend) return notes;
  const Deadend& d = *o.deadend;
  for (size_t n = 0; n < d.order.size(); ++n) {
    notes[d.order[n]] = "fits at position " + std::to_string(n + 1) +
                        " of the longest consistent order";
  }
  std::string after = "as the first operation";
  if (!d.order.empty()) {
    after = "after";
    for (size_t i : d.order) after += " #" + std::to_string(i + 1);
  }
  for (size_t c : d.candidates) {
    const std::string allowed = allowed_instead(model, d, w.entries[c]);
    notes[c] = allowed.empty() ? "fits " + after + ", but then no order of the rest works"
                               : "memcached allows " + allowed + " " + after;
  }
  // The rest cannot come next: each was called after a candidate returned
  // (name the one that returned first).
  std::optional<size_t> first_return;
  for (size_t c : d.candidates) {
    const HistoryEntry& e = w.entries[c];
    if (e.result.uncertain() || !e.return_step) continue;
    if (!first_return || *e.return_step < *w.entries[*first_return].return_step) first_return = c;
  }
  for (size_t i = 0; i < notes.size(); ++i) {
    if (!notes[i].empty()) continue;
    notes[i] = first_return && w.entries[i].call_step > *w.entries[*first_return].return_step
                   ? "called after #" + std::to_string(*first_return + 1) +
                         " returned: it can only come after it"
                   : "cannot come next";
  }
  return notes;
}

std::vector<size_t> all_of(const History& h) {
  std::vector<size_t> all(h.entries.size());
  std::iota(all.begin(), all.end(), size_t{0});
  return all;
}

// An operation given up: its result unknown, it may take effect any time
// after its call, or never.
void make_pending(HistoryEntry* e) {
  e->return_step.reset();
  e->return_time.reset();
  e->result = results::pending();
}

// The history up to step `cut`: operations called by then, those still
// running pending. A history with a non-linearizable prefix is not
// linearizable.
// *called: the entries kept (indices into h).
History prefix_history(const History& h, const std::vector<size_t>& entries, uint64_t cut,
                       std::vector<size_t>* called) {
  called->clear();
  for (size_t i : entries) {
    if (h.entries[i].call_step <= cut) called->push_back(i);
  }
  History p = sub_history(h, *called);
  for (HistoryEntry& e : p.entries) {
    if (e.return_step && *e.return_step > cut) make_pending(&e);
  }
  return p;
}

// `kept` as recorded plus `given_up` made pending, in call order.
History weakened_history(const History& h, const std::vector<size_t>& kept,
                         const std::vector<size_t>& given_up) {
  std::vector<size_t> both;
  std::merge(kept.begin(), kept.end(), given_up.begin(), given_up.end(), std::back_inserter(both));
  History w = sub_history(h, both);
  for (size_t i = 0; i < both.size(); ++i) {
    if (std::binary_search(given_up.begin(), given_up.end(), both[i])) make_pending(&w.entries[i]);
  }
  return w;
}

// Shrinking gives an operation up by making it pending rather than deleting
// it: deleting the write a stale read came from would leave a read "from
// nowhere", a failing but meaningless witness. A pending operation that the
// failure survives can then be deleted (fewer possible effects never make a
// history linearizable), so the witness keeps only operations whose results
// the failure needs.
void report_failure(const Model& model, const History& h, const Partition& p,
                    const CheckOptions& opts, CheckReport* r) {
  r->verdict = Verdict::not_linearizable;
  r->key = p.key;
  if (!opts.shrink) {
    r->witness = sub_history(h, p.entries);
    r->witness_entries = p.entries;
  } else {
    // All tries together are bounded; a try that reaches the bound counts
    // as "the failure went away", which keeps operations (never wrong, at
    // worst not minimal, and then reported so).
    uint64_t steps_left = opts.shrink_steps_max;
    bool out_of_steps = false;
    auto fails = [&](const History& x) {
      if (steps_left == 0) {
        out_of_steps = true;
        return false;
      }
      // A try is cut short well before the budget: a hard one is rarely
      // worth more than many easy ones.
      const uint64_t try_max = std::max<uint64_t>(opts.shrink_steps_max / 20, 1000);
      Outcome o = check_entries(model, x, all_of(x), std::min({opts.steps_max, steps_left, try_max}),
                                false);
      steps_left -= std::min(steps_left, o.steps);
      if (o.verdict == SearchVerdict::limit_reached) out_of_steps = true;
      return o.verdict == SearchVerdict::not_linearizable;
    };
    // The shortest failing prefix, cut just after some return (the whole
    // history, the last cut, fails).
    std::vector<uint64_t> cuts;
    for (size_t i : p.entries) {
      if (h.entries[i].return_step) cuts.push_back(*h.entries[i].return_step);
    }
    cuts.push_back(UINT64_MAX);
    std::sort(cuts.begin(), cuts.end());
    size_t lo = 0, hi = cuts.size() - 1;
    std::vector<size_t> called;
    while (lo < hi) {
      const size_t mid = lo + (hi - lo) / 2;
      if (fails(prefix_history(h, p.entries, cuts[mid], &called))) hi = mid;
      else lo = mid + 1;
    }
    const History work = prefix_history(h, p.entries, cuts[hi], &called);
    // Given-up operations stay pending for the rest of the shrinking: a
    // later try must not lose the write an earlier-kept read came from.
    const std::vector<size_t> everything = all_of(work);
    ShrinkOutcome s = shrink_failure(
        everything,
        [&](const std::vector<size_t>& kept, const std::vector<size_t>&) {
          std::vector<size_t> rest;
          std::set_difference(everything.begin(), everything.end(), kept.begin(), kept.end(),
                              std::back_inserter(rest));
          return fails(weakened_history(work, kept, rest));
        },
        opts.shrink_checks_max);
    r->witness = sub_history(work, s.kept);
    for (size_t k : s.kept) r->witness_entries.push_back(called[k]);
    r->shrink_complete = s.complete && !out_of_steps;
  }
  const Outcome o = check_entries(model, r->witness, all_of(r->witness), opts.steps_max, true);
  // Every step of shrinking kept the failure, so the witness fails (a
  // limit, at worst, cuts the explanation short).
  ES_CHECK(o.verdict != SearchVerdict::linearizable);
  r->explanation = explain(model, r->witness, o);
  r->witness_notes = notes_per_entry(model, r->witness, o);
  // The witness names recorded operations (a prefix may have made one
  // pending, never another operation).
  ES_CHECK(r->witness_entries.size() == r->witness.entries.size());
  for (size_t k = 0; k < r->witness_entries.size(); ++k) {
    ES_CHECK(r->witness_entries[k] < h.entries.size());
    ES_CHECK(h.entries[r->witness_entries[k]].op == r->witness.entries[k].op);
  }
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
    const Outcome o = check_entries(model, h, parts[i].entries, opts.steps_max, false);
    r.search_steps += o.steps;
    if (o.verdict == SearchVerdict::not_linearizable) {
      report_failure(model, h, parts[i], opts, &r);
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

std::string format_report(const CheckReport& r, const CheckOptions& opts) {
  const std::string counts = std::to_string(r.operations) + " operations, " +
                             std::to_string(r.keys) + " keys, " +
                             std::to_string(r.search_steps) + " search steps";
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
  return s;
}

}  // namespace enginesim::model
