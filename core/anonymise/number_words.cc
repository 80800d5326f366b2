// Numbers written as words, Dutch and English, for the age rules and the word lists.
#include "core/anonymise/number_words.h"

#include <array>
#include <string>
#include <unordered_map>

namespace kring::anonymiser_internal {
namespace {

// A number written as a word, Dutch or English, from 2 to 99 ("zes", "achttien",
// "eenentachtig", "drieënzestig", "fourteen", "ninety-one"); 0 when it is none. "een" / "one"
// alone are left out: "een jaar" is a year.
const std::unordered_map<std::string, int>& NumberWords() {
  static const std::unordered_map<std::string, int> kNumbers = [] {
    std::unordered_map<std::string, int> m;
    const std::array<std::string_view, 19> nl = {
        "",         "een",      "twee",    "drie",      "vier",    "vijf",   "zes",
        "zeven",    "acht",     "negen",   "tien",      "elf",     "twaalf", "dertien",
        "veertien", "vijftien", "zestien", "zeventien", "achttien"};
    const std::array<std::string_view, 19> en = {
        "",         "one",     "two",     "three",     "four",    "five",   "six",
        "seven",    "eight",   "nine",    "ten",       "eleven",  "twelve", "thirteen",
        "fourteen", "fifteen", "sixteen", "seventeen", "eighteen"};
    const std::array<std::string_view, 8> nl_tens = {"twintig", "dertig",   "veertig", "vijftig",
                                                     "zestig",  "zeventig", "tachtig", "negentig"};
    const std::array<std::string_view, 8> en_tens = {"twenty", "thirty",  "forty",  "fifty",
                                                     "sixty",  "seventy", "eighty", "ninety"};
    for (int v = 2; v <= 18; ++v) {
      m.emplace(nl[v], v);
      m.emplace(en[v], v);
    }
    // "anderhalf", "tweeënhalf", "vierenhalf": a number and a half, counted by its whole part.
    m.emplace("anderhalf", 1);
    for (int v = 2; v <= 12; ++v) {
      const std::string unit(nl[v]);
      m.emplace(unit + (unit.ends_with('e') ? "\xC3\xABn" : "en") + "half", v);
    }
    m.emplace("negentien", 19);
    m.emplace("nineteen", 19);
    for (int t = 0; t < 8; ++t) {
      const int tens = 20 + 10 * t;
      m.emplace(nl_tens[t], tens);
      m.emplace(en_tens[t], tens);
      for (int u = 1; u <= 9; ++u) {
        // "eenentwintig", "tweeëntwintig", "drieëndertig": "ën" after a final "e".
        const std::string unit(u == 1 ? std::string_view("een") : nl[u]);
        const std::string join = unit.ends_with('e') ? "\xC3\xABn" : "en";
        m.emplace(unit + join + std::string(nl_tens[t]), tens + u);
        if (u == 1) m.emplace("\xC3\xA9\xC3\xA9n" + join + std::string(nl_tens[t]), tens + 1);
        m.emplace(std::string(en_tens[t]) + "-" + std::string(en[u]), tens + u);
      }
    }
    return m;
  }();
  return kNumbers;
}

}  // namespace

int SpelledNumber(std::string_view w) {
  if (w.size() < 3 || w.size() > 20) return 0;
  const auto& numbers = NumberWords();
  auto it = numbers.find(std::string(w));
  return it == numbers.end() ? 0 : it->second;
}

void ForEachNumberWord(const std::function<void(std::string_view)>& fn) {
  for (const auto& [word, value] : NumberWords()) fn(word);
}

}  // namespace kring::anonymiser_internal
