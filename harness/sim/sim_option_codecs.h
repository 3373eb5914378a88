// sim_option_codecs.h - how each kind of simulation option (the CODEC column
// of sim_options.def) is read from the command line, written as it would be
// typed (the repro command), written into a schedule file and read back.
// Every codec has the same static functions:
//   from_arg(args, name, field, setup, error)   the parsed command line
//   arg_text(field)                              as typed: "" for a flag that
//                                                is off, "1" for one that is on
//   meta_text(field, setup)                      the schedule file's value
//   meta_default(field, setup, dflt)             true: an optional schedule
//                                                line is left out
//   from_meta(text, key, required, field, setup, error)
#pragma once

#include <charconv>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "harness/abi/profile.h"
#include "harness/faults/fault_profile.h"
#include "harness/level.h"
#include "harness/options/option_spec.h"
#include "harness/proc/tmpdir_placeholder.h"
#include "harness/sim/sim_run.h"
#include "harness/sim/workload_file.h"
#include "harness/sim/workload_shape.h"
#include "harness/tsan_annotations.h"

namespace enginesim::cli {

struct SimSetup;

// MIN/MAX of a row without a bound.
inline constexpr std::nullopt_t kNoBound = std::nullopt;

namespace codec {

inline bool parse_u64(const std::string& text, uint64_t* out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, *out);
  return !text.empty() && ec == std::errc() && ptr == end;
}

inline std::string text_or_empty(const char* text) { return text != nullptr ? text : ""; }

// Meta values are one line: escape backslashes and newlines.
std::string escape_line(const std::string& text);
std::string unescape_line(const std::string& text);

inline bool not_a_number(const char* key, std::string* error) {
  *error = std::string("the schedule file's '") + key + "' is not a number";
  return false;
}

// Defaults shared by most codecs: no schedule-file line of their own.
struct Base {
  static constexpr bool kRequired = false;
  template <class T>
  static std::string meta_text(const T&, const SimSetup&) {
    return "";
  }
  template <class T>
  static bool from_meta(const std::string&, const char*, bool, T&, SimSetup&, std::string*) {
    return true;
  }
};

// A string as given (empty when the option is absent).
struct Text : Base {
  static bool from_arg(const Args& a, const char* name, std::string& v, SimSetup&, std::string*) {
    v = a.has(name) ? a.str(name) : "";
    return true;
  }
  static std::string arg_text(const std::string& v) { return v; }
  static std::string meta_text(const std::string& v, const SimSetup&) { return v; }
  static bool meta_default(const std::string& v, const SimSetup&, const char* dflt) {
    return v == text_or_empty(dflt);
  }
  static bool from_meta(const std::string& t, const char*, bool, std::string& v, SimSetup&,
                        std::string*) {
    v = t;
    return true;
  }
};

// A string the command line must give.
struct Required : Text {
  static constexpr bool kRequired = true;
};

// --config: its warnings printed, its old {tmpdir} spelling updated.
struct EngineConfig : Text {
  static bool from_arg(const Args& a, const char* name, std::string& v, SimSetup&, std::string*) {
    v = checked_config(a.str(name), "");
    return true;
  }
};

// --strategy: checked (random, pct:D[:K], dfs:B); not in the file's meta
// (ScheduleFile::strategy holds it).
struct StrategySpec : Text {
  static bool from_arg(const Args& a, const char* name, std::string& v, SimSetup& s,
                       std::string* error);
};

// Read by the subcommand itself (run/explore's exit code), not the setup.
struct ReadBySubcommand : Base {
  template <class T>
  static bool from_arg(const Args&, const char*, T&, SimSetup&, std::string*) {
    return true;
  }
  template <class T>
  static std::string arg_text(const T&) {
    return "";
  }
  template <class T>
  static bool meta_default(const T&, const SimSetup&, const char*) {
    return true;
  }
};

// Whole seconds on the command line, milliseconds in the setup.
struct SecondsAsMs : Base {
  static bool from_arg(const Args& a, const char* name, uint32_t& v, SimSetup&, std::string*) {
    v = static_cast<uint32_t>(a.integer(name) * 1000);
    return true;
  }
  static std::string arg_text(uint32_t v) { return std::to_string(v / 1000); }
  static bool meta_default(uint32_t, const SimSetup&, const char*) { return true; }
};

// Whole numbers (bounds checked by the parser); in the file, a number.
template <class T>
struct Count : Base {
  static bool from_arg(const Args& a, const char* name, T& v, SimSetup&, std::string*) {
    v = static_cast<T>(a.integer(name));
    return true;
  }
  static std::string arg_text(T v) { return std::to_string(v); }
  static std::string meta_text(T v, const SimSetup&) { return std::to_string(v); }
  static bool meta_default(T v, const SimSetup&, const char* dflt) {
    return arg_text(v) == text_or_empty(dflt);
  }
  static bool from_meta(const std::string& t, const char* key, bool, T& v, SimSetup&,
                        std::string* error) {
    uint64_t n = 0;
    if (!parse_u64(t, &n) || n > static_cast<uint64_t>(static_cast<T>(~T{0}))) {
      return not_a_number(key, error);
    }
    v = static_cast<T>(n);
    return true;
  }
};
using Count32 = Count<uint32_t>;
using Count64 = Count<uint64_t>;

// A flag: "1"/"0" in the file (a number where the line is required).
struct Flag : Base {
  static bool from_arg(const Args& a, const char* name, bool& v, SimSetup&, std::string*) {
    v = a.flag(name);
    return true;
  }
  static std::string arg_text(bool v) { return v ? "1" : ""; }
  static std::string meta_text(bool v, const SimSetup&) { return v ? "1" : "0"; }
  static bool meta_default(bool v, const SimSetup&, const char*) { return !v; }
  static bool from_meta(const std::string& t, const char* key, bool required, bool& v, SimSetup&,
                        std::string* error) {
    if (!required) {
      v = t != "0";
      return true;
    }
    uint64_t n = 0;
    if (!parse_u64(t, &n)) return not_a_number(key, error);
    v = n != 0;
    return true;
  }
};

// --atomics (N=1), --races (2), --weak-memory (3) on the scheduler's options:
// each turns on the ones below it; a line "1" per level on; the repro
// command names the highest level only. Refused in a ThreadSanitizer build,
// whose runtime owns the __tsan_* entry points (docs/atomics.md).
template <int N>
struct AtomicsLevel : Base {
  static int level(const sched::SchedOptions& o) {
    return o.weak_memory ? 3 : o.races ? 2 : o.atomics ? 1 : 0;
  }
  static bool raise(sched::SchedOptions& o, std::string* error) {
    if (tsan_present()) {
      *error =
          "--atomics, --races and --weak-memory need an enginesim built without "
          "ThreadSanitizer (the tsan preset's runtime owns the __tsan_* entry points an "
          "instrumented engine calls): use the default or asan build (docs/atomics.md)";
      return false;
    }
    o.atomics = true;
    o.races = o.races || N >= 2;
    o.weak_memory = o.weak_memory || N >= 3;
    return true;
  }
  static bool from_arg(const Args& a, const char* name, sched::SchedOptions& o, SimSetup&,
                       std::string* error) {
    return !a.flag(name) || raise(o, error);
  }
  static std::string arg_text(const sched::SchedOptions& o) { return level(o) == N ? "1" : ""; }
  static std::string meta_text(const sched::SchedOptions&, const SimSetup&) { return "1"; }
  static bool meta_default(const sched::SchedOptions& o, const SimSetup&, const char*) {
    return level(o) < N;
  }
  static bool from_meta(const std::string& t, const char*, bool, sched::SchedOptions& o, SimSetup&,
                        std::string* error) {
    return t == "0" || raise(o, error);
  }
};

// A flag that turns a setting off (--no-linearizability): the file records
// the setting ("0" when off).
struct NegatedFlag : Base {
  static bool from_arg(const Args& a, const char* name, bool& v, SimSetup&, std::string*) {
    v = !a.flag(name);
    return true;
  }
  static std::string arg_text(bool v) { return v ? "" : "1"; }
  static std::string meta_text(bool v, const SimSetup&) { return v ? "1" : "0"; }
  static bool meta_default(bool v, const SimSetup&, const char*) { return v; }
  static bool from_meta(const std::string& t, const char*, bool, bool& v, SimSetup&, std::string*) {
    v = t != "0";
    return true;
  }
};

struct AbiName : Base {
  static bool from_arg(const Args& a, const char* name, abi::Profile& v, SimSetup&,
                       std::string* error);
  static std::string arg_text(abi::Profile v) { return abi::name(v); }
  static std::string meta_text(abi::Profile v, const SimSetup&) { return abi::name(v); }
  static bool meta_default(abi::Profile v, const SimSetup&, const char* dflt) {
    return arg_text(v) == text_or_empty(dflt);
  }
  static bool from_meta(const std::string& t, const char* key, bool, abi::Profile& v, SimSetup&,
                        std::string* error);
};

struct LevelName : Base {
  static bool from_arg(const Args& a, const char* name, Level& v, SimSetup&, std::string* error);
  static std::string arg_text(Level v) { return to_string(v); }
  static std::string meta_text(Level v, const SimSetup&) { return to_string(v); }
  static bool meta_default(Level v, const SimSetup&, const char* dflt) {
    return arg_text(v) == text_or_empty(dflt);
  }
  static bool from_meta(const std::string& t, const char* key, bool, Level& v, SimSetup&,
                        std::string* error);
};

// --mix: operation kinds, comma-separated; empty: the default mix (sim_workload.cpp).
struct OpMix : Base {
  using Kinds = std::vector<model::OpKind>;
  static bool from_arg(const Args& a, const char* name, Kinds& v, SimSetup&, std::string* error) {
    return !a.has(name) || sched::parse_op_mix(a.str(name), &v, error);
  }
  static std::string arg_text(const Kinds& v) { return sched::format_op_mix(v); }
  static std::string meta_text(const Kinds& v, const SimSetup&) { return arg_text(v); }
  static bool meta_default(const Kinds& v, const SimSetup&, const char*) { return v.empty(); }
  static bool from_meta(const std::string& t, const char* key, bool, Kinds& v, SimSetup&,
                        std::string* error);
};

// --workload FILE: the path on the command line; the file embeds the
// workload's text, so a replay needs no file.
struct WorkloadFile : Base {
  static bool from_arg(const Args& a, const char* name, std::string& path, SimSetup& s,
                       std::string* error);
  static std::string arg_text(const std::string& path) { return path; }
  static std::string meta_text(const std::string&, const SimSetup& s);
  static bool meta_default(const std::string&, const SimSetup& s, const char*);
  static bool from_meta(const std::string& t, const char* key, bool, std::string& path, SimSetup& s,
                        std::string* error);
};

// --fault-profile FILE: the path on the command line; the file embeds the
// profile (read back with --faults, see setup_faults).
struct FaultProfileFile : Base {
  static bool from_arg(const Args& a, const char* name, std::string& path, SimSetup&,
                       std::string*) {
    path = a.has(name) ? a.str(name) : "";
    return true;
  }
  static std::string arg_text(const std::string& path) { return path; }
  static std::string meta_text(const std::string&, const SimSetup& s);
  static bool meta_default(const std::string&, const SimSetup& s, const char*);
};

// A dimension of the seed workload's shape: read as Inner reads it, and
// marked fixed when the command line gives it, so that a swarm draw keeps it
// (seed_plan.h).
void mark_fixed(SimSetup& setup, bool sched::ShapeFixed::*dimension, bool given);
template <class Inner, bool sched::ShapeFixed::*Dimension>
struct ShapeDim : Inner {
  template <class T>
  static bool from_arg(const Args& a, const char* name, T& v, SimSetup& s, std::string* error) {
    mark_fixed(s, Dimension, a.given(name));
    return Inner::from_arg(a, name, v, s, error);
  }
};
// One alias per dimension: a row's CODEC is one macro argument.
using ShapeConnections = ShapeDim<Count32, &sched::ShapeFixed::connections>;
using ShapeOps = ShapeDim<Count32, &sched::ShapeFixed::ops>;
using ShapeKeys = ShapeDim<Count32, &sched::ShapeFixed::keys>;
using ShapeMix = ShapeDim<OpMix, &sched::ShapeFixed::mix>;
using ShapeExpiry = ShapeDim<Count32, &sched::ShapeFixed::expire_one_in>;
using ShapeAdvance = ShapeDim<Count32, &sched::ShapeFixed::advance_percent>;
using ShapeWorkers = ShapeDim<Count32, &sched::ShapeFixed::workers>;

// --X (kOn) and --no-X (!kOn) for a setting whose default is kDefault:
// giving both is an error; the repro command names the one that differs
// from the default. Not in the schedule file: what it decides is recorded
// instead (swarm: the seed's drawn shape, as plain values).
template <bool kOn, const bool& kDefault>
struct Switch : Base {
  static bool from_arg(const Args& a, const char* name, bool& v, SimSetup&, std::string* error) {
    if (!a.flag(name)) return true;
    if (!kOn && a.flag(name + 3)) {  // name is "no-X"
      *error =
          std::string("--") + (name + 3) + " and --" + name + " contradict each other: give one";
      return false;
    }
    v = kOn;
    return true;
  }
  static std::string arg_text(bool v) { return v == kOn && v != kDefault ? "1" : ""; }
  static bool meta_default(bool, const SimSetup&, const char*) { return true; }
};
using SwarmOn = Switch<true, option_default::swarm_on>;
using SwarmOff = Switch<false, option_default::swarm_on>;

}  // namespace codec
}  // namespace enginesim::cli
