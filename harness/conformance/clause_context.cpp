// clause_context.cpp - a clause's core, engine, connections and expectations.
#include "harness/conformance/clause_context.h"

#include <cstdio>
#include <cstring>

#include "enginesim/check.h"

namespace enginesim::conformance {

std::string printable(std::string_view bytes, size_t max_len) {
  std::string out;
  for (size_t i = 0; i < bytes.size() && i < max_len; ++i) {
    const unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"') {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  if (bytes.size() > max_len) out += "...(" + std::to_string(bytes.size()) + " bytes)";
  return out;
}

std::string show(const OpResult& r) {
  std::string s = status_name(r.status);
  if (r.notify_lost) s += " (no notify_io_complete after EWOULDBLOCK)";
  if (!r.problem.empty()) s += " [" + r.problem + "]";
  return s;
}

ClauseContext::ClauseContext(const ClauseSetup& setup) : setup_(setup) {
  CoreOptions options;
  options.notify_timeout_ms = setup.notify_timeout_ms;
  // Known before the engine loads (the loader sets it again): clauses ask.
  options.conventions = abi::conventions(setup.abi);
  core_ = std::make_unique<Core>(options);
  monitor_ = std::make_unique<MonitorHook>(*core_);
}

ClauseContext::~ClauseContext() { teardown(); }

LoadedEngine& ClauseContext::engine() {
  if (engine_) return *engine_;
  LoadError error{};
  LoadOptions options;
  options.config = setup_.config;
  engine_ = load(options, &error);
  if (!engine_) {
    fail("load the engine", "it loads and initialises", error.message);
    throw ClauseStop{};
  }
  client_ = std::make_unique<EngineClient>(*core_, engine_->handle());
  return *engine_;
}

EngineClient& ClauseContext::client() {
  engine();
  return *client_;
}

Connection& ClauseContext::conn(size_t index) {
  ES_CHECK_MSG(index < 1024, "a clause opens at most 1024 connections");
  engine();  // the engine sees ON_CONNECT for every connection
  while (conns_.size() <= index) conns_.push_back(&core_->connect());
  return *conns_[index];
}

LoadedEngine* ClauseContext::load(LoadOptions options, LoadError* error) {
  options.wrap = monitor_->before_load();
  options.abi = setup_.abi;
  auto instance = load_engine(setup_.engine_path, *core_, options, error);
  if (!instance) return nullptr;
  instances_.push_back(std::move(instance));
  return instances_.back().get();
}

void ClauseContext::teardown() {
  // Connections close before the engine goes, as in memcached's shutdown:
  // ON_DISCONNECT callbacks must reach a live engine.
  for (Connection* c : conns_) {
    if (c->state == ConnState::idle) core_->disconnect(*c);
  }
  conns_.clear();
  client_.reset();
  for (auto& instance : instances_) instance->destroy();
}

bool ClauseContext::has_feature(engine_feature_t feature) { return engine().has_feature(feature); }

size_t ClauseContext::item_size_max() const {
  const std::string key = "item_size_max=";
  const std::string& config = setup_.config;
  for (size_t at = config.find(key); at != std::string::npos; at = config.find(key, at + 1)) {
    if (at != 0 && config[at - 1] != ';') continue;
    return std::strtoull(config.c_str() + at + key.size(), nullptr, 10);
  }
  return kDefaultItemSizeMax;
}

uint64_t ClauseContext::must_set(std::string_view key, std::string_view value, uint32_t flags,
                                 time_t exptime) {
  OpResult r = store(OPERATION_SET, key, value, flags, exptime);
  require(expect_ok("set \"" + printable(key) + "\"", r));
  return r.cas;
}

void ClauseContext::fail(std::string what, std::string expected, std::string got) {
  failures_.push_back(Failure{std::move(what), std::move(expected), std::move(got)});
}

void ClauseContext::skip(std::string reason) { throw ClauseSkip{std::move(reason)}; }

void ClauseContext::require(bool held) {
  if (!held) throw ClauseStop{};
}

bool ClauseContext::expect_true(const std::string& what, bool held, const std::string& expected,
                                const std::string& got) {
  if (!held) fail(what, expected, got);
  return held;
}

bool ClauseContext::expect_status(const std::string& what, ENGINE_ERROR_CODE got,
                                  ENGINE_ERROR_CODE expected) {
  return expect_true(what, got == expected, status_name(expected), status_name(got));
}

bool ClauseContext::expect_status(const std::string& what, const OpResult& got,
                                  ENGINE_ERROR_CODE expected) {
  const bool held = got.status == expected && got.problem.empty() && !got.notify_lost;
  return expect_true(what, held, status_name(expected), show(got));
}

bool ClauseContext::expect_eq(const std::string& what, uint64_t got, uint64_t expected) {
  return expect_true(what, got == expected, std::to_string(expected), std::to_string(got));
}

bool ClauseContext::expect_eq(const std::string& what, std::string_view got,
                              std::string_view expected) {
  return expect_true(what, got == expected, "\"" + printable(expected) + "\"",
                     "\"" + printable(got) + "\"");
}

bool ClauseContext::expect_value(std::string_view key, std::string_view value, Connection* on) {
  const std::string what = "get \"" + printable(key) + "\"";
  OpResult r = client().get(on ? *on : conn(), key);
  if (!expect_ok(what, r)) return false;
  return expect_eq(what + " value", r.value, value);
}

bool ClauseContext::expect_value_flags(std::string_view key, std::string_view value,
                                       uint32_t flags) {
  const std::string what = "get \"" + printable(key) + "\"";
  OpResult r = get(key);
  if (!expect_ok(what, r)) return false;
  return expect_eq(what + " value", r.value, value) && expect_eq(what + " flags", r.flags, flags);
}

bool ClauseContext::expect_missing(std::string_view key, Connection* on) {
  OpResult r = client().get(on ? *on : conn(), key);
  return expect_status("get \"" + printable(key) + "\"", r, ENGINE_KEY_ENOENT);
}

}  // namespace enginesim::conformance
