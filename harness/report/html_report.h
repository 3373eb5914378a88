// html_report.h - one self-contained HTML file (inline CSS and JS, no
// network) that draws a recorded run as swimlanes: header (seed, strategy,
// engine, config, replay command, trace hash), legend, the failure, and the
// timeline with a window around the failure and a search box.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "harness/report/timeline.h"

namespace enginesim::report {

struct PageInfo {
  std::string title;  // "enginesim: seed 24, failed"
  // Shown in the header, in order: {"seed", "24"}, {"engine", "..."}...
  std::vector<std::pair<std::string, std::string>> facts;
  std::string replay_command;
  std::string verdict;  // "ok", "failed", ...
  std::string report;   // the verdict's report (multi-line), "" when ok
};

std::string html_page(const PageInfo& info, const Timeline& timeline);

// The page's stylesheet and script (report_assets.cpp).
extern const char* const kReportCss;
extern const char* const kReportJs;

}  // namespace enginesim::report
