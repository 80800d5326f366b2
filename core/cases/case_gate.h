// The gate before sharing (DESIGN.md §3 and §5): a case may leave the node only in its anonymised
// form, and only when every finding was redacted or explicitly kept by the coach, and only while
// the anonymised version still belongs to the current text. Pure: no files, no clock (callers
// pass the time), no printing; the CLI (`kring case check | anonymise`) presents the results.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/anonymise/anonymiser.h"
#include "core/base/status.h"
#include "core/cases/case_anonymiser.h"
#include "core/i18n/messages.h"
#include "gate.pb.h"   // generated from proto/gate.proto
#include "store.pb.h"  // generated from proto/store.proto

namespace kring {

// The anonymiser options for a stored case: the node's always-remove and allow lists plus the
// case's own names and allowed words. The language comes from the case (or is detected).
AnonymiserOptions GateOptions(const pb::NameLists& node_lists, const pb::StoredCase& stored);

// BLAKE2b-256 of the reflection's deterministic serialization: what anonymised_from_hash holds,
// so any edit of the case text makes an earlier anonymisation stale.
std::string ReflectionHash(const pb::CaseReflection& reflection);

// ---- presenting findings -------------------------------------------------------------------

// A finding on its line, for "field, line, span, why". Text is safe to print (control characters
// and terminal escapes become spaces); long lines are shortened around the span with "…".
struct FindingContext {
  size_t line = 1;    // 1-based
  size_t column = 1;  // 1-based, in code points
  std::string before;
  std::string span;
  std::string after;
};
FindingContext ContextOf(std::string_view text, const Finding& finding, size_t max_side = 60);

// Why a rule fired, in words for a coach: "a name after a title (mevrouw, Dr …)". A rule
// without an explanation gives its own name.
std::string ExplainRule(std::string_view rule, Language language = i18n::CurrentLanguage());
// "7 findings in 4 fields: 3 person names, 2 organisations, 1 phone number" or "no findings".
std::string SummariseFindings(const std::vector<FieldFindings>& fields,
                              Language language = i18n::CurrentLanguage());

// ---- anonymising ----------------------------------------------------------------------------

// A line that differs between two versions of a field (the anonymiser never adds or removes
// line breaks; should the line counts differ, the whole field is one change).
struct LineChange {
  size_t line = 1;
  std::string before;
  std::string after;
};
std::vector<LineChange> DiffLines(std::string_view before, std::string_view after);

struct FieldDiff {
  std::string field;
  std::vector<LineChange> lines;
};

// A finding in the anonymised text that is neither inside a pseudonym label nor kept.
struct OpenFinding {
  std::string field;
  std::string text;  // the anonymised field text the finding's offsets refer to
  Finding finding;
};

struct GateResult {
  pb::StoredCase stored;         // the case with its new anonymised version, ready to save
  AnonymisedCase analysis;       // the findings in the original text, per field
  std::vector<FieldDiff> diffs;  // only fields with changed lines
  std::vector<pb::KeptFinding> newly_kept;
  std::vector<OpenFinding> open;  // shareable only when empty
  size_t kept_count = 0;          // findings left in place because the coach kept them
};

// Anonymises the case with its stored pseudonym mapping (so labels stay stable across runs).
// `keep` are exact finding texts the coach keeps (added to the recorded kept findings, with
// time and type); `unkeep` takes earlier choices back. Every keep/unkeep text must match a
// finding or a recorded choice, else kUsage and nothing changes. The result is shareable when
// a second pass over the anonymised text finds nothing open.
Result<GateResult> AnonymiseForSharing(const pb::StoredCase& stored, const Anonymiser& anonymiser,
                                       const AnonymiserOptions& options,
                                       const std::vector<std::string>& keep,
                                       const std::vector<std::string>& unkeep, int64_t now_millis);

// Findings in stored.anonymised that are open (see OpenFinding). Used after the coach's lists
// change, to withdraw shareability from anonymised versions that now leak a listed name.
Result<std::vector<OpenFinding>> OpenFindings(const pb::StoredCase& stored,
                                              const Anonymiser& anonymiser,
                                              const AnonymiserOptions& options);

// Whether the coach chose to keep findings with this exact text.
bool IsKept(const pb::StoredCase& stored, std::string_view text);

// The anonymised version, only if the case is shareable and was anonymised from its current
// text; otherwise kUser telling the coach what to run. This is what group sharing calls.
Result<pb::CaseReflection> ShareableVersion(const pb::StoredCase& stored,
                                            std::string_view case_id = {});

// The anonymised version for showing it to the coach (stale or not); kUser when there is none.
// *stale tells whether the case text changed since.
Result<pb::CaseReflection> AnonymisedVersion(const pb::StoredCase& stored, bool* stale,
                                             std::string_view case_id = {});

// Byte spans of pseudonym labels such as "[PERSOON-3]" or "[EMAIL-1]" in text.
std::vector<std::pair<size_t, size_t>> LabelSpans(std::string_view text);

// Whether every letter and digit of the finding lies inside one of the label spans (a second
// pass that "finds" a label, or a label and its punctuation, finds nothing open).
bool InsideLabels(const Finding& f, const std::vector<std::pair<size_t, size_t>>& labels,
                  std::string_view text);

}  // namespace kring
