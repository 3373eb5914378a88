// engine_client.cpp - client operations performed the way the real core
// performs them against an engine.
#include "engine_client.h"

#include <cstring>

#include "check.h"

namespace enginesim {

namespace {
constexpr std::string_view kCrLf = "\r\n";

// ADD_STAT and ADD_RESPONSE carry only the cookie (and may come from any
// engine thread): the connection points at the result being filled.
Connection* sink_owner(const void* cookie) {
  Core* core = Core::active();
  return core ? core->from_cookie(cookie) : nullptr;
}

void add_stat(const char* key, const uint16_t klen, const char* val,
              const uint32_t vlen, const void* cookie) {
  Connection* conn = sink_owner(cookie);
  auto* sink = conn ? static_cast<StatsResult*>(conn->stats_sink.load()) : nullptr;
  if (sink == nullptr) return;  // a late call: ignored, the monitor reports it
  sink->stats.emplace_back(std::string(key ? key : "", key ? klen : 0),
                                   std::string(val ? val : "", val ? vlen : 0));
}

bool add_response(const void* key, uint16_t keylen, const void* ext,
                  uint8_t extlen, const void* body, uint32_t bodylen,
                  uint8_t datatype, uint16_t status, uint64_t cas,
                  const void* cookie) {
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
}  // namespace

EngineClient::EngineClient(Core& core, ENGINE_HANDLE* handle)
    : core_(core), handle_(handle), v1_(reinterpret_cast<ENGINE_HANDLE_V1*>(handle)) {
  ES_CHECK(handle != nullptr);
  ES_CHECK(handle->interface == 1);
}

bool EngineClient::read_item(Connection& conn, const item* it, OpResult& out) {
  item_info info{};
  info.nvalue = 1;
  if (!v1_->get_item_info(handle_, &conn, it, &info)) {
    out.problem = "get_item_info returned false for an item the engine handed out";
    return false;
  }
  if (info.nvalue != 1) {
    out.problem = "get_item_info used " + std::to_string(info.nvalue) +
                  " iovecs but the core offered 1";
    return false;
  }
  if (info.nbytes < 2) {
    out.problem = "item nbytes " + std::to_string(info.nbytes) +
                  " is shorter than the trailing \\r\\n";
    return false;
  }
  if (info.value[0].iov_len != info.nbytes || info.value[0].iov_base == nullptr) {
    out.problem = "value iovec covers " + std::to_string(info.value[0].iov_len) +
                  " bytes but nbytes is " + std::to_string(info.nbytes);
    return false;
  }
  std::string raw(static_cast<const char*>(info.value[0].iov_base), info.nbytes);
  if (raw.compare(raw.size() - 2, 2, kCrLf) != 0) {
    out.problem = "value does not end with \\r\\n";
    return false;
  }
  raw.resize(raw.size() - 2);
  out.value = std::move(raw);
  out.flags = info.flags;
  out.exptime = info.exptime;
  out.cas = info.cas;
  return true;
}

OpResult EngineClient::get(Connection& conn, std::string_view key) {
  OpResult out;
  item* it = nullptr;
  CallOutcome call_out = call(conn, [&] {
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
  v1_->release(handle_, &conn, it);
  return out;
}

OpResult EngineClient::store(Connection& conn, ENGINE_STORE_OPERATION op,
                             std::string_view key, std::string_view value,
                             uint32_t flags, time_t exptime, uint64_t cas) {
  OpResult out;
  item* it = nullptr;
  const size_t nbytes = value.size() + kCrLf.size();
  const rel_time_t rel_exptime = core_.clock().realtime(exptime);
  CallOutcome alloc = call(conn, [&] {
    it = nullptr;
    return v1_->allocate(handle_, &conn, &it, key.data(), key.size(), nbytes,
                         static_cast<int>(flags), rel_exptime);
  });
  out.blocks = alloc.blocks;
  if (alloc.status != ENGINE_SUCCESS || it == nullptr) {
    out.status = alloc.status == ENGINE_SUCCESS ? ENGINE_FAILED : alloc.status;
    out.notify_lost = alloc.notify_lost;
    if (alloc.status == ENGINE_SUCCESS) out.problem = "allocate returned ENGINE_SUCCESS without an item";
    return out;
  }
  item_info info{};
  info.nvalue = 1;
  if (!v1_->get_item_info(handle_, &conn, it, &info) || info.nvalue != 1 ||
      info.nbytes != nbytes || info.value[0].iov_len != nbytes ||
      info.value[0].iov_base == nullptr) {
    out.problem = "get_item_info on a freshly allocated item did not describe one iovec of " +
                  std::to_string(nbytes) + " bytes";
    out.status = ENGINE_FAILED;
    v1_->release(handle_, &conn, it);
    return out;
  }
  char* dst = static_cast<char*>(info.value[0].iov_base);
  std::memcpy(dst, value.data(), value.size());
  std::memcpy(dst + value.size(), kCrLf.data(), kCrLf.size());
  if (cas != 0) v1_->item_set_cas(handle_, &conn, it, cas);
  uint64_t new_cas = 0;
  CallOutcome st = call(conn, [&] {
    return v1_->store(handle_, &conn, it, &new_cas, op, 0);
  });
  v1_->release(handle_, &conn, it);
  out.status = st.status;
  out.notify_lost = st.notify_lost;
  out.blocks += st.blocks;
  out.cas = st.status == ENGINE_SUCCESS ? new_cas : 0;
  return out;
}

OpResult EngineClient::remove(Connection& conn, std::string_view key, uint64_t cas) {
  OpResult out;
  CallOutcome c = call(conn, [&] {
    return v1_->remove(handle_, &conn, key.data(), key.size(), cas, 0);
  });
  out.status = c.status;
  out.notify_lost = c.notify_lost;
  out.blocks = c.blocks;
  return out;
}

OpResult EngineClient::arithmetic(Connection& conn, std::string_view key,
                                  bool increment, uint64_t delta, bool create,
                                  uint64_t initial, time_t exptime) {
  OpResult out;
  const rel_time_t rel_exptime = core_.clock().realtime(exptime);
  uint64_t cas = 0, result = 0;
  CallOutcome c = call(conn, [&] {
    return v1_->arithmetic(handle_, &conn, key.data(), static_cast<int>(key.size()),
                           increment, create, delta, initial, rel_exptime, &cas,
                           &result, 0);
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
  OpResult out;
  CallOutcome c = call(conn, [&] { return v1_->flush(handle_, &conn, when); });
  out.status = c.status;
  out.notify_lost = c.notify_lost;
  out.blocks = c.blocks;
  return out;
}

StatsResult EngineClient::stats(Connection& conn, std::string_view group) {
  StatsResult out;
  CallOutcome c = call(conn, [&] {
    out.stats.clear();  // a re-call after EWOULDBLOCK reports from scratch
    conn.stats_sink = &out;
    ENGINE_ERROR_CODE r = v1_->get_stats(handle_, &conn,
                                         group.empty() ? nullptr : group.data(),
                                         static_cast<int>(group.size()), add_stat);
    return r;
  });
  conn.stats_sink = nullptr;
  out.status = c.status;
  out.notify_lost = c.notify_lost;
  return out;
}

void EngineClient::reset_stats(Connection& conn) {
  core_.begin_call(conn);
  v1_->reset_stats(handle_, &conn);
  core_.end_call(conn, ENGINE_SUCCESS);
}

UnknownCommandResult EngineClient::unknown_command(Connection& conn, std::string packet) {
  UnknownCommandResult out;
  if (packet.size() < sizeof(protocol_binary_request_header)) {
    packet.resize(sizeof(protocol_binary_request_header), '\0');
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
