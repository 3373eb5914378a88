// sequential_case.cpp - a sequential case in a forked child (harness/proc's
// run_isolated), and what the child streams back: framed records, so that a
// child killed mid-case still tells how far it got.
#include "properties/sequential_case.h"

#include <exception>
#include <string>

#include "harness/proc/isolate.h"

namespace enginesim::properties {
namespace {

// A record: tag, payload length, ':', payload. Payloads are multi-line.
std::string frame(char tag, const std::string& text) {
  return std::string(1, tag) + std::to_string(text.size()) + ":" + text;
}

struct Streamed {
  std::string failure;  // 'f': why the model or the monitor failed it
  std::string pending;  // a 'c' without its 'd': the operation it died in
  bool has_failure = false;
  bool intact = true;  // every record complete
};

Streamed read_records(const std::string& text, CaseLog* log) {
  Streamed out;
  size_t at = 0;
  while (at < text.size()) {
    const size_t colon = text.find(':', at + 1);
    if (colon == std::string::npos) {
      out.intact = false;
      break;
    }
    const size_t size = std::stoul(text.substr(at + 1, colon - at - 1));
    if (colon + 1 + size > text.size()) {
      out.intact = false;
      break;
    }
    const char tag = text[at];
    const std::string payload = text.substr(colon + 1, size);
    at = colon + 1 + size;
    if (tag == 'c') {
      ++log->operations;
      out.pending = payload;
    } else if (tag == 'd') {
      log->lines.push_back(payload);
      out.pending.clear();
    } else if (tag == 'o' && log->outcomes != nullptr) {
      ++(*log->outcomes)[payload];
    } else if (tag == 'f') {
      out.failure = payload;
      out.has_failure = true;
    }
  }
  return out;
}

std::string stderr_tail(const IsolatedResult& r) {
  if (r.child_stderr.empty()) return "";
  return "\n  the engine's last stderr lines:\n" + r.child_stderr;
}

int run_in_child(const EngineTarget& target, const SequentialCommands& commands,
                 const std::function<void(const std::string&)>& send) {
  CaseLog log;
  log.stream = [&send](char tag, const std::string& text) { send(frame(tag, text)); };
  try {
    EngineUnderTest sut(target, &log);
    rc::state::runAll(commands, Plan{}, sut);
    sut.finish();
  } catch (const rc::detail::CaseResult& result) {
    send(frame('f', result.description));
    return 1;
  } catch (const std::exception& e) {
    send(frame('f', target.name + ": an exception escaped the case: " + e.what()));
    return 1;
  }
  return 0;
}

}  // namespace

void run_sequential_case(const EngineTarget& target, const SequentialCommands& commands,
                         CaseLog* log) {
  std::map<std::string, size_t>* outcomes = log->outcomes;
  *log = CaseLog{};
  log->outcomes = outcomes;
  const IsolatedResult r = run_isolated(
      [&](const std::function<void(const std::string&)>& send) {
        return run_in_child(target, commands, send);
      },
      {.limit_ms = target.case_limit_ms, .capture_stderr = true});
  const Streamed s = read_records(r.payload, log);
  if (r.exited && r.exit_code == 0 && !s.has_failure) return;
  if (r.exited && r.exit_code == 1 && s.has_failure) RC_FAIL(s.failure);
  // The child died, hung, or exited without a verdict (a sanitizer's report).
  const std::string how = r.timed_out ? "hung: the case ran past its limit of " +
                                            std::to_string(target.case_limit_ms / 1000) +
                                            " s and was killed"
                                      : "died: " + r.describe();
  std::string where = " outside any operation (loading, destroy or the end-of-case checks)";
  if (!s.pending.empty()) {
    where = " in operation " + std::to_string(log->operations) + " (" + s.pending + ")";
    log->lines.push_back(s.pending + " -> (" + how + ")");
  }
  RC_FAIL(target.name + ": the engine " + how + where + stderr_tail(r));
}

}  // namespace enginesim::properties
