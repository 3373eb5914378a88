// value_ledger.cpp - decomposing an observed value into stored pieces.
#include "harness/sim/value_ledger.h"

#include <cctype>

#include "harness/model/text_codec.h"

namespace enginesim::sched {
namespace {

// Whether `text` is a concatenation of zero or more (non-empty) pieces.
bool concatenation(const std::string& text, const std::set<std::string>& pieces) {
  std::vector<bool> reach(text.size() + 1, false);
  reach[0] = true;
  for (size_t at = 0; at < text.size(); ++at) {
    if (!reach[at]) continue;
    for (const std::string& p : pieces) {
      if (!p.empty() && text.compare(at, p.size(), p) == 0) reach[at + p.size()] = true;
    }
  }
  return reach[text.size()];
}

// memcached pads a shrinking incr/decr result with spaces.
std::string without_padding(std::string v) {
  while (!v.empty() && v.back() == ' ') v.pop_back();
  return v;
}

bool decimal(const std::string& v) {
  if (v.empty()) return false;
  for (char c : v) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

void ValueLedger::expect(const model::Operation& op) {
  switch (op.kind) {
    case model::OpKind::set:
    case model::OpKind::add:
    case model::OpKind::replace:
    case model::OpKind::cas: store(op.key, op.value); break;
    case model::OpKind::append: append(op.key, op.value); break;
    case model::OpKind::prepend: prepend(op.key, op.value); break;
    default: break;
  }
}

std::string OpSite::text() const {
  std::string s(label);
  if (number != 0) s += " op " + std::to_string(number);
  return s;
}

void ValueLedger::answered(const model::Operation& op, const OpResult& r, const OpSite& where) {
  if (op.kind == model::OpKind::incr || op.kind == model::OpKind::decr) {
    // A failed call may still have changed the value (an I/O fault after
    // the update): its result is unknown then.
    if (r.status == ENGINE_SUCCESS)
      arithmetic_result(op.key, r.number);
    else
      arithmetic_unknown(op.key);
  }
  if (op.kind == model::OpKind::get && r.status == ENGINE_SUCCESS) observed(op.key, r.value, where);
}

void ValueLedger::store(const std::string& key, const std::string& value) {
  keys_[key].bases.insert(value);
}
void ValueLedger::append(const std::string& key, const std::string& piece) {
  keys_[key].appends.insert(piece);
}
void ValueLedger::prepend(const std::string& key, const std::string& piece) {
  keys_[key].prepends.insert(piece);
}
void ValueLedger::arithmetic_result(const std::string& key, uint64_t value) {
  keys_[key].bases.insert(std::to_string(value));
}
void ValueLedger::arithmetic_unknown(const std::string& key) {
  keys_[key].arithmetic_unknown = true;
}

void ValueLedger::observed(const std::string& key, const std::string& value, const OpSite& where) {
  if (possible(key, value)) return;
  observed_.push_back({key, value, where.text()});
}

bool ValueLedger::possible(const std::string& key, const std::string& value) const {
  const auto it = keys_.find(key);
  if (it == keys_.end()) return false;
  const Key& k = it->second;
  // The common answer, a value stored whole: no pieces to search for.
  if (k.bases.count(value) != 0) return true;
  const std::string trimmed = without_padding(value);
  if (k.arithmetic_unknown && decimal(trimmed)) return true;
  if (trimmed != value && decimal(trimmed) && k.bases.count(trimmed) != 0) return true;
  for (const std::string& base : k.bases) {
    for (size_t at = value.find(base); at != std::string::npos; at = value.find(base, at + 1)) {
      if (concatenation(value.substr(0, at), k.prepends) &&
          concatenation(value.substr(at + base.size()), k.appends)) {
        return true;
      }
      // A number an incr/decr rewrote in place keeps the old length, padded
      // with spaces (protocol.txt), and later appends follow the padding.
      if (decimal(base) && concatenation(value.substr(0, at), k.prepends)) {
        for (size_t end = at + base.size(); end < value.size() && value[end] == ' ';) {
          ++end;
          if (concatenation(value.substr(end), k.appends)) return true;
        }
      }
      if (base.empty() && at == value.size()) break;
    }
  }
  return false;
}

bool ValueLedger::pieces_alone(const std::string& key, const std::string& value) const {
  const auto it = keys_.find(key);
  if (it == keys_.end()) return false;
  const Key& k = it->second;
  for (size_t at = 0; at <= value.size(); ++at) {
    if (concatenation(value.substr(0, at), k.prepends) &&
        concatenation(value.substr(at), k.appends)) {
      return true;
    }
  }
  return false;
}

std::vector<std::string> ValueLedger::check() const {
  std::vector<std::string> out;
  for (const Observation& o : observed_) {
    if (possible(o.key, o.value)) continue;
    std::string line =
        o.where + ": get " + model::quote(o.key) + " returned " + model::quote(o.value);
    if (pieces_alone(o.key, o.value)) {
      // What happened: an append or prepend made an item of its own.
      line +=
          ", which append/prepend pieces alone make up: no value stored for the key lies under "
          "them (memcached's append and prepend answer NOT_STORED on a missing key and create "
          "nothing)";
    } else {
      line += ", a value never stored";
    }
    out.push_back(std::move(line));
  }
  return out;
}

}  // namespace enginesim::sched
