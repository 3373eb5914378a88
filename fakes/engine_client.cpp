// engine_client.cpp - client operations performed the way the real core
// performs them against an engine.
#include "engine_client.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

#include "enginesim/check.h"

namespace enginesim {

namespace {
constexpr std::string_view kCrLf = "\r\n";

// ADD_STAT and ADD_RESPONSE carry only the cookie (and may come from any
// engine thread): the connection points at the result being filled.
Connection* sink_owner(const void* cookie) {
  Core* core = Core::active();
  return core ? core->from_cookie(cookie) : nullptr;
}

void add_stat(const char* key, const uint16_t klen, const char* val, const uint32_t vlen,
              const void* cookie) {
  Connection* conn = sink_owner(cookie);
  auto* sink = conn ? static_cast<StatsResult*>(conn->stats_sink.load()) : nullptr;
  if (sink == nullptr) return;  // a late call: ignored, the monitor reports it
  sink->stats.emplace_back(std::string(key ? key : "", key ? klen : 0),
                           std::string(val ? val : "", val ? vlen : 0));
}

bool add_response(const void* key, uint16_t keylen, const void* ext, uint8_t extlen,
                  const void* body, uint32_t bodylen, uint8_t datatype, uint16_t status,
                  uint64_t cas, const void* cookie) {
  Connection* conn = sink_owner(cookie);
  auto* sink = conn ? static_cast<UnknownCommandResult*>(conn->response_sink.load()) : nullptr;
  if (sink == nullptr) return false;
  Response r;
  if (key) r.key.assign(static_cast<const char*>(key), keylen);
  if (ext) r.ext.assign(static_cast<const char*>(ext), extlen);
  if (body) r.body.assign(static_cast<const char*>(body), bodylen);
  r.datatype = datatype;
  r.status = status;
  r.cas = cas;
  sink->responses.push_back(std::move(r));
  return true;
}
// One client command on `conn`, as one libevent event of memcached: the
// outermost fires ON_SWITCH_CONN (event_handler, memcached.c@82fb476:5239);
// the core's own calls inside it (internal_arithmetic's get and store) do not.
class CommandScope {
 public:
  CommandScope(Core& core, Connection& conn) : conn_(conn) {
    if (conn_.command_depth++ == 0) core.switch_conn(conn_);
  }
  ~CommandScope() { --conn_.command_depth; }
  CommandScope(const CommandScope&) = delete;
  CommandScope& operator=(const CommandScope&) = delete;

 private:
  Connection& conn_;
};

}  // namespace

EngineClient::EngineClient(Core& core, ENGINE_HANDLE* handle)
    : core_(core), handle_(handle), v1_(reinterpret_cast<ENGINE_HANDLE_V1*>(handle)) {
  ES_CHECK(handle != nullptr);
  ES_CHECK(handle->interface == 1);
}

size_t EngineClient::crlf_bytes() const {
  return core_.conventions().value_crlf ? kCrLf.size() : 0;
}

rel_time_t EngineClient::engine_exptime(time_t exptime) {
  if (core_.conventions().exptime_converted_by_core) return core_.clock().realtime(exptime);
  // The raw client value, as the core's protocol parser read it.
  return static_cast<rel_time_t>(exptime);
}

bool EngineClient::refused_key(std::string_view key, OpResult& out) const {
  if (!core_checks_ || key.size() <= core_.conventions().key_max_bytes) return false;
  // memcached answers CLIENT_ERROR (ascii) or EINVAL (binary) itself.
  out.status = ENGINE_EINVAL;
  out.refused_by_core = true;
  return true;
}

bool EngineClient::read_item(Connection& conn, const item* it, OpResult& out) {
  item_info info{};
  info.nvalue = 1;
  if (!v1_->get_item_info(handle_, &conn, it, &info)) {
    out.problem = "get_item_info returned false for an item the engine handed out";
    return false;
  }
  if (info.nvalue != 1) {
    out.problem =
        "get_item_info used " + std::to_string(info.nvalue) + " iovecs but the core offered 1";
    return false;
  }
  const size_t crlf = crlf_bytes();
  if (info.nbytes < crlf) {
    out.problem =
        "item nbytes " + std::to_string(info.nbytes) + " is shorter than the trailing \\r\\n";
    return false;
  }
  if (info.value[0].iov_len != info.nbytes ||
      (info.value[0].iov_base == nullptr && info.nbytes > 0)) {
    out.problem = "value iovec covers " + std::to_string(info.value[0].iov_len) +
                  " bytes but nbytes is " + std::to_string(info.nbytes);
    return false;
  }
  std::string raw(info.nbytes == 0 ? "" : static_cast<const char*>(info.value[0].iov_base),
                  info.nbytes);
  if (crlf > 0 && raw.compare(raw.size() - 2, 2, kCrLf) != 0) {
    out.problem = "value does not end with \\r\\n";
    return false;
  }
  raw.resize(raw.size() - crlf);
  out.value = std::move(raw);
  out.flags = info.flags;
  out.exptime = info.exptime;
  out.cas = info.cas;
  return true;
}

OpResult EngineClient::get(Connection& conn, std::string_view key) {
  CommandScope command(core_, conn);
  OpResult out;
  if (refused_key(key, out)) return out;
  item* it = nullptr;
  // process_bin_get: get, then get_item_info, under the worker lock; the
  // item is released after the answer is written (conn_mwrite), outside it.
  WorkerLock region(conn);
  CallOutcome call_out = call(conn, region, [&] {
    it = nullptr;
    return v1_->get(handle_, &conn, &it, key.data(), static_cast<int>(key.size()), 0);
  });
  out.status = call_out.status;
  out.notify_lost = call_out.notify_lost;
  out.blocks = call_out.blocks;
  if (out.status != ENGINE_SUCCESS) return out;
  if (it == nullptr) {
    out.problem = "get returned ENGINE_SUCCESS without an item";
    out.status = ENGINE_FAILED;
    return out;
  }
  if (!read_item(conn, it, out)) out.status = ENGINE_FAILED;
  region.unlock();
  v1_->release(handle_, &conn, it);
  return out;
}

OpResult EngineClient::store(Connection& conn, ENGINE_STORE_OPERATION op, std::string_view key,
                             std::string_view value, uint32_t flags, time_t exptime, uint64_t cas) {
  CommandScope command(core_, conn);
  OpResult out;
  if (refused_key(key, out)) return out;
  // The binary protocol's SET, ADD and REPLACE carry a CAS; with one the core
  // asks the engine for OPERATION_CAS (memcached.c process_bin_update).
  if (core_checks_ && cas != 0 &&
      (op == OPERATION_SET || op == OPERATION_ADD || op == OPERATION_REPLACE)) {
    op = OPERATION_CAS;
  }
  return store_item(conn, op, key, value, flags, engine_exptime(exptime), cas,
                    StoreSteps::client_update);
}

OpResult EngineClient::store_item(Connection& conn, ENGINE_STORE_OPERATION op, std::string_view key,
                                  std::string_view value, uint32_t flags, rel_time_t engine_exp,
                                  uint64_t cas, StoreSteps steps) {
  OpResult out;
  // PROTOCOL_BINARY_CMD_SET, with a CAS or not (a CAS store is a binary SET
  // with one, as clients send it).
  const bool binary_set = op == OPERATION_SET || op == OPERATION_CAS;
  const bool by_client = steps == StoreSteps::client_update;
  item* it = nullptr;
  const size_t crlf = crlf_bytes();
  const size_t nbytes = value.size() + crlf;
  // Two regions under the worker lock, as memcached's binary store: the
  // header's (process_bin_update: allocate, get_item_info, item_set_cas),
  // then, once the value is read into the item, the store's
  // (complete_update_bin: store, release).
  WorkerLock region(conn);
  CallOutcome alloc = call(conn, region, [&] {
    it = nullptr;
    return v1_->allocate(handle_, &conn, &it, key.data(), key.size(), nbytes,
                         static_cast<int>(flags), engine_exp);
  });
  out.blocks = alloc.blocks;
  if (alloc.status != ENGINE_SUCCESS || it == nullptr) {
    out.status = alloc.status == ENGINE_SUCCESS ? ENGINE_FAILED : alloc.status;
    out.notify_lost = alloc.notify_lost;
    if (alloc.status == ENGINE_SUCCESS)
      out.problem = "allocate returned ENGINE_SUCCESS without an item";
    // process_bin_update answers E2BIG or ENOMEM and, for a SET, removes the
    // key with the request's CAS ("Avoid stale data persisting in cache
    // because we failed alloc"), ignoring the answer and never waiting for
    // it ("@todo fix this for the ASYNC interface!"). Not after DISCONNECT,
    // which closes the connection, nor after a lost notify, where memcached
    // would still be waiting.
    if (by_client && core_checks_ && binary_set && alloc.status != ENGINE_SUCCESS &&
        alloc.status != ENGINE_DISCONNECT && !alloc.notify_lost) {
      call_unwaited(conn,
                    [&] { return v1_->remove(handle_, &conn, key.data(), key.size(), cas, 0); });
    }
    // internal_arithmetic answers ENOMEM for any failed allocate.
    if (!by_client && !alloc.notify_lost) out.status = ENGINE_ENOMEM;
    return out;
  }
  item_info info{};
  if (!item_value(conn, it, nbytes, info)) {
    out.problem = "get_item_info on a freshly allocated item did not describe one iovec of " +
                  std::to_string(nbytes) + " bytes";
    out.status = ENGINE_FAILED;
    v1_->release(handle_, &conn, it);
    return out;
  }
  // Always, with 0 when the client sent none: an engine that reuses item
  // memory relies on it (memcached.c process_update_command, process_bin_update).
  // Not for the counter internal_arithmetic creates (it sets none).
  if (steps != StoreSteps::core_arithmetic_create) v1_->item_set_cas(handle_, &conn, it, cas);
  region.unlock();
  // conn_nread reads the value into the item outside the lock.
  char* dst = static_cast<char*>(info.value[0].iov_base);
  if (!value.empty()) std::memcpy(dst, value.data(), value.size());
  region.lock();
  // complete_update_bin, entered once per round: get_item_info, the "\r\n"
  // written into the value's end (2010 core only), then store unless a
  // notify's failure answered the block (`c->aiostat`), in which case the
  // entry reads the item and does not store.
  bool info_failed = false;
  auto enter_complete_update = [&] {
    // The core trusts the answer, as memcached does: no size check here.
    item_info again{};
    again.nvalue = 1;
    if (!v1_->get_item_info(handle_, &conn, it, &again)) {
      info_failed = true;
      return false;
    }
    const iovec& v = again.value[0];
    if (crlf > 0 && v.iov_base != nullptr && v.iov_len >= crlf) {
      // Written only where the bytes differ: the same bytes end up there as
      // memcached's unconditional write leaves, and a re-call does not write
      // over an item an engine thread may still be reading (only an engine
      // that misbehaves does; under ci/tsan that race would read as ours).
      char* end = static_cast<char*>(v.iov_base) + v.iov_len - crlf;
      if (std::memcmp(end, kCrLf.data(), crlf) != 0) std::memcpy(end, kCrLf.data(), crlf);
    }
    return true;
  };
  uint64_t new_cas = 0;
  CallOutcome st = call(conn, region, [&] {
    if (!enter_complete_update()) return ENGINE_FAILED;
    return v1_->store(handle_, &conn, it, &new_cas, op, 0);
  });
  if (st.from_notify) enter_complete_update();
  v1_->release(handle_, &conn, it);
  out.status = st.status;
  out.notify_lost = st.notify_lost;
  out.blocks += st.blocks;
  out.cas = st.status == ENGINE_SUCCESS ? new_cas : 0;
  if (info_failed) {
    // memcached answers EINTERNAL ("Failed to get item info") and releases.
    out.problem = "get_item_info returned false before store, for the item allocate made";
    out.status = ENGINE_FAILED;
    out.cas = 0;
  }
  return out;
}

bool EngineClient::item_value(Connection& conn, const item* it, size_t nbytes, item_info& info) {
  info = item_info{};
  info.nvalue = 1;
  return v1_->get_item_info(handle_, &conn, it, &info) && info.nvalue == 1 &&
         info.nbytes == nbytes && info.value[0].iov_len == nbytes &&
         (info.value[0].iov_base != nullptr || nbytes == 0);
}

OpResult EngineClient::remove(Connection& conn, std::string_view key, uint64_t cas) {
  CommandScope command(core_, conn);
  OpResult out;
  if (refused_key(key, out)) return out;
  CallOutcome c =
      call(conn, [&] { return v1_->remove(handle_, &conn, key.data(), key.size(), cas, 0); });
  out.status = c.status;
  out.notify_lost = c.notify_lost;
  out.blocks = c.blocks;
  return out;
}

OpResult EngineClient::arithmetic(Connection& conn, std::string_view key, bool increment,
                                  uint64_t delta, bool create, uint64_t initial, time_t exptime) {
  CommandScope command(core_, conn);
  OpResult out;
  if (refused_key(key, out)) return out;
  if (v1_->arithmetic == nullptr) {
    ES_CHECK_MSG(core_.conventions().arithmetic_optional,
                 "the loader admitted an engine without arithmetic under a profile that needs it");
    return core_arithmetic(conn, key, increment, delta, create, initial, exptime);
  }
  // Raw in every profile: the 2010 core's binary incr/decr passes the
  // request's expiration unconverted (process_bin_arithmetic; ascii passes 0
  // with create off), and the engine branch passes every exptime raw.
  const rel_time_t rel_exptime = static_cast<rel_time_t>(exptime);
  uint64_t cas = 0, result = 0;
  CallOutcome c = call(conn, [&] {
    return v1_->arithmetic(handle_, &conn, key.data(), static_cast<int>(key.size()), increment,
                           create, delta, initial, rel_exptime, &cas, &result, 0);
  });
  out.status = c.status;
  out.notify_lost = c.notify_lost;
  out.blocks = c.blocks;
  if (c.status == ENGINE_SUCCESS) {
    out.cas = cas;
    out.number = result;
  }
  return out;
}

OpResult EngineClient::flush(Connection& conn, time_t when) {
  CommandScope command(core_, conn);
  OpResult out;
  // process_bin_flush makes one call and reads no c->aiostat: EWOULDBLOCK
  // is answered EINVAL at once and never waited out (core_statuses.h).
  WorkerLock region(conn);
  const ENGINE_ERROR_CODE status =
      call_unwaited(conn, [&] { return v1_->flush(handle_, &conn, when); });
  out.status = status;
  if (status == ENGINE_EWOULDBLOCK) {
    out.status = ENGINE_EINVAL;
    out.problem =
        "flush returned ENGINE_EWOULDBLOCK, which memcached's binary flush has no case for "
        "(process_bin_flush): the client got EINVAL at once and the core never waits for a "
        "notify";
  }
  return out;
}

StatsResult EngineClient::stats(Connection& conn, std::string_view group) {
  CommandScope command(core_, conn);
  StatsResult out;
  CallOutcome c = call(conn, [&] {
    out.stats.clear();  // a re-call after EWOULDBLOCK reports from scratch
    conn.stats_sink = &out;
    ENGINE_ERROR_CODE r = v1_->get_stats(handle_, &conn, group.empty() ? nullptr : group.data(),
                                         static_cast<int>(group.size()), add_stat);
    return r;
  });
  conn.stats_sink = nullptr;
  out.status = c.status;
  out.notify_lost = c.notify_lost;
  return out;
}

void EngineClient::reset_stats(Connection& conn) {
  CommandScope command(core_, conn);
  WorkerLock region(conn);  // process_bin_stat
  core_.begin_call(conn);
  v1_->reset_stats(handle_, &conn);
  core_.end_call(conn, ENGINE_SUCCESS);
}

bool EngineClient::core_answers(uint8_t opcode) const {
  return opcode == PROTOCOL_BINARY_CMD_VERBOSITY && core_.conventions().verbosity_by_core;
}

UnknownCommandResult EngineClient::unknown_command(Connection& conn, std::string packet) {
  CommandScope command(core_, conn);
  UnknownCommandResult out;
  if (packet.size() < sizeof(protocol_binary_request_header)) {
    packet.resize(sizeof(protocol_binary_request_header), '\0');
  }
  const auto* request = reinterpret_cast<const protocol_binary_request_header*>(packet.data());
  if (core_answers(request->request.opcode)) {
    // process_bin_verbosity: the level in 4 bytes of extras, settings.verbose
    // capped at MAX_VERBOSITY_LEVEL (2), then ON_LOG_LEVEL; without them a
    // protocol error: EINVAL, and the core closes the connection.
    uint32_t level = 0;
    if (request->request.extlen != 4 || ntohl(request->request.bodylen) != 4 ||
        packet.size() < sizeof(*request) + 4) {
      out.status = ENGINE_EINVAL;
      return out;
    }
    std::memcpy(&level, packet.data() + sizeof(*request), 4);
    level = ntohl(level);
    core_.verbosity_command(Core::level_of_verbosity(std::min<uint32_t>(level, 2)));
    out.status = ENGINE_SUCCESS;
    return out;
  }
  CallOutcome c = call(conn, [&] {
    out.responses.clear();
    conn.response_sink = &out;
    auto* header = reinterpret_cast<protocol_binary_request_header*>(packet.data());
    ENGINE_ERROR_CODE r = v1_->unknown_command(handle_, &conn, header, add_response);
    return r;
  });
  conn.response_sink = nullptr;
  out.status = c.status;
  out.notify_lost = c.notify_lost;
  return out;
}

}  // namespace enginesim
