// schedule_file.cpp - format, parse and checksum schedule files.
#include "harness/sched/schedule_file.h"
#include <charconv>

#include <optional>
#include <sstream>

#include "enginesim/text_file.h"
#include "harness/sched/trace.h"

namespace enginesim::sched {
namespace {

constexpr const char* kMagic = "enginesim-schedule";

uint64_t checksum(const std::string& text) {
  TraceHash h;
  for (unsigned char c : text) h.add(c);
  return h.value();
}

}  // namespace

const std::string* ScheduleFile::find_meta(const std::string& key) const {
  for (const auto& [k, v] : meta) {
    if (k == key) return &v;
  }
  return nullptr;
}

std::string format_schedule(const ScheduleFile& f) {
  std::ostringstream out;
  out << kMagic << ' ' << ScheduleFile::kVersion << '\n'
      << "seed " << f.seed << '\n'
      << "strategy " << f.strategy << '\n';
  for (const auto& [k, v] : f.meta) out << "meta " << k << ' ' << v << '\n';
  out << "trace-hash " << hex64(f.trace_hash) << '\n' << "choices " << f.choices.size() << '\n';
  for (const auto& c : f.choices) {
    out << to_char(c.kind) << (c.preemptible ? "p" : "") << ' ' << c.count << ' ' << c.picked
        << '\n';
  }
  const std::string body = out.str();
  return body + "checksum " + hex64(checksum(body)) + "\n";
}

bool parse_schedule(const std::string& text, ScheduleFile* f, std::string* error) {
  const size_t sum_at = text.rfind("checksum ");
  if (text.rfind(kMagic, 0) != 0) {
    *error = "not an enginesim schedule file (it must start with '" + std::string(kMagic) + "')";
    return false;
  }
  if (sum_at == std::string::npos) {
    *error = "the schedule file is truncated: no checksum line";
    return false;
  }
  const std::string body = text.substr(0, sum_at);
  std::string stated = text.substr(sum_at + 9);
  while (!stated.empty() && (stated.back() == '\n' || stated.back() == '\r')) stated.pop_back();
  if (stated != hex64(checksum(body))) {
    *error = "the schedule file is damaged: checksum " + stated + " does not match its content";
    return false;
  }
  std::istringstream in(body);
  std::string line, word;
  int line_no = 0;
  auto bad = [&](const std::string& what) {
    *error = "schedule file line " + std::to_string(line_no) + ": " + what;
    return false;
  };
  std::getline(in, line);
  ++line_no;
  if (line != std::string(kMagic) + " " + std::to_string(ScheduleFile::kVersion)) {
    return bad("unsupported version '" + line + "' (this enginesim reads version " +
               std::to_string(ScheduleFile::kVersion) + ")");
  }
  size_t expected_choices = SIZE_MAX;
  *f = ScheduleFile{};
  while (std::getline(in, line)) {
    ++line_no;
    std::istringstream ls(line);
    if (expected_choices != SIZE_MAX) {
      std::string kind;
      ChoiceRecord c;
      if (!(ls >> kind >> c.count >> c.picked) || kind.empty() ||
          !choice_kind_from_char(kind[0], &c.kind) || c.picked >= c.count)
        return bad("bad choice '" + line + "'");
      c.preemptible = kind.size() > 1 && kind[1] == 'p';
      f->choices.push_back(c);
      continue;
    }
    ls >> word;
    if (word == "seed") {
      if (!(ls >> f->seed)) return bad("bad seed");
    } else if (word == "strategy") {
      ls >> f->strategy;
    } else if (word == "meta") {
      std::string key, value;
      ls >> key;
      std::getline(ls >> std::ws, value);
      f->meta.emplace_back(key, value);
    } else if (word == "trace-hash") {
      std::string hex;
      ls >> hex;
      // Checked parse: a corrupt file is an error message, never an exception.
      const auto [end, ec] =
          std::from_chars(hex.data(), hex.data() + hex.size(), f->trace_hash, 16);
      if (hex.empty() || ec != std::errc() || end != hex.data() + hex.size()) {
        return bad("trace-hash '" + hex + "' is not a hexadecimal number");
      }
    } else if (word == "choices") {
      if (!(ls >> expected_choices)) return bad("bad choice count");
    } else {
      return bad("unknown line '" + line + "'");
    }
  }
  if (expected_choices == SIZE_MAX || f->choices.size() != expected_choices) {
    *error =
        "the schedule file lists " + std::to_string(f->choices.size()) + " choices but announces " +
        (expected_choices == SIZE_MAX ? std::string("none") : std::to_string(expected_choices));
    return false;
  }
  return true;
}

bool write_schedule_file(const std::string& path, const ScheduleFile& f, std::string* error) {
  if (!write_text_file(path, format_schedule(f))) {
    *error = "cannot write the schedule file " + path;
    return false;
  }
  return true;
}

bool read_schedule_file(const std::string& path, ScheduleFile* f, std::string* error) {
  const std::optional<std::string> text = read_text_file(path);
  if (!text) {
    *error = "cannot open the schedule file " + path;
    return false;
  }
  if (!parse_schedule(*text, f, error)) {
    *error = path + ": " + *error;
    return false;
  }
  return true;
}

}  // namespace enginesim::sched
