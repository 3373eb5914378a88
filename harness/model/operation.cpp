// operation.cpp - names, builders and the text forms of operations and results.
#include "harness/model/operation.h"

#include <array>
#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

#include "harness/model/text_codec.h"

namespace enginesim::model {
namespace {

constexpr std::array<std::pair<OpKind, const char*>, 12> kKinds = {{
    {OpKind::get, "get"}, {OpKind::add, "add"}, {OpKind::set, "set"},
    {OpKind::replace, "replace"}, {OpKind::append, "append"}, {OpKind::prepend, "prepend"},
    {OpKind::cas, "cas"}, {OpKind::remove, "remove"}, {OpKind::incr, "incr"},
    {OpKind::decr, "decr"}, {OpKind::flush, "flush"}, {OpKind::advance_time, "advance_time"},
}};

constexpr std::array<std::pair<ENGINE_ERROR_CODE, const char*>, 15> kStatuses = {{
    {ENGINE_SUCCESS, "ENGINE_SUCCESS"}, {ENGINE_KEY_ENOENT, "ENGINE_KEY_ENOENT"},
    {ENGINE_KEY_EEXISTS, "ENGINE_KEY_EEXISTS"}, {ENGINE_ENOMEM, "ENGINE_ENOMEM"},
    {ENGINE_NOT_STORED, "ENGINE_NOT_STORED"}, {ENGINE_EINVAL, "ENGINE_EINVAL"},
    {ENGINE_ENOTSUP, "ENGINE_ENOTSUP"}, {ENGINE_EWOULDBLOCK, "ENGINE_EWOULDBLOCK"},
    {ENGINE_E2BIG, "ENGINE_E2BIG"}, {ENGINE_WANT_MORE, "ENGINE_WANT_MORE"},
    {ENGINE_DISCONNECT, "ENGINE_DISCONNECT"}, {ENGINE_EACCESS, "ENGINE_EACCESS"},
    {ENGINE_NOT_MY_VBUCKET, "ENGINE_NOT_MY_VBUCKET"}, {ENGINE_TMPFAIL, "ENGINE_TMPFAIL"},
    {ENGINE_FAILED, "ENGINE_FAILED"},
}};

// Which named fields each kind takes.
enum Field : unsigned {
  kFlags = 1, kExptime = 2, kCas = 4, kDelta = 8, kCreate = 16, kInitial = 32,
  kWhen = 64, kTo = 128,
};

unsigned fields_of(OpKind kind) {
  switch (kind) {
    case OpKind::get: return 0;
    case OpKind::add:
    case OpKind::replace:
    case OpKind::append:
    case OpKind::prepend: return kFlags | kExptime;
    case OpKind::set:
    case OpKind::cas: return kFlags | kExptime | kCas;
    case OpKind::remove: return kCas;
    case OpKind::incr:
    case OpKind::decr: return kDelta | kCreate | kInitial | kExptime;
    case OpKind::flush: return kWhen;
    case OpKind::advance_time: return kTo;
  }
  return 0;
}

}  // namespace

const char* op_kind_name(OpKind kind) {
  for (const auto& [k, name] : kKinds) {
    if (k == kind) return name;
  }
  return "?";
}

std::optional<OpKind> op_kind_from_name(std::string_view name) {
  for (const auto& [k, n] : kKinds) {
    if (name == n) return k;
  }
  return std::nullopt;
}

bool is_global(OpKind kind) { return kind == OpKind::flush || kind == OpKind::advance_time; }

bool is_store(OpKind kind) {
  return kind == OpKind::add || kind == OpKind::set || kind == OpKind::replace ||
         kind == OpKind::append || kind == OpKind::prepend || kind == OpKind::cas;
}

std::string status_text(ENGINE_ERROR_CODE status) {
  for (const auto& [s, name] : kStatuses) {
    if (s == status) return name;
  }
  return "ENGINE_ERROR_CODE(" + std::to_string(static_cast<unsigned>(status)) + ")";
}

std::optional<ENGINE_ERROR_CODE> status_from_text(std::string_view name) {
  for (const auto& [s, n] : kStatuses) {
    if (name == n) return s;
  }
  return std::nullopt;
}

std::string to_text(const Operation& op) {
  std::string s = op_kind_name(op.kind);
  if (!is_global(op.kind)) s += " " + quote(op.key);
  if (is_store(op.kind)) s += " " + quote(op.value);
  const unsigned f = fields_of(op.kind);
  if ((f & kFlags) && op.flags != 0) s += " flags=" + std::to_string(op.flags);
  if ((f & kDelta)) s += " delta=" + std::to_string(op.delta);
  if ((f & kCreate) && op.create) s += " create";
  if ((f & kInitial) && op.initial != 0) s += " initial=" + std::to_string(op.initial);
  if ((f & kExptime) && op.exptime != 0) s += " exptime=" + std::to_string(op.exptime);
  if ((f & kCas) && (op.cas != 0 || op.kind == OpKind::cas)) s += " cas=" + std::to_string(op.cas);
  if ((f & kWhen) && op.flush_when != 0) s += " when=" + std::to_string(op.flush_when);
  if (f & kTo) s += " to=" + std::to_string(op.time);
  return s;
}

std::string to_text(const Result& r) {
  if (r.completion == Completion::pending) return "pending";
  if (r.completion == Completion::notify_lost) return "notify_lost";
  std::string s = status_text(r.status);
  if (!r.value.empty()) s += " value=" + quote(r.value);
  if (r.flags != 0) s += " flags=" + std::to_string(r.flags);
  if (r.number != 0) s += " number=" + std::to_string(r.number);
  if (r.cas != 0) s += " cas=" + std::to_string(r.cas);
  if (r.exptime) s += " exptime=" + std::to_string(*r.exptime);
  return s;
}

namespace {

// Reads one numeric field into *out; false with *error on a bad number.
template <class T>
bool read_number(const Token& t, T* out, std::string* error) {
  std::optional<T> v;
  if constexpr (std::is_signed_v<T>) {
    auto x = parse_i64(t.text);
    if (x) v = static_cast<T>(*x);
  } else {
    auto x = parse_u64(t.text);
    if (x && *x <= std::numeric_limits<T>::max()) v = static_cast<T>(*x);
  }
  if (!v || t.quoted) {
    *error = t.name + "= takes a whole number, got '" + t.text + "'";
    return false;
  }
  *out = *v;
  return true;
}

bool read_field(const Token& t, unsigned allowed, Operation* op, std::string* error) {
  struct Known { const char* name; Field field; };
  static constexpr Known kKnown[] = {{"flags", kFlags}, {"exptime", kExptime}, {"cas", kCas},
                                     {"delta", kDelta}, {"initial", kInitial}, {"when", kWhen},
                                     {"to", kTo}};
  const std::string name = t.name.empty() ? t.text : t.name;
  if (t.name.empty() && name == "create" && !t.quoted && (allowed & kCreate)) {
    op->create = true;
    return true;
  }
  for (const Known& k : kKnown) {
    if (name != k.name || t.name.empty()) continue;
    if (!(allowed & k.field)) {
      *error = name + "= is not a field of " + op_kind_name(op->kind);
      return false;
    }
    switch (k.field) {
      case kFlags: return read_number(t, &op->flags, error);
      case kExptime: return read_number(t, &op->exptime, error);
      case kCas: return read_number(t, &op->cas, error);
      case kDelta: return read_number(t, &op->delta, error);
      case kInitial: return read_number(t, &op->initial, error);
      case kWhen: return read_number(t, &op->flush_when, error);
      case kTo: return read_number(t, &op->time, error);
      default: break;
    }
  }
  *error = "unexpected '" + (t.name.empty() ? t.text : t.name + "=") + "' in a " +
           op_kind_name(op->kind) + " operation";
  return false;
}

}  // namespace

std::optional<Operation> parse_operation(std::string_view text, std::string* error) {
  auto tokens = tokenize(text, error);
  if (!tokens) return std::nullopt;
  if (tokens->empty()) {
    *error = "missing operation (get, set, add, ... flush, advance_time)";
    return std::nullopt;
  }
  Operation op;
  const Token& head = (*tokens)[0];
  auto kind = head.quoted || !head.name.empty() ? std::nullopt : op_kind_from_name(head.text);
  if (!kind) {
    *error = "unknown operation '" + head.text +
             "' (one of get add set replace append prepend cas remove incr decr flush advance_time)";
    return std::nullopt;
  }
  op.kind = *kind;
  size_t i = 1;
  const size_t positional = is_global(op.kind) ? 0 : is_store(op.kind) ? 2 : 1;
  for (; i <= positional; ++i) {
    const char* what = i == 1 ? "key" : "value";
    if (i >= tokens->size() || !(*tokens)[i].quoted || !(*tokens)[i].name.empty()) {
      *error = std::string(op_kind_name(op.kind)) + " needs a quoted " + what + " (e.g. \"k\")";
      return std::nullopt;
    }
    (i == 1 ? op.key : op.value) = (*tokens)[i].text;
  }
  for (; i < tokens->size(); ++i) {
    if (!read_field((*tokens)[i], fields_of(op.kind), &op, error)) return std::nullopt;
  }
  return op;
}

std::optional<Result> parse_result(std::string_view text, std::string* error) {
  auto tokens = tokenize(text, error);
  if (!tokens) return std::nullopt;
  Result r;
  if (tokens->size() == 1 && !(*tokens)[0].quoted && (*tokens)[0].name.empty()) {
    if ((*tokens)[0].text == "pending") return results::pending();
    if ((*tokens)[0].text == "notify_lost") return results::notify_lost();
  }
  auto status = tokens->empty() || (*tokens)[0].quoted ? std::nullopt
                                                       : status_from_text((*tokens)[0].text);
  if (!status) {
    *error = "a result starts with a status (ENGINE_SUCCESS, ENGINE_KEY_ENOENT, ...), "
             "'pending' or 'notify_lost'";
    return std::nullopt;
  }
  r.status = *status;
  for (size_t i = 1; i < tokens->size(); ++i) {
    const Token& t = (*tokens)[i];
    bool ok = true;
    if (t.name == "value" && t.quoted) {
      r.value = t.text;
    } else if (t.name == "flags") {
      ok = read_number(t, &r.flags, error);
    } else if (t.name == "cas") {
      ok = read_number(t, &r.cas, error);
    } else if (t.name == "number") {
      ok = read_number(t, &r.number, error);
    } else if (t.name == "exptime") {
      uint32_t e = 0;
      ok = read_number(t, &e, error);
      r.exptime = e;
    } else {
      *error = "unexpected '" + (t.name.empty() ? t.text : t.name + "=") +
               "' in a result (fields: value=\"...\" flags= cas= number= exptime=)";
      return std::nullopt;
    }
    if (!ok) return std::nullopt;
  }
  return r;
}

namespace ops {
Operation get(std::string key) {
  Operation op;
  op.key = std::move(key);
  return op;
}
Operation store(OpKind kind, std::string key, std::string value, uint32_t flags,
                int64_t exptime, uint64_t cas) {
  Operation op;
  op.kind = kind;
  op.key = std::move(key);
  op.value = std::move(value);
  op.flags = flags;
  op.exptime = exptime;
  op.cas = cas;
  return op;
}
Operation set(std::string key, std::string value, uint32_t flags, int64_t exptime) {
  return store(OpKind::set, std::move(key), std::move(value), flags, exptime);
}
Operation add(std::string key, std::string value, uint32_t flags, int64_t exptime) {
  return store(OpKind::add, std::move(key), std::move(value), flags, exptime);
}
Operation replace(std::string key, std::string value, uint32_t flags, int64_t exptime) {
  return store(OpKind::replace, std::move(key), std::move(value), flags, exptime);
}
Operation append(std::string key, std::string value) {
  return store(OpKind::append, std::move(key), std::move(value));
}
Operation prepend(std::string key, std::string value) {
  return store(OpKind::prepend, std::move(key), std::move(value));
}
Operation cas(std::string key, std::string value, uint64_t cas, uint32_t flags, int64_t exptime) {
  return store(OpKind::cas, std::move(key), std::move(value), flags, exptime, cas);
}
Operation remove(std::string key, uint64_t cas) {
  Operation op;
  op.kind = OpKind::remove;
  op.key = std::move(key);
  op.cas = cas;
  return op;
}
Operation arithmetic(bool increment, std::string key, uint64_t delta, bool create,
                     uint64_t initial, int64_t exptime) {
  Operation op;
  op.kind = increment ? OpKind::incr : OpKind::decr;
  op.key = std::move(key);
  op.delta = delta;
  op.create = create;
  op.initial = initial;
  op.exptime = exptime;
  return op;
}
Operation incr(std::string key, uint64_t delta) {
  return arithmetic(true, std::move(key), delta, false, 0);
}
Operation decr(std::string key, uint64_t delta) {
  return arithmetic(false, std::move(key), delta, false, 0);
}
Operation flush(int64_t when) {
  Operation op;
  op.kind = OpKind::flush;
  op.flush_when = when;
  return op;
}
Operation advance_time(uint32_t to) {
  Operation op;
  op.kind = OpKind::advance_time;
  op.time = to;
  return op;
}
}  // namespace ops

namespace results {
Result status(ENGINE_ERROR_CODE s) {
  Result r;
  r.status = s;
  return r;
}
Result stored(uint64_t cas) {
  Result r;
  r.cas = cas;
  return r;
}
Result value(std::string value, uint64_t cas, uint32_t flags) {
  Result r;
  r.value = std::move(value);
  r.cas = cas;
  r.flags = flags;
  return r;
}
Result number(uint64_t number, uint64_t cas) {
  Result r;
  r.number = number;
  r.cas = cas;
  return r;
}
Result pending() {
  Result r;
  r.completion = Completion::pending;
  return r;
}
Result notify_lost() {
  Result r;
  r.completion = Completion::notify_lost;
  return r;
}
}  // namespace results

}  // namespace enginesim::model
