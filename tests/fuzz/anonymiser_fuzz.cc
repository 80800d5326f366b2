// libFuzzer target: the anonymiser's scanner on any bytes a coach may paste, in both languages.
// Findings must lie inside the text, be sorted and never overlap.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/anonymiser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Loading the word lists takes far longer than one input; the fuzzer reuses it.
  static const kring::Anonymiser* anonymiser = [] {
    auto loaded = kring::Anonymiser::Load();
    if (!loaded.ok()) std::abort();
    return new kring::Anonymiser(std::move(loaded).value());
  }();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (kring::Language language : {kring::Language::kDutch, kring::Language::kEnglish}) {
    kring::AnonymiserOptions options;
    options.language = language;
    auto findings = anonymiser->Find(text, options);
    if (!findings.ok()) continue;  // invalid UTF-8 is refused, with a status
    size_t previous_end = 0;
    for (const kring::Finding& finding : *findings) {
      if (finding.begin >= finding.end || finding.end > text.size()) std::abort();
      if (finding.begin < previous_end) std::abort();
      if (text.substr(finding.begin, finding.end - finding.begin) != finding.text) std::abort();
      previous_end = finding.end;
    }
  }
  return 0;
}
