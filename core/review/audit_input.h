// Fills the audit's input (core/review/audit.h) from what a member reads of a group
// (core/groups/group_view.h): anonymised case titles, authors, the focus analysis of each shared
// text, the reviews' scores and answers, and each feedback request with the time of its first
// answer. No case text, no review text and no anonymiser mapping is handed over. See docs/audit.md,
// "How the command line fills the input".
//
// Pure: the caller loads the group and passes "now".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/base/status.h"
#include "core/groups/group_view.h"
#include "core/review/audit.h"

namespace kring {

// What the focus analysis says of a shared case, for the audit: whether it drifts and why, in
// words of both languages (for the human formats) and as stable keys (JSON, CSV).
struct AuditFocus {
  bool drifting = false;
  double introspection_share = 0.0;
  std::vector<std::string> reasons;     // in English
  std::vector<std::string> reasons_nl;  // in Dutch
  std::vector<std::string> reason_keys;
};
AuditFocus FocusForAudit(const pb::CaseReflection& shared_case);

// FocusForAudit remembered per shared text (keyed by the BLAKE2b-256 of its serialised form), so
// that an audit asked again, for another period or another coach, analyses only texts it has
// not seen. The analysis is most of an audit's time (about 0.3 ms per case on the benchmark
// machine). Keeps at most kMaxKept texts and then starts again. Not thread-safe.
class AuditFocusMemo {
 public:
  static constexpr size_t kMaxKept = 100000;
  const AuditFocus& Get(const pb::CaseReflection& shared_case);
  size_t size() const { return by_text_.size(); }

 private:
  std::unordered_map<std::string, AuditFocus> by_text_;
};

// Only supervisors and admins audit a group; a relay or a former member cannot.
Status CheckMayAudit(const LoadedGroup& group, std::string_view member);

struct AuditRequestOptions {
  std::optional<int64_t> since_ms;  // inclusive; default: the first day with activity
  std::optional<int64_t> until_ms;  // exclusive; default: the day after today (UTC)
  // The signing key of the one coach the report is about (resolved by the caller).
  std::optional<std::string> coach_key;
  int64_t now_ms = 0;
};

struct BuiltAuditInput {
  AuditInput input;
  // Entries left out, for the supervisor (in the process's language): "review 3fa2c1d0 is left
  // out: you cannot read it".
  std::vector<std::string> notes;
};

// `memo`, when given, keeps the focus analyses for the next call.
// BuildAuditInput is GatherAuditInput (what the group holds, the same for every period and
// coach; the app keeps it while the store is unchanged) followed by ApplyAuditOptions.
BuiltAuditInput GatherAuditInput(const LoadedGroup& group, const GroupView& view,
                                 AuditFocusMemo* memo = nullptr);
void ApplyAuditOptions(const AuditRequestOptions& options, AuditInput& in);
BuiltAuditInput BuildAuditInput(const LoadedGroup& group, const GroupView& view,
                                const AuditRequestOptions& options, AuditFocusMemo* memo = nullptr);

}  // namespace kring
