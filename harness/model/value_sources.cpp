// value_sources.cpp - a get's value taken apart into the stores, appends and
// prepends that made it.
#include "harness/model/value_sources.h"

#include <algorithm>
#include <string_view>

namespace enginesim::model {
namespace {

// A bound on the search: a witness is explained without it, only less well.
constexpr size_t kNodesMax = 20000;

struct Search {
  const History& h;
  std::vector<size_t> appends, prepends;  // candidates, as indexes into h
  std::vector<bool> used_append, used_prepend;
  std::vector<size_t> chosen;
  size_t nodes = 0;

  // `rest` is made of appended pieces, in order (front first).
  bool suffix(std::string_view rest) {
    if (rest.empty()) return true;
    if (++nodes > kNodesMax) return false;
    for (size_t k = 0; k < appends.size(); ++k) {
      const std::string& piece = h.entries[appends[k]].op.value;
      if (used_append[k] || piece.empty() || rest.substr(0, piece.size()) != piece) continue;
      used_append[k] = true;
      chosen.push_back(appends[k]);
      if (suffix(rest.substr(piece.size()))) return true;
      chosen.pop_back();
      used_append[k] = false;
    }
    return false;
  }
  // `rest` is made of prepended pieces, in order (back first).
  bool prefix(std::string_view rest) {
    if (rest.empty()) return true;
    if (++nodes > kNodesMax) return false;
    for (size_t k = 0; k < prepends.size(); ++k) {
      const std::string& piece = h.entries[prepends[k]].op.value;
      if (used_prepend[k] || piece.empty() || rest.size() < piece.size() ||
          rest.substr(rest.size() - piece.size()) != piece) {
        continue;
      }
      used_prepend[k] = true;
      chosen.push_back(prepends[k]);
      if (prefix(rest.substr(0, rest.size() - piece.size()))) return true;
      chosen.pop_back();
      used_prepend[k] = false;
    }
    return false;
  }
};

bool may_have_applied(const HistoryEntry& e) {
  return e.result.uncertain() || e.result.status == ENGINE_SUCCESS;
}

bool is_base(OpKind kind) {
  return kind == OpKind::set || kind == OpKind::add || kind == OpKind::replace ||
         kind == OpKind::cas;
}

}  // namespace

std::vector<size_t> value_sources(const History& h, const std::vector<size_t>& entries,
                                  size_t reader) {
  const HistoryEntry& r = h.entries[reader];
  if (r.op.kind != OpKind::get || r.result.uncertain() || r.result.status != ENGINE_SUCCESS) {
    return {};
  }
  const std::string_view value = r.result.value;
  Search s{h, {}, {}, {}, {}, {}, 0};
  std::vector<size_t> bases;
  for (size_t i : entries) {
    const HistoryEntry& e = h.entries[i];
    if (i == reader || e.op.key != r.op.key || !may_have_applied(e)) continue;
    if (e.op.kind == OpKind::append) s.appends.push_back(i);
    if (e.op.kind == OpKind::prepend) s.prepends.push_back(i);
    if (is_base(e.op.kind)) bases.push_back(i);
  }
  s.used_append.assign(s.appends.size(), false);
  s.used_prepend.assign(s.prepends.size(), false);
  for (size_t b : bases) {
    const std::string& base = h.entries[b].op.value;
    for (size_t at = value.find(base); at != std::string_view::npos;
         at = value.find(base, at + 1)) {
      s.chosen.assign(1, b);
      if (s.prefix(value.substr(0, at)) && s.suffix(value.substr(at + base.size()))) {
        return s.chosen;
      }
      std::fill(s.used_append.begin(), s.used_append.end(), false);
      std::fill(s.used_prepend.begin(), s.used_prepend.end(), false);
      if (s.nodes > kNodesMax) return {};
    }
  }
  return {};
}

}  // namespace enginesim::model
