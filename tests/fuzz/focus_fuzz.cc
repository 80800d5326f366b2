// libFuzzer target: the focus analysis and both renderings on arbitrary bytes, in both languages.
// Checks that cue spans stay inside their sentence and that the JSON is valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/focus/focus.h"
#include "core/focus/focus_report.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (kring::Language language : {kring::Language::kDutch, kring::Language::kEnglish}) {
    kring::FocusProfile profile = kring::AnalyseText(text, language);
    for (const kring::FocusSentence& sentence : profile.sentences) {
      if (sentence.text.size() > kring::kMaxSentenceBytes) std::abort();
      for (const kring::FocusCue& cue : sentence.cues) {
        if (cue.begin > cue.end || cue.end > sentence.text.size()) std::abort();
      }
    }
    kring::FocusRenderOptions options;
    options.ansi = size % 2 == 0;
    (void)kring::RenderFocusText(profile, options);
    (void)kring::RenderFocusJson(profile);
  }
  return 0;
}
