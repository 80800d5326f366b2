// The message catalogue: every text a coach reads, in Dutch and English, by message id with named
// parameters. The texts live in core/i18n/data/<language>.<area>.txtpb (protobuf text format,
// proto/messages.proto) and are compiled into the binary; code names only the id:
//
//   Tr("sync.received", {{"what", Tr("count.cases", {{"n", 2}})}})  ->  "ontvangen: 2 casussen"
//
// A plural message has a `one` and an `other` form chosen by its integer parameter {n}. Integer
// and decimal parameters are written the way the language writes numbers (format.h). Both
// catalogues must hold the same ids with the same parameters: tests/core/i18n checks it, and
// scripts/check-messages checks that every id the code uses exists and that no text for coaches
// is left in the code.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/text/language.h"

namespace kring::i18n {

// A parameter's value: text (inserted as it is), an integer or a decimal number (written in the
// language's way: "3,5" in Dutch, "3.5" in English).
class Arg {
 public:
  Arg(std::string_view text) : value_(std::string(text)) {}       // NOLINT: implicit by design
  Arg(const std::string& text) : value_(text) {}                  // NOLINT
  Arg(const char* text) : value_(std::string(text)) {}            // NOLINT
  Arg(int v) : value_(static_cast<int64_t>(v)) {}                 // NOLINT
  Arg(long v) : value_(static_cast<int64_t>(v)) {}                // NOLINT
  Arg(long long v) : value_(static_cast<int64_t>(v)) {}           // NOLINT
  Arg(unsigned v) : value_(static_cast<int64_t>(v)) {}            // NOLINT
  Arg(unsigned long v) : value_(static_cast<int64_t>(v)) {}       // NOLINT
  Arg(unsigned long long v) : value_(static_cast<int64_t>(v)) {}  // NOLINT
  static Arg Decimal(double value, int decimals) { return Arg(DecimalValue{value, decimals}); }

  struct DecimalValue {
    double value;
    int decimals;
  };
  const std::variant<std::string, int64_t, DecimalValue>& value() const { return value_; }

 private:
  explicit Arg(DecimalValue d) : value_(d) {}
  std::variant<std::string, int64_t, DecimalValue> value_;
};

struct Param {
  std::string_view name;
  Arg value;
};
using Params = std::initializer_list<Param>;

struct CatalogueEntry {
  std::string text;  // empty for a plural message
  std::string one;
  std::string other;
  bool plural() const { return text.empty() && !other.empty(); }
};

// All messages of one language.
class Messages {
 public:
  // The catalogue of `language`, loaded from the embedded files on first use (thread-safe).
  static const Messages& Of(Language language);

  Language language() const { return language_; }
  bool Has(std::string_view id) const { return entries_.count(id) > 0; }
  // The message with its parameters filled in. An id that is not in the catalogue gives
  // "[id]" (the tests make sure that never ships); a parameter the call did not give stays
  // "{name}".
  std::string operator()(std::string_view id, Params params = {}) const;
  std::string Format(std::string_view id, std::span<const Param> params) const;

  const std::map<std::string, CatalogueEntry, std::less<>>& entries() const { return entries_; }
  // Problems found while loading (a file that does not parse, an id given twice, a message with
  // neither a text nor both plural forms). Empty for the shipped catalogues; tests check that.
  const std::vector<std::string>& load_problems() const { return problems_; }

  // Builds a catalogue from text-format files (for the embedded data and for tests).
  static Messages FromFiles(Language language,
                            const std::vector<std::pair<std::string, std::string>>& files);

 private:
  Language language_ = Language::kEnglish;
  std::map<std::string, CatalogueEntry, std::less<>> entries_;
  std::vector<std::string> problems_;
};

// The names of the {parameters} a text uses.
std::set<std::string> ParameterNames(std::string_view text);

// The language coach texts of this process are written in. The CLI sets it once, from KRING_LANG
// or the node's setting, before it prints anything; English until then.
void SetLanguage(Language language);
Language CurrentLanguage();

// Messages::Of(CurrentLanguage())(id, params).
std::string Tr(std::string_view id, Params params = {});
// The same in a given language (for output whose language is not the process's, e.g. a case
// template in the case's language).
std::string Tr(Language language, std::string_view id, Params params = {});

}  // namespace kring::i18n
