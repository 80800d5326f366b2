// Snowball stemming (Debian's libstemmer) for Dutch and English: "vergaderingen" and
// "vergadering" share the stem "vergader", "feelings" and "feeling" share "feel", so one weight
// of the focus model covers a word family. Dutch is Snowball's Porter-style Dutch stemmer
// ("dutch" in Snowball 2, "dutch_porter" in 3), which the shipped model was trained with.
//
// Thread-safe: each thread keeps its own stemmer per language (a Snowball stemmer object holds
// per-call state and may not be shared).
#pragma once

#include <string>
#include <string_view>

#include "core/text/language.h"

namespace kring {

// The stem of one word, which should already be in lower case. Words longer than 64 bytes come
// back unchanged; any byte string is safe to pass (Snowball's UTF-8 reading checks its bounds).
std::string Stem(Language language, std::string_view word);

}  // namespace kring
