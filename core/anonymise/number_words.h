// Numbers written as words, from 2 to 99, Dutch and English ("zes", "achttien", "eenentachtig",
// "drieënzestig", "fourteen", "ninety-one"). "een" / "one" are not among them: "een jaar" is a
// year. Pure; no files.
#ifndef KRING_CORE_ANONYMISE_NUMBER_WORDS_H_
#define KRING_CORE_ANONYMISE_NUMBER_WORDS_H_

#include <functional>
#include <string_view>

namespace kring::anonymiser_internal {

// The value of a number word in lower case, or 0.
int SpelledNumber(std::string_view lower_word);

// Calls fn with every number word (the gazetteer flags them, so that the age rules look a word
// up only when it is one).
void ForEachNumberWord(const std::function<void(std::string_view)>& fn);

}  // namespace kring::anonymiser_internal

#endif  // KRING_CORE_ANONYMISE_NUMBER_WORDS_H_
