// operation_text.cpp - the one codec of an operation's text, in its two
// spellings (history and workload, operation.h), and of a result's.
#include "harness/model/operation.h"

#include <cctype>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

#include "harness/model/text_codec.h"

namespace enginesim::model {
namespace {

// A key that needs no quotes in the workload spelling.
bool bare_ok(std::string_view key) {
  if (key.empty()) return false;
  for (unsigned char c : key) {
    if (c <= ' ' || c >= 0x7f || c == '"' || c == '\\' || c == '#') return false;
  }
  return true;
}

// "0x1b": an opcode as the binary protocol's tables write it.
std::string opcode_text(uint8_t opcode) {
  static const char kHex[] = "0123456789abcdef";
  return std::string("0x") + kHex[opcode >> 4] + kHex[opcode & 0xf];
}

void append_workload_text(std::string* s, const Operation& op) {
  *s += op_kind_name(op.kind, OpSyntax::workload);
  if (op.kind == OpKind::unknown) {
    *s += " " + opcode_text(op.opcode);
    return;
  }
  auto key = [&] {
    *s += ' ';
    if (bare_ok(op.key)) {
      *s += op.key;
    } else {
      append_quoted(s, op.key);
    }
  };
  if (op.kind == OpKind::stats && !op.key.empty()) return key();
  if (is_global(op.kind) || is_itemless(op.kind)) return;
  key();
  if (op.kind == OpKind::incr || op.kind == OpKind::decr) {
    append_field(s, " ", op.delta);
    return;
  }
  if (!is_store(op.kind)) return;
  *s += ' ';
  append_quoted(s, op.value);
  if (op.exptime != 0) append_field(s, " exptime=", op.exptime);
  if (op.flags != 0) append_field(s, " flags=", op.flags);
}

// The workload spelling's fields of a store: exptime=SECONDS and flags=N.
// (Tokens of the workload spelling keep "name=value" as one word.)
bool read_store_field(const Token& t, Operation* op, std::string* error) {
  const size_t eq = t.text.find('=');
  const std::string field = t.text.substr(0, eq);
  const auto number =
      t.quoted || eq == std::string::npos ? std::nullopt : parse_u64(t.text.substr(eq + 1));
  if (!number || *number > UINT32_MAX || (field != "exptime" && field != "flags")) {
    *error = "unexpected '" + t.text + "' (a store takes exptime=SECONDS and flags=N)";
    return false;
  }
  if (field == "exptime")
    op->exptime = static_cast<int64_t>(*number);
  else
    op->flags = static_cast<uint32_t>(*number);
  return true;
}

// "0x1b" or "27": an opcode of 0..255.
std::optional<uint8_t> parse_opcode(const Token& t) {
  if (t.quoted) return std::nullopt;
  std::optional<uint64_t> v;
  if (t.text.size() > 2 && t.text[0] == '0' && (t.text[1] == 'x' || t.text[1] == 'X')) {
    uint64_t x = 0;
    for (size_t i = 2; i < t.text.size(); ++i) {
      const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(t.text[i])));
      const auto digit = std::string_view("0123456789abcdef").find(c);
      if (digit == std::string_view::npos || x > 0xff) return std::nullopt;
      x = x * 16 + digit;
    }
    v = x;
  } else {
    v = parse_u64(t.text);
  }
  if (!v || *v > 0xff) return std::nullopt;
  return static_cast<uint8_t>(*v);
}

// stats [GROUP], reset_stats, unknown OPCODE, disconnect.
std::optional<Operation> parse_itemless_op(OpKind kind, const std::vector<Token>& t,
                                           std::string* error) {
  Operation op;
  op.kind = kind;
  if (kind == OpKind::stats && t.size() <= 2) {
    if (t.size() == 2) op.key = t[1].text;
    if (t.size() == 2 && (op.key.empty() || op.key.size() > 250)) {
      *error = "stats takes a group of 1..250 bytes or nothing";
      return std::nullopt;
    }
    return op;
  }
  if (kind == OpKind::unknown) {
    const auto opcode = t.size() == 2 ? parse_opcode(t[1]) : std::nullopt;
    if (!opcode) {
      *error = "unknown needs one opcode, 0x00..0xff or 0..255";
      return std::nullopt;
    }
    op.opcode = *opcode;
    return op;
  }
  if (t.size() == 1 && kind != OpKind::stats) return op;
  *error = std::string(op_kind_name(kind, OpSyntax::workload)) +
           (kind == OpKind::stats ? " takes at most a group" : " takes nothing");
  return std::nullopt;
}

std::optional<Operation> parse_workload_op(const std::vector<Token>& t, std::string* error) {
  const auto kind =
      t.empty() || t[0].quoted ? std::nullopt : op_kind_from_name(t[0].text, OpSyntax::workload);
  if (!kind) {
    *error = "unknown operation '" + (t.empty() ? std::string() : t[0].text) +
             "' (get, set, add, replace, append, prepend, delete, incr, decr, cas, flush, "
             "stats, reset_stats, unknown, disconnect)";
    return std::nullopt;
  }
  if (is_itemless(*kind)) return parse_itemless_op(*kind, t, error);
  Operation op;
  op.kind = *kind;
  const std::string name = op_kind_name(op.kind, OpSyntax::workload);
  auto fail = [&](std::string what) -> std::optional<Operation> {
    *error = std::move(what);
    return std::nullopt;
  };
  if (op.kind == OpKind::flush)
    return t.size() == 1 ? std::optional(op) : fail("flush takes nothing");
  if (t.size() < 2) return fail(name + " needs a key");
  op.key = t[1].text;
  if (op.kind == OpKind::get || op.kind == OpKind::remove) {
    return t.size() == 2 ? std::optional(op) : fail(name + " takes only a key");
  }
  if (op.kind == OpKind::incr || op.kind == OpKind::decr) {
    const auto delta = t.size() != 3 || t[2].quoted ? std::nullopt : parse_u64(t[2].text);
    if (!delta) return fail(name + " needs a key and a decimal delta");
    op.delta = *delta;
    return op;
  }
  if (t.size() < 3 || !t[2].quoted) return fail(name + " needs a key and a quoted \"value\"");
  op.value = t[2].text;
  for (size_t i = 3; i < t.size(); ++i) {
    if (!read_store_field(t[i], &op, error)) return std::nullopt;
  }
  return op;
}

// Which named fields each kind takes in the history spelling.
enum Field : unsigned {
  kFlags = 1,
  kExptime = 2,
  kCas = 4,
  kDelta = 8,
  kCreate = 16,
  kInitial = 32,
  kWhen = 64,
  kTo = 128,
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
    case OpKind::stats:
    case OpKind::reset_stats:
    case OpKind::unknown:
    case OpKind::disconnect: return 0;  // never in the history spelling
  }
  return 0;
}

}  // namespace

void append_text(std::string* s, const Operation& op, OpSyntax syntax) {
  // An itemless kind has only the workload spelling.
  if (syntax == OpSyntax::workload || is_itemless(op.kind)) return append_workload_text(s, op);
  *s += op_kind_name(op.kind);
  if (!is_global(op.kind)) {
    *s += ' ';
    append_quoted(s, op.key);
  }
  if (is_store(op.kind)) {
    *s += ' ';
    append_quoted(s, op.value);
  }
  const unsigned f = fields_of(op.kind);
  if ((f & kFlags) && op.flags != 0) append_field(s, " flags=", op.flags);
  if ((f & kDelta)) append_field(s, " delta=", op.delta);
  if ((f & kCreate) && op.create) *s += " create";
  if ((f & kInitial) && op.initial != 0) append_field(s, " initial=", op.initial);
  if ((f & kExptime) && op.exptime != 0) append_field(s, " exptime=", op.exptime);
  if ((f & kCas) && (op.cas != 0 || op.kind == OpKind::cas)) append_field(s, " cas=", op.cas);
  if ((f & kWhen) && op.flush_when != 0) append_field(s, " when=", op.flush_when);
  if (f & kTo) append_field(s, " to=", op.time);
}

std::string to_text(const Operation& op, OpSyntax syntax) {
  std::string s;
  append_text(&s, op, syntax);
  return s;
}

std::string to_text(const Result& r) {
  if (r.completion == Completion::pending) return "pending";
  if (r.completion == Completion::notify_lost) return "notify_lost";
  if (r.completion == Completion::disconnect) return "disconnect";
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
  struct Known {
    const char* name;
    Field field;
  };
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

std::optional<Operation> parse_operation(std::string_view text, std::string* error,
                                         OpSyntax syntax) {
  auto tokens = tokenize(text, error, syntax == OpSyntax::workload ? Names::keep : Names::split);
  if (!tokens) return std::nullopt;
  if (syntax == OpSyntax::workload) return parse_workload_op(*tokens, error);
  if (tokens->empty()) {
    *error = "missing operation (get, set, add, ... flush, advance_time)";
    return std::nullopt;
  }
  Operation op;
  const Token& head = (*tokens)[0];
  auto kind = head.quoted || !head.name.empty() ? std::nullopt : op_kind_from_name(head.text);
  if (!kind) {
    *error =
        "unknown operation '" + head.text +
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
    if ((*tokens)[0].text == "disconnect") return results::disconnect();
  }
  auto status =
      tokens->empty() || (*tokens)[0].quoted ? std::nullopt : status_from_text((*tokens)[0].text);
  if (!status) {
    *error =
        "a result starts with a status (ENGINE_SUCCESS, ENGINE_KEY_ENOENT, ...), "
        "'pending', 'notify_lost' or 'disconnect'";
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

}  // namespace enginesim::model
