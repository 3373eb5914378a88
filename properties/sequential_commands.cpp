// sequential_commands.cpp - one command class per memcached operation; each
// draws its arguments in its constructor (rapidcheck's execOneOfWithArgs).
#include "properties/sequential_commands.h"

#include <cstdint>
#include <string>
#include <vector>

#include "harness/model/text_codec.h"

namespace enginesim::properties {
namespace {

using model::Operation;
using model::OpKind;

// Three keys: small enough that operations keep meeting the same items.
std::string draw_key() { return *rc::gen::elementOf(std::vector<std::string>{"k0", "k1", "k2"}); }

// Values that are text, counters (0, small, the largest 64-bit one), a number
// one past 2^64 (not a counter) and the empty value. The simplest come first:
// rapidcheck shrinks toward them.
std::string draw_value() {
  return *rc::gen::elementOf(std::vector<std::string>{"a", "0", "7", "bc", "18446744073709551615",
                                                      "18446744073709551616", "x9", ""});
}

uint32_t draw_flags() { return *rc::gen::elementOf(std::vector<uint32_t>{0, 1, 0xffffffffu}); }

Expiry draw_expiry() {
  Expiry e;
  e.kind = *rc::gen::weightedElement<Expiry::Kind>({{6, Expiry::Kind::never},
                                                    {4, Expiry::Kind::relative},
                                                    {2, Expiry::Kind::absolute},
                                                    {1, Expiry::Kind::absolute_past},
                                                    {1, Expiry::Kind::negative}});
  // Short lifetimes, so that clock advances (1..6 s) land before, on and
  // after the second an item dies.
  if (e.kind != Expiry::Kind::never) e.sec = *rc::gen::inRange<int64_t>(1, 7);
  return e;
}

CasChoice draw_cas_choice() {
  return *rc::gen::weightedElement<CasChoice>(
      {{4, CasChoice::latest}, {2, CasChoice::previous}, {1, CasChoice::bogus}});
}

std::string quoted(const std::string& s) { return model::quote(s); }

std::string flags_text(uint32_t flags) {
  return flags == 0 ? "" : " flags=" + std::to_string(flags);
}

// --- the commands -------------------------------------------------------------

class Get : public OperationCommand {
  std::string key_ = draw_key();
  Operation operation(EngineUnderTest&) const override { return model::ops::get(key_); }
  std::string describe() const override { return "get " + quoted(key_); }
};

// set, add and replace: a whole new item with flags and an exptime.
template <OpKind kKind>
class WholeStore : public OperationCommand {
  std::string key_ = draw_key();
  std::string value_ = draw_value();
  uint32_t flags_ = draw_flags();
  Expiry expiry_ = draw_expiry();
  Operation operation(EngineUnderTest& sut) const override {
    return model::ops::store(kKind, key_, value_, flags_, expiry_.client_exptime(sut.clock()));
  }
  std::string describe() const override {
    return std::string(model::op_kind_name(kKind)) + " " + quoted(key_) + " " + quoted(value_) +
           flags_text(flags_) + expiry_.describe();
  }
};
using Set = WholeStore<OpKind::set>;
using Add = WholeStore<OpKind::add>;
using Replace = WholeStore<OpKind::replace>;

// append and prepend: the item keeps its flags and exptime.
template <OpKind kKind>
class Concatenate : public OperationCommand {
  std::string key_ = draw_key();
  std::string value_ = draw_value();
  Operation operation(EngineUnderTest&) const override {
    return model::ops::store(kKind, key_, value_);
  }
  std::string describe() const override {
    return std::string(model::op_kind_name(kKind)) + " " + quoted(key_) + " " + quoted(value_);
  }
};
using Append = Concatenate<OpKind::append>;
using Prepend = Concatenate<OpKind::prepend>;

// A CAS store with a CAS the client holds (the key's latest, a stale one, or
// one never handed out).
class CasStore : public OperationCommand {
  std::string key_ = draw_key();
  std::string value_ = draw_value();
  uint32_t flags_ = draw_flags();
  Expiry expiry_ = draw_expiry();
  CasChoice cas_ = draw_cas_choice();
  Operation operation(EngineUnderTest& sut) const override {
    return model::ops::cas(key_, value_, sut.cas_for(key_, cas_), flags_,
                           expiry_.client_exptime(sut.clock()));
  }
  std::string describe() const override {
    return "cas " + quoted(key_) + " " + quoted(value_) + " cas=<" + cas_choice_name(cas_) + ">" +
           flags_text(flags_) + expiry_.describe();
  }
};

class Remove : public OperationCommand {
  std::string key_ = draw_key();
  bool with_cas_ = *rc::gen::weightedElement<bool>({{2, false}, {1, true}});
  CasChoice cas_ = with_cas_ ? draw_cas_choice() : CasChoice::latest;
  Operation operation(EngineUnderTest& sut) const override {
    return model::ops::remove(key_, with_cas_ ? sut.cas_for(key_, cas_) : 0);
  }
  std::string describe() const override {
    return "remove " + quoted(key_) +
           (with_cas_ ? std::string(" cas=<") + cas_choice_name(cas_) + ">" : "");
  }
};

// incr/decr: small and huge deltas (wrap on incr, floor at 0 on decr),
// optionally creating a missing counter with an initial value.
template <bool kIncrement>
class Arithmetic : public OperationCommand {
  std::string key_ = draw_key();
  uint64_t delta_ =
      *rc::gen::elementOf(std::vector<uint64_t>{1, 2, 10, uint64_t{1} << 63, UINT64_MAX});
  bool create_ = *rc::gen::arbitrary<bool>();
  uint64_t initial_ = create_ ? *rc::gen::elementOf(std::vector<uint64_t>{0, 5, UINT64_MAX}) : 0;
  Expiry expiry_ = create_ ? draw_expiry() : Expiry{};
  Operation operation(EngineUnderTest& sut) const override {
    return model::ops::arithmetic(kIncrement, key_, delta_, create_, initial_,
                                  expiry_.client_exptime(sut.clock()));
  }
  std::string describe() const override {
    return std::string(kIncrement ? "incr " : "decr ") + quoted(key_) +
           " delta=" + std::to_string(delta_) +
           (create_ ? " create initial=" + std::to_string(initial_) + expiry_.describe() : "");
  }
};
using Incr = Arithmetic<true>;
using Decr = Arithmetic<false>;

// flush_all now or with a delay of a few seconds.
class Flush : public OperationCommand {
  int64_t delay_sec_ = *rc::gen::weightedElement<int64_t>({{1, 0}, {1, 1}, {1, 2}, {1, 5}});
  Operation operation(EngineUnderTest&) const override { return model::ops::flush(delay_sec_); }
  std::string describe() const override {
    return delay_sec_ == 0 ? "flush now" : "flush delay=" + std::to_string(delay_sec_) + "s";
  }
};

// The driver moves the virtual clock forward.
class AdvanceClock : public OperationCommand {
  uint32_t sec_ = *rc::gen::inRange<uint32_t>(1, 7);
  Operation operation(EngineUnderTest& sut) const override {
    return model::ops::advance_time(sut.clock().current_time() + sec_);
  }
  std::string describe() const override { return "advance clock " + std::to_string(sec_) + "s"; }
};

}  // namespace

int64_t Expiry::client_exptime(const VirtualClock& clock) const {
  switch (kind) {
    case Kind::never: return 0;
    case Kind::relative: return sec;
    case Kind::absolute: return static_cast<int64_t>(clock.now_unix_sec()) + sec;
    case Kind::absolute_past: return static_cast<int64_t>(clock.process_started_unix_sec()) - sec;
    case Kind::negative: return -sec;
  }
  return 0;
}

std::string Expiry::describe() const {
  const std::string s = std::to_string(sec);
  switch (kind) {
    case Kind::never: return "";
    case Kind::relative: return " exptime=+" + s + "s";
    case Kind::absolute: return " exptime=<unix now+" + s + "s>";
    case Kind::absolute_past: return " exptime=<unix start-" + s + "s>";
    case Kind::negative: return " exptime=-" + s;
  }
  return "";
}

void OperationCommand::run(const Plan&, EngineUnderTest& sut) const { sut.perform(operation(sut)); }

std::function<CommandGen(const Plan&)> sequential_commands() {
  return rc::state::gen::execOneOfWithArgs<Get, Set, Add, Replace, Append, Prepend, CasStore,
                                           Remove, Incr, Decr, Flush, AdvanceClock>();
}

}  // namespace enginesim::properties
