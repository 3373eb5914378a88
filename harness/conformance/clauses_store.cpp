// clauses_store.cpp - SET, ADD, REPLACE, APPEND and PREPEND semantics.
#include "fakes/core_conventions.h"
#include "harness/conformance/clause.h"
#include "harness/conformance/clause_context.h"

namespace enginesim::conformance {
namespace {

void set_new(ClauseContext& c) {
  c.require(c.expect_missing("k"));
  c.require(c.expect_ok("set k=v flags=42", c.store(OPERATION_SET, "k", "v", 42)));
  c.expect_value_flags("k", "v", 42);
}

void set_overwrite(ClauseContext& c) {
  c.must_set("k", "first", 1);
  c.require(c.expect_ok("set k=second flags=2", c.store(OPERATION_SET, "k", "second", 2)));
  c.expect_value_flags("k", "second", 2);
}

void add_new(ClauseContext& c) {
  c.require(c.expect_ok("add k=v (missing)", c.store(OPERATION_ADD, "k", "v", 3)));
  c.expect_value_flags("k", "v", 3);
}

void add_exists(ClauseContext& c) {
  c.must_set("k", "old", 1);
  c.expect_status("add k=new (exists)", c.store(OPERATION_ADD, "k", "new", 2), ENGINE_NOT_STORED);
  c.expect_value_flags("k", "old", 1);
}

void add_expired(ClauseContext& c) {
  c.must_set("k", "old", 0, 5);
  c.advance_sec(10);
  c.expect_ok("add k=new over an item that expired", c.store(OPERATION_ADD, "k", "new"));
  c.expect_value("k", "new");
}

void replace_exists(ClauseContext& c) {
  c.must_set("k", "old", 1);
  c.require(c.expect_ok("replace k=new", c.store(OPERATION_REPLACE, "k", "new", 5)));
  c.expect_value_flags("k", "new", 5);
}

void replace_missing(ClauseContext& c) {
  c.expect_status("replace k (missing)", c.store(OPERATION_REPLACE, "k", "v"), ENGINE_NOT_STORED);
  c.expect_missing("k");
}

void append_exists(ClauseContext& c) {
  c.must_set("k", "abc");
  c.require(c.expect_ok("append k+\"def\"", c.store(OPERATION_APPEND, "k", "def")));
  c.expect_value("k", "abcdef");
}

void append_missing(ClauseContext& c) {
  c.expect_status("append k (missing)", c.store(OPERATION_APPEND, "k", "v"), ENGINE_NOT_STORED);
  c.expect_missing("k");
}

void prepend_exists(ClauseContext& c) {
  c.must_set("k", "abc");
  c.require(c.expect_ok("prepend \"xyz\"+k", c.store(OPERATION_PREPEND, "k", "xyz")));
  c.expect_value("k", "xyzabc");
}

void prepend_missing(ClauseContext& c) {
  c.expect_status("prepend k (missing)", c.store(OPERATION_PREPEND, "k", "v"), ENGINE_NOT_STORED);
  c.expect_missing("k");
}

// Appends or prepends with other flags and exptime; the old ones must stay.
void concat_keeps_meta(ClauseContext& c, ENGINE_STORE_OPERATION op, const char* expected) {
  const rel_time_t exptime = c.core().clock().realtime(100);
  c.must_set("k", "mid", 7, 100);
  c.require(c.expect_ok(std::string(store_op_name(op)) + " k with flags=9 exptime=0",
                        c.store(op, "k", "+", 9, 0)));
  OpResult r = c.get("k");
  c.require(c.expect_ok("get k", r));
  c.expect_eq("value", r.value, expected);
  c.expect_eq("flags (the old item's)", r.flags, 7);
  // The reported field only where the core reads it (core_reads_item_exptime);
  // the expiry itself always: still there at 99 s, gone at 100 s.
  if (core_reads_item_exptime(*c.client().v1())) {
    c.expect_eq("exptime (the old item's)", r.exptime, exptime);
  }
  c.advance_sec(99);
  c.expect_value("k", expected);
  c.advance_sec(1);
  c.expect_missing("k");
}

void concat_order(ClauseContext& c) {
  c.must_set("k", "x");
  c.require(c.expect_ok("append k+\"a\"", c.store(OPERATION_APPEND, "k", "a")));
  c.require(c.expect_ok("prepend \"b\"+k", c.store(OPERATION_PREPEND, "k", "b")));
  c.require(c.expect_ok("append k+\"c\"", c.store(OPERATION_APPEND, "k", "c")));
  c.expect_value("k", "bxac");
}

void concat_binary(ClauseContext& c) {
  const std::string head("\0\r\n", 3), tail("\n\r\0", 3);
  c.must_set("k", head);
  c.require(c.expect_ok("append binary bytes", c.store(OPERATION_APPEND, "k", tail)));
  c.expect_value("k", head + tail);
}

}  // namespace

std::vector<Clause> store_clauses() {
  return {
      {"store.set.new",
       "SET of a missing key stores the value and the flags as given.",
       "SET is the most common write; memcached clients read back exactly what they wrote.",
       "get k (KEY_ENOENT), set k=v flags=42, get k returns v with flags 42.",
       {},
       set_new},
      {"store.set.overwrite",
       "SET of an existing key replaces its value and flags.",
       "A stale value after a SET is silent data corruption for every cache user.",
       "set k=first flags=1, set k=second flags=2, get k returns second with flags 2.",
       {},
       set_overwrite},
      {"store.add.new",
       "ADD of a missing key stores it.",
       "ADD is how clients take locks and initialise counters.",
       "add k=v flags=3 succeeds, get k returns v with flags 3.",
       {},
       add_new},
      {"store.add.exists",
       "ADD of a live key fails with ENGINE_NOT_STORED and leaves it alone.",
       "ADD-as-lock relies on the second ADD failing; overwriting breaks mutual exclusion.",
       "set k=old, add k=new answers NOT_STORED, get k still returns old with its flags.",
       {},
       add_exists},
      {"store.add.expired",
       "ADD over an expired item succeeds: an expired item does not exist.",
       "A lock whose TTL ran out must be takeable again.",
       "set k with exptime 5, advance the virtual clock 10 s, add k=new succeeds, get k returns "
       "new.",
       {},
       add_expired},
      {"store.replace.exists",
       "REPLACE of a live key stores the new value and flags.",
       "REPLACE updates only what is cached; it must update it.",
       "set k=old, replace k=new flags=5 succeeds, get k returns new with flags 5.",
       {},
       replace_exists},
      {"store.replace.missing",
       "REPLACE of a missing key fails with ENGINE_NOT_STORED and stores nothing.",
       "Clients use REPLACE to avoid populating keys that were evicted or deleted.",
       "replace k answers NOT_STORED, get k answers KEY_ENOENT.",
       {},
       replace_missing},
      {"store.append.exists",
       "APPEND concatenates the old value (without its \\r\\n) and the new one.",
       "Append-only lists in memcached are built this way; a stray \\r\\n corrupts every entry.",
       "set k=abc, append def, get k returns abcdef.",
       {},
       append_exists},
      {"store.append.missing",
       "APPEND to a missing key fails with ENGINE_NOT_STORED and stores nothing.",
       "APPEND must not create a partial value that looks complete.",
       "append k answers NOT_STORED, get k answers KEY_ENOENT.",
       {},
       append_missing},
      {"store.prepend.exists",
       "PREPEND puts the new value in front of the old one.",
       "Same as APPEND, from the other end.",
       "set k=abc, prepend xyz, get k returns xyzabc.",
       {},
       prepend_exists},
      {"store.prepend.missing",
       "PREPEND to a missing key fails with ENGINE_NOT_STORED and stores nothing.",
       "PREPEND must not create a partial value.",
       "prepend k answers NOT_STORED, get k answers KEY_ENOENT.",
       {},
       prepend_missing},
      {"store.append.keeps_meta",
       "APPEND keeps the old item's flags and exptime; the new item's are ignored.",
       "The memcached protocol ignores flags and exptime on append; changing them breaks decoding "
       "clients and makes items immortal or short-lived.",
       "set k=mid flags=7 exptime=100, append with flags=9 exptime=0, get k: mid+, flags 7 (and "
       "the old exptime where the core reads it: item_info.key_flags_exptime); still there 99 s "
       "later, gone 100 s later.",
       {},
       [](ClauseContext& c) { concat_keeps_meta(c, OPERATION_APPEND, "mid+"); }},
      {"store.prepend.keeps_meta",
       "PREPEND keeps the old item's flags and exptime.",
       "As for APPEND.",
       "set k=mid flags=7 exptime=100, prepend with flags=9 exptime=0, get k: +mid, flags 7 (and "
       "the old exptime where the core reads it); still there 99 s later, gone 100 s later.",
       {},
       [](ClauseContext& c) { concat_keeps_meta(c, OPERATION_PREPEND, "+mid"); }},
      {"store.concat.order",
       "Successive APPENDs and PREPENDs apply in order, each on the latest value.",
       "An engine that appends to a stale copy loses earlier appends.",
       "set k=x, append a, prepend b, append c, get k returns bxac.",
       {},
       concat_order},
      {"store.concat.binary",
       "APPEND works on values containing NUL, \\r and \\n bytes.",
       "Values are binary; string functions in the concatenation truncate them.",
       "set k to NUL CR LF, append LF CR NUL, get k returns all six bytes in order.",
       {},
       concat_binary},
  };
}

}  // namespace enginesim::conformance
