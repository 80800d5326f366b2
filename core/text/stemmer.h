// Snowball stemming (Debian's libstemmer) for Dutch and English: "reorganisaties" and
// "reorganisatie" share the stem "reorganisatie", "feelings" and "feeling" share "feel", so one
// entry of a word list or one weight of the focus model covers a word family.
//
// Thread-safe: each thread keeps its own stemmer per language (a Snowball stemmer object holds
// per-call state and may not be shared).
#pragma once

#include <string>
#include <string_view>

#include "core/text/language.h"

namespace kring {

// The stem of one word, which should already be in lower case. Words longer than 64 bytes, and
// words the stemmer cannot read (invalid UTF-8), come back unchanged.
std::string Stem(Language language, std::string_view word);

}  // namespace kring
