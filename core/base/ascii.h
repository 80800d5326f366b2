// ASCII-only text helpers for parsing what coaches type (headings, flags, list names). Case text
// itself goes through core/base/utf8.h, which knows letters beyond ASCII.
#pragma once

#include <string>
#include <string_view>

namespace kring {

// `s` without leading and trailing ASCII whitespace.
std::string TrimAscii(std::string_view s);
// `s` with A-Z lowered; other bytes unchanged.
std::string LowerAscii(std::string_view s);

// `s` as one word for a POSIX shell, for commands Kring prints to be copied: unchanged when it
// is made of letters, digits and -_.,:/@%+= only, else in single quotes ('it'\''s').
std::string ShellQuote(std::string_view s);

}  // namespace kring
