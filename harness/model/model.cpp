// model.cpp - memcached's rules, one family of operations per function.
#include "harness/model/model.h"

#include <algorithm>
#include <array>
#include <span>

#include "enginesim/check.h"

namespace enginesim::model {
namespace {

Answer plain(ENGINE_ERROR_CODE status, const State& next, const char* note) {
  Answer a;
  a.status = status;
  a.next = next;
  a.note = note;
  return a;
}

State without(const State& s, const std::string& key) {
  State t = s;
  t.items.erase(key);
  return t;
}

// memcached's binary SET whose allocate fails (E2BIG, ENOMEM...) makes the
// core remove the key with the request's CAS (process_bin_update: "Avoid
// stale data persisting in cache because we failed alloc"; memcached.c at
// 82fb476 and daemon/memcached.c at 1b4ba6b): a refused set may leave the
// key gone, a refused CAS set only where the CAS matches.
bool core_removes_on_refusal(const State& s, const Operation& op) {
  if (op.kind == OpKind::set) return true;
  if (op.kind != OpKind::cas) return false;
  const Item* it = s.find(op.key);
  return it != nullptr && (!it->cas || *it->cas == op.cas);
}

// A store refused with `status`: the key as it was, and gone where the core
// removes it (core_removes_on_refusal).
void add_refusal(Acceptable* out, ENGINE_ERROR_CODE status, const State& s, const Operation& op,
                 const char* note, const char* note_removed) {
  out->add(plain(status, s, note));
  if (core_removes_on_refusal(s, op)) out->add(plain(status, without(s, op.key), note_removed));
}

// A full cache refuses what needs memory, and memcached passes the refusal
// on: complete_update_bin answers a store's ENOMEM and TMPFAIL with the
// protocol's, process_bin_update any failed allocate with ENOMEM (and
// removes a SET's key: core_removes_on_refusal), complete_incr_bin passes
// both on, process_bin_delete answers a remove's with EINVAL (`default:`,
// memcached.c@82fb476:3216); the 2010 default engine answers ENOMEM when
// its slabs are full. Allowed without effect at the required level, and at
// strict only with may_evict (--may-evict). ENGINE_ENOTSUP likewise, at the
// required level only: memcached answers NOT_SUPPORTED for a get, a store,
// an incr/decr and a flush (:1744, 1611, 1524, 3162), EINVAL for a remove.
// A store or an incr/decr (which may create or grow its counter) needs memory.
bool allocates(OpKind kind) {
  return is_store(kind) || kind == OpKind::incr || kind == OpKind::decr;
}

bool refused_without_effect(const ModelOptions& options, OpKind kind, ENGINE_ERROR_CODE status) {
  if (status == ENGINE_ENOTSUP)
    return options.level == Level::required && kind != OpKind::advance_time;
  if (options.level != Level::required && !options.may_evict) return false;
  return (allocates(kind) || kind == OpKind::remove) &&
         (status == ENGINE_ENOMEM || status == ENGINE_TMPFAIL);
}

constexpr const char* kCoreCreateRefused = "memcached's incr/decr creates by a CAS store, refused";

// A stored counter: decimal digits that fit in 64 bits. Values longer than
// 20 digits (leading zeros) are a matter of taste between engines.
struct Counter {
  bool numeric = false;
  bool ambiguous = false;  // > 20 digits: EINVAL is acceptable too
  bool padded = false;     // trailing spaces: EINVAL is acceptable too
  uint64_t value = 0;
};

Counter parse_counter(std::string text) {
  Counter c;
  // Trailing spaces are padding an in-place incr/decr left (protocol.txt).
  while (!text.empty() && text.back() == ' ') {
    text.pop_back();
    c.padded = true;
  }
  if (text.empty()) return c;
  for (char ch : text) {
    if (ch < '0' || ch > '9') return c;
    const uint64_t d = static_cast<uint64_t>(ch - '0');
    if (c.value > (UINT64_MAX - d) / 10) return c;  // does not fit: not a number
    c.value = c.value * 10 + d;
  }
  c.numeric = true;
  c.ambiguous = text.size() > 20;
  return c;
}

}  // namespace

State Model::initial_state(rel_time_t now) const {
  State s;
  s.now = now;
  return s;
}

rel_time_t Model::server_exptime(int64_t exptime, rel_time_t now) const {
  if (exptime == 0) return 0;
  if (exptime < 0) return 1;  // already expired
  if (exptime > kRealtimeMaxDeltaSec) {
    if (exptime <= options_.process_started_unix_sec) return 1;
    return static_cast<rel_time_t>(exptime - options_.process_started_unix_sec);
  }
  return static_cast<rel_time_t>(exptime + now);
}

void Model::normalize(State* s) {
  if (s->flush_at != 0 && s->now >= s->flush_at) {
    const rel_time_t cutoff = s->flush_cutoff != 0 ? s->flush_cutoff : s->flush_at;
    // The flushed items stay linked, dead (State::flushed), and so do
    // revived ones: a reaped one is dead as well.
    for (auto* from : {&s->items, &s->revived}) {
      for (auto it = from->begin(); it != from->end();) {
        if (it->second.modified >= cutoff) {
          ++it;
          continue;
        }
        s->flushed[it->first] = std::move(it->second);
        it = from->erase(it);
      }
    }
    // An early flush stays in force until the cutoff: stores in between die.
    if (s->now >= cutoff) {
      s->flush_at = 0;
      s->flush_cutoff = 0;
    }
  }
  for (auto* map : {&s->items, &s->flushed, &s->revived}) {
    std::erase_if(*map, [&](const auto& kv) {
      return kv.second.exptime != 0 && kv.second.exptime <= s->now;
    });
  }
}

std::vector<State> Model::touched(const State& s, const std::string& key) {
  // do_item_get unlinks a dead item it finds: the key's flushed item is gone.
  if (auto dead = s.flushed.find(key); dead != s.flushed.end()) {
    State gone = s;
    gone.flushed.erase(key);
    return {gone};
  }
  auto back = s.revived.find(key);
  if (back == s.revived.end()) return {};  // unchanged: no copy
  State alive = s;
  alive.items[key] = back->second;
  alive.revived.erase(key);
  State reaped = s;
  reaped.revived.erase(key);
  return {alive, reaped};
}

void Model::revive_flushed(State* s) const {
  if (options_.level != Level::required || s->flush_at <= s->now) return;
  // The new oldest_live is in the future: nothing is flushed by it yet.
  for (auto& [key, item] : s->flushed) s->revived[key] = std::move(item);
  s->flushed.clear();
}

Answer Model::mutated(const State& s, const Operation& op, std::optional<Item> item,
                      const char* note) const {
  Answer a = plain(ENGINE_SUCCESS, s, note);
  a.key = op.key;
  const Item* old = s.find(op.key);
  if (options_.cas_feature) {
    a.cas_rule = CasRule::fresh;
    a.cas = old != nullptr && old->cas ? *old->cas : 0;
  }
  if (item) {
    item->cas.reset();  // filled from the result by Answer::successor
    item->modified = s.now;
    a.next.items[op.key] = std::move(*item);
  } else {
    a.next.items.erase(op.key);
  }
  normalize(&a.next);
  return a;
}

void Model::get_answers(const State& s, const Operation& op, const char* note,
                        Acceptable* out) const {
  const Item* item = s.find(op.key);
  if (item == nullptr) {
    out->add(plain(ENGINE_KEY_ENOENT, s, note));
    return;
  }
  Answer a = plain(ENGINE_SUCCESS, s, note);
  a.value = item->value;
  a.flags = item->flags;
  if (options_.exptime_read_by_core || options_.level == Level::strict) a.exptime = item->exptime;
  a.key = op.key;
  if (options_.cas_feature) {
    a.cas_rule = item->cas ? CasRule::equals : CasRule::learn;
    a.cas = item->cas.value_or(0);
  }
  out->add(std::move(a));
}

void Model::store_answers(const State& s, const Operation& op, rel_time_t issued_at,
                          const char* note, Acceptable* out) const {
  const Item* old = s.find(op.key);
  const bool cas_op = op.kind == OpKind::cas || (op.kind == OpKind::set && op.cas != 0);
  Item fresh{op.value, op.flags, server_exptime(op.exptime, issued_at), {}, 0};
  if (cas_op) {
    if (old == nullptr) return out->add(plain(ENGINE_KEY_ENOENT, s, note));
    const bool known = options_.cas_feature && old->cas;
    if (!known || *old->cas == op.cas) {
      out->add(mutated(s, op, fresh, known ? note : "cas not known to the model"));
    }
    if (!known || *old->cas != op.cas) {
      out->add(plain(ENGINE_KEY_EEXISTS, s, known ? note : "cas not known to the model"));
    }
    return;
  }
  switch (op.kind) {
    case OpKind::add:
      if (old != nullptr) return out->add(plain(ENGINE_NOT_STORED, s, note));
      return out->add(mutated(s, op, fresh, note));
    case OpKind::set: return out->add(mutated(s, op, fresh, note));
    case OpKind::replace:
      if (old == nullptr) return out->add(plain(ENGINE_NOT_STORED, s, note));
      return out->add(mutated(s, op, fresh, note));
    case OpKind::append:
    case OpKind::prepend: {
      if (old == nullptr) return out->add(plain(ENGINE_NOT_STORED, s, note));
      Item joined = *old;  // keeps flags and exptime
      joined.value = op.kind == OpKind::append ? old->value + op.value : op.value + old->value;
      return out->add(mutated(s, op, joined, note));
    }
    default: ES_CHECK_MSG(false, "store_answers called for a non-store operation");
  }
}

void Model::remove_answers(const State& s, const Operation& op, const char* note,
                           Acceptable* out) const {
  const Item* old = s.find(op.key);
  if (old == nullptr) return out->add(plain(ENGINE_KEY_ENOENT, s, note));
  const bool known = op.cas == 0 || (options_.cas_feature && old->cas);
  const bool same = op.cas == 0 || (known && *old->cas == op.cas);
  if (!known || same) {
    Answer a = mutated(s, op, std::nullopt, known ? note : "cas not known to the model");
    a.cas_rule = CasRule::unchecked;  // a remove hands out no CAS
    out->add(std::move(a));
  }
  if (!known || !same) {
    out->add(plain(ENGINE_KEY_EEXISTS, s, known ? note : "cas not known to the model"));
  }
}

void Model::arithmetic_answers(const State& s, const Operation& op, rel_time_t issued_at,
                               const char* note, Acceptable* out) const {
  const Item* old = s.find(op.key);
  if (old == nullptr) {
    if (!op.create) return out->add(plain(ENGINE_KEY_ENOENT, s, note));
    if (options_.core_arithmetic) out->add(plain(ENGINE_KEY_ENOENT, s, kCoreCreateRefused));
    // The engine gets the expiration as the binary protocol's uint32 and
    // converts it with realtime(): a "negative" one is a time far ahead.
    const int64_t engine_exptime = static_cast<int64_t>(static_cast<rel_time_t>(op.exptime));
    Item created{std::to_string(op.initial), 0, server_exptime(engine_exptime, issued_at), {}, 0};
    Answer a = mutated(s, op, created, note);
    a.number = op.initial;
    out->add(std::move(a));
    // memcached 2010's default engine stores the raw expiration it was
    // handed as server time (no realtime()).
    // At every level where the core's own incr/decr does it (core_arithmetic).
    if ((options_.level == Level::required || options_.core_arithmetic) &&
        !options_.engine_converts_exptime && op.exptime != 0 &&
        static_cast<rel_time_t>(op.exptime) != created.exptime) {
      created.exptime = static_cast<rel_time_t>(op.exptime);
      Answer raw = mutated(s, op, created,
                           "raw expiration kept as server time, as memcached's default engine");
      raw.number = op.initial;
      out->add(std::move(raw));
    }
    return;
  }
  Counter c = parse_counter(old->value);
  if (old->value.empty() && options_.level == Level::required) {
    // memcached's 2010 safe_strtoull reads "" (the bare "\r\n") as 0, so its
    // default engine counts from 0; EINVAL is right too.
    out->add(plain(ENGINE_EINVAL, s, note));
    c.numeric = true;
    c.value = 0;
  }
  if (!c.numeric || c.ambiguous || c.padded) {
    out->add(plain(ENGINE_EINVAL, s, c.ambiguous ? "more than 20 digits" : note));
    if (!c.numeric) return;
  }
  uint64_t result = 0;
  if (op.kind == OpKind::incr) {
    result = c.value + op.delta;  // wraps modulo 2^64, as memcached
  } else {
    result = c.value < op.delta ? 0 : c.value - op.delta;
  }
  Item updated = *old;  // keeps flags and exptime
  updated.value = std::to_string(result);
  Answer a = mutated(s, op, updated, c.ambiguous ? "more than 20 digits" : note);
  a.number = result;
  out->add(std::move(a));
  // protocol.txt: a number that got shorter "MAY be space-padded at the end"
  // (memcached's default engine rewrites the item in place).
  if (options_.level == Level::required && old->value.size() > updated.value.size()) {
    updated.value.resize(old->value.size(), ' ');
    Answer padded = mutated(s, op, updated, "space-padded in place, as memcached's default engine");
    padded.number = result;
    out->add(std::move(padded));
  }
}

void Model::flush_answers(const State& s, const Operation& op, Acceptable* out) const {
  State now_empty = s;
  now_empty.items.clear();
  now_empty.revived.clear();
  now_empty.flush_at = 0;  // a flush now replaces a pending delayed one
  now_empty.flush_cutoff = 0;
  // The default engine sets oldest_live = now - 1 and unlinks at once only
  // the items linked since then (items.c@1b4ba6b item_flush_expired): older
  // ones stay linked, dead, until something touches their key.
  for (const auto* map : {&s.items, &s.revived}) {
    for (const auto& [key, item] : *map) {
      if (item.modified + 1 < s.now) now_empty.flushed[key] = item;
    }
  }
  if (op.flush_when == 0) return out->add(plain(ENGINE_SUCCESS, now_empty, nullptr));
  if (op.flush_when < 0) {
    // realtime() maps it to the past: "flush now" or "items older than
    // time 1", i.e. nothing; engines differ and memcached does not say.
    out->add(plain(ENGINE_SUCCESS, now_empty, "negative delay as now"));
    return out->add(plain(ENGINE_SUCCESS, s, "negative delay as the past"));
  }
  State later = s;
  const rel_time_t at = server_exptime(op.flush_when, s.now);
  later.flush_at = at == 0 ? 1 : at;
  later.flush_cutoff = later.flush_at;
  State early = later;
  revive_flushed(&later);
  normalize(&later);
  out->add(plain(ENGINE_SUCCESS, later, nullptr));
  // memcached's default engine: oldest_live = realtime(when) - 1 (items.c
  // item_flush_expired), so the flush takes effect a second early.
  if (options_.level == Level::required && early.flush_at > 1) {
    early.flush_at -= 1;
    revive_flushed(&early);
    normalize(&early);
    out->add(plain(ENGINE_SUCCESS, early, "flush one second early, as memcached's default engine"));
  }
}

void Model::answers_for(const State& s, const Operation& op, rel_time_t issued_at, const char* note,
                        Acceptable* out) const {
  switch (op.kind) {
    case OpKind::get: return get_answers(s, op, note, out);
    case OpKind::add:
    case OpKind::set:
    case OpKind::replace:
    case OpKind::append:
    case OpKind::prepend:
    case OpKind::cas: return store_answers(s, op, issued_at, note, out);
    case OpKind::remove: return remove_answers(s, op, note, out);
    case OpKind::incr:
    case OpKind::decr: return arithmetic_answers(s, op, issued_at, note, out);
    case OpKind::flush: return flush_answers(s, op, out);
    case OpKind::advance_time: {
      State later = s;
      later.now = std::max(s.now, static_cast<rel_time_t>(op.time));
      normalize(&later);
      return out->add(plain(ENGINE_SUCCESS, later, nullptr));
    }
    case OpKind::stats:
    case OpKind::reset_stats:
    case OpKind::unknown:
    case OpKind::disconnect:
      // Kept out of histories (operation.h is_itemless): the simulation
      // checks them against the contract instead (harness/sim/sim_itemless).
      ES_CHECK_MSG(false, "the model has no answer for an itemless operation");
  }
}

Acceptable Model::acceptable(const State& s, const Operation& op, rel_time_t issued_at) const {
  Acceptable out;
  if (issued_at == 0 || issued_at > s.now) issued_at = s.now;
  if (!is_global(op.kind) && (op.key.empty() || op.key.size() > options_.key_max)) {
    out.add(plain(ENGINE_EINVAL, s, "key length outside 1..key_max"));
    return out;
  }
  if (is_store(op.kind) && op.value.size() + 2 > options_.item_size_max) {
    add_refusal(&out, ENGINE_E2BIG, s, op, "value above item_size_max",
                "value above item_size_max; the core removed the key");
    // The limit is the engine's: memcached never compares a value's length
    // with -I, which reaches the engine only in its config (memcached.c@
    // 82fb476:6593). At the required level the engine may store it.
    if (options_.level != Level::required) return out;
  }
  // A keyed operation reads its key first (do_item_get): a flushed item
  // there is unlinked, a revived one is alive or was reaped.
  // Copied only when reading the key changes the state (rare): a copy of the
  // whole state per operation was a tenth of the check's cost.
  const std::vector<State> changed = is_global(op.kind) ? std::vector<State>{} : touched(s, op.key);
  ES_CHECK(changed.size() <= 2);
  std::array<const State*, 2> starts_buf = {&s, nullptr};
  for (size_t i = 0; i < changed.size(); ++i) starts_buf[i] = &changed[i];
  const std::span<const State* const> starts(starts_buf.data(),
                                             std::max<size_t>(changed.size(), 1));
  // incr/decr's exptime reaches the engine raw in every profile (the 2010
  // core's binary path does not convert it), so the engine converts it.
  const bool engine_converts =
      options_.engine_converts_exptime || op.kind == OpKind::incr || op.kind == OpKind::decr;
  // Where the engine converts exptimes (1.6.0-beta1, mysql), the core hands
  // a store's exptime over raw (allocate(..., exptime): daemon/memcached.c
  // @1b4ba6b), so -1 arrives as rel_time_t 4294967295; memcached's default
  // engine passes that to the core's realtime(const time_t) (default_engine.c
  // @1e472de default_item_allocate), which reads it as a unix time decades
  // ahead. The client meant "already expired"; either may happen.
  const bool negative_read_ahead = options_.level == Level::required &&
                                   options_.engine_converts_exptime && is_store(op.kind) &&
                                   op.exptime < 0;
  for (const State* start_ptr : starts) {
    const State& start = *start_ptr;
    answers_for(start, op, issued_at, nullptr, &out);
    if (negative_read_ahead) {
      Operation as_engine = op;
      as_engine.exptime = static_cast<int64_t>(static_cast<rel_time_t>(op.exptime));
      answers_for(start, as_engine, issued_at,
                  "a negative exptime read by the engine's realtime() as a time far ahead, as "
                  "memcached 1.6's default engine",
                  &out);
    }
    if (engine_converts && op.exptime != 0) {
      // Every second the engine's realtime() may have seen (a day at most).
      for (rel_time_t t = issued_at + 1; t <= s.now && t <= issued_at + 86400; ++t) {
        answers_for(start, op, t, "exptime converted by the engine later in the call", &out);
      }
    }
  }
  // memcached's default engine limits the whole item (header, key, CAS and
  // value) by item_size_max; the core does not check sizes itself.
  if (is_store(op.kind) && options_.level == Level::required &&
      op.value.size() + 2 + op.key.size() + kItemOverheadMaxBytes > options_.item_size_max) {
    add_refusal(&out, ENGINE_E2BIG, s, op, "the whole item is above item_size_max",
                "the whole item is above item_size_max; the core removed the key");
  }
  if (options_.may_evict && !is_global(op.kind)) {
    const bool present = s.find(op.key) != nullptr;
    if (present) answers_for(without(s, op.key), op, issued_at, "evicted", &out);
    // A refusal for memory with the key evicted (one without is allowed
    // with may_evict at every level: successors, refused_without_effect).
    if (allocates(op.kind) && present) {
      out.add(plain(ENGINE_ENOMEM, without(s, op.key), "evicted"));
    }
  }
  if (options_.level == Level::strict) {
    // Strict: a flushed item is gone for good (nothing to revive), in every
    // answer's state, the evictions' too.
    for (Answer& a : out.answers) {
      a.next.flushed.clear();
      a.next.revived.clear();
    }
  }
  return out;
}

std::vector<State> Model::successors(const State& s, const Operation& op, const Result& r,
                                     rel_time_t issued_at) const {
  const Acceptable acc = acceptable(s, op, issued_at);
  std::vector<State> out;
  auto add = [&out](State next) {
    if (std::find(out.begin(), out.end(), next) == out.end()) out.push_back(std::move(next));
  };
  if (r.uncertain()) add(s);
  for (const Answer& a : acc.answers) {
    if (a.matches(r)) add(a.successor(r));
  }
  if (!r.uncertain() && refused_without_effect(options_, op.kind, r.status)) {
    // Kept out of acceptable(): every store could list it, and a report's
    // "memcached allows" would say so for every store.
    std::vector<State> starts = is_global(op.kind) ? std::vector<State>{} : touched(s, op.key);
    if (starts.empty()) starts.push_back(s);
    for (State& start : starts) {
      if (core_removes_on_refusal(start, op)) add(without(start, op.key));
      add(std::move(start));
    }
  }
  return out;
}

}  // namespace enginesim::model
