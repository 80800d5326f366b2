// The one JSON string escaper every --json output and report uses.
#pragma once

#include <string>
#include <string_view>

namespace kring {

// Escapes text for the inside of a JSON string (quotes, backslashes, control characters and
// DEL as \uXXXX). Bytes >= 0x80 pass through, so valid UTF-8 stays valid UTF-8.
void AppendJsonEscaped(std::string& out, std::string_view text);
// "text", quoted and escaped.
std::string JsonQuote(std::string_view text);

}  // namespace kring
