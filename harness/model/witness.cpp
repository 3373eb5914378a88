// witness.cpp - finds the first operation no reachable state allows (the
// frontier over the failing key), names a lost update when there is one,
// and drops every operation the explanation does not need.
#include "harness/model/witness.h"

#include <algorithm>
#include <optional>

#include "enginesim/check.h"
#include "harness/model/cas_ledger.h"
#include "harness/model/frontier.h"
#include "harness/model/lost_update.h"
#include "harness/model/shrink.h"
#include "harness/model/text_codec.h"
#include "harness/model/value_sources.h"
#include "harness/model/witness_text.h"

namespace enginesim::model {
namespace {

// A frontier run over some entries of h; the failing one as an index into h.
struct Telling {
  FrontierOutcome outcome;
  size_t failing_entry = 0;
};

Telling tell(const Model& model, const History& h, const std::vector<size_t>& entries,
             std::optional<size_t> watch_entry, uint64_t steps_max) {
  std::vector<const HistoryEntry*> ops;
  ops.reserve(entries.size());
  for (size_t i : entries) ops.push_back(&h.entries[i]);
  std::optional<size_t> watch;
  if (watch_entry) {
    const auto at = std::find(entries.begin(), entries.end(), *watch_entry);
    ES_CHECK(at != entries.end());
    watch = static_cast<size_t>(at - entries.begin());
  }
  Telling t;
  t.outcome = advance_frontier(model, model.initial_state(h.start_time), ops, watch, steps_max);
  if (t.outcome.kind == FrontierOutcome::Kind::stuck) t.failing_entry = entries[t.outcome.failing];
  return t;
}

bool same_tries(const FrontierOutcome& a, const FrontierOutcome& b) {
  if (a.tries.size() != b.tries.size() || a.tries_more != b.tries_more) return false;
  return std::all_of(a.tries.begin(), a.tries.end(), [&b](const Try& t) {
    return std::find(b.tries.begin(), b.tries.end(), t) != b.tries.end();
  });
}

size_t position(const std::vector<size_t>& entries, size_t entry) {
  const auto at = std::find(entries.begin(), entries.end(), entry);
  ES_CHECK(at != entries.end());
  return static_cast<size_t>(at - entries.begin());
}

bool has(const std::vector<size_t>& entries, size_t entry) {
  return std::find(entries.begin(), entries.end(), entry) != entries.end();
}

// Two versions with one CAS: a failure in any order, shown by those two.
void report_clash(const History& h, const Partition& p, const CasClash& c, CheckReport* r) {
  r->witness_entries = {p.entries[c.first], p.entries[c.second]};
  r->witness = sub_history(h, r->witness_entries);
  const HistoryEntry& second = r->witness.entries[1];
  const std::string cas = std::to_string(second.result.cas);
  r->explanation = "#1 and #2 both created a version of " + quote(second.op.key) + " with cas " +
                   cas + "; every version needs a CAS of its own";
  r->witness_notes = {
      "created a version with cas " + cas + ", and so did #2: every version needs a CAS of its own",
      "created a version with cas " + cas + ", which #1's version already had"};
}

// The frontier stopped at its limit: the whole key, said so.
void report_undescribed(const History& h, const Partition& p, const CheckOptions& opts,
                        CheckReport* r) {
  r->witness = sub_history(h, p.entries);
  r->witness_entries = p.entries;
  r->witness_notes.assign(p.entries.size(), "");
  r->shrink_complete = false;
  r->explanation = "no order of these " + std::to_string(p.entries.size()) +
                   " operations is consistent with memcached; the search for the first "
                   "operation no reachable state allows stopped at its limit of " +
                   std::to_string(std::min(opts.steps_max, opts.shrink_steps_max)) + " steps";
}

// What the explanation rests on besides the failing operation and its
// states, as entries of h: the culprits (each alone removed, the failing
// prefix fits) and, for every operation whose result names a version by its
// CAS, the one that created it (a witness never reads from nowhere).
struct Needs {
  std::vector<size_t> culprits;
  std::vector<std::pair<size_t, size_t>> sources;  // (reader, creator)
  // Culprits once their versions' reads (by CAS) go too: the prefix fits
  // without such an update and its reads. The witness leaves the reads out,
  // or keeps them where they pin the order that loses the update.
  struct ReadCulprit {
    size_t update = 0;
    std::vector<size_t> reads;
  };
  std::vector<ReadCulprit> read_culprits;
  // The stores, appends and prepends whose values make up the value the
  // failing get read (value_sources.h).
  std::vector<size_t> value_pieces;
};

std::optional<uint64_t> version_named(const HistoryEntry& e) {
  if (e.result.uncertain() || e.result.status != ENGINE_SUCCESS) return std::nullopt;
  if (e.op.kind == OpKind::get && e.result.cas != 0) return e.result.cas;
  const bool token =
      e.op.kind == OpKind::cas || e.op.kind == OpKind::set || e.op.kind == OpKind::remove;
  if (token && e.op.cas != 0) return e.op.cas;
  return std::nullopt;
}

// Positions in `sub` of the other operations that read the version entry
// `k` created, by its CAS.
std::vector<size_t> readers_of(const History& sub, size_t k) {
  std::vector<size_t> out;
  const HistoryEntry& c = sub.entries[k];
  if (!sub.model.cas_feature || !creates_version(c.op, c.result)) return out;
  for (size_t j = 0; j < sub.entries.size(); ++j) {
    const std::optional<uint64_t> cas = version_named(sub.entries[j]);
    if (j != k && cas && *cas == c.result.cas && sub.entries[j].op.key == c.op.key) {
      out.push_back(j);
    }
  }
  return out;
}

Needs find_needs(const Model& model, const History& h, const std::vector<size_t>& prefix,
                 size_t failing, uint64_t steps_max, uint64_t* steps_left) {
  Needs n;
  const History sub = sub_history(h, prefix);
  for (size_t k = 0; k < prefix.size(); ++k) {
    if (prefix[k] == failing) continue;
    if (*steps_left == 0) break;  // the culprits found so far are all verified
    uint64_t used = 0;
    if (fits_without(model, sub, k, std::min(steps_max, *steps_left), &used)) {
      n.culprits.push_back(prefix[k]);
    } else if (std::vector<size_t> readers = readers_of(sub, k);
               !readers.empty() && !has(readers, position(prefix, failing))) {
      // An update that took effect, was read, and was then lost: the
      // history fits without it once its reads go too.
      readers.push_back(k);
      if (fits_without_all(model, sub, readers, std::min(steps_max, *steps_left), &used)) {
        Needs::ReadCulprit rc{prefix[k], {}};
        for (size_t j : readers) {
          if (j != k) rc.reads.push_back(prefix[j]);
        }
        n.read_culprits.push_back(std::move(rc));
      }
    }
    *steps_left -= std::min(*steps_left, used);
  }
  if (!h.model.cas_feature) return n;
  for (size_t reader : prefix) {
    const std::optional<uint64_t> cas = version_named(h.entries[reader]);
    if (!cas) continue;
    for (size_t creator : prefix) {
      const HistoryEntry& c = h.entries[creator];
      if (creator != reader && c.op.key == h.entries[reader].op.key &&
          creates_version(c.op, c.result) && c.result.cas == *cas) {
        n.sources.push_back({reader, creator});
      }
    }
  }
  return n;
}

// Every state of `sub` is one of `full`'s (and none was left uncounted).
bool tries_within(const FrontierOutcome& sub, const FrontierOutcome& full) {
  if (sub.tries_more != 0 || full.tries_more != 0)
    return sub.tries_more == full.tries_more && same_tries(sub, full);
  return std::all_of(sub.tries.begin(), sub.tries.end(), [&full](const Try& t) {
    return std::find(full.tries.begin(), full.tries.end(), t) != full.tries.end();
  });
}

// Positions in `entries` of a lost update and of the reads that stay with it.
std::vector<size_t> lost_and_reads_in(const std::vector<size_t>& entries, const LostUpdate& l) {
  std::vector<size_t> out{position(entries, l.lost)};
  for (size_t r : l.reads) out.push_back(position(entries, r));
  return out;
}

// The entries, fewer while the explanation stays the same: `failing` fails
// first, only in states where it failed before, every culprit is still one,
// the lost update's pair and every kept reader's source stay.
ShrinkOutcome minimize(const Model& model, const History& h, const std::vector<size_t>& prefix,
                       size_t failing, const FrontierOutcome& story, const Needs& needs,
                       const std::optional<LostUpdate>& lost, const CheckOptions& opts,
                       uint64_t steps_left, bool* out_of_steps) {
  auto same = [&](const std::vector<size_t>& entries) {
    if (!has(entries, failing)) return false;
    if (lost && (!has(entries, lost->lost) || !has(entries, lost->over))) return false;
    if (lost) {
      for (size_t r : lost->reads) {
        if (!has(entries, r)) return false;
      }
    }
    for (const auto& [reader, creator] : needs.sources) {
      if (has(entries, reader) && !has(entries, creator)) return false;
    }
    for (size_t c : needs.culprits) {
      if (!has(entries, c)) return false;
    }
    for (size_t piece : needs.value_pieces) {
      if (!has(entries, piece)) return false;
    }
    // A try is cut short well before the budget: a hard one is rarely worth
    // more than many easy ones. A try at its limit keeps the operations
    // (never wrong; at worst not minimal, and then reported so).
    const uint64_t try_max = std::min(
        {opts.steps_max, steps_left, std::max<uint64_t>(opts.shrink_steps_max / 20, 1000)});
    if (try_max == 0) {
      *out_of_steps = true;
      return false;
    }
    const Telling t = tell(model, h, entries, failing, try_max);
    steps_left -= std::min(steps_left, t.outcome.steps);
    if (t.outcome.kind == FrontierOutcome::Kind::limit_reached) *out_of_steps = true;
    if (t.outcome.kind != FrontierOutcome::Kind::stuck || t.failing_entry != failing ||
        !tries_within(t.outcome, story)) {
      return false;
    }
    const History sub = sub_history(h, entries);
    for (size_t c : needs.culprits) {
      uint64_t used = 0;
      const bool fits = fits_without(model, sub, position(entries, c), try_max, &used);
      steps_left -= std::min(steps_left, used);
      if (!fits) return false;
    }
    if (lost && !lost->reads.empty()) {
      uint64_t used = 0;
      const bool fits =
          fits_without_all(model, sub, lost_and_reads_in(entries, *lost), try_max, &used);
      steps_left -= std::min(steps_left, used);
      if (!fits) return false;
    }
    return true;
  };
  std::vector<size_t> positions(prefix.size());
  for (size_t k = 0; k < positions.size(); ++k) positions[k] = k;
  ShrinkOutcome s = shrink_failure(
      positions,
      [&](const std::vector<size_t>& kept, const std::vector<size_t>&) {
        std::vector<size_t> entries;
        for (size_t k : kept) entries.push_back(prefix[k]);
        return same(entries);
      },
      opts.shrink_checks_max);
  for (size_t& k : s.kept) k = prefix[k];
  return s;
}

std::vector<size_t> positions_in(const std::vector<size_t>& kept,
                                 const std::vector<size_t>& entries) {
  std::vector<size_t> out;
  for (size_t e : entries) {
    if (has(kept, e)) out.push_back(position(kept, e));
  }
  return out;
}

}  // namespace

void explain_failure(const Model& model, const History& h, const Partition& p,
                     const CheckOptions& opts, CheckReport* r) {
  r->verdict = Verdict::not_linearizable;
  r->key = p.key;
  if (const std::optional<CasClash> clash = find_cas_clash(h, p.entries)) {
    report_clash(h, p, *clash, r);
    return;
  }
  // The frontier can grow with every overlapping operation (which of them
  // took effect), where the search's memo does not: an explanation gets the
  // shrinking budget, and a key beyond it is shown whole.
  const uint64_t explain_max = std::min(opts.steps_max, opts.shrink_steps_max);
  const Telling first = tell(model, h, p.entries, std::nullopt, explain_max);
  // The frontier and the search decide alike; only a limit tells them apart.
  ES_CHECK(first.outcome.kind != FrontierOutcome::Kind::linearizable);
  if (first.outcome.kind != FrontierOutcome::Kind::stuck) {
    report_undescribed(h, p, opts, r);
    return;
  }
  const size_t failing = first.failing_entry;
  // The failing prefix: what was called before the failing operation returned.
  const uint64_t cut = *h.entries[failing].return_step;
  std::vector<size_t> prefix;
  for (size_t i : p.entries) {
    if (h.entries[i].call_step < cut) prefix.push_back(i);
  }
  const Telling story = tell(model, h, prefix, failing, explain_max);
  if (story.outcome.kind != FrontierOutcome::Kind::stuck) {  // watching costs a little more
    report_undescribed(h, p, opts, r);
    return;
  }
  ES_CHECK(story.failing_entry == failing);

  uint64_t steps_left = opts.shrink_steps_max;
  Needs needs = find_needs(model, h, prefix, failing, opts.steps_max, &steps_left);
  // Without the reads of the lost versions the prefix must tell the same
  // story; then those updates are culprits like the others.
  std::vector<size_t> start;
  std::vector<size_t> read_updates;
  for (const Needs::ReadCulprit& rc : needs.read_culprits) read_updates.push_back(rc.update);
  for (size_t i : prefix) {
    const bool a_read = std::any_of(needs.read_culprits.begin(), needs.read_culprits.end(),
                                    [i](const Needs::ReadCulprit& rc) { return has(rc.reads, i); });
    if (!a_read) start.push_back(i);
  }
  bool reads_stay = false;
  if (!read_updates.empty()) {
    const Telling without = tell(model, h, start, failing, explain_max);
    if (without.outcome.kind == FrontierOutcome::Kind::stuck && without.failing_entry == failing &&
        tries_within(without.outcome, story.outcome)) {
      needs.culprits.insert(needs.culprits.end(), read_updates.begin(), read_updates.end());
    } else {
      // Without the reads the failing operation fits: they pin the order
      // that loses the update, so they stay, and the update is named with
      // them.
      start = prefix;
      reads_stay = true;
    }
  }
  needs.value_pieces = value_sources(h, start, failing);
  std::optional<LostUpdate> lost;
  if (const auto l =
          lost_update_among(sub_history(h, prefix), positions_in(prefix, needs.culprits))) {
    lost = LostUpdate{prefix[l->lost], prefix[l->over], {}};  // as entries of h
  } else if (reads_stay) {
    if (const auto r =
            lost_update_among(sub_history(h, prefix), positions_in(prefix, read_updates))) {
      lost = LostUpdate{prefix[r->lost], prefix[r->over], {}};
      for (const Needs::ReadCulprit& rc : needs.read_culprits) {
        if (rc.update == lost->lost) lost->reads = rc.reads;
      }
    }
  }
  std::vector<size_t> kept = p.entries;
  if (opts.shrink) {
    bool out_of_steps = false;
    const ShrinkOutcome s = minimize(model, h, start, failing, story.outcome, needs, lost, opts,
                                     steps_left, &out_of_steps);
    kept = s.kept;
    r->shrink_complete = s.complete && !out_of_steps && steps_left > 0;
  } else {
    // A culprit of the prefix, not necessarily of the whole key shown.
    uint64_t used = 0;
    if (lost && !fits_without_all(model, sub_history(h, kept), lost_and_reads_in(kept, *lost),
                                  opts.steps_max, &used)) {
      lost.reset();
    }
  }
  r->witness = sub_history(h, kept);
  r->witness_entries = kept;
  const Telling final_story = tell(model, h, kept, failing, opts.steps_max);
  ES_CHECK(final_story.outcome.kind == FrontierOutcome::Kind::stuck);
  ES_CHECK(final_story.failing_entry == failing);
  std::optional<LostUpdate> lost_here;
  if (lost) {
    lost_here = LostUpdate{position(kept, lost->lost), position(kept, lost->over),
                           positions_in(kept, lost->reads)};
  }
  // The culprits the text names are the witness's own (it may have more
  // than the prefix: an operation whose alternative was dropped).
  std::vector<size_t> named;
  uint64_t used = 0;
  for (size_t k = 0; k < kept.size(); ++k) {
    if (kept[k] != failing && fits_without(model, r->witness, k, opts.steps_max, &used)) {
      named.push_back(k);
    }
  }
  // The whole prefix may have no culprit where the witness has one (another
  // operation of the prefix left the history a way out): then the witness's
  // own lost update, if its culprits make one, is named.
  if (!lost_here) lost_here = lost_update_among(r->witness, named);
  if (lost_here) ES_CHECK(has(named, lost_here->lost) || !lost_here->reads.empty());
  const Story told{r->witness, final_story.outcome, position(kept, failing), named, lost_here};
  r->explanation = story_explanation(model, told);
  r->witness_notes = story_notes(model, told);
}

}  // namespace enginesim::model
