// clauses_keys_values.cpp - binary and boundary-length keys, binary, empty
// and large values, and many keys at once.
#include <algorithm>

#include "harness/conformance/clause.h"
#include "harness/conformance/clause_context.h"

namespace enginesim::conformance {
namespace {

constexpr size_t kMiB = 1024 * 1024;
constexpr int kManyKeys = 2000;

std::string key_n(int i) { return "many:" + std::to_string(i); }
std::string value_n(int i) { return "value-" + std::to_string(i * 7919); }

void distinct_keys(ClauseContext& c, const std::vector<std::string>& keys) {
  for (size_t i = 0; i < keys.size(); ++i) c.must_set(keys[i], "v" + std::to_string(i));
  for (size_t i = 0; i < keys.size(); ++i) c.expect_value(keys[i], "v" + std::to_string(i));
}

void key_binary(ClauseContext& c) {
  distinct_keys(c, {std::string("a\0b", 3), std::string("a\0c", 3), std::string("\0", 1),
                    std::string("\0\0", 2), "a", "sp ace", "tab\there", "cr\r\nlf", "\xff\xfe\x80",
                    "%2F", "a/b"});
  c.expect_missing(std::string("a\0d", 3));
}

void key_path_like(ClauseContext& c) {
  distinct_keys(c,
                {".", "..", "../escape", "./x", "x/.", "a/b", "a/b/", "/abs", "//", "a\\b", "~"});
  c.expect_missing("escape");
  c.expect_missing("b");
}

void key_case(ClauseContext& c) { distinct_keys(c, {"key", "Key", "KEY", "kEy"}); }

void key_single_byte(ClauseContext& c) {
  std::vector<std::string> keys;
  for (int b = 0; b < 256; ++b) keys.emplace_back(1, static_cast<char>(b));
  distinct_keys(c, keys);
}

void key_max250(ClauseContext& c) {
  const std::string k250(250, 'k');
  c.must_set(k250, "long");
  c.expect_value(k250, "long");
  c.require(c.expect_ok("remove the 250-byte key", c.client().remove(c.conn(), k250)));
  c.expect_missing(k250);
}

// The core refuses longer keys itself (KEY_MAX_LENGTH): only an engine
// called by something else sees them, so the clause calls it directly.
void key_too_long_ops(ClauseContext& c) {
  c.client().set_core_checks(false);
  const std::string k251(251, 'k');
  c.expect_status("set a 251-byte key", c.store(OPERATION_SET, k251, "v"), ENGINE_EINVAL);
  c.expect_status("get a 251-byte key", c.get(k251), ENGINE_EINVAL);
  c.expect_status("remove a 251-byte key", c.client().remove(c.conn(), k251), ENGINE_EINVAL);
  c.expect_status("incr a 251-byte key with create",
                  c.client().arithmetic(c.conn(), k251, true, 1, true, 1), ENGINE_EINVAL);
}

void value_binary(ClauseContext& c) {
  std::string v;
  for (int b = 0; b < 256; ++b) v += static_cast<char>(b);
  v += "\r\n\r\n";
  c.must_set("k", v);
  c.expect_value("k", v);
}

void value_empty(ClauseContext& c) {
  c.must_set("k", "", 9);
  c.expect_value_flags("k", "", 9);
  c.require(c.expect_ok("append to the empty value", c.store(OPERATION_APPEND, "k", "x")));
  c.expect_value("k", "x");
}

std::string big_value(size_t n, char seed) {
  std::string v(n, '\0');
  for (size_t i = 0; i < n; ++i)
    v[i] = static_cast<char>((i * 131 + static_cast<size_t>(seed)) % 251);
  return v;
}

// Room an engine may take from item_size_max for its own item header, key
// and CAS: memcached's default engine counts the whole item against the limit.
constexpr size_t kItemOverheadMax = 1024;

void big(ClauseContext& c) {
  const size_t limit = c.item_size_max();
  if (limit < 4 * kItemOverheadMax) c.skip("item_size_max in the config is below 4 KiB");
  // The largest value every engine must take under its limit, at most 1 MiB.
  const size_t n = std::min(kMiB, limit - kItemOverheadMax);
  const std::string v = big_value(n, 1);
  c.must_set("big", v);
  c.expect_value("big", v);
  c.must_set("big", "small");
  c.expect_value("big", "small");
  const std::string w = big_value(n, 2);
  c.must_set("big", w);
  c.expect_value("big", w);
}

void big_limit(ClauseContext& c) {
  const size_t limit = c.item_size_max();
  if (limit < 2 || limit > 64 * kMiB) c.skip("item_size_max is outside 2 .. 64 MiB");
  const size_t crlf = c.client().crlf_bytes();  // nbytes = value + crlf is what is limited
  const std::string at = big_value(limit - crlf, 3), over = big_value(limit - crlf + 1, 4);
  c.must_set("k", at);
  c.expect_status("set a value of item_size_max-1 bytes", c.store(OPERATION_SET, "k", over),
                  ENGINE_E2BIG);
  // memcached removes the key after a binary SET's failed allocate ("Avoid
  // stale data persisting in cache because we failed alloc",
  // process_bin_update, memcached.c@82fb476), so the old value may be gone;
  // the refused one must never be there.
  OpResult r = c.get("k");
  if (r.status == ENGINE_KEY_ENOENT) return;
  if (c.expect_ok("get \"k\"", r)) c.expect_eq("get \"k\" value", r.value, at);
}

void many(ClauseContext& c) {
  for (int i = 0; i < kManyKeys; ++i) c.must_set(key_n(i), value_n(i));
  for (int i = 0; i < kManyKeys; ++i) {
    if (!c.expect_value(key_n(i), value_n(i))) return;
  }
}

void many_remove_half(ClauseContext& c) {
  for (int i = 0; i < kManyKeys; ++i) c.must_set(key_n(i), value_n(i));
  for (int i = 0; i < kManyKeys; i += 2) {
    c.require(c.expect_ok("remove " + key_n(i), c.client().remove(c.conn(), key_n(i))));
  }
  for (int i = 0; i < kManyKeys; ++i) {
    const bool ok = i % 2 == 0 ? c.expect_missing(key_n(i)) : c.expect_value(key_n(i), value_n(i));
    if (!ok) return;
  }
}

void many_flush(ClauseContext& c) {
  for (int i = 0; i < kManyKeys; ++i) c.must_set(key_n(i), value_n(i));
  c.require(c.expect_ok("flush(0)", c.client().flush(c.conn(), 0)));
  for (int i = 0; i < kManyKeys; ++i) {
    if (!c.expect_missing(key_n(i))) return;
  }
}

}  // namespace

std::vector<Clause> keys_values_clauses() {
  return {
      {"key.binary",
       "Keys are arbitrary bytes: NUL, spaces, CR LF, bytes >= 0x80 and '/' are part of the key.",
       "The binary protocol allows any key bytes; C-string handling truncates \"a\\0b\" to \"a\" "
       "and merges keys.",
       "set 11 keys with NULs, whitespace, CR LF, high bytes and '/', read each back; a\\0d "
       "misses.",
       {},
       key_binary},
      {"key.path_like",
       "Keys that look like paths (., .., ../x, a/b, /abs) are ordinary distinct keys.",
       "An engine that maps keys to files must not let a key escape its directory or alias another "
       "key.",
       "set 11 path-like keys, read each back; escape and b stay missing.",
       {},
       key_path_like},
      {"key.case",
       "Keys are case-sensitive.",
       "Case-folding file systems or hashes merge users' keys.",
       "set key, Key, KEY, kEy to distinct values and read each back.",
       {},
       key_case},
      {"key.single_byte",
       "Every one-byte key (all 256 byte values) is a distinct key.",
       "Shortest keys exercise NUL, '/', '.' and the escape paths of key encodings.",
       "set the 256 one-byte keys to distinct values, read each back.",
       {},
       key_single_byte},
      {"key.max250",
       "A 250-byte key (memcached's KEY_MAX_LENGTH) can be stored, read and removed.",
       "The core passes keys of up to 250 bytes to the engine; an engine with a smaller bound "
       "refuses legal keys.",
       "set and get a 250-byte key, remove it, it misses.",
       {},
       key_max250},
      {"key.too_long.ops",
       "Called directly with a key above 250 bytes, allocate, get, remove and arithmetic answer "
       "ENGINE_EINVAL.",
       "memcached refuses such keys before the engine sees them; an engine hosted by a core that "
       "does not may overflow fixed buffers.",
       "with the core's own key check off: set, get, remove and incr-with-create of a 251-byte "
       "key: EINVAL each.",
       {},
       key_too_long_ops,
       Level::strict},
      {"value.binary",
       "Values are arbitrary bytes, including NUL and \\r\\n in the middle.",
       "Serialized objects and compressed data contain every byte value.",
       "set k to the 256 byte values followed by \\r\\n\\r\\n, read it back byte for byte.",
       {},
       value_binary},
      {"value.empty",
       "An empty value (nbytes = 2) is stored and read back as empty, and can be appended to.",
       "Empty values are used as markers and flags-only entries.",
       "set k to \"\" with flags 9, get k returns \"\" and 9; append x gives x.",
       {},
       value_empty},
      {"big.value",
       "A value 1 KiB short of item_size_max (at most 1 MiB) is stored and read back byte for "
       "byte, and can be overwritten.",
       "Large values cross buffer, page and file-write boundaries where partial writes hide. "
       "memcached's limit is on the whole item (its default engine counts header, key and CAS), so "
       "the clause leaves 1 KiB of room.",
       "set a patterned value of min(1 MiB, item_size_max - 1 KiB) bytes, read it back; overwrite "
       "with a small one, then another.",
       {},
       big},
      {"big.value.limit",
       "A value of item_size_max - 2 bytes fits; one byte more answers ENGINE_E2BIG and never "
       "replaces the old value (memcached's core may remove it: process_bin_update calls remove "
       "after a SET's failed allocate).",
       "An exact limit on the value is tidy, but memcached's core does not check sizes and its "
       "default engine limits the whole item (header included), so a value near the limit may be "
       "refused.",
       "set k to item_size_max-2 bytes; set k to item_size_max-1 bytes: E2BIG; get k returns the "
       "first or misses.",
       {},
       big_limit,
       Level::strict},
      {"many.keys",
       "2,000 keys stored one after another are all readable with their own values.",
       "Hash collisions, resizing and directory fan-out only show with many keys.",
       "set many:0..1999, get each and compare.",
       {},
       many},
      {"many.keys.remove_half",
       "Removing every second of 2,000 keys removes exactly those.",
       "Removal in a resized or collided structure must not take neighbours with it.",
       "set 2,000 keys, remove the even ones, the even ones miss and the odd ones read back.",
       {},
       many_remove_half},
      {"many.keys.flush",
       "flush(0) removes all of 2,000 keys.",
       "Flush must reach every bucket, file and shard.",
       "set 2,000 keys, flush(0), every key misses.",
       {},
       many_flush},
  };
}

}  // namespace enginesim::conformance
