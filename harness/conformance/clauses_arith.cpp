// clauses_arith.cpp - incr and decr: decimal values, wrap-around, the floor
// at zero, non-numeric values, and creation of missing counters.
#include <cstdint>

#include "harness/conformance/clause.h"
#include "harness/conformance/clause_context.h"

namespace enginesim::conformance {
namespace {

constexpr uint64_t kMax = UINT64_MAX;
const char* const kMaxText = "18446744073709551615";

// incr/decr on k that must succeed with `expected`, stored as its decimal.
// memcached's protocol.txt: a number that loses length "MAY be space-padded
// at the end" (the default engine rewrites it in place); `padding_ok` false
// asks for the bare decimal.
void expect_arith(ClauseContext& c, bool incr, uint64_t delta, uint64_t expected,
                  bool padding_ok = true) {
  const std::string what = std::string(incr ? "incr" : "decr") + " k " + std::to_string(delta);
  OpResult r = c.client().arithmetic(c.conn(), "k", incr, delta);
  c.require(c.expect_ok(what, r));
  c.expect_eq(what + " result", r.number, expected);
  if (!padding_ok) return (void)c.expect_value("k", std::to_string(expected));
  OpResult got = c.get("k");
  if (!c.expect_ok("get k", got)) return;
  std::string value = got.value;
  while (!value.empty() && value.back() == ' ') value.pop_back();
  c.expect_eq("get \"k\" value (trailing spaces allowed)", value, std::to_string(expected));
}

// incr on a value that is not a decimal unsigned 64-bit number.
void expect_einval(ClauseContext& c, const std::string& value) {
  c.must_set("k", value, 3);
  c.expect_status("incr k=\"" + printable(value) + "\" 1",
                  c.client().arithmetic(c.conn(), "k", true, 1), ENGINE_EINVAL);
  c.expect_value_flags("k", value, 3);
}

// An engine without arithmetic gets incr/decr from memcached's own
// internal_arithmetic (memcached.c@82fb476:5942-6046, installed at
// :6833-6835), which creates the counter with an OPERATION_CAS store and no
// CAS set: an engine that refuses a CAS store of a missing key (as the
// default engine does) answers KEY_ENOENT, and nothing may be stored then.
bool core_refused_the_create(ClauseContext& c, const OpResult& r) {
  if (c.client().v1()->arithmetic != nullptr || r.status != ENGINE_KEY_ENOENT) return false;
  c.expect_missing("k");
  return true;
}

void create(ClauseContext& c, bool incr) {
  OpResult r = c.client().arithmetic(c.conn(), "k", incr, 5, true, 42);
  if (core_refused_the_create(c, r)) return;
  c.require(c.expect_ok("incr/decr with create on a missing key", r));
  c.expect_eq("result (the initial value)", r.number, 42);
  c.expect_value("k", "42");
}

void missing(ClauseContext& c) {
  c.expect_status("incr k 1 (missing, no create)", c.client().arithmetic(c.conn(), "k", true, 1),
                  ENGINE_KEY_ENOENT);
  c.expect_status("decr k 1 (missing, no create)", c.client().arithmetic(c.conn(), "k", false, 1),
                  ENGINE_KEY_ENOENT);
  c.expect_missing("k");
}

// memcached's binary incr/decr hands the engine the client's expiration raw;
// the 2010 default engine keeps it as server time, so "10" may mean server
// time 10 (8 s after the start) rather than now + 10. `relative` asks for
// realtime()'s reading (strict).
void create_exptime(ClauseContext& c, bool relative) {
  OpResult r = c.client().arithmetic(c.conn(), "k", true, 1, true, 7, 10);
  if (core_refused_the_create(c, r)) return;
  c.require(c.expect_ok("incr with create, initial 7, exptime 10", r));
  c.expect_value("k", "7");
  if (relative) {
    c.advance_sec(9);
    c.expect_value("k", "7");
    c.advance_sec(1);
  } else {
    c.advance_sec(10);
  }
  c.expect_missing("k");
}

void arith_cas(ClauseContext& c) {
  const uint64_t set_cas = c.must_set("k", "1");
  OpResult r = c.client().arithmetic(c.conn(), "k", true, 1);
  c.require(c.expect_ok("incr k 1", r));
  c.expect_true("the CAS incr returned", r.cas != 0 && r.cas != set_cas,
                "non-zero and not the set's " + std::to_string(set_cas), std::to_string(r.cas));
  OpResult g = c.get("k");
  c.require(c.expect_ok("get k", g));
  c.expect_eq("the CAS get reports", g.cas, r.cas);
}

void arith_missing_after_expiry(ClauseContext& c) {
  c.must_set("k", "5", 0, 2);
  c.advance_sec(2);
  c.expect_status("incr k after it expired", c.client().arithmetic(c.conn(), "k", true, 1),
                  ENGINE_KEY_ENOENT);
}

}  // namespace

std::vector<Clause> arith_clauses() {
  return {
      {"arith.incr.basic",
       "incr adds delta to the decimal value, returns the result and stores it as decimal.",
       "Counters (rate limits, page views) are incr's whole use.",
       "set k=10, incr k 5: result 15, get k returns 15.",
       {},
       [](ClauseContext& c) {
         c.must_set("k", "10");
         expect_arith(c, true, 5, 15);
       }},
      {"arith.decr.basic",
       "decr subtracts delta from the decimal value and stores the result.",
       "Counters count down too (quotas, stock).",
       "set k=10, decr k 3: result 7, get k returns 7.",
       {},
       [](ClauseContext& c) {
         c.must_set("k", "10");
         expect_arith(c, false, 3, 7);
       }},
      {"arith.incr.wrap64",
       "incr wraps modulo 2^64.",
       "memcached's counters are unsigned 64-bit; clients rely on the documented wrap.",
       "set k=2^64-1, incr 1 gives 0; set k=2^64-1, incr 2 gives 1.",
       {},
       [](ClauseContext& c) {
         c.must_set("k", kMaxText);
         expect_arith(c, true, 1, 0);
         c.must_set("k", kMaxText);
         expect_arith(c, true, 2, 1);
       }},
      {"arith.incr.max_delta",
       "incr accepts any 64-bit delta, up to 2^64-1.",
       "A signed delta or 32-bit arithmetic truncates large increments.",
       "set k=0, incr 2^64-1 gives 2^64-1; incr 1 more gives 0.",
       {},
       [](ClauseContext& c) {
         c.must_set("k", "0");
         expect_arith(c, true, kMax, kMax);
         expect_arith(c, true, 1, 0);
       }},
      {"arith.decr.floor0",
       "decr never goes below 0.",
       "memcached documents decr as saturating; a wrap to 2^64-1 turns an exhausted quota into an "
       "infinite one.",
       "set k=5, decr 10 gives 0; decr 1 on 0 gives 0.",
       {},
       [](ClauseContext& c) {
         c.must_set("k", "5");
         expect_arith(c, false, 10, 0);
         expect_arith(c, false, 1, 0);
       }},
      {"arith.result_decimal",
       "The stored result is the plain decimal of the number: no leading zeros, no padding.",
       "Clients parse the value after incr with strtoull; stale digits corrupt it. memcached's "
       "protocol.txt allows "
       "trailing spaces (its default engine rewrites a shorter number in place), so padding is "
       "only a strict finding.",
       "set k=007, incr 1 gives 8 and get k returns 8; set k=100, decr 1 gives 99 and get k "
       "returns 99.",
       {},
       [](ClauseContext& c) {
         c.must_set("k", "007");
         expect_arith(c, true, 1, 8, false);
         c.must_set("k", "100");
         expect_arith(c, false, 1, 99, false);
       },
       Level::strict},
      {"arith.grows",
       "A result with more digits than the old value is stored whole.",
       "An in-place update that does not reallocate truncates the counter.",
       "set k=99, incr 1 gives 100, incr 99900 gives 100000.",
       {},
       [](ClauseContext& c) {
         c.must_set("k", "99");
         expect_arith(c, true, 1, 100);
         expect_arith(c, true, 99900, 100000);
       }},
      {"arith.nonnumeric",
       "incr/decr of a value that is not a decimal number answers ENGINE_EINVAL and leaves it "
       "unchanged.",
       "memcached answers CLIENT_ERROR for non-numeric values; treating them as 0 destroys data.",
       "set k=abc flags=3, incr k 1: EINVAL; get k returns abc with flags 3.",
       {},
       [](ClauseContext& c) { expect_einval(c, "abc"); }},
      {"arith.nonnumeric.suffix",
       "A value with trailing non-digits (\"12x\") is not a number: ENGINE_EINVAL.",
       "atoi-style parsing accepts garbage and overwrites the value.",
       "set k=12x, incr k 1: EINVAL, value unchanged.",
       {},
       [](ClauseContext& c) { expect_einval(c, "12x"); }},
      {"arith.nonnumeric.empty",
       "An empty value is not a number: ENGINE_EINVAL.",
       "Treating empty as 0 silently turns a marker into a counter; but memcached 2010's "
       "safe_strtoull reads the bare "
       "\"\\r\\n\" as 0, so its default engine counts from 0, and the core accepts that.",
       "set k to the empty value, incr k 1: EINVAL, value unchanged.",
       {},
       [](ClauseContext& c) { expect_einval(c, ""); },
       Level::strict},
      {"arith.nonnumeric.negative",
       "A negative number (\"-1\") is not an unsigned number: ENGINE_EINVAL.",
       "strtoull accepts \"-1\" as 2^64-1; memcached rejects it.",
       "set k=-1, incr k 1: EINVAL, value unchanged.",
       {},
       [](ClauseContext& c) { expect_einval(c, "-1"); }},
      {"arith.nonnumeric.overflow",
       "A decimal above 2^64-1 is not a 64-bit number: ENGINE_EINVAL.",
       "Saturating or wrapping the parse invents a counter value nobody stored.",
       "set k=18446744073709551616, incr k 1: EINVAL, value unchanged.",
       {},
       [](ClauseContext& c) { expect_einval(c, "18446744073709551616"); }},
      {"arith.create",
       "incr with create on a missing key stores the initial value (as decimal) and returns it.",
       "The binary protocol's incr-with-initial creates counters in one round trip.",
       "incr k 5 create initial=42 on an empty engine: result 42, get k returns 42 (for an engine "
       "without arithmetic memcached's own incr/decr creates by an OPERATION_CAS store, which the "
       "engine may refuse with KEY_ENOENT: then k must stay missing).",
       {},
       [](ClauseContext& c) { create(c, true); }},
      {"arith.create.decr",
       "decr with create on a missing key stores the initial value and returns it.",
       "As for incr.",
       "decr k 5 create initial=42: result 42, get k returns 42 (or, without arithmetic, "
       "KEY_ENOENT and k missing, as for arith.create).",
       {},
       [](ClauseContext& c) { create(c, false); }},
      {"arith.create.exptime",
       "A counter created by incr expires by the exptime given to arithmetic.",
       "Rate-limit windows are counters created with a TTL. memcached's binary incr passes the "
       "expiration raw and "
       "its 2010 default engine keeps it as server time, so only 'gone by then' is relied on.",
       "incr create initial=7 exptime=10: k is 7 at once and gone after 10 s (or, without "
       "arithmetic, KEY_ENOENT and k missing, as for arith.create).",
       {},
       [](ClauseContext& c) { create_exptime(c, false); }},
      {"arith.create.exptime.relative",
       "A counter created by incr with exptime 10 lives exactly 10 s (the engine converts the raw "
       "exptime with realtime()).",
       "Tidy, and what the engine branch's default engine does; the 2010 default engine reads 10 "
       "as server time instead.",
       "incr create initial=7 exptime=10: k is 7 after 9 s and gone after 10 s.",
       {},
       [](ClauseContext& c) { create_exptime(c, true); },
       Level::strict},
      {"arith.missing",
       "incr/decr without create on a missing key answer ENGINE_KEY_ENOENT and create nothing.",
       "memcached answers NOT_FOUND; creating the counter would skip the client's initialisation.",
       "incr k and decr k on an empty engine: KEY_ENOENT; k stays missing.",
       {},
       missing},
      {"arith.expired",
       "incr on an expired counter answers ENGINE_KEY_ENOENT.",
       "An expired rate-limit window must start over, not continue.",
       "set k=5 exptime 2, advance 2 s, incr k 1: KEY_ENOENT.",
       {},
       arith_missing_after_expiry},
      {"arith.cas", "incr returns a new non-zero CAS, the one get then reports.",
       "Clients mix incr and cas on the same key.",
       "set k=1, incr k 1: CAS non-zero and different from the set's; get k reports it.",
       ENGINE_FEATURE_CAS, arith_cas},
  };
}

}  // namespace enginesim::conformance
