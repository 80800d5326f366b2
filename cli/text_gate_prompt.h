// The CLI side of the free-text gate (core/cases/text_gate.h): every command that shares a text
// the coach typed (ask, review, case retract, case share --note) runs it through here. The coach
// sees what changes and confirms (or passes --yes); a finding may be kept with --keep; a text
// that would still leak is refused. Nothing is shared silently.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "core/base/status.h"
#include "core/cases/text_gate.h"
#include "core/store/node.h"

namespace kring::cli {

struct TextGateFlags {
  std::vector<std::string> keep;
  bool yes = false;
  // Shows the gate's result and decides: OK shares the texts as redacted. Unset: printed on
  // the terminal with a question (or --yes). The app shows them on its page instead.
  std::function<Status(const TextGateResult&)> present;
};

// Adds --keep TEXT and --yes to a command that shares free text.
void AddTextGateFlags(CLI::App* command, TextGateFlags* flags);

// Texts about the coach's own case: anonymised with the case's own pseudonym map. On success
// the record holds the updated map and the kept findings; the caller saves it together with the
// entry it writes.
Result<std::vector<SharedText>> GateTextsOfOwnCase(Node& node, CaseRecord& record,
                                                   const std::vector<SharedText>& texts,
                                                   const TextGateFlags& flags);

// Texts about a colleague's shared case (a review): labels the case uses are reserved; kept
// findings are recorded on this node (core/store/name_list_store.h).
Result<std::vector<SharedText>> GateTextsAboutSharedCase(Node& node,
                                                         const pb::CaseReflection& shared_case,
                                                         const std::string& case_label,
                                                         const std::vector<SharedText>& texts,
                                                         const TextGateFlags& flags);

}  // namespace kring::cli
