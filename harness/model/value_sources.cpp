// value_sources.cpp - a get's value taken apart into the stores, appends and
// prepends that made it.
#include "harness/model/value_sources.h"

#include <string_view>

namespace enginesim::model {
namespace {

// A bound on the search: a witness is explained without it, only less well.
constexpr size_t kNodesMax = 20000;

struct SourceSearch {
  const History& h;
  size_t nodes = 0;
  std::vector<size_t> chosen;

  // `rest` is made of `pieces` (indexes into h), each used once: appended
  // ones peeled off its front, prepended ones off its back.
  bool peel(std::string_view rest, const std::vector<size_t>& pieces, std::vector<bool>& used,
            bool front) {
    if (rest.empty()) return true;
    if (++nodes > kNodesMax) return false;
    for (size_t k = 0; k < pieces.size(); ++k) {
      const std::string& piece = h.entries[pieces[k]].op.value;
      if (used[k] || piece.empty() || !(front ? rest.starts_with(piece) : rest.ends_with(piece))) {
        continue;
      }
      used[k] = true;
      chosen.push_back(pieces[k]);
      const std::string_view left =
          front ? rest.substr(piece.size()) : rest.substr(0, rest.size() - piece.size());
      if (peel(left, pieces, used, front)) return true;
      chosen.pop_back();
      used[k] = false;
    }
    return false;
  }
};

bool may_have_applied(const HistoryEntry& e) {
  return e.result.uncertain() || e.result.status == ENGINE_SUCCESS;
}

}  // namespace

std::vector<size_t> value_sources(const History& h, const std::vector<size_t>& entries,
                                  size_t reader) {
  const HistoryEntry& r = h.entries[reader];
  if (r.op.kind != OpKind::get || r.result.uncertain() || r.result.status != ENGINE_SUCCESS) {
    return {};
  }
  const std::string_view value = r.result.value;
  SourceSearch s{h, 0, {}};
  std::vector<size_t> bases, appends, prepends;
  for (size_t i : entries) {
    const HistoryEntry& e = h.entries[i];
    if (i == reader || e.op.key != r.op.key || !may_have_applied(e)) continue;
    if (e.op.kind == OpKind::append) {
      appends.push_back(i);
    } else if (e.op.kind == OpKind::prepend) {
      prepends.push_back(i);
    } else if (is_store(e.op.kind)) {
      bases.push_back(i);
    }
  }
  for (size_t b : bases) {
    const std::string& base = h.entries[b].op.value;
    for (size_t at = value.find(base); at != std::string_view::npos;
         at = value.find(base, at + 1)) {
      std::vector<bool> used_prepend(prepends.size()), used_append(appends.size());
      s.chosen.assign(1, b);
      if (s.peel(value.substr(0, at), prepends, used_prepend, false) &&
          s.peel(value.substr(at + base.size()), appends, used_append, true)) {
        return s.chosen;
      }
      if (s.nodes > kNodesMax) return {};
    }
  }
  return {};
}

}  // namespace enginesim::model
