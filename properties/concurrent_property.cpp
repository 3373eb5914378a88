// concurrent_property.cpp - the concurrent property's body: a drawn case
// run under the scheduler in a forked child, its failure described and kept.
#include "properties/concurrent_property.h"

#include <stdlib.h>

#include <filesystem>

namespace enginesim::properties {
namespace {

// A fresh directory for a failure's files, under $TMPDIR or /tmp.
std::string failure_dir() {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/enginesim-property-XXXXXX";
  return ::mkdtemp(tmpl.data()) ? tmpl : std::string("/tmp");
}

}  // namespace

ConcurrentOutcome check_concurrent(
    const std::string& id, const PropertyTarget& target, const PropertyParams& params,
    const std::string& enginesim,
    const std::function<void(const ConcurrentCase&, const sched::RunResult&)>& on_case) {
  ConcurrentOutcome out;
  out.id = id;
  out.dir = failure_dir();
  const std::string scratch = out.dir + "/history.running";
  const auto property = [&] {
    const ConcurrentCase c = *gen_case(target);
    // A child that dies writes no history: never show an earlier case's.
    std::error_code gone;
    std::filesystem::remove(scratch, gone);
    const sched::RunResult r = run_case(target, c, scratch);
    if (on_case) on_case(c, r);
    if (r.ok()) return;
    // rapidcheck evaluates the shrunk case last among the failing ones.
    std::error_code ec;
    std::filesystem::rename(scratch, out.dir + "/history", ec);
    out.shrunk = c;
    out.failure = describe_failure(target, c, r, out.dir, enginesim);
    RC_FAIL(out.failure);
  };
  out.rc = run_rapidcheck(id, property, params);
  if (out.rc.passed) {
    std::error_code ec;
    std::filesystem::remove_all(out.dir, ec);
  }
  return out;
}

}  // namespace enginesim::properties
