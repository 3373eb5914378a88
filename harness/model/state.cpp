// state.cpp - hashing of model states (for the linearizability memo).
#include "harness/model/state.h"

#include <functional>

namespace enginesim::model {
namespace {
void mix(size_t* h, size_t v) { *h ^= v + 0x9e3779b97f4a7c15ull + (*h << 6) + (*h >> 2); }
}  // namespace

size_t State::hash() const {
  size_t h = 0;
  mix(&h, now);
  mix(&h, flush_at);
  mix(&h, flush_cutoff);
  for (const auto* map : {&items, &flushed, &revived}) {
    mix(&h, map->size());
    for (const auto& [key, item] : *map) {
      mix(&h, std::hash<std::string>{}(key));
      mix(&h, std::hash<std::string>{}(item.value));
      mix(&h, item.flags);
      mix(&h, item.exptime);
      mix(&h, item.cas ? *item.cas : 0x5eed);
      mix(&h, item.modified);
    }
  }
  return h;
}

}  // namespace enginesim::model

#include "harness/model/text_codec.h"

namespace enginesim::model {

std::string to_text(const State& s) {
  std::string out;
  for (const auto& [key, item] : s.items) {
    out += (out.empty() ? "" : ", ") + quote(key) + " = " + quote(item.value) + " (flags " +
           std::to_string(item.flags) + ", exptime " + std::to_string(item.exptime) + ", cas " +
           (item.cas ? std::to_string(*item.cas) : "unknown") + ")";
  }
  if (out.empty()) out = "no items";
  for (const auto& [key, item] : s.flushed) {
    out += "; " + quote(key) + " flushed, still linked (" + quote(item.value) + ")";
  }
  for (const auto& [key, item] : s.revived) {
    out += "; " + quote(key) + " = " + quote(item.value) +
           " revived by the later flush, unless reaped";
  }
  out += "; time " + std::to_string(s.now);
  if (s.flush_at != 0) out += "; flush pending at " + std::to_string(s.flush_at);
  if (s.flush_cutoff != 0 && s.flush_cutoff != s.flush_at) {
    out += " (early: items stored before " + std::to_string(s.flush_cutoff) + " go)";
  }
  return out;
}

}  // namespace enginesim::model
