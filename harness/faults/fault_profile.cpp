// fault_profile.cpp - the fault profile file format, its default and checks.
#include "harness/faults/fault_profile.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <vector>

#include "enginesim/text_file.h"

namespace enginesim::sched {
namespace {

constexpr const char* kMagic = "enginesim-fault-profile 1";
constexpr const char* kCallNames[kIoCallCount] = {"open",   "read",   "write", "sync",
                                                  "rename", "unlink", "close"};
constexpr const char* kFaultNames[kIoFaultCount] = {"none", "eio", "enospc", "short"};

std::string known_calls() {
  std::string out;
  for (const char* n : kCallNames) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

// "0.02", "2%", "1e-3": a probability in [0, 1] as parts per million.
bool parse_probability(const std::string& word, uint32_t* ppm) {
  std::string number = word;
  double scale = 1.0;
  if (!number.empty() && number.back() == '%') {
    number.pop_back();
    scale = 0.01;
  }
  if (number.empty()) return false;
  char* end = nullptr;
  const double p = std::strtod(number.c_str(), &end) * scale;
  if (end != number.c_str() + number.size() || !(p >= 0.0 && p <= 1.0)) return false;
  *ppm = static_cast<uint32_t>(std::lround(p * FaultProfile::kPpm));
  return true;
}

std::string ppm_text(uint32_t ppm) {
  // Exact: six decimals cover parts per million.
  char buf[32];
  std::snprintf(buf, sizeof buf, "%u.%06u", ppm / FaultProfile::kPpm, ppm % FaultProfile::kPpm);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

const char* to_string(IoCall call) { return kCallNames[static_cast<size_t>(call)]; }
const char* to_string(IoFault fault) { return kFaultNames[static_cast<size_t>(fault)]; }

bool fault_applies(IoCall call, IoFault fault) {
  switch (fault) {
    case IoFault::none: return true;
    case IoFault::eio: return true;
    case IoFault::enospc:
      return call == IoCall::open || call == IoCall::write || call == IoCall::sync ||
             call == IoCall::rename;
    case IoFault::short_transfer: return call == IoCall::read || call == IoCall::write;
  }
  return false;
}

bool FaultProfile::any(IoCall call) const {
  for (size_t f = 1; f < kIoFaultCount; ++f) {
    if (ppm[static_cast<size_t>(call)][f] != 0) return true;
  }
  return false;
}

FaultProfile default_fault_profile() {
  FaultProfile p;
  p.at(IoCall::open, IoFault::eio) = 10'000;
  p.at(IoCall::read, IoFault::eio) = 20'000;
  p.at(IoCall::read, IoFault::short_transfer) = 50'000;
  p.at(IoCall::write, IoFault::eio) = 20'000;
  p.at(IoCall::write, IoFault::enospc) = 20'000;
  p.at(IoCall::write, IoFault::short_transfer) = 50'000;
  p.at(IoCall::sync, IoFault::eio) = 30'000;
  p.at(IoCall::rename, IoFault::eio) = 20'000;
  p.at(IoCall::unlink, IoFault::eio) = 10'000;
  p.at(IoCall::close, IoFault::eio) = 5'000;
  return p;
}

bool parse_fault_profile(const std::string& text, FaultProfile* out, std::string* error) {
  *out = FaultProfile{};
  std::istringstream in(text);
  std::string line;
  size_t number = 0;
  bool header = false;
  while (std::getline(in, line)) {
    ++number;
    const std::string where = "line " + std::to_string(number) + ": ";
    if (const size_t hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::istringstream words(line);
    std::vector<std::string> w;
    for (std::string word; words >> word;) w.push_back(word);
    if (w.empty()) continue;
    if (!header) {
      if (w.size() != 2 || w[0] + " " + w[1] != kMagic) {
        *error = where + "a fault profile starts with '" + std::string(kMagic) + "'";
        return false;
      }
      header = true;
      continue;
    }
    if (w.size() != 3) {
      *error = where + "expected CALL FAULT PROBABILITY (e.g. 'write eio 0.02')";
      return false;
    }
    size_t call = kIoCallCount;
    for (size_t i = 0; i < kIoCallCount; ++i) {
      if (w[0] == kCallNames[i]) call = i;
    }
    if (call == kIoCallCount) {
      *error = where + "unknown call '" + w[0] + "'; known: " + known_calls();
      return false;
    }
    size_t fault = 0;
    for (size_t i = 1; i < kIoFaultCount; ++i) {
      if (w[1] == kFaultNames[i]) fault = i;
    }
    if (fault == 0) {
      *error = where + "unknown fault '" + w[1] + "'; known: eio, enospc, short";
      return false;
    }
    const auto c = static_cast<IoCall>(call);
    const auto f = static_cast<IoFault>(fault);
    if (!fault_applies(c, f)) {
      *error = where + "fault '" + w[1] + "' does not apply to '" + w[0] +
               "' (short: read, write; enospc: open, write, sync, rename)";
      return false;
    }
    uint32_t ppm = 0;
    if (!parse_probability(w[2], &ppm)) {
      *error = where + "probability '" + w[2] + "' is not a number in [0, 1] (or 0%..100%)";
      return false;
    }
    out->at(c, f) = ppm;
    uint64_t sum = 0;
    for (size_t i = 1; i < kIoFaultCount; ++i) sum += out->ppm[call][i];
    if (sum > FaultProfile::kPpm) {
      *error = where + "the faults of '" + w[0] + "' add up to more than 1";
      return false;
    }
  }
  if (!header) {
    *error = "the fault profile is empty; it starts with '" + std::string(kMagic) + "'";
    return false;
  }
  return true;
}

bool read_fault_profile_file(const std::string& path, FaultProfile* out, std::string* error) {
  const std::optional<std::string> text = read_text_file(path);
  if (!text) {
    *error = "cannot read fault profile " + path;
    return false;
  }
  if (!parse_fault_profile(*text, out, error)) {
    *error = "fault profile " + path + ": " + *error;
    return false;
  }
  return true;
}

std::string format_fault_profile(const FaultProfile& profile) {
  std::string out = std::string(kMagic) + "\n";
  for (size_t c = 0; c < kIoCallCount; ++c) {
    for (size_t f = 1; f < kIoFaultCount; ++f) {
      if (profile.ppm[c][f] == 0) continue;
      out += std::string(kCallNames[c]) + " " + kFaultNames[f] + " " + ppm_text(profile.ppm[c][f]) +
             "\n";
    }
  }
  return out;
}

}  // namespace enginesim::sched
