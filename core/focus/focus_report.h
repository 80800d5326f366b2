// Renderings of a FocusProfile: a plain-text report for the terminal (`kring case focus ID`)
// with the deciding cue marked inside each sentence, in the reader's language, and JSON for
// scripts and the audit.
// Case text is made safe to print: control characters (terminal escapes included) become
// spaces and invalid UTF-8 becomes U+FFFD.
#pragma once

#include <string>
#include <string_view>

#include "core/focus/focus.h"
#include "core/i18n/messages.h"

namespace kring {

struct FocusRenderOptions {
  bool ansi = false;          // mark cues in bold (ESC[1m); otherwise between « and »
  bool all_sentences = true;  // list every sentence, not only the summary
  // The reader's language: every word of the report but the case's own text. The case's
  // language (FocusProfile::language) decided which lexicon read it; it need not be this one.
  Language language = i18n::CurrentLanguage();
};

// A plain-text report in options.language.
std::string RenderFocusText(const FocusProfile& profile, const FocusRenderOptions& options = {});

// One JSON object; field names are documented in docs/focus-analysis.md. Its question texts are
// in the profile's language, as they always were.
std::string RenderFocusJson(const FocusProfile& profile);

// Names for people, in `language`: "work & context" / "werk & context", "organisation, culture
// and policy" / "organisatie, cultuur en beleid"; a drift reason as a sentence, with the
// profile's figures. (FocusGapQuestion, in focus.h, words a gap's question.)
std::string FocusLabelTitle(FocusLabel label, Language language);
std::string ContextAspectTitle(ContextAspect aspect, Language language);
// With `with_examples`, the introspection flag names the deciding words of up to three
// introspective sentences; the audit, which holds no case text, leaves them out.
std::string DescribeDriftReason(const FocusProfile& profile, DriftReason reason,
                                Language language = i18n::CurrentLanguage(),
                                bool with_examples = true);

// A cue as a reader sees it among a sentence's reasons: its words (a long stretch shortened to
// "Ik liet haar … jongere zelf"), marked; a named pattern with its name in `language`.
std::string FocusCueText(const FocusCue& cue, Language language, bool ansi = false);

// `text` with control characters replaced by spaces and invalid UTF-8 by U+FFFD.
std::string SanitiseForDisplay(std::string_view text);

}  // namespace kring
