// runner.cpp - one forked child per clause; the child's report or its end
// style-ok-file: wall time measures clause durations and time limits only.
// becomes the clause's verdict.
#include "harness/conformance/runner.h"

#include <fnmatch.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string_view>

#include "enginesim/check.h"
#include "enginesim/temp_dir.h"
#include "harness/conformance/clause_context.h"
#include "harness/monitor/rules.h"
#include "harness/proc/isolate.h"
#include "harness/proc/tmpdir_placeholder.h"

namespace enginesim::conformance {

const char* to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::pass: return "PASS";
    case Verdict::fail: return "FAIL";
    case Verdict::died: return "DIED";
    case Verdict::timeout: return "TIMEOUT";
    case Verdict::skip: return "SKIP";
    case Verdict::contract: return "CONTRACT";
    case Verdict::warn: return "WARN";
  }
  return "?";
}

namespace {

// The child's report: six fields split by the ASCII record separator; the
// two lists (failures, violations) split their items by the unit separator.
constexpr char kSep = '\x1e';
constexpr char kItemSep = '\x1f';
constexpr size_t kFields = 6;

std::string clean(std::string s) {
  for (char& c : s) {
    if (c == kSep || c == kItemSep) c = ' ';
  }
  return s;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i)
    out += (i == 0 ? "" : std::string(1, kItemSep)) + clean(items[i]);
  return out;
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts(1);
  for (char c : text) {
    if (c == sep) {
      parts.emplace_back();
    } else {
      parts.back() += c;
    }
  }
  return parts;
}

std::string encode(const ClauseResult& r) {
  return std::string(to_string(r.verdict)) + kSep + clean(r.rule) + kSep + clean(r.detail) + kSep +
         clean(r.history) + kSep + join(r.failures) + kSep + join(r.violations);
}

bool decode(const std::string& text, ClauseResult* r) {
  const std::vector<std::string> fields = split(text, kSep);
  if (fields.size() != kFields) return false;
  for (Verdict v :
       {Verdict::pass, Verdict::fail, Verdict::skip, Verdict::contract, Verdict::warn}) {
    if (fields[0] == to_string(v)) {
      r->verdict = v;
      r->rule = fields[1];
      r->detail = fields[2];
      r->history = fields[3];
      if (!fields[4].empty()) r->failures = split(fields[4], kItemSep);
      if (!fields[5].empty()) r->violations = split(fields[5], kItemSep);
      return true;
    }
  }
  return false;
}

// What the clause found, in order of precedence: a contract violation
// explains the wrong results it causes, so it wins over failures.
ClauseResult judge(const std::vector<ContractFinding>& all_findings,
                   const std::vector<Failure>& failures, const std::string* skip_reason,
                   Level level) {
  // Findings of strict rules below --level strict: a WARN when nothing fails.
  std::vector<ContractFinding> findings, warnings;
  for (const ContractFinding& f : all_findings) {
    (fails_at(rules::level_of(f.rule), level) ? findings : warnings).push_back(f);
  }
  ClauseResult r;
  for (const Failure& f : failures) r.failures.push_back(f.text());
  for (const ContractFinding& f : findings) r.violations.push_back(f.rule + ": " + f.message);
  if (findings.empty() && failures.empty() && skip_reason == nullptr && !warnings.empty()) {
    for (const ContractFinding& f : warnings) r.violations.push_back(f.rule + ": " + f.message);
    r.verdict = Verdict::warn;
    r.rule = warnings.front().rule;
    r.detail = "strict rule " + warnings.front().rule + ": " + warnings.front().message;
    r.history = warnings.front().history;
    return r;
  }
  if (!findings.empty()) {
    r.verdict = Verdict::contract;
    r.rule = findings.front().rule;
    r.detail = findings.front().message;
    r.history = findings.front().history;
    if (findings.size() > 1) {
      // Every rule broken, once each, so that a report names all of them.
      std::vector<std::string> rules;
      for (const ContractFinding& f : findings) {
        if (std::find(rules.begin(), rules.end(), f.rule) == rules.end()) rules.push_back(f.rule);
      }
      std::string names;
      for (const std::string& rule : rules) names += (names.empty() ? "" : ", ") + rule;
      r.detail +=
          " (+" + std::to_string(findings.size() - 1) + " more violations; rules: " + names + ")";
    }
    if (!failures.empty()) r.detail += "; also FAIL: " + failures.front().text();
  } else if (!failures.empty()) {
    r.verdict = Verdict::fail;
    r.detail = failures.front().text();
    if (failures.size() > 1)
      r.detail += " (+" + std::to_string(failures.size() - 1) + " more failures)";
  } else if (skip_reason != nullptr) {
    r.verdict = Verdict::skip;
    r.detail = *skip_reason;
  } else {
    r.verdict = Verdict::pass;
  }
  return r;
}

// The child: runs the clause against a fresh core and engine, tears the
// engine down (so destroy is part of every clause), collects the verdict.
ClauseResult run_in_child(const Clause& clause, const ClauseSetup& setup) {
  // Never deleted: the child _exits after reporting. Deleting it would
  // dlclose the engine, and a thread that outlived destroy would then crash
  // the child before the verdict (lifecycle.thread_leak) gets out.
  ClauseContext& ctx = *new ClauseContext(setup);
  std::string skip_reason;
  bool skipped = false;
  try {
    if (clause.feature && !ctx.has_feature(*clause.feature)) {
      ctx.skip("the engine does not advertise " + feature_name(*clause.feature));
    }
    clause.test(ctx);
  } catch (const ClauseStop&) {
  } catch (const ClauseSkip& s) {
    skipped = true;
    skip_reason = s.reason;
  }
  ctx.teardown();
  return judge(ctx.monitor().finish(), ctx.failures(), skipped ? &skip_reason : nullptr,
               setup.level);
}

ClauseSetup setup_for(const RunOptions& options, const TempDir& dir) {
  ClauseSetup setup;
  setup.engine_path = options.engine_path;
  setup.config = substitute_tmpdir(options.config, dir.path());
  setup.abi = options.abi;
  setup.level = options.level;
  // A lost notify must be found well inside the clause's limit.
  const double limit_ms = options.timeout_sec * 1000.0 / 3.0;
  if (options.timeout_sec > 0 && limit_ms < setup.notify_timeout_ms) {
    setup.notify_timeout_ms = static_cast<uint32_t>(limit_ms < 50 ? 50 : limit_ms);
  }
  return setup;
}

}  // namespace

std::vector<const Clause*> select_clauses(const std::string& filter) {
  std::vector<std::string> globs(1);
  for (char c : filter) {
    if (c == ',') {
      globs.emplace_back();
    } else {
      globs.back() += c;
    }
  }
  std::vector<const Clause*> out;
  for (const Clause& c : catalogue()) {
    for (const std::string& g : globs) {
      if (g.empty() || ::fnmatch(g.c_str(), c.id, 0) == 0) {
        out.push_back(&c);
        break;
      }
    }
  }
  return out;
}

bool check_engine_loads(const RunOptions& options, std::string* message) {
  TempDir dir("enginesim-conf");
  const ClauseSetup setup = setup_for(options, dir);
  IsolatedResult r = run_isolated(
      [&](const std::function<void(const std::string&)>& send) {
        Core core;
        LoadError error{};
        LoadOptions load;
        load.abi = setup.abi;
        load.config = setup.config;
        auto engine = load_engine(setup.engine_path, core, load, &error);
        if (!engine) {
          send(error.message);
          return 1;
        }
        engine->destroy();
        return 0;
      },
      {.limit_ms = static_cast<uint32_t>(options.timeout_sec * 1000)});
  if (r.exited && r.exit_code == 0) return true;
  *message = r.exited && !r.payload.empty()
                 ? r.payload
                 : "engine " + options.engine_path + ": loading it " + r.describe();
  return false;
}

ClauseResult run_clause(const Clause& clause, const RunOptions& options) {
  ES_CHECK(clause.test != nullptr);
  TempDir dir("enginesim-conf");
  const ClauseSetup setup = setup_for(options, dir);
  const auto start = std::chrono::steady_clock::now();
  IsolatedResult ended = run_isolated(
      [&](const std::function<void(const std::string&)>& send) {
        send(encode(run_in_child(clause, setup)));
        return 0;
      },
      {.limit_ms = static_cast<uint32_t>(options.timeout_sec * 1000), .capture_stderr = true});
  ClauseResult r;
  if (ended.timed_out) {
    r.verdict = Verdict::timeout;
    r.detail = "no verdict within " + std::to_string(static_cast<int>(options.timeout_sec)) +
               " s (the child was killed)";
  } else if (ended.exited && ended.exit_code == 0 && decode(ended.payload, &r)) {
    // the child's own verdict
  } else {
    r = ClauseResult{};
    r.verdict = Verdict::died;
    r.detail = ended.exited ? "exited with status " + std::to_string(ended.exit_code) +
                                  " before reporting a verdict"
                            : "killed by " + signal_name(ended.signal) +
                                  (ended.core_dumped ? " (core dumped)" : " (no core dump)");
  }
  r.id = clause.id;
  r.level = clause.level;
  r.engine_stderr = ended.child_stderr;
  if (is_failure(r.verdict) && !fails_at(clause.level, options.level)) {
    // A strict clause: the finding is reported in full, as a warning.
    r.detail = std::string("strict clause, ") + to_string(r.verdict) + ": " + r.detail;
    if (r.verdict == Verdict::contract) r.detail = r.rule + ": " + r.detail;
    r.verdict = Verdict::warn;
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

std::vector<ClauseResult> run_clauses(const std::vector<const Clause*>& clauses,
                                      const RunOptions& options,
                                      const std::function<void(const ClauseResult&)>& on_result) {
  std::vector<ClauseResult> results;
  results.reserve(clauses.size());
  for (const Clause* c : clauses) {
    results.push_back(run_clause(*c, options));
    if (on_result) on_result(results.back());
  }
  return results;
}

Summary summarize(const std::vector<ClauseResult>& results) {
  Summary s;
  for (const ClauseResult& r : results) {
    if (r.verdict == Verdict::pass)
      ++s.passed;
    else if (r.verdict == Verdict::skip)
      ++s.skipped;
    else if (r.verdict == Verdict::warn)
      ++s.warned;
    else
      ++s.failed;
  }
  return s;
}

std::string summary_line(const Summary& s) {
  std::string line = std::to_string(s.passed) + " passed, " + std::to_string(s.failed) +
                     " failed, " + std::to_string(s.skipped) + " skipped";
  // Only when there are any: the line stays what CI parsers know otherwise.
  if (s.warned > 0) line += ", " + std::to_string(s.warned) + " strict warnings";
  return line;
}

}  // namespace enginesim::conformance
