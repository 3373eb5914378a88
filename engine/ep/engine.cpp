// engine.cpp - EpEngine's lifecycle (initialize, task start-up, shutdown)
// and the entry-state helpers that operations and tasks share.
#include "engine.h"

#include "check.h"
#include "compactor.h"
#include "expiry_pager.h"
#include "flusher.h"
#include "item_pager.h"

namespace ep {
namespace {

// engine_info ends in a one-element array: room for the second feature.
struct Info {
  engine_info info;
  feature_info more[1];
};
const Info kInfo = {
    {"ep engine (eventually persistent) v1", 2, {{ENGINE_FEATURE_CAS, nullptr}}},
    {{ENGINE_FEATURE_PERSISTENT_STORAGE, nullptr}}};

bool modified_before(const StoredValue& sv, rel_time_t flush_at) {
  return !sv.deleted && sv.time < flush_at;
}

}  // namespace

EpEngine::EpEngine(const SERVER_HANDLE_V1& sapi) : sapi_(sapi) {}

EpEngine::~EpEngine() { shutdown(); }

const engine_info* EpEngine::info() const { return &kInfo.info; }

void EpEngine::log_warning(const std::string& message) const {
  EXTENSION_LOGGER_DESCRIPTOR* logger = sapi_.log->get_logger();
  if (logger != nullptr) logger->log(EXTENSION_LOG_WARNING, nullptr, "ep engine: %s", message.c_str());
}

ENGINE_ERROR_CODE EpEngine::initialize(const char* config_str) {
  if (ready()) return ENGINE_FAILED;  // initialize is called once
  std::string why;
  if (!parse_config(sapi_, config_str, &config_, &why)) {
    log_warning(why);
    return ENGINE_EINVAL;
  }
  if (!kvstore_.open(config_.dbdir, &why)) {
    log_warning(why);
    return ENGINE_EINVAL;
  }
  start();
  return ENGINE_SUCCESS;
}

void EpEngine::start() {
  warmup_gate_ = std::make_unique<WarmupGate>(sapi_, config_.warmup_tmpfail);
  bg_fetcher_ = std::make_shared<BgFetcher>(*this);
  flusher_ = std::make_shared<Flusher>(*this);
  tasks_[static_cast<size_t>(TaskKind::BgFetcher)] = bg_fetcher_;
  tasks_[static_cast<size_t>(TaskKind::Flusher)] = flusher_;
  tasks_[static_cast<size_t>(TaskKind::Warmup)] = std::make_shared<Warmup>(*this);
  tasks_[static_cast<size_t>(TaskKind::Compactor)] = std::make_shared<Compactor>(*this);
  tasks_[static_cast<size_t>(TaskKind::ItemPager)] = std::make_shared<ItemPager>(*this);
  tasks_[static_cast<size_t>(TaskKind::ExpiryPager)] =
      std::make_shared<ExpiryPager>(*this, config_.exp_pager_stime);
  auto pool = std::make_unique<ExecutorPool>(ExecutorPool::ThreadCounts{
      config_.readers, config_.writers, config_.auxio, config_.nonio});
  for (size_t i = 0; i < kTaskKindCount; ++i) {
    EP_CHECK(tasks_[i] != nullptr && static_cast<size_t>(tasks_[i]->kind()) == i);
    task_ids_[i] = pool->schedule(tasks_[i]);
  }
  // Published before the workers start: a task's first run may already
  // call wake() through pool_.
  pool_ = std::move(pool);
  pool_->start();
}

void EpEngine::shutdown() {
  if (pool_ == nullptr) return;
  pool_->stop();  // joins every worker: from here this thread is alone
  if (warmup_gate_->complete()) {
    apply_due_flush();
    if (!static_cast<Flusher&>(*flusher_).drain()) {
      log_warning("shutdown: some mutations could not be written and are lost");
    }
  } else {
    warmup_gate_->abort();
  }
  bg_fetcher_->fail_pending(ENGINE_DISCONNECT);  // a get's handler aborts on TMPFAIL
  kvstore_.close();
}

void EpEngine::forget_cookie(const void* cookie) {
  if (!ready()) return;
  // Gate first: a waiter it handed on is queued at the fetcher by then.
  warmup_gate_->forget(cookie);
  bg_fetcher_->forget(cookie);
}

void EpEngine::wake(TaskKind kind) {
  if (pool_ != nullptr) pool_->wake(task_ids_[static_cast<size_t>(kind)]);
}

void EpEngine::wake_pager_if_needed() {
  if (table_.mem_used() > config_.max_size) wake(TaskKind::ItemPager);
}

EpEngine::Liveness EpEngine::liveness_UNLOCKED(const StoredValue* sv, rel_time_t now) const {
  if (sv == nullptr || sv->deleted) return Liveness::absent;
  const rel_time_t flush_at = flush_at_.load(std::memory_order_acquire);
  // Stored in the second the flush took effect or later: survives.
  if (flush_at != 0 && flush_at <= now && sv->time < flush_at) return Liveness::flushed;
  if (sv->exptime != 0 && sv->exptime <= now) return Liveness::expired;
  return Liveness::live;
}

bool EpEngine::mark_dirty_UNLOCKED(StoredValue& sv, std::string_view key) {
  sv.dirty = true;
  if (sv.queued) return false;
  sv.queued = true;
  queue_.push(std::string(key));
  return true;
}

bool EpEngine::tombstone_UNLOCKED(StoredValue& sv, std::string_view key, rel_time_t now) {
  EP_CHECK(!sv.deleted);
  table_.set_deleted_UNLOCKED(sv);
  sv.seqno = next_seqno();
  sv.time = now;
  return mark_dirty_UNLOCKED(sv, key);
}

void EpEngine::seqno_at_least(uint64_t seqno) {
  uint64_t current = seqno_.load(std::memory_order_relaxed);
  while (current < seqno && !seqno_.compare_exchange_weak(current, seqno)) {
  }
}

size_t EpEngine::tombstone_where(bool (*dead)(const StoredValue&, rel_time_t), rel_time_t arg) {
  size_t count = 0;
  bool queued = false;
  const rel_time_t now = this->now();
  table_.for_each_stripe([&](HashTable::Stripe& s) {
    for (auto& [key, sv] : s.map) {
      if (sv.deleted || !dead(sv, arg)) continue;
      queued |= tombstone_UNLOCKED(sv, key, now);
      ++count;
    }
  });
  if (queued) wake(TaskKind::Flusher);
  return count;
}

bool EpEngine::apply_due_flush() {
  const rel_time_t at = flush_at_.load(std::memory_order_acquire);
  if (at == 0 || at > now()) return false;
  const size_t n = tombstone_where(modified_before, at);
  // A newer flush() may have replaced `at` meanwhile: keep that one.
  rel_time_t expected = at;
  flush_at_.compare_exchange_strong(expected, 0);
  return n > 0;
}

}  // namespace ep
