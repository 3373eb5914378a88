// runner.h - runs conformance clauses, each in its own forked child with a
// time limit, and turns what the child reports (or how it ended) into a
// verdict: PASS, FAIL, DIED, TIMEOUT, SKIP or CONTRACT.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "harness/abi/profile.h"
#include "harness/conformance/clause.h"

namespace enginesim::conformance {

// WARN: a strict clause (Clause::level) failed while the run is held to the
// required level only; the detail says how it failed.
enum class Verdict { pass, fail, died, timeout, skip, contract, warn };
const char* to_string(Verdict verdict);  // "PASS", "FAIL", ...
// DIED, TIMEOUT and CONTRACT count as failures.
inline bool is_failure(Verdict v) {
  return v != Verdict::pass && v != Verdict::skip && v != Verdict::warn;
}

struct ClauseResult {
  std::string id;
  Verdict verdict = Verdict::fail;
  // FAIL: "what: expected X, got Y" (the first failure; more are counted
  // here and listed in `failures`);
  // DIED: "killed by SIGSEGV (core dumped)"; TIMEOUT: the limit;
  // SKIP: the reason; CONTRACT: the monitor's message.
  std::string detail;
  std::string rule;     // CONTRACT: the monitor rule id
  std::string history;  // CONTRACT: the calls that led there
  double seconds = 0;
  Level level = Level::required;  // the clause's level
  // (After the fields above: aggregate initialisers list those in order.)
  // Every failure the clause recorded, in order ("what: expected X, got Y");
  // detail keeps the first (CI greps the clause line for it).
  std::vector<std::string> failures{};
  // Every contract violation, in order ("rule: message"); for WARN the
  // strict findings. rule and history are the first one's.
  std::vector<std::string> violations{};
  // The last lines the clause's child wrote to stderr (StderrCapture's
  // bounds): an engine's own complaints. "" when it wrote nothing.
  std::string engine_stderr{};
};

struct RunOptions {
  std::string engine_path;
  // Passed to initialize. Every "{tmpdir}" (or the old "@TMPDIR@") is
  // replaced, per clause, by a fresh empty directory removed after it.
  std::string config;
  double timeout_sec = 30;                         // per clause, wall clock
  abi::Profile abi = abi::Profile::tutorial_2010;  // the engine's layout (--abi)
  // Findings of strict clauses fail only when this is Level::strict (--level).
  Level level = Level::required;
};

// The clauses whose id matches `filter`: comma-separated shell globs
// (fnmatch), any of which may match; empty or "*" selects all.
std::vector<const Clause*> select_clauses(const std::string& filter);

// Loads, initialises and destroys the engine once in a child. False and a
// message (the loader's, or how the child ended) when that fails.
bool check_engine_loads(const RunOptions& options, std::string* message);

ClauseResult run_clause(const Clause& clause, const RunOptions& options);

// Runs `clauses` in order; `on_result` sees each result as it arrives.
std::vector<ClauseResult> run_clauses(const std::vector<const Clause*>& clauses,
                                      const RunOptions& options,
                                      const std::function<void(const ClauseResult&)>& on_result);

struct Summary {
  int passed = 0, failed = 0, skipped = 0, warned = 0;
};
Summary summarize(const std::vector<ClauseResult>& results);
// "N passed, N failed, N skipped"
std::string summary_line(const Summary& summary);

}  // namespace enginesim::conformance
