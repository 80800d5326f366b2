// libFuzzer target: Anonymiser::Find + Redact on arbitrary bytes, with the coach's lists and the
// gate's helpers. The first byte picks the language and whether lists are used; when it asks for
// lists, the input up to the first NUL is split at '|' into always-remove names and allowed words.
// Checks: findings sorted, non-overlapping, inside the text, on UTF-8 boundaries and matching
// their text; the redacted text is valid UTF-8; ContextOf and LabelSpans stay in bounds.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/anonymise/anonymiser.h"
#include "core/anonymise/pseudonyms.h"
#include "core/base/utf8.h"
#include "core/cases/case_gate.h"

namespace {

const kring::Anonymiser& Shared() {
  static const kring::Anonymiser* anonymiser = [] {
    auto loaded = kring::Anonymiser::Load();
    if (!loaded.ok()) std::abort();
    return new kring::Anonymiser(std::move(loaded).value());
  }();
  return *anonymiser;
}

bool Boundary(std::string_view text, size_t i) {
  return i == text.size() || (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  kring::AnonymiserOptions options;
  if (mode & 1) options.language = (mode & 2) ? kring::Language::kEnglish : kring::Language::kDutch;
  if (mode & 4) {
    size_t nul = text.find('\0');
    if (nul != std::string_view::npos) {
      std::string_view lists = text.substr(0, nul);
      text = text.substr(nul + 1);
      bool allow = false;
      size_t start = 0;
      while (start <= lists.size()) {
        size_t bar = lists.find('|', start);
        if (bar == std::string_view::npos) bar = lists.size();
        std::string entry(lists.substr(start, bar - start));
        if (!entry.empty()) (allow ? options.allow : options.always_remove).push_back(entry);
        allow = !allow;
        start = bar + 1;
      }
    }
  }
  auto found = Shared().Find(text, options);
  if (!found.ok()) {
    // Only invalid UTF-8, in the text or in a list, may fail.
    bool invalid = kring::FindInvalidUtf8(text).has_value();
    for (const auto* list : {&options.always_remove, &options.allow}) {
      for (const std::string& entry : *list) invalid = invalid || kring::FindInvalidUtf8(entry);
    }
    if (!invalid) std::abort();
    return 0;
  }
  size_t last_end = 0;
  for (const kring::Finding& f : *found) {
    if (f.begin >= f.end || f.end > text.size() || f.begin < last_end) std::abort();
    if (!Boundary(text, f.begin) || !Boundary(text, f.end)) std::abort();
    if (text.substr(f.begin, f.end - f.begin) != f.text) std::abort();
    last_end = f.end;
    kring::FindingContext ctx = kring::ContextOf(text, f, 20);
    if (ctx.line == 0 || ctx.column == 0) std::abort();
  }
  kring::PseudonymMap map;
  std::string redacted =
      kring::Redact(text, *found, map, options.language.value_or(kring::Language::kDutch));
  if (kring::FindInvalidUtf8(redacted)) std::abort();
  for (const auto& [b, e] : kring::LabelSpans(redacted)) {
    if (b >= e || e > redacted.size() || redacted[b] != '[' || redacted[e - 1] != ']') std::abort();
  }
  return 0;
}
