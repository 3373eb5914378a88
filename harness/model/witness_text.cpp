// witness_text.cpp - the explanation and the notes. Both say the same
// things: the named defect (if any), the prefix, the reachable states, the
// failing operation and what each state would have allowed it.
#include "harness/model/witness_text.h"

#include <algorithm>

namespace enginesim::model {
namespace {

std::string num(size_t pos) { return "#" + std::to_string(pos + 1); }

std::string op_line(const History& w, size_t pos) {
  const HistoryEntry& e = w.entries[pos];
  return num(pos) + " " + to_text(e.op) + " got " + to_text(e.result);
}

// The other operations whose call..return intersects the failing one's.
std::vector<size_t> overlapping(const Story& s) {
  std::vector<size_t> out;
  const HistoryEntry& f = s.witness.entries[s.failing];
  for (size_t i = 0; i < s.witness.entries.size(); ++i) {
    if (i != s.failing && overlap(s.witness.entries[i], f)) out.push_back(i);
  }
  return out;
}

// Called before the failing operation returned and not returned by then.
std::vector<size_t> running_at_cut(const Story& s) {
  std::vector<size_t> out;
  const uint64_t cut = *s.witness.entries[s.failing].return_step;
  for (size_t i = 0; i < s.witness.entries.size(); ++i) {
    const HistoryEntry& e = s.witness.entries[i];
    if (i == s.failing || e.call_step > cut) continue;
    if (e.result.uncertain() || !e.return_step || *e.return_step > cut) out.push_back(i);
  }
  return out;
}

std::string list(const std::vector<size_t>& positions) {
  std::string out;
  for (size_t p : positions) out += (out.empty() ? "" : " ") + num(p);
  return out;
}

// What memcached allows the failing operation in a state it was tried in.
std::string allowed(const Model& model, const Story& s, const Try& t) {
  if (t.fits) {
    return "its answer fits, but then the operations that return before it cannot all "
           "take effect";
  }
  const HistoryEntry& f = s.witness.entries[s.failing];
  return "memcached allows " + model.acceptable(t.state, f.op, f.call_time.value_or(0)).describe();
}

std::string headline(const Story& s) {
  if (s.lost) return describe(*s.lost, s.witness) + ".";
  return "no state reachable when it could take effect allows " + op_line(s.witness, s.failing) +
         ".";
}

}  // namespace

std::string story_explanation(const Model& model, const Story& s) {
  const FrontierOutcome& o = s.outcome;
  const std::string f = num(s.failing);
  std::string out = headline(s) + "\n";
  out += "The longest linearizable prefix: the history before " + f + " returns (step " +
         std::to_string(*s.witness.entries[s.failing].return_step) + ")";
  const std::vector<size_t> running = running_at_cut(s);
  out += running.empty() ? ".\n" : "; " + list(running) + " still running then.\n";
  out += "States reachable after it (" + std::to_string(o.reachable.size()) + "):\n";
  for (size_t i = 0; i < o.reachable.size() && i < kStatesShownMax; ++i) {
    out += "  " + to_text(o.reachable[i]) + "\n";
  }
  if (o.reachable.size() > kStatesShownMax) {
    out += "  +" + std::to_string(o.reachable.size() - kStatesShownMax) + " more\n";
  }
  const std::vector<size_t> others = overlapping(s);
  out += "The first operation no reachable state allows: " + op_line(s.witness, s.failing) +
         (others.empty() ? "; it overlaps no other operation.\n"
                         : "; it overlaps " + list(others) + ".\n");
  out += "In each state where " + f + " could take effect:";
  const size_t tries = o.tries.size() + o.tries_more;
  for (size_t i = 0; i < o.tries.size() && i < kStatesShownMax; ++i) {
    out += "\n  " + to_text(o.tries[i].state) + ": " + allowed(model, s, o.tries[i]);
  }
  if (tries > kStatesShownMax) out += "\n  +" + std::to_string(tries - kStatesShownMax) + " more";
  if (tries == 0) out += " none: operations that must come before it do not fit";
  if (!s.culprits.empty()) {
    out += "\nWithout " +
           (s.culprits.size() == 1 ? num(s.culprits[0]) : "any one of " + list(s.culprits)) +
           " alone, the witness would fit.";
  } else {
    out += "\nNo single operation removed makes the witness fit.";
  }
  return out;
}

std::vector<std::string> story_notes(const Model& model, const Story& s) {
  std::vector<std::string> notes(s.witness.entries.size());
  const std::string f = num(s.failing);
  // The failing one: every distinct answer memcached allows where it could go.
  std::vector<std::string> answers;
  bool some_fit = false;
  for (const Try& t : s.outcome.tries) {
    if (t.fits) {
      some_fit = true;
      continue;
    }
    const HistoryEntry& e = s.witness.entries[s.failing];
    const std::string a = model.acceptable(t.state, e.op, e.call_time.value_or(0)).describe();
    if (std::find(answers.begin(), answers.end(), a) == answers.end()) answers.push_back(a);
  }
  std::string n;
  for (size_t i = 0; i < answers.size() && i < 4; ++i) n += (n.empty() ? "" : "; or ") + answers[i];
  if (answers.size() > 4) n += "; or " + std::to_string(answers.size() - 4) + " more";
  notes[s.failing] =
      n.empty() ? "no reachable state allows it"
                : "memcached allows " + n + (answers.size() > 1 ? ", depending on the state" : "");
  if (some_fit) notes[s.failing] += "; where its answer fits, the rest cannot follow";
  if (s.lost) {
    notes[s.lost->lost] =
        "lost update: acknowledged, but the history fits only if it never "
        "took effect (" +
        num(s.lost->over) + " overlapped it)";
    // The overlapping one may be the failing one: it keeps what memcached allows.
    std::string& over = notes[s.lost->over];
    over += (over.empty() ? "" : "; ") + std::string("lost update: overlapped ") +
            num(s.lost->lost) + " and succeeded too";
  }
  for (size_t c : s.culprits) {
    if (notes[c].empty()) notes[c] = "without it alone, the witness would fit";
  }
  const uint64_t call = s.witness.entries[s.failing].call_step;
  for (size_t i = 0; i < notes.size(); ++i) {
    if (!notes[i].empty()) continue;
    const HistoryEntry& e = s.witness.entries[i];
    if (overlap(e, s.witness.entries[s.failing]))
      notes[i] = "overlaps " + f;
    else if (e.return_step && *e.return_step < call)
      notes[i] = "returned before " + f + " was called";
    else
      notes[i] = "in the prefix before " + f + " returns";
  }
  return notes;
}

}  // namespace enginesim::model
