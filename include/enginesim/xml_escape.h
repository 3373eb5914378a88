// xml_escape.h - text for XML attributes and elements (the JUnit outputs of
// `conformance` and `explore`).
#pragma once

#include <string>

namespace enginesim {

// Entities for & < > ", and control characters other than \n and \t, which
// XML 1.0 forbids (and a terminal cannot show), as '?'.
inline std::string xml_escape(const std::string& text) {
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += (c < 0x20 && ch != '\n' && ch != '\t') ? '?' : ch;
    }
  }
  return out;
}

}  // namespace enginesim
