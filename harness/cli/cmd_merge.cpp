// cmd_merge.cpp - `enginesim merge OUT DIR...`: the `explore --json` results
// of a campaign's shards (explore --shard I/N) made into one: a summary, one
// JUnit file and one JSON file, failures grouped by signature. It checks that
// the shards cover the seed range exactly once, because a shard that never
// reported looks exactly like a shard that found nothing.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include "enginesim/text_file.h"
#include "harness/cli/command.h"
#include "harness/cli/explore_results.h"
#include "harness/cli/failure_signature.h"
#include "harness/cli/json_value.h"

namespace enginesim::cli {
namespace {

namespace fs = std::filesystem;

struct ShardFile {
  std::string path;
  JsonValue json;
  uint64_t shard = 0, shards = 1, first = 0, last = 0, total = 0, done = 0;
};

// A DIR argument is every *.json file in it that explore wrote; a file
// argument is that file (it must be explore's).
bool collect(const std::string& arg, std::vector<ShardFile>* out, std::string* error) {
  std::vector<std::string> paths;
  std::error_code ec;
  const bool dir = fs::is_directory(arg, ec);
  if (dir) {
    for (const auto& e : fs::directory_iterator(arg, ec)) {
      if (e.path().extension() == ".json") paths.push_back(e.path().string());
    }
    std::sort(paths.begin(), paths.end());  // directory order is not stable
  } else {
    paths.push_back(arg);
  }
  size_t found = 0;
  for (const std::string& p : paths) {
    const std::optional<std::string> text = read_text_file(p);
    if (!text) {
      *error = "cannot read " + p;
      return false;
    }
    std::string parse_error;
    std::optional<JsonValue> v = parse_json(*text, &parse_error);
    const bool ours = v && v->str("format") == "enginesim-explore-1";
    if (!ours && dir) continue;  // another tool's JSON next to the results
    if (!v) {
      *error = p + " is not JSON (" + parse_error + "): give the files `explore --json` wrote";
      return false;
    }
    if (!ours) {
      *error = p + " is not an `explore --json` result (format \"" + v->str("format") +
               "\", expected \"enginesim-explore-1\")";
      return false;
    }
    const JsonValue* seeds = v->find("seeds");
    const JsonValue* summary = v->find("summary");
    if (seeds == nullptr || summary == nullptr || v->find("failures") == nullptr) {
      *error = p + " lacks seeds, summary or failures: a damaged explore result";
      return false;
    }
    out->push_back({p, *v, seeds->u64("shard"), seeds->u64("shards", 1), seeds->u64("first"),
                    seeds->u64("last"), seeds->u64("total"), summary->u64("done")});
    ++found;
  }
  if (found == 0) *error = arg + " holds no `explore --json` result (*.json)";
  return found > 0;
}

// Every file must be a shard of one campaign: same range, shard count and
// strategy (the engine path may differ between machines).
bool same_campaign(const std::vector<ShardFile>& files, std::string* error) {
  const ShardFile& a = files.front();
  for (const ShardFile& b : files) {
    if (b.first != a.first || b.last != a.last || b.shards != a.shards ||
        b.json.str("strategy") != a.json.str("strategy")) {
      *error = b.path + " is not a shard of the same campaign as " + a.path + ": seeds " +
               std::to_string(b.first) + ".." + std::to_string(b.last) + " in " +
               std::to_string(b.shards) + " shards, strategy " + b.json.str("strategy") +
               " vs seeds " + std::to_string(a.first) + ".." + std::to_string(a.last) + " in " +
               std::to_string(a.shards) + " shards, strategy " + a.json.str("strategy");
      return false;
    }
  }
  return true;
}

ExploreFailure failure_from(const JsonValue& f) {
  ExploreFailure out{f.u64("seed"), {}, {}};
  sched::verdict_from_string(f.str("verdict"), &out.result.verdict);
  out.result.report = f.str("report");
  out.result.trace_hash = std::strtoull(f.str("trace_hash").c_str(), nullptr, 16);
  out.result.engine_stderr = f.str("engine_stderr");
  out.record.schedule_path = f.str("schedule");
  out.record.command = f.str("replay");
  out.record.confirmation = f.str("confirmation");
  const JsonValue* repeated = f.find("repeated");
  out.record.repeated = repeated != nullptr && repeated->boolean;
  return out;
}

std::string shard_name(uint64_t i, uint64_t n) {
  return std::to_string(i) + "/" + std::to_string(n);
}

// "every seed ... exactly once", or what is missing, duplicated or cut short;
// sets *covered.
std::string coverage_text(const std::vector<ShardFile>& files, bool* covered) {
  const uint64_t n = files.front().shards;
  std::map<uint64_t, std::vector<const ShardFile*>> by_index;
  for (const ShardFile& f : files) by_index[f.shard].push_back(&f);
  std::string problems;
  std::vector<std::string> missing;
  for (uint64_t i = 0; i < n; ++i) {
    if (by_index.count(i) == 0) missing.push_back(shard_name(i, n));
  }
  if (!missing.empty()) {
    problems += "  missing: " + std::to_string(missing.size()) + " of " + std::to_string(n) +
                " shards never reported:";
    for (size_t i = 0; i < missing.size() && i < 20; ++i) problems += " " + missing[i];
    if (missing.size() > 20) problems += " ...";
    problems += "\n";
  }
  for (const auto& [index, list] : by_index) {
    if (list.size() > 1) {
      problems += "  twice: shard " + shard_name(index, n) + " appears " +
                  std::to_string(list.size()) + " times:";
      for (const ShardFile* f : list) problems += " " + f->path;
      problems += " (its seeds are counted once)\n";
    }
    if (list.front()->done < list.front()->total) {
      problems += "  cut short: shard " + shard_name(index, n) + " ran " +
                  std::to_string(list.front()->done) + " of its " +
                  std::to_string(list.front()->total) + " seeds (" + list.front()->path + ")\n";
    }
  }
  *covered = problems.empty();
  const std::string range =
      std::to_string(files.front().first) + ".." + std::to_string(files.front().last);
  if (*covered)
    return "coverage: every seed of " + range + " exactly once (" + std::to_string(n) +
           " shards)\n";
  return "coverage: NOT COMPLETE: the shards do not cover seeds " + range +
         " exactly once (exit 1):\n" + problems;
}

int merge(const Args& args) {
  const std::vector<std::string>& pos = args.positional();
  if (pos.size() < 2) {
    std::fprintf(stderr,
                 "enginesim merge: give OUT and at least one DIR (or FILE) of "
                 "`explore --json` results; see enginesim merge --help\n");
    return kExitUsage;
  }
  std::vector<ShardFile> files;
  std::string error;
  for (size_t i = 1; i < pos.size(); ++i) {
    if (!collect(pos[i], &files, &error)) {
      std::fprintf(stderr, "enginesim merge: %s\n", error.c_str());
      return kExitUsage;
    }
  }
  if (!same_campaign(files, &error)) {
    std::fprintf(stderr, "enginesim merge: %s\n", error.c_str());
    return kExitUsage;
  }
  const ShardFile& head = files.front();
  ExploreInfo info{head.json.str("engine"),
                   head.json.str("config"),
                   head.json.str("strategy"),
                   head.first,
                   head.last,
                   0,
                   1,
                   head.last - head.first + 1,
                   0,
                   0,
                   {},
                   0,
                   {}};
  std::string text = "merge: " + std::to_string(files.size()) + " shard result" +
                     (files.size() == 1 ? "" : "s") + " of seeds " + std::to_string(head.first) +
                     ".." + std::to_string(head.last) + " in " + std::to_string(head.shards) +
                     " shards, strategy " + info.strategy + "\n";
  std::vector<ExploreFailure> failures;
  std::set<uint64_t> shards_seen, failing_seeds;
  for (const ShardFile& f : files) {
    const JsonValue& failed = *f.json.find("failures");
    text += "  shard " + shard_name(f.shard, f.shards) + ": " + std::to_string(f.done) + " of " +
            std::to_string(f.total) + " seeds, " + std::to_string(failed.items.size()) +
            " failing  (" + f.path + ")\n";
    if (!shards_seen.insert(f.shard).second) continue;  // a duplicate counts once
    info.seeds_done += f.done;
    if (const JsonValue* s = f.json.find("summary")) {
      if (const JsonValue* sec = s->find("seconds")) info.seconds += sec->number;
      if (const JsonValue* bv = s->find("by_verdict")) {
        for (const auto& [verdict, n] : bv->members)
          info.by_verdict[verdict] += static_cast<uint64_t>(n.number);
      }
    }
    for (const JsonValue& fj : failed.items) {
      if (failing_seeds.insert(fj.u64("seed")).second) failures.push_back(failure_from(fj));
    }
    if (const JsonValue* inc = f.json.find("incomplete")) {
      for (const JsonValue& ij : inc->items) {
        ExploreFailure e{ij.u64("seed"), {}, {}};
        e.result.verdict = sched::Verdict::incomplete;
        e.result.report = ij.str("report");
        e.result.steps = ij.u64("covered");
        info.incomplete.push_back(e);
      }
    }
  }
  const auto by_seed = [](const ExploreFailure& a, const ExploreFailure& b) {
    return a.seed < b.seed;
  };
  std::sort(failures.begin(), failures.end(), by_seed);
  std::sort(info.incomplete.begin(), info.incomplete.end(), by_seed);
  bool covered = false;
  text += coverage_text(files, &covered);
  text += "summary: " + std::to_string(info.seeds_done) + " of " +
          std::to_string(info.seeds_total) + " seeds, " + std::to_string(failures.size()) +
          " failing;";
  for (const auto& [verdict, n] : info.by_verdict) text += " " + verdict + " " + std::to_string(n);
  text += "\n" + failure_groups_text(group_failures(signed_failures(failures)));
  info.exit_code = covered && failures.empty() ? kExitOk : kExitFailure;
  text += failures.empty() ? "no failure\n"
                           : std::to_string(failures.size()) + " failing seed" +
                                 (failures.size() == 1 ? "" : "s") + " in " +
                                 std::to_string(group_failures(signed_failures(failures)).size()) +
                                 " group(s): each group's replay command is above\n";
  std::fputs(text.c_str(), stdout);
  const fs::path out = pos[0];
  std::error_code ec;
  fs::create_directories(out, ec);
  const bool wrote =
      write_output_file("merge", (out / "summary.txt").string(), text) &&
      write_output_file("merge", (out / "junit.xml").string(), explore_junit(info, failures)) &&
      write_output_file("merge", (out / "results.json").string(), explore_json(info, failures));
  if (!wrote) return kExitUsage;
  std::printf("written: %s, %s, %s\n", (out / "summary.txt").string().c_str(),
              (out / "junit.xml").string().c_str(), (out / "results.json").string().c_str());
  return info.exit_code;
}

}  // namespace

Command merge_command() {
  return {"merge",
          "Merges the `explore --json` results of a campaign's shards (explore --shard I/N): "
          "prints one summary and writes OUT/summary.txt, OUT/junit.xml and OUT/results.json "
          "(the schema of explore --json), failures grouped by signature (the same verdict at "
          "the same site) with one replay command per group. Each DIR is a folder of shard "
          "results (*.json) or one result file. Exit 0 every seed covered once and no failure, "
          "1 failures or shards missing, twice or cut short, 2 unreadable input or files of "
          "different campaigns.",
          "OUT DIR...",
          {},
          merge};
}

}  // namespace enginesim::cli
