#include "cli/text_gate_prompt.h"

#include <iostream>

#include "cli/terminal.h"
#include "core/base/utf8.h"
#include "core/cases/case_anonymiser.h"
#include "core/focus/focus_report.h"
#include "core/i18n/messages.h"
#include "core/store/name_list_store.h"

namespace kring::cli {
namespace {

using i18n::Tr;

// A shared text's field ("question", "strengths") in the coach's words; a field without a
// message of its own is shown as it is named.
std::string FieldName(const std::string& field) {
  const std::string id = "gate.field." + field;
  if (!i18n::Messages::Of(i18n::CurrentLanguage()).Has(id)) return field;
  return Tr("gate.field." + field);
}

bool AllEmpty(const std::vector<SharedText>& texts) {
  for (const SharedText& t : texts) {
    if (!t.text.empty()) return false;
  }
  return true;
}

// Shows what the gate changed and asks; OK when the texts may be shared as redacted.
Status PresentAndConfirm(const TextGateResult& gate, const TextGateFlags& flags) {
  if (gate.finding_count() == 0) return Status::Ok();
  std::cout << Tr("gate.replaced") << "\n";
  for (const FieldDiff& diff : gate.diffs) {
    std::cout << "  " << FieldName(diff.field) << "\n";
    for (const LineChange& change : diff.lines) {
      std::cout << "    - " << SanitiseForDisplay(change.before) << "\n"
                << "    + " << SanitiseForDisplay(change.after) << "\n";
    }
  }
  for (const pb::KeptFinding& k : gate.kept) {
    std::cout << "  "
              << Tr("gate.kept",
                    {{"field", FieldName(k.field())}, {"text", SanitiseForDisplay(k.text())}})
              << "\n";
  }
  if (!gate.open.empty()) {
    std::cout << Tr("gate.still_found", {{"n", gate.open.size()}}) << "\n";
    for (const OpenFinding& o : gate.open) {
      std::cout << "  " << FieldName(o.field) << ": \"" << SanitiseForDisplay(o.finding.text)
                << "\" (" << EntityTypeName(o.finding.type) << ")\n";
    }
    return Status::User(Tr("gate.refused"));
  }
  return ConfirmUnlessYes(flags.yes, Tr("gate.confirm"), Tr("gate.no_terminal"),
                          Tr("gate.declined"));
}

Result<TextGateResult> RunGate(const AnonymiserOptions& options, PseudonymMap& map,
                               Language language, const std::vector<SharedText>& texts,
                               const TextGateFlags& flags) {
  KRING_ASSIGN_OR_RETURN(Anonymiser anonymiser, Anonymiser::Load());
  KRING_ASSIGN_OR_RETURN(TextGateResult gate, GateSharedTexts(texts, anonymiser, options, map,
                                                              language, flags.keep, NowMillis()));
  KRING_RETURN_IF_ERROR(flags.present ? flags.present(gate) : PresentAndConfirm(gate, flags));
  return gate;
}

}  // namespace

void AddTextGateFlags(CLI::App* command, TextGateFlags* flags) {
  command->add_option("--keep", flags->keep, Tr("gate.help.keep"));
  command->add_flag("--yes,-y", flags->yes, Tr("gate.help.yes"));
}

Result<std::vector<SharedText>> GateTextsOfOwnCase(Node& node, CaseRecord& record,
                                                   const std::vector<SharedText>& texts,
                                                   const TextGateFlags& flags) {
  if (AllEmpty(texts)) return texts;
  KRING_ASSIGN_OR_RETURN(pb::NameLists lists, LoadNameLists(node));
  const AnonymiserOptions options = GateOptions(lists, record.stored);
  KRING_ASSIGN_OR_RETURN(Language language, CaseLanguage(record.stored.reflection(), options));
  pb::PseudonymMapping stored_map;
  if (!stored_map.ParseFromString(record.stored.pseudonym_mapping())) {
    return Status::Integrity(Tr("gate.map_damaged"));
  }
  KRING_ASSIGN_OR_RETURN(PseudonymMap map, PseudonymMap::FromProto(stored_map));
  KRING_ASSIGN_OR_RETURN(TextGateResult gate, RunGate(options, map, language, texts, flags));
  record.stored.set_pseudonym_mapping(map.ToProto().SerializeAsString());
  for (const pb::KeptFinding& k : gate.kept) *record.stored.add_kept_findings() = k;
  return gate.redacted;
}

Result<std::vector<SharedText>> GateTextsAboutSharedCase(Node& node,
                                                         const pb::CaseReflection& shared_case,
                                                         const std::string& case_label,
                                                         const std::vector<SharedText>& texts,
                                                         const TextGateFlags& flags) {
  if (AllEmpty(texts)) return texts;
  KRING_ASSIGN_OR_RETURN(pb::NameLists lists, LoadNameLists(node));
  AnonymiserOptions options;
  options.always_remove.assign(lists.always_remove().begin(), lists.always_remove().end());
  options.allow.assign(lists.allow().begin(), lists.allow().end());
  KRING_ASSIGN_OR_RETURN(Language language, CaseLanguage(shared_case, options));
  PseudonymMap map = MapReservingLabelsOf(shared_case);
  KRING_ASSIGN_OR_RETURN(TextGateResult gate, RunGate(options, map, language, texts, flags));
  std::vector<pb::KeptFinding> kept = gate.kept;
  for (pb::KeptFinding& k : kept) k.set_field(case_label + ": " + k.field());
  KRING_RETURN_IF_ERROR(RecordKeptInSharedTexts(node, kept));
  return gate.redacted;
}

}  // namespace kring::cli
