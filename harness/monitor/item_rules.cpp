// item_rules.cpp - item references (handed out by allocate/get, released once
// by the core), what get_item_info reports, and CAS on mutations.
#include <cstring>

#include "harness/monitor/format.h"
#include "harness/monitor/monitor.h"

namespace enginesim {

namespace {
std::string item_label(const void* it, const std::string& key) {
  return "item " + monitor_format::pointer(it) + " (key " +
         monitor_format::bytes(key.data(), key.size()) + ")";
}
}  // namespace

void ContractMonitor::hand_out(uint64_t seq, const void* it, std::string key, bool from_allocate,
                               size_t nbytes, uint32_t flags) {
  std::lock_guard<SpinLock> lock(mutex_);
  ItemState& s = items_[it];
  ++s.refs;
  s.from_allocate = from_allocate;
  s.key = std::move(key);
  s.nbytes = nbytes;
  s.flags = flags;
  s.handed_seq = seq;
}

bool ContractMonitor::usable(uint64_t seq, const void* it, const char* function) {
  std::lock_guard<SpinLock> lock(mutex_);
  auto found = items_.find(it);
  if (found == items_.end()) {
    violate_locked(rules::kItemUnknown,
                   std::string(function) + " on item " + monitor_format::pointer(it) +
                       ", which the engine never handed out; not passed on",
                   seq);
    return false;
  }
  const ItemState& s = found->second;
  if (s.refs == 0) {
    violate_locked(rules::kItemUseAfterRelease,
                   std::string(function) + " on " + item_label(it, s.key) +
                       " after its last release (call #" + std::to_string(s.released_seq) +
                       "); not passed on",
                   seq);
    return false;
  }
  return true;
}

bool ContractMonitor::release_item(uint64_t seq, const void* it) {
  std::lock_guard<SpinLock> lock(mutex_);
  auto found = items_.find(it);
  if (found == items_.end()) {
    violate_locked(rules::kItemUnknown,
                   "release of item " + monitor_format::pointer(it) +
                       ", which the engine never handed out; not passed on",
                   seq);
    return false;
  }
  ItemState& s = found->second;
  if (s.refs == 0) {
    violate_locked(rules::kItemDoubleRelease,
                   "second release of " + item_label(it, s.key) + " (handed out by call #" +
                       std::to_string(s.handed_seq) + ", released by call #" +
                       std::to_string(s.released_seq) + "); not passed on",
                   seq);
    return false;
  }
  --s.refs;
  s.released_seq = seq;
  return true;
}

std::string ContractMonitor::item_key(const void* it) {
  std::lock_guard<SpinLock> lock(mutex_);
  auto found = items_.find(it);
  return found == items_.end() ? std::string() : found->second.key;
}

void ContractMonitor::check_item_info(uint64_t seq, const void* it, uint16_t offered, bool ok,
                                      const item_info& info) {
  std::lock_guard<SpinLock> lock(mutex_);
  const ItemState& s = items_.at(it);  // usable() let it through
  // Text only for a report: built when a rule is broken, never per call.
  const auto who = [&] { return "get_item_info on " + item_label(it, s.key); };
  if (!ok) {
    if (offered >= 1) {
      violate_locked(rules::kItemInfoFailed,
                     who() + " returned false though it is live and " + std::to_string(offered) +
                         " iovec(s) were offered",
                     seq);
    }
    return;
  }
  if (offered < 1) {
    violate_locked(rules::kItemInfoNvalue,
                   who() + " returned true with no iovec offered (nvalue 0): it must return false",
                   seq);
    return;
  }
  if (info.nvalue == 0 || info.nvalue > offered) {
    violate_locked(rules::kItemInfoNvalue,
                   who() + " set nvalue to " + std::to_string(info.nvalue) + " but " +
                       std::to_string(offered) + " iovec(s) were offered",
                   seq);
  }
  const uint16_t used = std::min<uint16_t>(info.nvalue, offered);
  uint64_t covered = 0;
  for (uint16_t i = 0; i < used; ++i) {
    covered += info.value[i].iov_len;
    if (info.value[i].iov_base == nullptr && info.value[i].iov_len > 0) {
      violate_locked(rules::kItemInfoIov,
                     who() + ": iovec " + std::to_string(i) + " has length " +
                         std::to_string(info.value[i].iov_len) + " and a NULL base",
                     seq);
    }
  }
  if (used > 0 && covered != info.nbytes) {
    violate_locked(rules::kItemInfoIov,
                   who() + ": the value iovecs cover " + std::to_string(covered) +
                       " bytes but nbytes is " + std::to_string(info.nbytes),
                   seq);
  }
  if (s.from_allocate && info.nbytes != s.nbytes) {
    violate_locked(rules::kItemInfoNbytes,
                   who() + " reports nbytes " + std::to_string(info.nbytes) +
                       " but allocate was given " + std::to_string(s.nbytes),
                   seq);
  }
  if (s.from_allocate && info.flags != s.flags) {
    violate_locked(rules::kItemInfoFlags,
                   who() + " reports flags " + std::to_string(info.flags) +
                       " but allocate was given " + std::to_string(s.flags),
                   seq);
  }
  const bool key_ok = info.nkey == s.key.size() && (info.nkey == 0 || info.key != nullptr) &&
                      (info.nkey == 0 || std::memcmp(info.key, s.key.data(), info.nkey) == 0);
  if (!key_ok) {
    violate_locked(rules::kItemInfoKey,
                   who() + " reports key " + monitor_format::bytes(info.key, info.nkey) +
                       " (nkey " + std::to_string(info.nkey) + ") but " +
                       (s.from_allocate ? "allocate" : "get") + " was given " +
                       monitor_format::bytes(s.key.data(), s.key.size()),
                   seq);
  }
  // A CAS seen through a get is not "the CAS the key had before" a mutation:
  // a concurrent get may already see the new version while its store is still
  // returning. cas.changes compares mutations with mutations only.
}

bool ContractMonitor::engine_has_cas() {
  {
    std::lock_guard<SpinLock> lock(mutex_);
    if (cas_feature_) return *cas_feature_;
  }
  // Asked directly, unrecorded: the answer is static and the question is ours.
  auto* v1 = reinterpret_cast<ENGINE_HANDLE_V1*>(engine_);
  const engine_info* info = v1 ? v1->get_info(engine_) : nullptr;
  bool cas = false;
  for (uint32_t i = 0; info != nullptr && i < info->num_features; ++i) {
    if (info->features[i].feature == ENGINE_FEATURE_CAS) cas = true;
  }
  std::lock_guard<SpinLock> lock(mutex_);
  cas_feature_ = cas;
  return cas;
}

void ContractMonitor::check_cas(uint64_t seq, const std::string& key, uint64_t cas) {
  if (!engine_has_cas()) return;
  std::lock_guard<SpinLock> lock(mutex_);
  const auto k = [&] { return monitor_format::bytes(key.data(), key.size()); };  // for a report
  if (cas == 0) {
    violate_locked(rules::kCasNonzero,
                   "a mutation of key " + k() +
                       " succeeded with CAS 0 though the engine "
                       "advertises ENGINE_FEATURE_CAS",
                   seq);
    return;
  }
  auto [it, fresh] = last_cas_.try_emplace(key, cas);
  if (!fresh && it->second == cas) {
    violate_locked(rules::kCasChanges,
                   "a mutation of key " + k() + " returned CAS " + std::to_string(cas) +
                       ", the same CAS the key had before: clients cannot see the change",
                   seq);
  }
  it->second = cas;
}

}  // namespace enginesim
