// drive_parse_schedule.cpp - the scheduler's schedule-file parser
// (harness/sched/schedule_file.h) on fuzz text, and the round trip: a parsed
// file formats to text that parses back to the same file.
//
// Input: byte 0 bit 0 set = append the right checksum line (most fuzz text
// would otherwise stop at the checksum check), then the file text.
#include <string>

#include "fuzz/finding.h"
#include "fuzz/input_drivers.h"

#include "harness/sched/schedule_file.h"
#include "harness/sched/trace.h"

namespace enginesim::fuzz {

namespace {

// The checksum line format_schedule writes (FNV-1a of the bytes before it).
std::string checksum_line(const std::string& body) {
  sched::TraceHash h;
  for (unsigned char c : body) h.add(c);
  return "checksum " + sched::hex64(h.value()) + "\n";
}

}  // namespace

bool drive_parse_schedule(const uint8_t* data, size_t size) {
  if (size == 0) return false;
  std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  if (data[0] & 1) text += checksum_line(text);
  sched::ScheduleFile file;
  std::string error;
  if (!sched::parse_schedule(text, &file, &error)) {
    ES_FUZZ_REQUIRE(!error.empty(), "parse_schedule failed without an error message");
    return true;
  }
  const std::string formatted = sched::format_schedule(file);
  sched::ScheduleFile again;
  ES_FUZZ_REQUIRE(sched::parse_schedule(formatted, &again, &error),
                  "a formatted schedule does not parse: " + error + "\n" + formatted);
  ES_FUZZ_REQUIRE(sched::format_schedule(again) == formatted,
                  "schedule round trip changed the file:\n" + formatted);
  return true;
}

}  // namespace enginesim::fuzz
