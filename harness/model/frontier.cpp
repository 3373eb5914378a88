// frontier.cpp - the configuration set, advanced call by call and return by
// return. A call only opens an operation; at a return every configuration
// must place the returning operation, possibly after some other running
// ones (a depth-first walk over them); configurations that cannot are gone.
#include "harness/model/frontier.h"

#include <algorithm>
#include <unordered_set>  // style-ok: looked up only; results keep discovery order

#include "enginesim/check.h"

namespace enginesim::model {
namespace {

bool certain(const HistoryEntry& e) { return !e.result.uncertain() && e.return_step.has_value(); }

// A model state and the running operations that already took effect in it
// (sorted). An operation leaves `done` when it returns: from then on every
// configuration has it, so it no longer tells configurations apart.
struct Config {
  State state;
  std::vector<uint32_t> done;
  bool operator==(const Config&) const = default;
};

struct ConfigHash {
  size_t operator()(const Config& c) const {
    uint64_t h = c.state.hash();
    for (uint32_t d : c.done) h = (h ^ d) * 0x9e3779b97f4a7c15ull;
    return static_cast<size_t>(h);
  }
};

using ConfigSet =
    std::unordered_set<Config, ConfigHash>;  // style-ok: membership only, never iterated

bool contains(const std::vector<uint32_t>& sorted, uint32_t x) {
  return std::binary_search(sorted.begin(), sorted.end(), x);
}

void insert_sorted(std::vector<uint32_t>* sorted, uint32_t x) {
  sorted->insert(std::lower_bound(sorted->begin(), sorted->end(), x), x);
}

class Frontier {
 public:
  Frontier(const Model& model, const std::vector<const HistoryEntry*>& ops,
           std::optional<size_t> watch, uint64_t steps_max)
      : model_(model), ops_(ops), watch_(watch), steps_max_(steps_max) {}

  FrontierOutcome run(const State& initial) {
    struct Event {
      uint64_t step;
      uint32_t op;
      bool call;
    };
    std::vector<Event> events;
    for (uint32_t i = 0; i < ops_.size(); ++i) {
      events.push_back({ops_[i]->call_step, i, true});
      if (certain(*ops_[i])) events.push_back({*ops_[i]->return_step, i, false});
    }
    std::sort(events.begin(), events.end(),
              [](const Event& a, const Event& b) { return a.step < b.step; });
    std::vector<Config> configs{Config{initial, {}}};
    for (const Event& ev : events) {
      if (ev.call) {
        insert_sorted(&open_, ev.op);
        continue;
      }
      next_.clear(), next_seen_.clear(), visited_.clear();
      for (const Config& c : configs) {
        if (contains(c.done, ev.op)) {
          Config kept = c;
          kept.done.erase(std::find(kept.done.begin(), kept.done.end(), ev.op));
          keep(std::move(kept));
        } else {
          place(c, ev.op);
        }
        if (limited_) return limit();
      }
      if (next_.empty()) return stuck(ev.op, configs);
      configs.swap(next_);
      open_.erase(std::find(open_.begin(), open_.end(), ev.op));
    }
    out_.kind = FrontierOutcome::Kind::linearizable;
    out_.steps = steps_;
    return out_;
  }

 private:
  void keep(Config c) {
    if (next_seen_.insert(c).second) next_.push_back(std::move(c));
  }

  // Every way to take running operations into effect from `c` until
  // `target` is; each configuration that ends so is kept.
  void place(const Config& c, uint32_t target) {
    for (uint32_t j : open_) {
      if (contains(c.done, j)) continue;
      if (++steps_ > steps_max_) {
        limited_ = true;
        return;
      }
      const HistoryEntry& e = *ops_[j];
      std::vector<State> alts = model_.successors(c.state, e.op, e.result, e.call_time.value_or(0));
      // For an uncertain operation "no effect yet" is simply not placing it.
      if (e.result.uncertain()) std::erase(alts, c.state);
      if (watch_ && j == *watch_) note_try(c.state, !alts.empty());
      for (State& s : alts) {
        Config n{std::move(s), c.done};
        if (j == target) {
          keep(std::move(n));
          continue;
        }
        insert_sorted(&n.done, j);
        if (!visited_.insert(n).second) continue;
        place(n, target);
        if (limited_) return;
      }
    }
  }

  void note_try(const State& s, bool fits) {
    for (const Try& t : out_.tries) {
      if (t.state == s && t.fits == fits) return;
    }
    if (out_.tries.size() < kTriesMax)
      out_.tries.push_back({s, fits});
    else
      ++out_.tries_more;
  }

  FrontierOutcome stuck(uint32_t op, const std::vector<Config>& before) {
    out_.kind = FrontierOutcome::Kind::stuck;
    out_.steps = steps_;
    out_.failing = op;
    for (const Config& c : before) {
      if (std::find(out_.reachable.begin(), out_.reachable.end(), c.state) ==
          out_.reachable.end()) {
        out_.reachable.push_back(c.state);
      }
    }
    return std::move(out_);
  }

  FrontierOutcome limit() {
    FrontierOutcome o;
    o.kind = FrontierOutcome::Kind::limit_reached;
    o.steps = steps_;
    return o;
  }

  const Model& model_;
  const std::vector<const HistoryEntry*>& ops_;
  const std::optional<size_t> watch_;
  const uint64_t steps_max_;
  uint64_t steps_ = 0;
  bool limited_ = false;
  std::vector<uint32_t> open_;  // called, not returned (uncertain: forever)
  std::vector<Config> next_;    // the configurations after this return
  ConfigSet next_seen_, visited_;
  FrontierOutcome out_;
};

}  // namespace

FrontierOutcome advance_frontier(const Model& model, const State& initial,
                                 const std::vector<const HistoryEntry*>& ops,
                                 std::optional<size_t> watch, uint64_t steps_max) {
  ES_CHECK(ops.size() < UINT32_MAX / 2);
  ES_CHECK(!watch || *watch < ops.size());
  State start = initial;
  Model::normalize(&start);
  Frontier f(model, ops, watch, steps_max);
  return f.run(start);
}

}  // namespace enginesim::model
