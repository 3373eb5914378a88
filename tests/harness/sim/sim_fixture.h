// sim_fixture.h - fresh fs-engine directories and isolated sim runs for the
// scheduler's whole-simulation tests.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <string>

#include "enginesim/temp_dir.h"
#include "harness/sim/isolated_run.h"
#include "harness/sim/sim_run.h"

namespace enginesim::sched {

// sim_run of `cfg` under the strategy `spec` (seeded with cfg.seed); a spec
// make_strategy refuses is a failed run naming why.
inline RunResult sim_run_spec(const SimConfig& cfg, const std::string& spec) {
  std::string error;
  auto strategy = make_strategy(spec, cfg.seed, &error);
  if (!strategy) {
    RunResult r;
    r.verdict = Verdict::failed;
    r.report = error;
    return r;
  }
  return sim_run(cfg, *strategy);
}

// The child's side of one fs run in `dir` with strategy `spec`.
inline std::function<RunResult()> fs_job(SimConfig cfg, const std::string& mode,
                                         const std::string& dir, const std::string& spec) {
  return [cfg, mode, dir, spec]() mutable {
    cfg.engine_path = FS_ENGINE_PATH;
    cfg.engine_config = "dir=" + dir + ";mode=" + mode;
    return sim_run_spec(cfg, spec);
  };
}

}  // namespace enginesim::sched
