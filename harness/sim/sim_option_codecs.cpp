// sim_option_codecs.cpp - the codecs of sim_option_codecs.h that need more
// than a line: checks with their error messages, the embedded workload and
// fault profile.
#include "harness/sim/sim_option_codecs.h"

#include "harness/sim/sim_options.h"

namespace enginesim::cli::codec {

void mark_fixed(SimSetup& setup, bool sched::ShapeFixed::*dimension, bool given) {
  setup.fixed.*dimension = given;
}

std::string escape_line(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else
      out.push_back(c);
  }
  return out;
}

std::string unescape_line(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      out.push_back(text[i + 1] == 'n' ? '\n' : text[i + 1]);
      ++i;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

bool StrategySpec::from_arg(const Args& a, const char* name, std::string& v, SimSetup&,
                            std::string* error) {
  v = a.str(name);
  int dfs_bound = 0;
  return check_strategy(v, &dfs_bound, error);
}

bool AbiName::from_arg(const Args& a, const char* name, abi::Profile& v, SimSetup&,
                       std::string* error) {
  const auto parsed = abi::parse(a.str(name));
  if (!parsed) {
    *error = std::string("--") + name + " '" + a.str(name) +
             "' names no ABI profile; known: " + abi::known_names();
    return false;
  }
  v = *parsed;
  return true;
}

bool AbiName::from_meta(const std::string& t, const char*, bool, abi::Profile& v, SimSetup&,
                        std::string* error) {
  const auto profile = abi::parse(t);
  if (!profile) {
    *error = "the schedule file's ABI profile '" + t +
             "' is unknown to this enginesim (known: " + abi::known_names() + ")";
    return false;
  }
  v = *profile;
  return true;
}

bool LevelName::from_arg(const Args& a, const char* name, Level& v, SimSetup&, std::string* error) {
  const std::optional<Level> level = parse_level(a.str(name));
  if (!level) {
    *error = std::string("--") + name + " must be required or strict, not '" + a.str(name) + "'";
    return false;
  }
  v = *level;
  return true;
}

bool LevelName::from_meta(const std::string& t, const char* key, bool, Level& v, SimSetup&,
                          std::string* error) {
  const std::optional<Level> parsed = parse_level(t);
  if (!parsed) {
    *error =
        std::string("the schedule file's '") + key + "' is '" + t + "', not required or strict";
    return false;
  }
  v = *parsed;
  return true;
}

bool OpMix::from_meta(const std::string& t, const char* key, bool, Kinds& v, SimSetup&,
                      std::string* error) {
  if (!sched::parse_op_mix(t, &v, error)) {
    *error = std::string("the schedule file's '") + key + "': " + *error;
    return false;
  }
  return true;
}

bool WorkloadFile::from_arg(const Args& a, const char* name, std::string& path, SimSetup& s,
                            std::string* error) {
  if (!a.has(name)) return true;
  auto w = std::make_shared<sched::Workload>();
  path = a.str(name);
  if (!sched::read_workload_file(path, w.get(), error)) return false;
  s.workload_text = sched::format_workload(*w);
  s.cfg.connections = static_cast<uint32_t>(w->connections.size());
  s.cfg.workload = std::move(w);
  return true;
}

std::string WorkloadFile::meta_text(const std::string&, const SimSetup& s) {
  return escape_line(s.workload_text);
}

bool WorkloadFile::meta_default(const std::string&, const SimSetup& s, const char*) {
  return !s.cfg.workload;
}

bool WorkloadFile::from_meta(const std::string& t, const char*, bool, std::string&, SimSetup& s,
                             std::string* error) {
  auto workload = std::make_shared<sched::Workload>();
  s.workload_text = unescape_line(t);
  if (!sched::parse_workload(s.workload_text, workload.get(), error)) {
    *error = "the schedule file's embedded workload: " + *error;
    return false;
  }
  s.cfg.workload = std::move(workload);
  return true;
}

std::string FaultProfileFile::meta_text(const std::string&, const SimSetup& s) {
  return escape_line(sched::format_fault_profile(*s.cfg.faults));
}

bool FaultProfileFile::meta_default(const std::string&, const SimSetup& s, const char*) {
  return !s.cfg.faults;
}

}  // namespace enginesim::cli::codec
