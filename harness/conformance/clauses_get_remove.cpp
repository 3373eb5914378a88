// clauses_get_remove.cpp - reading and removing keys.
#include "harness/conformance/clause.h"
#include "harness/conformance/clause_context.h"

namespace enginesim::conformance {
namespace {

void get_miss(ClauseContext& c) {
  c.expect_missing("never-stored");
  c.must_set("other", "v");
  c.expect_missing("never-stored");
}

void get_hit(ClauseContext& c) {
  c.must_set("k", "value", 0xdeadbeef);
  c.expect_value_flags("k", "value", 0xdeadbeef);
}

void get_repeat(ClauseContext& c) {
  c.must_set("k", "v", 5);
  OpResult first = c.get("k");
  OpResult second = c.get("k");
  c.require(c.expect_ok("first get k", first) && c.expect_ok("second get k", second));
  c.expect_eq("second value", second.value, first.value);
  c.expect_eq("second flags", second.flags, first.flags);
  c.expect_eq("second CAS", second.cas, first.cas);
}

void get_prefix_keys(ClauseContext& c) {
  const char* keys[] = {"a", "ab", "abc", "b", "ba"};
  for (const char* k : keys) c.must_set(k, std::string("value-of-") + k);
  for (const char* k : keys) c.expect_value(k, std::string("value-of-") + k);
  c.require(c.expect_ok("remove ab", c.client().remove(c.conn(), "ab")));
  c.expect_missing("ab");
  c.expect_value("a", "value-of-a");
  c.expect_value("abc", "value-of-abc");
}

void remove_exists(ClauseContext& c) {
  c.must_set("k", "v");
  c.require(c.expect_ok("remove k", c.client().remove(c.conn(), "k")));
  c.expect_missing("k");
  c.expect_status("remove k again", c.client().remove(c.conn(), "k"), ENGINE_KEY_ENOENT);
}

void remove_missing(ClauseContext& c) {
  c.expect_status("remove k (missing)", c.client().remove(c.conn(), "k"), ENGINE_KEY_ENOENT);
}

void remove_expired(ClauseContext& c) {
  c.must_set("k", "v", 0, 3);
  c.advance_sec(3);
  c.expect_status("remove k after it expired", c.client().remove(c.conn(), "k"), ENGINE_KEY_ENOENT);
}

void remove_then_add(ClauseContext& c) {
  c.must_set("k", "old");
  c.require(c.expect_ok("remove k", c.client().remove(c.conn(), "k")));
  c.require(c.expect_ok("add k=new", c.store(OPERATION_ADD, "k", "new")));
  c.expect_value("k", "new");
}

void remove_cas_match(ClauseContext& c) {
  c.must_set("k", "v");
  OpResult r = c.get("k");
  c.require(c.expect_ok("get k", r));
  c.expect_ok("remove k with its CAS", c.client().remove(c.conn(), "k", r.cas));
  c.expect_missing("k");
}

void remove_cas_mismatch(ClauseContext& c) {
  c.must_set("k", "v");
  OpResult r = c.get("k");
  c.require(c.expect_ok("get k", r));
  c.expect_status("remove k with a stale CAS", c.client().remove(c.conn(), "k", r.cas + 1),
                  ENGINE_KEY_EEXISTS);
  c.expect_value("k", "v");
}

}  // namespace

std::vector<Clause> get_remove_clauses() {
  return {
      {"get.miss",
       "get of a key that was never stored answers ENGINE_KEY_ENOENT.",
       "A miss is how a cache says 'go to the database'; any other answer is an error to the "
       "client.",
       "get a key on an empty engine and again after storing another key: KEY_ENOENT both times.",
       {},
       get_miss},
      {"get.hit",
       "get of a stored key answers the value and the 32-bit flags exactly.",
       "Clients encode the value's type in the flags; losing high bits breaks decoding.",
       "set k=value flags=0xdeadbeef, get k returns both unchanged.",
       {},
       get_hit},
      {"get.repeat",
       "Reads do not change an item: two gets answer the same value, flags and CAS.",
       "A read that bumps the CAS makes every following cas fail.",
       "set k, get k twice, compare value, flags and CAS.",
       {},
       get_repeat},
      {"get.prefix_keys",
       "Keys that are prefixes of each other are distinct items.",
       "Hashing or storing only a key prefix mixes up users' data.",
       "set a, ab, abc, b, ba to distinct values, read each back, remove ab, a and abc remain.",
       {},
       get_prefix_keys},
      {"remove.exists",
       "remove of a live key succeeds and the key is gone; a second remove answers "
       "ENGINE_KEY_ENOENT.",
       "delete is how applications invalidate; a remove that leaves the item serves stale data.",
       "set k, remove k, get k (KEY_ENOENT), remove k again (KEY_ENOENT).",
       {},
       remove_exists},
      {"remove.missing",
       "remove of a missing key answers ENGINE_KEY_ENOENT.",
       "memcached answers NOT_FOUND; clients count it.",
       "remove k on an empty engine.",
       {},
       remove_missing},
      {"remove.expired",
       "remove of an expired item answers ENGINE_KEY_ENOENT.",
       "An expired item does not exist for any command.",
       "set k exptime 3, advance 3 s, remove k: KEY_ENOENT.",
       {},
       remove_expired},
      {"remove.then_add",
       "After a remove, ADD of the same key succeeds.",
       "Delete-then-add is the usual way to re-create a lock.",
       "set k, remove k, add k=new succeeds, get k returns new.",
       {},
       remove_then_add},
      {"remove.cas.match", "remove with the item's current CAS removes it.",
       "The binary protocol's delete carries a CAS to delete only what the client saw.",
       "set k, read its CAS, remove k with it: success, k gone.", ENGINE_FEATURE_CAS,
       remove_cas_match},
      {"remove.cas.mismatch",
       "remove with a non-zero CAS other than the current one answers ENGINE_KEY_EEXISTS and keeps "
       "the item.",
       "Deleting a value someone else just replaced loses their write.",
       "set k, remove k with CAS+1: KEY_EEXISTS, get k still returns v.", ENGINE_FEATURE_CAS,
       remove_cas_mismatch},
  };
}

}  // namespace enginesim::conformance
