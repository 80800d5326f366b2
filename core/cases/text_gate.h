// The gate for every other free text that leaves the node with a case (DESIGN.md §5): a feedback
// question, a review's strengths, suggestion and questions, a retraction reason, a revision's
// note. Each text is anonymised with the pseudonym map of the case it concerns, so that
// [PERSOON-1] is the same person in the case and in the question; what the coach keeps is left
// in place and recorded; a text that would still leak is never shareable. Pure, like the case
// gate (core/cases/case_gate.h): the CLI shows the changes and asks before anything is shared.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/anonymise/anonymiser.h"
#include "core/anonymise/pseudonyms.h"
#include "core/base/status.h"
#include "core/cases/case_gate.h"
#include "core/i18n/messages.h"
#include "gate.pb.h"   // generated from proto/gate.proto
#include "store.pb.h"  // generated from proto/store.proto

namespace kring {

// One free text and the name of its field, in the words the coach used for it ("question").
struct SharedText {
  std::string field;
  std::string text;
};

// A SharedText field in words for a coach, in `language`: "question" -> "vraag". The known
// fields are question, strengths, suggestion, questions, reason and note (catalogue ids
// cases.text_field.<field>); any other field is given as it is.
std::string SharedTextFieldName(std::string_view field,
                                Language language = i18n::CurrentLanguage());

struct TextGateResult {
  std::vector<SharedText> redacted;     // the texts as they may be shared, in input order
  std::vector<FieldFindings> findings;  // per text with findings: what was found in the original
  std::vector<FieldDiff> diffs;         // only texts with changed lines
  std::vector<pb::KeptFinding> kept;    // findings the coach kept (left in place), with time
  std::vector<OpenFinding> open;        // what a second pass still finds: shareable only if empty
  size_t finding_count() const;
};

// Anonymises `texts` with `map` (updated with new names; the caller saves it where it belongs).
// `keep` are exact finding texts the coach keeps; each must match a finding, else kUsage and
// nothing is decided. Texts must be valid UTF-8 (kUsage otherwise, without quoting them).
Result<TextGateResult> GateSharedTexts(const std::vector<SharedText>& texts,
                                       const Anonymiser& anonymiser,
                                       const AnonymiserOptions& options, PseudonymMap& map,
                                       Language language, const std::vector<std::string>& keep,
                                       int64_t now_millis);

// A pseudonym map for texts about a case this node did not write (a colleague's shared case):
// the labels the case already uses are reserved, so a name in a review becomes a new label and
// never one that means someone else in the case. The author's real mapping never leaves the
// author's node.
PseudonymMap MapReservingLabelsOf(const pb::CaseReflection& shared_case);

}  // namespace kring
