// escape.h - text for the report outputs (XML's is include/enginesim/xml_escape.h).
// JSON string literals here are safe to embed in an HTML <script> element:
// engine-provided text (binary keys!) can neither end the element nor inject
// markup, and the result is ASCII.
#pragma once

#include <string>

namespace enginesim::report {

// "\"...\"": quotes, backslashes, control characters, '<', '>', '&' and every
// byte >= 0x80 (as the Latin-1 character of that byte) escaped as \uXXXX.
std::string json_string(const std::string& text);

// &, <, >, " and ' as entities, for the few values written into the HTML.
std::string html_escape(const std::string& text);

}  // namespace enginesim::report
