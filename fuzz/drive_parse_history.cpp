// drive_parse_history.cpp - the model's history parser
// (harness/model/history.h) on fuzz text, and the round trip: a parsed
// history writes to text that parses back to an equal history.
//
// Input: the history text.
#include <optional>
#include <string>
#include <string_view>

#include "fuzz/finding.h"
#include "fuzz/input_drivers.h"

#ifdef ENGINESIM_FUZZ_HAVE_HISTORY
#include "harness/model/history.h"
#endif

namespace enginesim::fuzz {

#ifdef ENGINESIM_FUZZ_HAVE_HISTORY
bool drive_parse_history(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  model::ParseError error;
  std::optional<model::History> history = model::parse_history(text, &error);
  if (!history) {
    ES_FUZZ_REQUIRE(!error.describe().empty(), "parse_history failed without an error message");
    return true;
  }
  size_t bad = 0;
  ES_FUZZ_REQUIRE(model::validate(*history, &bad).empty(),
                  "parse_history accepted a history that validate() rejects");
  const std::string written = model::write_history(*history);
  model::ParseError again_error;
  std::optional<model::History> again = model::parse_history(written, &again_error);
  ES_FUZZ_REQUIRE(again.has_value(),
                  "a written history does not parse: " + again_error.describe() + "\n" + written);
  ES_FUZZ_REQUIRE(*again == *history, "history round trip changed it:\n" + written);
  return true;
}
#else
bool drive_parse_history(const uint8_t*, size_t) { return false; }
#endif

}  // namespace enginesim::fuzz
