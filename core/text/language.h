// The two languages Kring analyses case text in, and a small detector for text whose language the
// coach did not state. Shared by the anonymiser and the focus analysis.
#pragma once

#include <optional>
#include <string_view>

namespace kring {

enum class Language { kDutch, kEnglish };

// Guesses the language of `text` by counting common function words of each language (lists in
// core/text/data/). Dutch wins ties and text without any known word, because most Kring users
// write Dutch.
Language DetectLanguage(std::string_view text);

// "nl" or "en".
std::string_view LanguageCode(Language language);

// Parses "nl"/"en" (also "dutch", "english", "nederlands", any case); nullopt otherwise.
std::optional<Language> ParseLanguageCode(std::string_view code);

}  // namespace kring
