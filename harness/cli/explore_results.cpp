// explore_results.cpp - JUnit XML and JSON renderings of an explore campaign.
#include "harness/cli/explore_results.h"

#include <cinttypes>
#include <cstdio>

#include "enginesim/xml_escape.h"
#include "harness/report/escape.h"
#include "harness/sched/trace.h"

namespace enginesim::cli {
namespace {

using report::json_string;

// The first line, and the second when there is one ("contract monitor: 3
// violation(s)" says little without the first violation under it).
std::string headline(const std::string& text) {
  const size_t end1 = text.find('\n');
  if (end1 == std::string::npos) return text;
  const size_t start2 = text.find_first_not_of(' ', end1 + 1);
  if (start2 == std::string::npos) return text.substr(0, end1);
  const size_t end2 = text.find('\n', start2);
  const size_t len2 = end2 == std::string::npos ? std::string::npos : end2 - start2;
  return text.substr(0, end1) + " / " + text.substr(start2, len2);
}

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", s);
  return buf;
}

std::string u64(uint64_t v) { return std::to_string(v); }

// The line CI shows first: what failed and the one command that replays it.
std::string failure_message(const ExploreFailure& f) {
  return std::string(sched::to_string(f.result.verdict)) + ": " + headline(f.result.report) +
         " -- replay: " + f.record.command;
}

std::string summary_text(const ExploreInfo& info, size_t failures) {
  std::string s = u64(info.seeds_done) + " of " + u64(info.seeds_total) + " seeds, " +
                  std::to_string(failures) + " failing;";
  for (const auto& [verdict, n] : info.by_verdict) s += " " + verdict + " " + u64(n);
  return s;
}

// "groups": the failures by signature, each with its seeds and the replay
// command of its lowest seed; what `merge` computes over many shards.
std::string groups_json(const std::vector<ExploreFailure>& failures) {
  const std::vector<FailureGroup> groups = group_failures(signed_failures(failures));
  std::string out = "  \"groups\": [";
  for (size_t i = 0; i < groups.size(); ++i) {
    const FailureGroup& g = groups[i];
    out += (i == 0 ? "\n" : ",\n") + std::string("    {\"signature\": ") +
           json_string(g.signature) + ", \"count\": " + std::to_string(g.seeds.size()) +
           ", \"replay\": " + json_string(g.replay) + ", \"seeds\": [";
    for (size_t j = 0; j < g.seeds.size(); ++j) out += (j == 0 ? "" : ", ") + u64(g.seeds[j]);
    out += "]}";
  }
  return out + (groups.empty() ? "],\n" : "\n  ],\n");
}

}  // namespace

std::vector<SignedFailure> signed_failures(const std::vector<ExploreFailure>& failures) {
  std::vector<SignedFailure> out;
  for (const ExploreFailure& f : failures) {
    out.push_back({f.seed, sched::to_string(f.result.verdict), f.result.report, f.record.command});
  }
  return out;
}

std::string explore_junit(const ExploreInfo& info, const std::vector<ExploreFailure>& failures) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
  out += "  <testsuite name=\"enginesim.explore\" tests=\"" +
         std::to_string(failures.size() + info.incomplete.size() + 1) + "\" failures=\"" +
         std::to_string(failures.size()) + "\" errors=\"0\" skipped=\"" +
         std::to_string(info.incomplete.size()) + "\" time=\"" + seconds_text(info.seconds) +
         "\">\n    <properties>\n";
  const std::pair<const char*, std::string> props[] = {
      {"engine", info.engine_path},
      {"config", info.config},
      {"strategy", info.strategy},
      {"seeds", u64(info.first) + ".." + u64(info.last)},
      {"shard", u64(info.shard) + "/" + u64(info.shards)}};
  for (const auto& [name, value] : props) {
    out += "      <property name=\"" + std::string(name) + "\" value=\"" + xml_escape(value) +
           "\"/>\n";
  }
  out += "    </properties>\n";
  out += "    <testcase classname=\"explore\" name=\"summary\" time=\"" +
         seconds_text(info.seconds) + "\">\n      <system-out>" +
         xml_escape(summary_text(info, failures.size())) + "</system-out>\n    </testcase>\n";
  for (const ExploreFailure& f : failures) {
    out += "    <testcase classname=\"explore." + std::string(sched::to_string(f.result.verdict)) +
           "\" name=\"seed " + u64(f.seed) + "\" time=\"0\">\n";
    out += "      <failure type=\"" + std::string(sched::to_string(f.result.verdict)) +
           "\" message=\"" + xml_escape(failure_message(f)) + "\">" +
           xml_escape(f.result.report + "\n" + f.record.confirmation +
                      "\nreplay: " + f.record.command) +
           "</failure>\n";
    if (!f.result.engine_stderr.empty()) {
      out += "      <system-err>" + xml_escape(f.result.engine_stderr) + "</system-err>\n";
    }
    out += "    </testcase>\n";
  }
  // A spent budget is no failure: JUnit's nearest word is "skipped".
  for (const ExploreFailure& f : info.incomplete) {
    out += "    <testcase classname=\"explore.incomplete\" name=\"seed " + u64(f.seed) +
           "\" time=\"0\">\n      <skipped message=\"" + xml_escape(headline(f.result.report)) +
           "\"/>\n    </testcase>\n";
  }
  return out + "  </testsuite>\n</testsuites>\n";
}

std::string explore_json(const ExploreInfo& info, const std::vector<ExploreFailure>& failures) {
  std::string out = "{\n  \"format\": \"enginesim-explore-1\",\n";
  out += "  \"engine\": " + json_string(info.engine_path) + ",\n";
  out += "  \"config\": " + json_string(info.config) + ",\n";
  out += "  \"strategy\": " + json_string(info.strategy) + ",\n";
  out += "  \"seeds\": {\"first\": " + u64(info.first) + ", \"last\": " + u64(info.last) +
         ", \"shard\": " + u64(info.shard) + ", \"shards\": " + u64(info.shards) +
         ", \"total\": " + u64(info.seeds_total) + "},\n";
  out += "  \"summary\": {\"done\": " + u64(info.seeds_done) +
         ", \"failed\": " + std::to_string(failures.size()) +
         ", \"seconds\": " + seconds_text(info.seconds) +
         ", \"exit_code\": " + std::to_string(info.exit_code) + ", \"by_verdict\": {";
  bool first = true;
  for (const auto& [verdict, n] : info.by_verdict) {
    out += (first ? "" : ", ") + json_string(verdict) + ": " + u64(n);
    first = false;
  }
  out += "}},\n  \"failures\": [";
  for (size_t i = 0; i < failures.size(); ++i) {
    const ExploreFailure& f = failures[i];
    out += i == 0 ? "\n" : ",\n";
    out += "    {\"seed\": " + u64(f.seed) +
           ", \"verdict\": " + json_string(sched::to_string(f.result.verdict)) +
           ", \"message\": " + json_string(failure_message(f)) +
           ", \"report\": " + json_string(f.result.report) +
           ", \"replay\": " + json_string(f.record.command) +
           ", \"schedule\": " + json_string(f.record.schedule_path) +
           ", \"repeated\": " + (f.record.repeated ? "true" : "false") +
           ", \"confirmation\": " + json_string(f.record.confirmation) +
           ", \"trace_hash\": " + json_string(sched::hex64(f.result.trace_hash)) +
           ", \"engine_stderr\": " + json_string(f.result.engine_stderr) + "}";
  }
  out += failures.empty() ? "],\n" : "\n  ],\n";
  out += groups_json(failures);
  out += "  \"incomplete\": [";
  for (size_t i = 0; i < info.incomplete.size(); ++i) {
    const ExploreFailure& f = info.incomplete[i];
    out += (i == 0 ? "\n" : ",\n") + std::string("    {\"seed\": ") + u64(f.seed) +
           ", \"report\": " + json_string(f.result.report) +
           ", \"covered\": " + u64(f.result.steps) + "}";
  }
  out += info.incomplete.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

}  // namespace enginesim::cli
