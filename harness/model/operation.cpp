// operation.cpp - the names of operation kinds and statuses, and the builders
// of operations and results (their text forms: operation_text.cpp).
#include "harness/model/operation.h"

#include <array>
#include <utility>

namespace enginesim::model {
namespace {

constexpr std::array<std::pair<OpKind, const char*>, 16> kKinds = {{
    {OpKind::get, "get"},
    {OpKind::add, "add"},
    {OpKind::set, "set"},
    {OpKind::replace, "replace"},
    {OpKind::append, "append"},
    {OpKind::prepend, "prepend"},
    {OpKind::cas, "cas"},
    {OpKind::remove, "remove"},
    {OpKind::incr, "incr"},
    {OpKind::decr, "decr"},
    {OpKind::flush, "flush"},
    {OpKind::advance_time, "advance_time"},
    {OpKind::stats, "stats"},
    {OpKind::reset_stats, "reset_stats"},
    {OpKind::unknown, "unknown"},
    {OpKind::disconnect, "disconnect"},
}};

constexpr std::array<std::pair<ENGINE_ERROR_CODE, const char*>, 15> kStatuses = {{
    {ENGINE_SUCCESS, "ENGINE_SUCCESS"},
    {ENGINE_KEY_ENOENT, "ENGINE_KEY_ENOENT"},
    {ENGINE_KEY_EEXISTS, "ENGINE_KEY_EEXISTS"},
    {ENGINE_ENOMEM, "ENGINE_ENOMEM"},
    {ENGINE_NOT_STORED, "ENGINE_NOT_STORED"},
    {ENGINE_EINVAL, "ENGINE_EINVAL"},
    {ENGINE_ENOTSUP, "ENGINE_ENOTSUP"},
    {ENGINE_EWOULDBLOCK, "ENGINE_EWOULDBLOCK"},
    {ENGINE_E2BIG, "ENGINE_E2BIG"},
    {ENGINE_WANT_MORE, "ENGINE_WANT_MORE"},
    {ENGINE_DISCONNECT, "ENGINE_DISCONNECT"},
    {ENGINE_EACCESS, "ENGINE_EACCESS"},
    {ENGINE_NOT_MY_VBUCKET, "ENGINE_NOT_MY_VBUCKET"},
    {ENGINE_TMPFAIL, "ENGINE_TMPFAIL"},
    {ENGINE_FAILED, "ENGINE_FAILED"},
}};

}  // namespace

const char* op_kind_name(OpKind kind, OpSyntax syntax) {
  if (syntax == OpSyntax::workload && kind == OpKind::remove) return "delete";
  for (const auto& [k, name] : kKinds) {
    if (k == kind) return name;
  }
  return "?";
}

std::optional<OpKind> op_kind_from_name(std::string_view name, OpSyntax syntax) {
  for (const auto& [k, n] : kKinds) {
    if (syntax == OpSyntax::workload && k == OpKind::advance_time) continue;
    if (syntax == OpSyntax::history && is_itemless(k)) continue;
    if (name == op_kind_name(k, syntax)) return k;
  }
  return std::nullopt;
}

bool is_global(OpKind kind) { return kind == OpKind::flush || kind == OpKind::advance_time; }

bool is_itemless(OpKind kind) {
  return kind == OpKind::stats || kind == OpKind::reset_stats || kind == OpKind::unknown ||
         kind == OpKind::disconnect;
}

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

Operation as_judged(Operation op) {
  if (op.kind == OpKind::append || op.kind == OpKind::prepend) {
    op.flags = 0;
    op.exptime = 0;
  }
  return op;
}

namespace ops {
Operation get(std::string key) {
  Operation op;
  op.key = std::move(key);
  return op;
}
Operation store(OpKind kind, std::string key, std::string value, uint32_t flags, int64_t exptime,
                uint64_t cas) {
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
Operation arithmetic(bool increment, std::string key, uint64_t delta, bool create, uint64_t initial,
                     int64_t exptime) {
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
Operation stats(std::string group) {
  Operation op;
  op.kind = OpKind::stats;
  op.key = std::move(group);
  return op;
}
Operation reset_stats() {
  Operation op;
  op.kind = OpKind::reset_stats;
  return op;
}
Operation unknown(uint8_t opcode) {
  Operation op;
  op.kind = OpKind::unknown;
  op.opcode = opcode;
  return op;
}
Operation disconnect() {
  Operation op;
  op.kind = OpKind::disconnect;
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
Result disconnect() {
  Result r;
  r.completion = Completion::disconnect;
  return r;
}
}  // namespace results

}  // namespace enginesim::model
