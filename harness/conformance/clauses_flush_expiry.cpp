// clauses_flush_expiry.cpp - flush (now and delayed) and item expiry in
// relative and absolute form, driven by the virtual clock only.
#include "harness/conformance/clause.h"
#include "harness/conformance/clause_context.h"

namespace enginesim::conformance {
namespace {

void store_three(ClauseContext& c) {
  for (const char* k : {"a", "b", "c"}) c.must_set(k, k);
}

void flush_now(ClauseContext& c) {
  store_three(c);
  c.require(c.expect_ok("flush(0)", c.client().flush(c.conn(), 0)));
  for (const char* k : {"a", "b", "c"}) c.expect_missing(k);
}

void flush_then_store(ClauseContext& c) {
  store_three(c);
  c.require(c.expect_ok("flush(0)", c.client().flush(c.conn(), 0)));
  c.must_set("a", "after");
  c.expect_value("a", "after");
  c.expect_ok("add b after the flush", c.store(OPERATION_ADD, "b", "added"));
  c.expect_value("b", "added");
}

void flush_empty(ClauseContext& c) {
  c.expect_ok("flush(0) of an empty engine", c.client().flush(c.conn(), 0));
  c.expect_ok("flush(0) again", c.client().flush(c.conn(), 0));
  c.expect_missing("a");
}

// flush(when) with `when` as the client sends it; takes effect in 10 s.
// flush(when) 10 s ahead. memcached's default engine sets oldest_live to
// realtime(when) - 1 (items.c item_flush_expired), one second early, and the
// core accepts that: `exact` asks for the second itself (strict), otherwise
// the clause looks at +8 s and +10 s only.
void flush_delayed(ClauseContext& c, time_t when, bool exact) {
  store_three(c);
  c.require(c.expect_ok("flush(" + std::to_string(when) + ")", c.client().flush(c.conn(), when)));
  c.advance_sec(8);
  for (const char* k : {"a", "b", "c"}) c.expect_value(k, k);
  c.advance_sec(1);
  if (exact) {
    for (const char* k : {"a", "b", "c"}) c.expect_value(k, k);
  }
  c.advance_sec(1);
  for (const char* k : {"a", "b", "c"}) c.expect_missing(k);
}

void flush_delayed_survivors(ClauseContext& c) {
  store_three(c);
  c.require(c.expect_ok("flush(10)", c.client().flush(c.conn(), 10)));
  c.advance_sec(10);
  c.expect_missing("a");
  c.advance_sec(1);
  c.must_set("late", "kept");
  c.advance_sec(30);
  c.expect_value("late", "kept");
  c.expect_missing("b");
}

// An item stored with `exptime` (as the client sends it) lives 10 s.
void expiry_ten_seconds(ClauseContext& c, time_t exptime) {
  c.must_set("k", "v", 0, exptime);
  c.expect_value("k", "v");
  c.advance_sec(9);
  c.expect_value("k", "v");
  c.advance_sec(1);
  c.expect_missing("k");
}

void expiry_past(ClauseContext& c, time_t exptime) {
  OpResult r = c.store(OPERATION_SET, "k", "v", 0, exptime);
  c.require(c.expect_ok("set k with an exptime in the past", r));
  c.expect_missing("k");
}

void expiry_never(ClauseContext& c) {
  c.must_set("k", "v", 0, 0);
  c.advance_sec(400 * 24 * 3600);
  c.expect_value("k", "v");
}

void expiry_set_resets(ClauseContext& c) {
  c.must_set("k", "short", 0, 10);
  c.must_set("k", "forever", 0, 0);
  c.advance_sec(20);
  c.expect_value("k", "forever");
}

void expiry_store_missing(ClauseContext& c) {
  c.must_set("k", "v", 0, 5);
  c.advance_sec(5);
  c.expect_status("replace k after it expired", c.store(OPERATION_REPLACE, "k", "x"),
                  ENGINE_NOT_STORED);
  c.expect_status("append k after it expired", c.store(OPERATION_APPEND, "k", "x"),
                  ENGINE_NOT_STORED);
  c.expect_status("prepend k after it expired", c.store(OPERATION_PREPEND, "k", "x"),
                  ENGINE_NOT_STORED);
  c.expect_missing("k");
}

void expiry_independent(ClauseContext& c) {
  c.must_set("short", "v", 0, 5);
  c.must_set("long", "v", 0, 50);
  c.must_set("never", "v", 0, 0);
  c.advance_sec(5);
  c.expect_missing("short");
  c.expect_value("long", "v");
  c.advance_sec(45);
  c.expect_missing("long");
  c.expect_value("never", "v");
}

}  // namespace

std::vector<Clause> flush_expiry_clauses() {
  return {
      {"flush.now",
       "flush(0) removes every item at once.",
       "flush_all is the operator's big hammer after a bad deploy; survivors serve bad data.",
       "set a, b, c; flush(0); get a, b, c all answer KEY_ENOENT.",
       {},
       flush_now},
      {"flush.now.then_store",
       "Items stored after flush(0) are kept and ADD sees flushed keys as missing.",
       "A flush that keeps invalidating new writes empties the cache for good.",
       "set a, b, c; flush(0); set a=after and add b=added succeed and read back.",
       {},
       flush_then_store},
      {"flush.empty",
       "flush of an empty engine succeeds, also twice in a row.",
       "Operators run flush_all blindly on every node.",
       "flush(0) twice on a fresh engine.",
       {},
       flush_empty},
      {"flush.delayed",
       "flush(when > 0) takes effect when the server time reaches realtime(when), or one second "
       "before, not earlier.",
       "flush_all with a delay staggers invalidation across a cluster; flushing at once causes a "
       "stampede. memcached's "
       "default engine flushes one second early (oldest_live = realtime(when) - 1), which the core "
       "accepts.",
       "set a, b, c; flush(10); after 8 s all three are there, after 10 s all are gone.",
       {},
       [](ClauseContext& c) { flush_delayed(c, 10, false); }},
      {"flush.delayed.absolute",
       "A flush time above 30 days is an absolute unix time (realtime()), one second of earliness "
       "allowed.",
       "memcached converts every time through realtime(); engines must too.",
       "set a, b, c; flush(now_unix + 10); after 8 s they are there, after 10 s gone.",
       {},
       [](ClauseContext& c) { flush_delayed(c, c.core().clock().now_unix_sec() + 10, false); }},
      {"flush.delayed.exact",
       "flush(when > 0) takes effect exactly at realtime(when): at when - 1 s every item is still "
       "there.",
       "Tidy, but memcached's default engine flushes one second early and the core does not mind.",
       "set a, b, c; flush(10); after 8 s and after 9 s all three are there, after 10 s all are "
       "gone.",
       {},
       [](ClauseContext& c) { flush_delayed(c, 10, true); },
       Level::strict},
      {"flush.delayed.survivors",
       "Items stored after a delayed flush took effect survive it.",
       "Otherwise the delayed flush keeps deleting every new write forever.",
       "set a, b, c; flush(10); advance 10 s (a gone); 1 s later set late; 30 s later late is "
       "still there.",
       {},
       flush_delayed_survivors},
      {"expiry.relative",
       "exptime up to 30 days is relative: the item lives exactly that many seconds.",
       "TTLs bound staleness; an item living one second too long or short breaks that bound.",
       "set k exptime 10: there at +9 s, gone at +10 s (virtual clock).",
       {},
       [](ClauseContext& c) { expiry_ten_seconds(c, 10); }},
      {"expiry.absolute",
       "exptime above 30 days is an absolute unix time.",
       "Clients set expiry to a wall-clock deadline; reading it as relative keeps items for "
       "decades.",
       "set k exptime now_unix+10: there at +9 s, gone at +10 s.",
       {},
       [](ClauseContext& c) { expiry_ten_seconds(c, c.core().clock().now_unix_sec() + 10); }},
      {"expiry.past",
       "An absolute exptime in the past makes the item expire at once.",
       "Setting a past deadline is how clients store-and-invalidate; the item must not be served.",
       "set k with exptime now_unix-100: the set succeeds, get k answers KEY_ENOENT.",
       {},
       [](ClauseContext& c) { expiry_past(c, c.core().clock().now_unix_sec() - 100); }},
      {"expiry.negative",
       "A negative exptime makes the item expire at once.",
       "memcached treats negative TTLs as 'already expired'.",
       "set k exptime -1: the set succeeds, get k answers KEY_ENOENT.",
       {},
       [](ClauseContext& c) {
         // A core that passes the raw exptime hands -1 through rel_time_t:
         // what it then means is the engine's realtime() and nobody's rule.
         if (!c.core().conventions().exptime_converted_by_core) {
           c.skip(
               "this profile's core passes the client's exptime raw (unsigned): -1 has no meaning "
               "it promises");
         }
         expiry_past(c, -1);
       }},
      {"expiry.never",
       "exptime 0 never expires.",
       "Configuration and session data are stored without a TTL.",
       "set k exptime 0, advance 400 days, get k still returns it.",
       {},
       expiry_never},
      {"expiry.set_resets",
       "A SET replaces the exptime along with the value.",
       "Refreshing a TTL is done by storing again.",
       "set k exptime 10, set k exptime 0, advance 20 s, get k returns the second value.",
       {},
       expiry_set_resets},
      {"expiry.store_missing",
       "REPLACE, APPEND and PREPEND treat an expired item as missing (ENGINE_NOT_STORED).",
       "Appending to a dead item resurrects stale data.",
       "set k exptime 5, advance 5 s, replace/append/prepend k all answer NOT_STORED.",
       {},
       expiry_store_missing},
      {"expiry.independent",
       "Each item expires at its own time.",
       "A global or per-bucket expiry takes other users' items with it.",
       "set short (5 s), long (50 s), never (0); at +5 only short is gone, at +50 long too, never "
       "stays.",
       {},
       expiry_independent},
  };
}

}  // namespace enginesim::conformance
