// Renderings of a FocusProfile: a plain-text report for the terminal (`kring case focus ID`)
// with the deciding cue marked inside each sentence, and JSON for scripts and the audit.
// Case text is made safe to print: control characters (terminal escapes included) become
// spaces and invalid UTF-8 becomes U+FFFD.
#pragma once

#include <string>
#include <string_view>

#include "core/focus/focus.h"

namespace kring {

struct FocusRenderOptions {
  bool ansi = false;          // mark cues in bold (ESC[1m); otherwise between « and »
  bool all_sentences = true;  // list every sentence, not only the summary
};

// In the profile's language (Dutch or English).
std::string RenderFocusText(const FocusProfile& profile, const FocusRenderOptions& options = {});

// One JSON object; field names are documented in docs/focus-analysis.md.
std::string RenderFocusJson(const FocusProfile& profile);

// Names for people, in `language`: "work & context" / "werk & context", "organisation, culture
// and policy" / "organisatie, cultuur en beleid", and a drift reason as a sentence (in the
// profile's language, with its figures).
std::string_view FocusLabelTitle(FocusLabel label, Language language);
std::string_view ContextAspectTitle(ContextAspect aspect, Language language);
std::string DescribeDriftReason(const FocusProfile& profile, DriftReason reason);
// The same in the words of `language` (a report's language may differ from the case's).
std::string DescribeDriftReason(const FocusProfile& profile, DriftReason reason, Language language);

// `text` with control characters replaced by spaces and invalid UTF-8 by U+FFFD.
std::string SanitiseForDisplay(std::string_view text);

}  // namespace kring
