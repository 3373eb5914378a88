// clauses_cas.cpp - compare-and-swap: the CAS a store returns and the CAS a
// store checks (OPERATION_CAS, and SET with an item CAS).
#include <set>

#include "harness/conformance/clause.h"
#include "harness/conformance/clause_context.h"

namespace enginesim::conformance {
namespace {

uint64_t cas_of(ClauseContext& c, std::string_view key) {
  OpResult r = c.get(key);
  c.require(c.expect_ok("get \"" + printable(key) + "\"", r));
  return r.cas;
}

void cas_match(ClauseContext& c) {
  c.must_set("k", "old");
  const uint64_t cas = cas_of(c, "k");
  OpResult r = c.store(OPERATION_CAS, "k", "new", 0, 0, cas);
  c.require(c.expect_ok("cas k=new with the current CAS", r));
  c.expect_true("the CAS after the swap", r.cas != 0 && r.cas != cas,
                "non-zero and different from " + std::to_string(cas), std::to_string(r.cas));
  c.expect_value("k", "new");
}

void cas_mismatch(ClauseContext& c) {
  c.must_set("k", "old");
  const uint64_t cas = cas_of(c, "k");
  c.expect_status("cas k=new with a stale CAS", c.store(OPERATION_CAS, "k", "new", 0, 0, cas + 1),
                  ENGINE_KEY_EEXISTS);
  c.expect_value("k", "old");
  c.expect_eq("the CAS of k afterwards", cas_of(c, "k"), cas);
}

void cas_missing(ClauseContext& c) {
  c.expect_status("cas k (missing)", c.store(OPERATION_CAS, "k", "v", 0, 0, 12345),
                  ENGINE_KEY_ENOENT);
  c.expect_missing("k");
}

void cas_expired(ClauseContext& c) {
  c.must_set("k", "old", 0, 5);
  const uint64_t cas = cas_of(c, "k");
  c.advance_sec(5);
  c.expect_status("cas k after it expired", c.store(OPERATION_CAS, "k", "new", 0, 0, cas),
                  ENGINE_KEY_ENOENT);
  c.expect_missing("k");
}

// The core sends a SET with a CAS as OPERATION_CAS (memcached.c
// process_bin_update); here the engine gets OPERATION_SET with the CAS set on
// the item, as the default engine's do_store_item would still check it.
void set_with_cas(ClauseContext& c) {
  c.client().set_core_checks(false);
  c.must_set("k", "old");
  const uint64_t cas = cas_of(c, "k");
  c.expect_status("set k with a stale item CAS", c.store(OPERATION_SET, "k", "bad", 0, 0, cas + 7),
                  ENGINE_KEY_EEXISTS);
  c.expect_value("k", "old");
  c.expect_ok("set k with the current item CAS", c.store(OPERATION_SET, "k", "good", 0, 0, cas));
  c.expect_value("k", "good");
}

void cas_returned(ClauseContext& c) {
  const uint64_t cas = c.must_set("k", "v");
  c.expect_true("the CAS set returned", cas != 0, "non-zero", "0");
  c.expect_eq("the CAS get reports", cas_of(c, "k"), cas);
  c.expect_eq("the CAS of a second get (reads do not change it)", cas_of(c, "k"), cas);
}

void cas_changes(ClauseContext& c) {
  std::set<uint64_t> seen;
  auto mutation = [&](const std::string& what, const OpResult& r) {
    c.require(c.expect_ok(what, r));
    c.expect_true("the CAS " + what + " returned", r.cas != 0 && seen.insert(r.cas).second,
                  "a non-zero CAS no earlier mutation returned", std::to_string(r.cas));
    c.expect_eq("the CAS get reports after " + what, cas_of(c, "k"), r.cas);
  };
  mutation("set k=1", c.store(OPERATION_SET, "k", "1"));
  mutation("set k=2", c.store(OPERATION_SET, "k", "2"));
  mutation("replace k=3", c.store(OPERATION_REPLACE, "k", "3"));
  mutation("append k+0", c.store(OPERATION_APPEND, "k", "0"));
  mutation("prepend 1+k", c.store(OPERATION_PREPEND, "k", "1"));
  mutation("incr k 1", c.client().arithmetic(c.conn(), "k", true, 1));
  mutation("decr k 1", c.client().arithmetic(c.conn(), "k", false, 1));
  mutation("cas k=9", c.store(OPERATION_CAS, "k", "9", 0, 0, cas_of(c, "k")));
}

}  // namespace

std::vector<Clause> cas_clauses() {
  return {
      {"store.cas.match",
       "OPERATION_CAS with the item's current CAS stores the value and returns a new CAS.",
       "gets/cas is memcached's optimistic concurrency; a correct CAS must win.",
       "set k, read its CAS with get, cas k=new with it: success, a new non-zero CAS, get k "
       "returns new.",
       ENGINE_FEATURE_CAS, cas_match},
      {"store.cas.mismatch",
       "OPERATION_CAS with a CAS other than the current one fails with ENGINE_KEY_EEXISTS.",
       "A CAS that ignores the mismatch silently loses a concurrent update.",
       "set k, cas k=new with CAS+1: KEY_EEXISTS; value and CAS unchanged.", ENGINE_FEATURE_CAS,
       cas_mismatch},
      {"store.cas.missing", "OPERATION_CAS of a missing key fails with ENGINE_KEY_ENOENT.",
       "Clients tell 'someone changed it' (EEXISTS) from 'it is gone' (ENOENT) to decide whether "
       "to re-add.",
       "cas k with CAS 12345 on an empty engine: KEY_ENOENT; k stays missing.", ENGINE_FEATURE_CAS,
       cas_missing},
      {"store.cas.expired", "OPERATION_CAS on an expired item fails with ENGINE_KEY_ENOENT.",
       "An expired item is gone; swapping it would resurrect it.",
       "set k exptime 5, read its CAS, advance 5 s, cas k with that CAS: KEY_ENOENT.",
       ENGINE_FEATURE_CAS, cas_expired},
      {"store.cas.set_with_cas",
       "OPERATION_SET on an item whose CAS was set non-zero behaves like OPERATION_CAS.",
       "memcached itself turns a binary SET with a CAS into OPERATION_CAS, so its engines never "
       "see this; another host "
       "might pass the SET through.",
       "with the core's rewrite off: set k, set k with CAS+7: KEY_EEXISTS and k unchanged; set k "
       "with the current CAS succeeds.",
       ENGINE_FEATURE_CAS, set_with_cas, Level::strict},
      {"store.cas.returned",
       "A successful store returns a non-zero CAS, the one get then reports; reads do not change "
       "it.",
       "The client uses the CAS from the store response or from gets for its next cas.",
       "set k: CAS non-zero; get k twice reports that CAS both times.", ENGINE_FEATURE_CAS,
       cas_returned},
      {"store.cas.changes",
       "Every mutation of a key (set, replace, append, prepend, incr, decr, cas) gives it a new "
       "CAS.",
       "A mutation that keeps the CAS lets a stale cas overwrite it.",
       "eight mutations of k: each returns a CAS no earlier one returned, and get reports it.",
       ENGINE_FEATURE_CAS, cas_changes},
  };
}

}  // namespace enginesim::conformance
