// clauses_item.cpp - the item protocol the core relies on: allocate,
// get_item_info, item_set_cas, release, and items that stay valid while held.
#include <cstring>

#include "fakes/core_conventions.h"
#include "harness/conformance/clause.h"
#include "harness/conformance/clause_context.h"

namespace enginesim::conformance {
namespace {

// An item the clause holds; released when the holder goes, also when the
// clause ends early, so that an early end is never reported as a leak.
class Held {
 public:
  Held(ClauseContext& c, item* it) : c_(c), it_(it) {}
  ~Held() {
    if (it_ != nullptr) c_.client().v1()->release(c_.client().handle(), &c_.conn(), it_);
  }
  Held(const Held&) = delete;
  Held& operator=(const Held&) = delete;
  item* get() const { return it_; }
  void release() {
    Held gone(c_, it_);
    it_ = nullptr;
  }

 private:
  ClauseContext& c_;
  item* it_;
};

// allocate through the EWOULDBLOCK protocol; null when it did not succeed.
item* allocate(ClauseContext& c, std::string_view key, size_t nbytes, int flags, rel_time_t exptime,
               ENGINE_ERROR_CODE* status = nullptr) {
  EngineClient& cl = c.client();
  item* it = nullptr;
  CallOutcome out = cl.call(c.conn(), [&] {
    it = nullptr;
    return cl.v1()->allocate(cl.handle(), &c.conn(), &it, key.data(), key.size(), nbytes, flags,
                             exptime);
  });
  if (status != nullptr) *status = out.status;
  return out.status == ENGINE_SUCCESS ? it : nullptr;
}

item* must_allocate(ClauseContext& c, std::string_view key, size_t nbytes, int flags = 0,
                    rel_time_t exptime = 0) {
  ENGINE_ERROR_CODE status;
  item* it = allocate(c, key, nbytes, flags, exptime, &status);
  c.require(c.expect_status("allocate \"" + printable(key) + "\" nbytes=" + std::to_string(nbytes),
                            status, ENGINE_SUCCESS) &&
            c.expect_true("allocate's item", it != nullptr, "an item", "NULL"));
  return it;
}

// get that holds the item (the caller releases it).
item* hold(ClauseContext& c, std::string_view key) {
  EngineClient& cl = c.client();
  item* it = nullptr;
  CallOutcome out = cl.call(c.conn(), [&] {
    it = nullptr;
    return cl.v1()->get(cl.handle(), &c.conn(), &it, key.data(), static_cast<int>(key.size()), 0);
  });
  c.require(c.expect_status("get \"" + printable(key) + "\" (held)", out.status, ENGINE_SUCCESS) &&
            c.expect_true("get's item", it != nullptr, "an item", "NULL"));
  return it;
}

item_info info_of(ClauseContext& c, const item* it) {
  item_info info{};
  info.nvalue = 1;
  const bool ok = c.client().v1()->get_item_info(c.client().handle(), &c.conn(), it, &info);
  c.require(c.expect_true("get_item_info(nvalue=1)", ok, "true", "false"));
  return info;
}

std::string value_of(const item_info& info) {
  if (info.nvalue < 1 || info.value[0].iov_base == nullptr) return "";
  return std::string(static_cast<const char*>(info.value[0].iov_base), info.value[0].iov_len);
}

void nbytes(ClauseContext& c) {
  {
    Held it(c, must_allocate(c, "k", 7));
    c.expect_eq("nbytes after allocate(nbytes=7)", info_of(c, it.get()).nbytes, 7);
  }
  c.must_set("k", "hello");
  Held it(c, hold(c, "k"));
  item_info info = info_of(c, it.get());
  // The profile's layout: "hello\r\n" (tutorial-2010) or "hello" (1.6.0-beta1).
  const std::string stored = std::string("hello\r\n").substr(0, 5 + c.client().crlf_bytes());
  c.expect_eq("nbytes of a stored 5-byte value", info.nbytes, stored.size());
  c.expect_eq("value bytes as the core laid them out", value_of(info), stored);
}

void nvalue(ClauseContext& c) {
  c.must_set("k", "v");
  Held it(c, hold(c, "k"));
  item_info info{};
  info.nvalue = 1;
  const bool ok = c.client().v1()->get_item_info(c.client().handle(), &c.conn(), it.get(), &info);
  c.expect_true("get_item_info with nvalue=1", ok, "true", "false");
  c.expect_eq("nvalue out", info.nvalue, 1);
  item_info none{};
  none.nvalue = 0;
  const bool zero = c.client().v1()->get_item_info(c.client().handle(), &c.conn(), it.get(), &none);
  c.expect_true("get_item_info with nvalue=0 (no room for the value)", !zero, "false", "true");
}

// allocate a 9-byte binary key with flags 0x80000001 and exptime 1000 s from
// now, then check what get_item_info reports: key and flags always, the
// exptime when `exptime` is set.
void check_item_info(ClauseContext& c, bool exptime) {
  const std::string key("bin\0key/\xff", 9);
  const rel_time_t expected_exptime = c.core().clock().realtime(1000);
  // What the core hands allocate: realtime(1000), or 1000 for the engine to convert.
  Held it(c,
          must_allocate(c, key, 4, static_cast<int>(0x80000001u), c.client().engine_exptime(1000)));
  item_info info = info_of(c, it.get());
  c.expect_eq("nkey", info.nkey, key.size());
  c.expect_eq("key",
              info.key ? std::string_view(static_cast<const char*>(info.key), info.nkey)
                       : std::string_view(),
              key);
  c.expect_eq("flags", info.flags, 0x80000001u);
  if (exptime) c.expect_eq("exptime", info.exptime, expected_exptime);
}

void key_flags_exptime(ClauseContext& c) {
  check_item_info(c, core_reads_item_exptime(*c.client().v1()));
}

void exptime_unread(ClauseContext& c) {
  if (core_reads_item_exptime(*c.client().v1())) {
    c.skip("the core reads this engine's exptime: item_info.key_flags_exptime checks it");
  }
  check_item_info(c, true);
}

void iovec(ClauseContext& c) {
  Held it(c, must_allocate(c, "k", 12));
  item_info info = info_of(c, it.get());
  c.require(
      c.expect_eq("nvalue", info.nvalue, 1) &&
      c.expect_true("value iovec base", info.value[0].iov_base != nullptr, "non-NULL", "NULL"));
  c.require(c.expect_eq("iov_len", info.value[0].iov_len, 12));
  // The core writes the value here; with the 1.6.0-beta1 layout the CRLF is data.
  std::memcpy(info.value[0].iov_base, "0123456789\r\n", 12);
  uint64_t cas = 0;
  EngineClient& cl = c.client();
  cl.v1()->item_set_cas(cl.handle(), &c.conn(), it.get(),
                        0);  // as the core does before every store
  CallOutcome st = cl.call(c.conn(), [&] {
    return cl.v1()->store(cl.handle(), &c.conn(), it.get(), &cas, OPERATION_SET, 0);
  });
  it.release();
  c.require(c.expect_status("store", st.status, ENGINE_SUCCESS));
  c.expect_value("k", std::string("0123456789\r\n").substr(0, 12 - c.client().crlf_bytes()));
}

void set_cas_visible(ClauseContext& c) {
  Held it(c, must_allocate(c, "k", 3));
  c.client().v1()->item_set_cas(c.client().handle(), &c.conn(), it.get(), 0x1234567890ull);
  c.expect_eq("cas after item_set_cas", info_of(c, it.get()).cas, 0x1234567890ull);
}

void e2big(ClauseContext& c) {
  ENGINE_ERROR_CODE status;
  Held it(c, allocate(c, "k", c.item_size_max() + 1, 0, 0, &status));
  c.expect_status("allocate nbytes=item_size_max+1", status, ENGINE_E2BIG);
}

void unstored(ClauseContext& c) {
  Held(c, must_allocate(c, "k", 3)).release();
  c.expect_missing("k");
  c.must_set("j", "v");
  Held(c, must_allocate(c, "j", 5)).release();
  c.expect_value("j", "v");
}

// Holds k's item, runs `change`, and checks the held item still reads "old".
void held_survives(ClauseContext& c, const std::string& what, void (*change)(ClauseContext&)) {
  c.must_set("k", "old");
  Held it(c, hold(c, "k"));
  change(c);
  c.expect_eq("the held item's value after " + what, value_of(info_of(c, it.get())),
              std::string("old\r\n").substr(0, 3 + c.client().crlf_bytes()));
}

}  // namespace

std::vector<Clause> item_clauses() {
  return {
      {"item.nbytes",
       "get_item_info reports nbytes as given to allocate (value + 2 for \\r\\n), before and after "
       "store.",
       "The core sends exactly nbytes bytes to the client; a wrong count corrupts the protocol "
       "stream.",
       "allocate nbytes=7: nbytes 7; set k=hello, get k: nbytes 7 and the bytes hello\\r\\n.",
       {},
       nbytes},
      {"item.allocate.e2big",
       "allocate with nbytes above the item size limit answers ENGINE_E2BIG.",
       "memcached answers E2BIG to the client, but the limit is the engine's: the core only "
       "hands -I to the engine as item_size_max in its config and never compares a value's "
       "length with it. An engine with a higher limit, or none, is within the rules.",
       "allocate nbytes = item_size_max + 1 (1 MiB + 3 by default): E2BIG.",
       {},
       e2big,
       Level::strict},
      {"item.allocate.unstored",
       "An allocated item that is released without store is never visible.",
       "The core allocates before reading the value; a client that disconnects mid-value must not "
       "leave half an item.",
       "allocate k and release it: get k misses; set j, allocate j and release: get j still "
       "returns v.",
       {},
       unstored},
      {"item.refcount.overwrite",
       "An item handed out by get stays valid and unchanged until released, even if the key is "
       "overwritten.",
       "The core sends the value from the item after the engine call; freeing it early sends "
       "garbage or crashes.",
       "set k=old, hold k, set k=new, the held item still reads old\\r\\n, release.",
       {},
       [](ClauseContext& c) {
         held_survives(c, "set k=new", [](ClauseContext& x) { x.must_set("k", "new"); });
       }},
      {"item.refcount.remove",
       "A held item stays valid after its key is removed.",
       "As for overwrite: a concurrent delete must not free memory the core is sending.",
       "set k=old, hold k, remove k, the held item still reads old\\r\\n, release, get k misses.",
       {},
       [](ClauseContext& c) {
         held_survives(c, "remove k", [](ClauseContext& x) {
           x.require(x.expect_ok("remove k", x.client().remove(x.conn(), "k")));
         });
         c.expect_missing("k");
       }},
      {"item.refcount.flush",
       "A held item stays valid after flush(0).",
       "flush_all runs while other connections are sending values.",
       "set k=old, hold k, flush(0), the held item still reads old\\r\\n, release, get k misses.",
       {},
       [](ClauseContext& c) {
         held_survives(c, "flush(0)", [](ClauseContext& x) {
           x.require(x.expect_ok("flush(0)", x.client().flush(x.conn(), 0)));
         });
         c.expect_missing("k");
       }},
      {"item_info.nvalue",
       "get_item_info honours nvalue: with 1 it uses 1 iovec and says so; with 0 it returns false.",
       "The core sizes its iovec array from nvalue; writing past it overruns the core's stack.",
       "hold k; get_item_info with nvalue=1 returns true and nvalue 1; with nvalue=0 returns "
       "false.",
       {},
       nvalue},
      {"item_info.key_flags_exptime",
       "get_item_info reports the key, nkey and flags given to allocate, and the exptime where "
       "the core reads it: for an engine with get_tap_iterator or without arithmetic.",
       "The core builds the response from key and flags; it reads the exptime only to ship a TAP "
       "mutation (ship_tap_log) and in its own incr/decr (internal_arithmetic).",
       "allocate a 9-byte binary key with flags 0x80000001 and an exptime: get_item_info reports "
       "the key, nkey and flags, and the exptime where the core reads it.",
       {},
       key_flags_exptime},
      {"item_info.exptime",
       "get_item_info reports the exptime given to allocate, also where the core never reads "
       "it.",
       "Nothing in memcached: no reply carries the exptime. A tool or a later core that reads it "
       "gets a wrong expiry.",
       "for an engine with arithmetic and without get_tap_iterator (SKIP otherwise: "
       "item_info.key_flags_exptime checks it), allocate with an exptime: get_item_info reports "
       "it.",
       {},
       exptime_unread,
       Level::strict},
      {"item_info.iovec",
       "The value iovec of an allocated item covers exactly nbytes of writable memory that store "
       "keeps.",
       "The core copies the client's data into that iovec; anything else loses or overruns data.",
       "allocate nbytes=12, write 0123456789\\r\\n through the iovec, store, get k returns "
       "0123456789.",
       {},
       iovec},
      {"item_set_cas.visible", "item_set_cas sets the CAS get_item_info then reports.",
       "The core sets the client's CAS on the item before store; lost, every cas becomes a set.",
       "allocate k, item_set_cas 0x1234567890, get_item_info reports that CAS.", ENGINE_FEATURE_CAS,
       set_cas_visible},
  };
}

}  // namespace enginesim::conformance
