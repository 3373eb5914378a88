// test_search_differential.cpp - the linearizability search with its state
// table and compact memo (wing_gong.cpp) gives, on many seeded histories,
// exactly the answer of the search it replaced (reference_wing_gong.cpp):
// verdict, step count, witness order, and the deepest dead end. Valid
// histories from the generator, the same with results changed (most then
// fail), with uncertain operations (notify_lost, pending), with one
// operation overlapping all others, and with step budgets that run out; so the checker's verdicts,
// step counts and witnesses (which shrinking derives from these searches) are unchanged.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "harness/model/history_generator.h"
#include "harness/model/partition.h"
#include "harness/model/wing_gong.h"
#include "tests/campaign.h"
#include "tests/harness/model/reference_wing_gong.h"

namespace enginesim::model {
namespace {

struct Tally {
  size_t linearizable = 0, not_linearizable = 0, limit = 0, uncertain_ops = 0, compared = 0;
};

// Results no correct store gives, or gives only in another order.
void perturb(std::mt19937_64& rng, History* h) {
  const size_t changes = 1 + rng() % 3;
  for (size_t c = 0; c < changes; ++c) {
    HistoryEntry& e = h->entries[rng() % h->entries.size()];
    if (is_global(e.op.kind)) continue;
    switch (rng() % 4) {
      case 0: e.result.value += "x"; break;
      case 1: e.result.cas += 1; break;
      case 2:
        e.result.status = e.result.status == ENGINE_SUCCESS ? ENGINE_KEY_ENOENT : ENGINE_SUCCESS;
        break;
      default: e.result.number += 1; break;
    }
  }
}

// Some operations lose their notify; the last operation of some
// connections never returns.
void make_uncertain(std::mt19937_64& rng, History* h) {
  for (HistoryEntry& e : h->entries) {
    if (rng() % 12 == 0) e.result = results::notify_lost();
  }
  std::vector<bool> seen(64, false);
  for (size_t i = h->entries.size(); i-- > 0;) {
    HistoryEntry& e = h->entries[i];
    if (e.conn >= seen.size() || seen[e.conn]) continue;
    seen[e.conn] = true;
    if (rng() % 2 == 0) {
      e.result = results::pending();
      e.return_step.reset();
      e.return_time.reset();
    }
  }
}

// One early operation runs until after the last return: it overlaps all
// the others (the memo's compact sets are then at their largest).
void stretch_one(std::mt19937_64& rng, History* h) {
  uint64_t last = 0;
  for (const HistoryEntry& e : h->entries)
    last = std::max(last, e.return_step.value_or(e.call_step));
  HistoryEntry& e = h->entries[rng() % std::max<size_t>(1, h->entries.size() / 10)];
  if (!e.return_step) return;
  e.return_step = last + 1;
}

void expect_same(const SearchOutcome& want, const SearchOutcome& got) {
  EXPECT_EQ(want.verdict, got.verdict);
  EXPECT_EQ(want.steps, got.steps);
  EXPECT_EQ(want.order, got.order);
  ASSERT_EQ(want.deadend.has_value(), got.deadend.has_value());
  if (want.deadend) {
    EXPECT_EQ(want.deadend->order, got.deadend->order);
    EXPECT_TRUE(want.deadend->state == got.deadend->state);
    EXPECT_EQ(want.deadend->candidates, got.deadend->candidates);
  }
}

void compare_all_keys(const Model& model, const History& h, Tally* tally) {
  for (const Partition& p : partition_by_key(h)) {
    std::vector<const HistoryEntry*> ops;
    for (size_t i : p.entries) {
      ops.push_back(&h.entries[i]);
      if (h.entries[i].result.uncertain()) ++tally->uncertain_ops;
    }
    const State initial = model.initial_state(h.start_time);
    for (bool deadend : {false, true}) {
      const SearchOutcome want =
          reference_search_linearization(model, initial, ops, 5'000'000, deadend);
      const SearchOutcome got = search_linearization(model, initial, ops, 5'000'000, deadend);
      SCOPED_TRACE("key " + p.key + (deadend ? ", with dead end" : ""));
      expect_same(want, got);
      ++tally->compared;
      if (deadend) continue;
      if (want.verdict == SearchVerdict::linearizable) ++tally->linearizable;
      if (want.verdict == SearchVerdict::not_linearizable) ++tally->not_linearizable;
      if (want.steps < 4) continue;
      // A budget that runs out halfway: both stop at the same step.
      const uint64_t half = want.steps / 2;
      const SearchOutcome want_cut =
          reference_search_linearization(model, initial, ops, half, true);
      const SearchOutcome got_cut = search_linearization(model, initial, ops, half, true);
      EXPECT_EQ(want_cut.verdict, SearchVerdict::limit_reached);
      expect_same(want_cut, got_cut);
      ++tally->limit;
    }
  }
}

// A valid history of `p` (seed, operations and connections set), its key
// count and whether the model may evict drawn from `rng`.
History drawn_history(std::mt19937_64& rng, GeneratorParams* p, ModelOptions* mo) {
  p->keys = static_cast<uint32_t>(1 + rng() % 3);
  mo->may_evict = rng() % 4 == 0;
  History h = generate_history(*p);
  h.model = *mo;
  return h;
}

TEST(SearchDifferential, SameAnswersAsTheReferenceSearch) {
  ENGINESIM_CAMPAIGN();
  constexpr uint64_t kSeed = 20261203;
  std::mt19937_64 rng(kSeed);
  Tally tally;
  for (uint64_t round = 0; round < 160; ++round) {
    GeneratorParams p;
    p.seed = rng();
    p.operations = std::vector<size_t>{30, 100, 200, 400}[round % 4];
    p.connections = static_cast<uint32_t>(2 + rng() % 7);
    ModelOptions mo;
    History h = drawn_history(rng, &p, &mo);
    const Model model(mo);
    // valid, perturbed, perturbed with uncertain ops, one op overlapping all
    const int variant = static_cast<int>((round / 4) % 4);
    if (variant == 1 || variant == 2) perturb(rng, &h);
    if (variant == 2) make_uncertain(rng, &h);
    if (variant == 3) stretch_one(rng, &h);
    SCOPED_TRACE("round " + std::to_string(round) + " (test seed " + std::to_string(kSeed) +
                 "), generator seed " + std::to_string(p.seed) + ", " +
                 std::to_string(p.operations) + " ops, " + std::to_string(p.connections) +
                 " connections, " + std::to_string(p.keys) + " keys, variant " +
                 std::to_string(variant));
    compare_all_keys(model, h, &tally);
    if (::testing::Test::HasFailure()) break;
  }
  // The comparison covered every kind of answer.
  EXPECT_GT(tally.linearizable, 100u);
  EXPECT_GT(tally.not_linearizable, 30u);
  EXPECT_GT(tally.limit, 100u);
  EXPECT_GT(tally.uncertain_ops, 300u);
  std::printf(
      "compared %zu searches: %zu linearizable, %zu not, %zu cut short; %zu uncertain ops\n",
      tally.compared, tally.linearizable, tally.not_linearizable, tally.limit, tally.uncertain_ops);
}

// One connection: no two operations overlap, and the search's answer comes
// from walking them in order (walk_in_order in wing_gong.cpp) whenever each
// result leaves one state. The same comparison holds: verdict, steps, order,
// dead end, and budgets cut halfway.
TEST(SearchDifferential, SequentialHistoriesWalkedInOrderGiveTheSearchsAnswer) {
  constexpr uint64_t kSeed = 20261204;
  std::mt19937_64 rng(kSeed);
  Tally tally;
  for (uint64_t round = 0; round < 80; ++round) {
    GeneratorParams p;
    p.seed = rng();
    p.operations = std::vector<size_t>{30, 100, 400}[round % 3];
    p.connections = 1;
    ModelOptions mo;
    History h = drawn_history(rng, &p, &mo);
    const Model model(mo);
    // The generator's driver connection (clock, flush) overlaps the client:
    // each operation now returns before the next is called.
    for (size_t i = 0; i < h.entries.size(); ++i) {
      h.entries[i].call_step = 2 * i;
      if (h.entries[i].return_step) h.entries[i].return_step = 2 * i + 1;
    }
    if (round % 2 == 1) perturb(rng, &h);
    SCOPED_TRACE("round " + std::to_string(round) + " (test seed " + std::to_string(kSeed) +
                 "), generator seed " + std::to_string(p.seed) + ", " +
                 std::to_string(p.operations) + " ops, " + std::to_string(p.keys) + " keys");
    compare_all_keys(model, h, &tally);
    if (::testing::Test::HasFailure()) break;
  }
  EXPECT_GT(tally.linearizable, 60u);
  EXPECT_GT(tally.not_linearizable, 30u);
  EXPECT_GT(tally.limit, 60u);
  std::printf("compared %zu searches: %zu linearizable, %zu not, %zu cut short\n", tally.compared,
              tally.linearizable, tally.not_linearizable, tally.limit);
}

}  // namespace
}  // namespace enginesim::model
