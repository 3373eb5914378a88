// lost_update.cpp - the lost-update pattern: an operation without which the
// history fits, overlapped by a conditional one that also succeeded. Only
// that pattern is named; every other failure is described by its states.
#include "harness/model/lost_update.h"

#include <algorithm>

#include "harness/model/partition.h"
#include "harness/model/wing_gong.h"

namespace enginesim::model {

bool succeeded_mutation(const HistoryEntry& e) {
  if (e.result.uncertain() || !e.return_step || e.result.status != ENGINE_SUCCESS) return false;
  switch (e.op.kind) {
    case OpKind::get:
    case OpKind::flush:
    case OpKind::advance_time: return false;
    default: return true;
  }
}

bool conditional_mutation(const HistoryEntry& e) {
  if (!succeeded_mutation(e)) return false;
  // A plain set replaces whatever is there: racing it loses nothing.
  return e.op.kind != OpKind::set || e.op.cas != 0;
}

bool overlap(const HistoryEntry& a, const HistoryEntry& b) {
  const uint64_t a_end = a.return_step.value_or(UINT64_MAX);
  const uint64_t b_end = b.return_step.value_or(UINT64_MAX);
  return a.call_step < b_end && b.call_step < a_end;
}

bool fits_without(const Model& model, const History& h, size_t lost, uint64_t steps_max,
                  uint64_t* steps) {
  return fits_without_all(model, h, {lost}, steps_max, steps);
}

bool fits_without_all(const Model& model, const History& h, const std::vector<size_t>& dropped,
                      uint64_t steps_max, uint64_t* steps) {
  std::vector<const HistoryEntry*> ops;
  for (size_t i = 0; i < h.entries.size(); ++i) {
    if (std::find(dropped.begin(), dropped.end(), i) == dropped.end()) ops.push_back(&h.entries[i]);
  }
  const SearchOutcome s =
      search_linearization(model, model.initial_state(h.start_time), ops, steps_max, false);
  *steps += s.steps;
  return s.verdict == SearchVerdict::linearizable;
}

std::optional<LostUpdate> lost_update_among(const History& h, const std::vector<size_t>& culprits) {
  for (size_t lost : culprits) {
    const HistoryEntry& a = h.entries[lost];
    if (!succeeded_mutation(a)) continue;
    for (size_t over = 0; over < h.entries.size(); ++over) {
      const HistoryEntry& b = h.entries[over];
      if (over != lost && conditional_mutation(b) && b.op.key == a.op.key && overlap(a, b)) {
        return LostUpdate{lost, over, {}};
      }
    }
  }
  return std::nullopt;
}

namespace {
std::string named(const History& h, size_t i) {
  const HistoryEntry& e = h.entries[i];
  return "#" + std::to_string(i + 1) + " " + to_text(e.op) + " (" + to_text(e.result) + ")";
}
bool with_cas(const Operation& op) {
  return (op.kind == OpKind::cas || op.kind == OpKind::set || op.kind == OpKind::remove) &&
         op.cas != 0;
}
}  // namespace

std::string describe(const LostUpdate& u, const History& h) {
  const Operation& a = h.entries[u.lost].op;
  const Operation& b = h.entries[u.over].op;
  const std::string both =
      named(h, u.lost) + " and " + named(h, u.over) + " overlapped and both succeeded";
  const std::string lost = "#" + std::to_string(u.lost + 1);
  const std::string over = "#" + std::to_string(u.over + 1);
  if (with_cas(a) && with_cas(b) && a.cas == b.cas) {
    return "lost update: " + both + " with cas " + std::to_string(a.cas) +
           ", yet only one operation can replace the version with that cas; the history fits "
           "only if " +
           lost + " never took effect";
  }
  if (a.kind == OpKind::remove && b.kind == OpKind::remove) {
    return "lost update: " + both +
           ", yet only one can remove the item; the history fits only "
           "if " +
           lost + " never took effect";
  }
  std::string read;
  for (size_t r : u.reads) read += (read.empty() ? "" : " and ") + ("#" + std::to_string(r + 1));
  if (!read.empty()) {
    return "lost update: " + both + "; " + read + " read " + lost +
           "'s version, so it took effect, yet the history fits only without " + lost +
           " and those reads: as if " + over + " had been applied to the version before " + lost +
           ", losing " + lost + "'s update";
  }
  return "lost update: " + both + ", yet the history fits only if " + lost +
         " never took effect: as if " + over + " had been applied to the version before " + lost +
         ", losing " + lost + "'s update";
}

}  // namespace enginesim::model
