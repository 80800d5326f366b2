// "Cases": the list; writing a case in a form (autosaved as a sealed draft); the anonymisation
// review; the focus analysis; sharing and withdrawing.
#include <algorithm>

#include "app/web_server.h"
#include "cli/context.h"
#include "cli/sharing.h"
#include "core/anonymise/name_lists.h"
#include "core/anonymise/pseudonyms.h"
#include "core/base/ascii.h"
#include "core/cases/case_gate.h"
#include "core/cases/case_template.h"
#include "core/crypto/crypto.h"
#include "core/focus/focus.h"
#include "core/focus/focus_lexicon.h"
#include "core/focus/focus_report.h"
#include "core/i18n/format.h"
#include "core/i18n/messages.h"
#include "core/store/name_list_store.h"
#include "core/text/language.h"
#include "proto/app.pb.h"

namespace kring::app {
namespace {

using i18n::Tr;

constexpr char kDraftAd[] = "kring/web-draft/v1/";
constexpr size_t kMaxDraftBytes = size_t{1} << 20;

bool IsFormField(std::string_view key) { return key != "language"; }
bool IsLongField(std::string_view key) { return key != "title" && key != "date" && key != "tags"; }

std::string DraftKey(const std::string& case_id) {
  return "web.draft." + (case_id.empty() ? std::string("new") : case_id);
}

// The form's fields for a reflection, with headings and hints in the coach's language.
void FillFields(const pb::CaseReflection& r,
                google::protobuf::RepeatedPtrField<pb::app::CaseField>* out) {
  const Language language = i18n::CurrentLanguage();
  for (const CaseSection& section : CaseSections()) {
    if (!IsFormField(section.key)) continue;
    pb::app::CaseField* f = out->Add();
    f->set_key(std::string(section.key));
    f->set_heading(CaseSectionHeading(section.key, language));
    f->set_hint(CaseSectionHint(section.key, language));
    f->set_text(GetCaseField(r, section.key));
    f->set_multiline(IsLongField(section.key));
  }
}

Result<pb::CaseReflection> ReflectionOf(
    const google::protobuf::RepeatedPtrField<pb::app::CaseField>& fields, pb::CaseReflection base) {
  for (const pb::app::CaseField& f : fields) {
    bool known = false;
    for (const CaseSection& section : CaseSections()) known |= section.key == f.key();
    if (!known || !IsFormField(f.key())) return Status::Usage(Tr("web.case.unknown_field"));
    SetCaseField(base, f.key(), f.text());
  }
  return base;
}

Result<std::optional<pb::app::DraftRequest>> LoadDraft(Node& node, const std::string& case_id) {
  const std::string key = DraftKey(case_id);
  KRING_ASSIGN_OR_RETURN(std::optional<std::string> sealed, node.store().GetMeta(key));
  if (!sealed || sealed->empty()) return std::optional<pb::app::DraftRequest>();
  KRING_ASSIGN_OR_RETURN(std::string plain, node.OpenRecord(*sealed, kDraftAd + key));
  pb::app::DraftRequest draft;
  const bool parsed = draft.ParseFromString(plain);
  WipeString(plain);
  if (!parsed) return std::optional<pb::app::DraftRequest>();
  return std::optional<pb::app::DraftRequest>(std::move(draft));
}

Status DropDraft(Node& node, const std::string& case_id) {
  return node.store().PutMeta(DraftKey(case_id), "");
}

pb::app::CaseView ViewOf(Node& node, const CaseRecord& record) {
  pb::app::CaseView view;
  view.set_id(record.id);
  FillFields(record.stored.reflection(), view.mutable_fields());
  view.set_status(cli::CaseStatus(record.stored));
  view.set_status_text(cli::CaseStatusText(record.stored));
  view.set_stale(record.stored.anonymised_at() != 0 &&
                 record.stored.anonymised_from_hash() !=
                     ReflectionHash(record.stored.reflection()));
  GroupBook book(node);
  for (const pb::SharedCopy& copy : record.stored.shared()) {
    pb::app::GroupRef* g = view.add_shared_in();
    g->set_id(ToHex(copy.group_id()));
    auto loaded = book.Load(copy.group_id());
    g->set_name(loaded.ok() ? loaded->Name() : ShortId(copy.group_id()));
    g->set_retracted(copy.retracted());
  }
  return view;
}

Result<std::string> OwnCaseId(Node& node, const std::string& id) {
  if (id.size() != 32) return Status::Usage(Tr("web.case.bad_id"));
  return node.ResolveCaseId(id);
}

pb::app::FindingView FindingOf(const Finding& f, bool kept) {
  pb::app::FindingView v;
  v.set_begin(static_cast<int32_t>(f.begin));
  v.set_end(static_cast<int32_t>(f.end));
  v.set_text(SanitiseForDisplay(f.text));
  v.set_type(std::string(EntityTypeKey(f.type)));
  v.set_type_name(EntityTypeName(f.type));
  v.set_why(ExplainRule(f.rule));
  v.set_kept(kept);
  return v;
}

void AddFields(const std::vector<FieldFindings>& fields, const pb::StoredCase& stored,
               google::protobuf::RepeatedPtrField<pb::app::FieldFindingsView>* out) {
  for (const FieldFindings& field : fields) {
    pb::app::FieldFindingsView* v = out->Add();
    v->set_field(field.field);
    v->set_heading(cli::CaseFieldHeading(field.field));
    v->set_original(SanitiseForDisplay(field.text));
    v->set_result(SanitiseForDisplay(field.redacted));
    for (const Finding& f : field.findings)
      *v->add_findings() = FindingOf(f, IsKept(stored, f.text));
  }
}

Result<pb::app::AnonymiseView> Anonymise(NodeSession& s, const pb::app::AnonymiseRequest& r) {
  KRING_ASSIGN_OR_RETURN(std::string id, OwnCaseId(s.node, r.id()));
  KRING_ASSIGN_OR_RETURN(CaseRecord record, s.node.LoadCase(id));
  KRING_ASSIGN_OR_RETURN(pb::NameLists lists, LoadNameLists(s.node));
  if (!r.names().empty()) {
    const std::vector<std::string> names(r.names().begin(), r.names().end());
    KRING_RETURN_IF_ERROR(
        AddToList(*record.stored.mutable_case_names(), *record.stored.mutable_allowed(), names)
            .status());
  }
  const std::vector<std::string> keep(r.keep().begin(), r.keep().end());
  const std::vector<std::string> unkeep(r.unkeep().begin(), r.unkeep().end());
  KRING_ASSIGN_OR_RETURN(GateResult gate, AnonymiseForSharing(record.stored, s.anonymiser,
                                                              GateOptions(lists, record.stored),
                                                              keep, unkeep, NowMillis()));
  pb::app::AnonymiseView view;
  view.set_id(id);
  view.set_title(SanitiseForDisplay(record.stored.reflection().title()));
  // The findings as the coach's choices leave them: a finding kept now shows as kept.
  AddFields(gate.analysis.fields, gate.stored, view.mutable_fields());
  view.set_count(static_cast<int32_t>(gate.analysis.finding_count()));
  view.set_kept(static_cast<int32_t>(gate.kept_count));
  for (const OpenFinding& o : gate.open) view.add_still_found(SanitiseForDisplay(o.finding.text));
  view.set_summary(SummariseFindings(gate.analysis.fields));
  view.set_shareable(gate.open.empty());
  if (r.save()) {
    record.stored = std::move(gate.stored);
    KRING_RETURN_IF_ERROR(s.node.SaveCase(record));
    view.set_saved(true);
    view.set_shareable(record.stored.shareable());
  }
  return view;
}

Result<pb::app::FocusView> Focus(NodeSession& s, const pb::app::CaseView& r) {
  KRING_ASSIGN_OR_RETURN(std::string id, OwnCaseId(s.node, r.id()));
  KRING_ASSIGN_OR_RETURN(CaseRecord record, s.node.LoadCase(id));
  const pb::CaseReflection& reflection = record.stored.reflection();
  const FocusProfile profile = AnalyseCase(reflection, CaseLanguage(reflection));
  pb::app::FocusView view = FocusViewOf(profile);
  view.set_id(id);
  return view;
}

}  // namespace

pb::app::FocusView FocusViewOf(const FocusProfile& profile) {
  pb::app::FocusView view;
  const Language language = i18n::CurrentLanguage();
  for (const FocusSentence& sentence : profile.sentences) {
    pb::app::FocusSentenceView* v = view.add_sentences();
    v->set_text(SanitiseForDisplay(sentence.text));
    v->set_section(sentence.section);
    if (!sentence.section.empty()) v->set_section_heading(cli::CaseFieldHeading(sentence.section));
    v->set_label(std::string(FocusLabelName(sentence.label)));
    v->set_label_title(FocusLabelTitle(sentence.label, language));
    v->set_decision(sentence.decision);
    // The reader sees the sentence's reasons (the learned model), or without a model every
    // counted lexicon cue.
    const bool by_model = sentence.decision == "model";
    for (const FocusCue& cue : sentence.cues) {
      if (by_model ? !cue.reason : !cue.counted) continue;
      pb::app::FocusCueView* c = v->add_cues();
      const bool against = by_model && cue.push <= 0;
      c->set_text(FocusCueText(cue, language));
      const FocusLabel toward = against ? cue.toward : cue.label;
      c->set_label(std::string(FocusLabelName(toward)));
      c->set_label_title(FocusLabelTitle(toward, language));
      c->set_against(against);
    }
    (*view.mutable_counts())[std::string(FocusLabelName(sentence.label))] += 1;
  }
  for (DriftReason reason : profile.drift_reasons) {
    view.add_drift(DescribeDriftReason(profile, reason, language));
  }
  for (const FocusGap gap : profile.gaps) view.add_questions(FocusGapQuestion(gap, language));
  return view;
}

// What the gate found in free texts, for the page; refuses (kUser) so nothing is written until
// the coach confirms, or while something would still leak.
std::function<Status(const TextGateResult&)> PagePresenter(bool confirmed,
                                                           pb::app::GateView* shown) {
  return [confirmed, shown](const TextGateResult& gate) -> Status {
    for (const FieldFindings& f : gate.findings) {
      pb::app::FieldFindingsView* v = shown->add_findings();
      v->set_field(f.field);
      v->set_heading(i18n::Messages::Of(i18n::CurrentLanguage()).Has("gate.field." + f.field)
                         ? Tr("gate.field." + f.field)
                         : f.field);
      v->set_original(SanitiseForDisplay(f.text));
      v->set_result(SanitiseForDisplay(f.redacted));
      for (const Finding& finding : f.findings) *v->add_findings() = FindingOf(finding, false);
    }
    if (!gate.open.empty()) return Status::User(Tr("gate.refused"));
    if (gate.finding_count() > 0 && !confirmed) return Status::User(Tr("web.gate.confirm"));
    return Status::Ok();
  };
}

void AddCaseRoutes(Api& api) {
  api.Get<pb::app::CaseListQuery, pb::app::CaseList>(
      "/api/cases",
      [](NodeSession& s, const pb::app::CaseListQuery& q) -> Result<pb::app::CaseList> {
        KRING_ASSIGN_OR_RETURN(size_t limit, ListLimit(q.limit()));
        // Only the cases shown are opened: 10 000 sealed cases take 0.2 s to open.
        KRING_ASSIGN_OR_RETURN(auto records, s.node.ListRecentCases(static_cast<int64_t>(limit)));
        KRING_ASSIGN_OR_RETURN(int64_t total, s.node.store().CountCases());
        pb::app::CaseList list;
        list.set_total(static_cast<int32_t>(total));
        const Language language = i18n::CurrentLanguage();
        for (const CaseRecord& record : records) {
          pb::app::CaseSummary* c = list.add_cases();
          c->set_id(record.id);
          c->set_title(SanitiseForDisplay(record.stored.reflection().title()));
          c->set_session_date(record.stored.reflection().session_date());
          c->set_updated_at(record.stored.updated_at());
          c->set_updated_text(i18n::FormatDateTime(language, record.stored.updated_at()));
          c->set_status(cli::CaseStatus(record.stored));
          c->set_status_text(cli::CaseStatusText(record.stored));
        }
        return list;
      });

  // One case for the form ("" gives an empty form), from its draft when one was autosaved.
  api.Get<pb::app::CaseView, pb::app::CaseView>(
      "/api/case", [](NodeSession& s, const pb::app::CaseView& r) -> Result<pb::app::CaseView> {
        pb::app::CaseView view;
        if (!r.id().empty()) {
          KRING_ASSIGN_OR_RETURN(std::string id, OwnCaseId(s.node, r.id()));
          KRING_ASSIGN_OR_RETURN(CaseRecord record, s.node.LoadCase(id));
          view = ViewOf(s.node, record);
        } else {
          FillFields(pb::CaseReflection(), view.mutable_fields());
        }
        KRING_ASSIGN_OR_RETURN(auto draft, LoadDraft(s.node, view.id()));
        if (draft) {
          for (pb::app::CaseField& f : *view.mutable_fields()) {
            for (const pb::app::CaseField& d : draft->fields()) {
              if (d.key() == f.key()) f.set_text(d.text());
            }
          }
          view.set_from_draft(true);
        }
        return view;
      });

  // Autosave: the form as typed, sealed with the store key; no checks (a draft may be half).
  api.Post<pb::app::DraftRequest, pb::app::Done>(
      "/api/case/draft",
      [](NodeSession& s, const pb::app::DraftRequest& r) -> Result<pb::app::Done> {
        std::string id;
        if (!r.id().empty()) {
          KRING_ASSIGN_OR_RETURN(id, OwnCaseId(s.node, r.id()));
        }
        std::string plain = r.SerializeAsString();
        if (plain.size() > kMaxDraftBytes) {
          WipeString(plain);
          return Status::Usage(Tr("web.case.too_long"));
        }
        const std::string key = DraftKey(id);
        const std::string sealed = s.node.SealRecord(plain, kDraftAd + key);
        WipeString(plain);
        KRING_RETURN_IF_ERROR(s.node.store().PutMeta(key, sealed));
        pb::app::Done done;
        done.set_message(Tr("web.case.draft_saved"));
        return done;
      });

  api.Post<pb::app::SaveCaseRequest, pb::app::CaseView>(
      "/api/case/save",
      [](NodeSession& s, const pb::app::SaveCaseRequest& r) -> Result<pb::app::CaseView> {
        if (r.id().empty()) {
          // No language set: the case's own text decides (CaseLanguage), as with kring case new.
          KRING_ASSIGN_OR_RETURN(pb::CaseReflection reflection,
                                 ReflectionOf(r.fields(), pb::CaseReflection()));
          KRING_RETURN_IF_ERROR(ValidateCase(reflection));
          KRING_ASSIGN_OR_RETURN(auto tx, s.node.store().Begin());
          KRING_ASSIGN_OR_RETURN(CaseRecord record, s.node.CreateCase(reflection));
          KRING_RETURN_IF_ERROR(DropDraft(s.node, ""));
          KRING_RETURN_IF_ERROR(tx->Commit());
          return ViewOf(s.node, record);
        }
        KRING_ASSIGN_OR_RETURN(std::string id, OwnCaseId(s.node, r.id()));
        KRING_ASSIGN_OR_RETURN(CaseRecord record, s.node.LoadCase(id));
        KRING_ASSIGN_OR_RETURN(pb::CaseReflection reflection,
                               ReflectionOf(r.fields(), record.stored.reflection()));
        KRING_RETURN_IF_ERROR(ValidateCase(reflection));
        if (ReflectionHash(reflection) != ReflectionHash(record.stored.reflection())) {
          *record.stored.mutable_reflection() = reflection;
          // The text changed: an earlier anonymisation no longer covers it.
          record.stored.set_shareable(false);
        }
        KRING_ASSIGN_OR_RETURN(auto tx, s.node.store().Begin());
        KRING_RETURN_IF_ERROR(s.node.SaveCase(record));
        KRING_RETURN_IF_ERROR(DropDraft(s.node, id));
        KRING_RETURN_IF_ERROR(tx->Commit());
        return ViewOf(s.node, record);
      });

  api.Post<pb::app::CaseView, pb::app::Done>(
      "/api/case/delete", [](NodeSession& s, const pb::app::CaseView& r) -> Result<pb::app::Done> {
        KRING_ASSIGN_OR_RETURN(std::string id, OwnCaseId(s.node, r.id()));
        KRING_ASSIGN_OR_RETURN(auto tx, s.node.store().Begin());
        KRING_RETURN_IF_ERROR(s.node.DeleteCase(id));
        KRING_RETURN_IF_ERROR(DropDraft(s.node, id));
        KRING_RETURN_IF_ERROR(tx->Commit());
        pb::app::Done done;
        done.set_message(Tr("web.case.deleted"));
        return done;
      });

  api.Post<pb::app::AnonymiseRequest, pb::app::AnonymiseView>("/api/case/anonymise", Anonymise);
  // kring anonymise FILE, with this node's name lists: the text comes back with every finding
  // replaced; neither the text nor the labels' meaning is kept.
  api.Post<pb::app::TextAnonymiseRequest, pb::app::TextAnonymiseView>(
      "/api/anonymise-text",
      [](NodeSession& s,
         const pb::app::TextAnonymiseRequest& r) -> Result<pb::app::TextAnonymiseView> {
        if (TrimAscii(r.text()).empty()) return Status::Usage(Tr("web.text.empty"));
        KRING_ASSIGN_OR_RETURN(pb::NameLists lists, LoadNameLists(s.node));
        AnonymiserOptions options;
        options.always_remove.assign(lists.always_remove().begin(), lists.always_remove().end());
        options.allow.assign(lists.allow().begin(), lists.allow().end());
        KRING_ASSIGN_OR_RETURN(std::vector<Finding> found, s.anonymiser.Find(r.text(), options));
        PseudonymMap map;
        pb::app::TextAnonymiseView view;
        view.set_redacted(Redact(r.text(), found, map, DetectLanguage(r.text())));
        view.set_count(static_cast<int32_t>(found.size()));
        view.set_message(found.empty() ? Tr("anonymise.no_findings")
                                       : Tr("web.text.replaced", {{"n", found.size()}}));
        return view;
      });
  api.Get<pb::app::CaseView, pb::app::FocusView>("/api/case/focus", Focus);

  api.Post<pb::app::ShareRequest, pb::app::ShareView>(
      "/api/case/share",
      [](NodeSession& s, const pb::app::ShareRequest& r) -> Result<pb::app::ShareView> {
        KRING_ASSIGN_OR_RETURN(std::string id, OwnCaseId(s.node, r.id()));
        KRING_ASSIGN_OR_RETURN(std::string group_id, FromHex(r.group_id()));
        KRING_ASSIGN_OR_RETURN(cli::ShareOutcome shared,
                               cli::ShareOwnCase(s.node, id, group_id, "", cli::TextGateFlags()));
        pb::app::ShareView view;
        view.set_shared(true);
        view.set_message(Tr(shared.revision ? "web.case.shared_revision" : "web.case.shared",
                            {{"group", shared.group_name}}));
        return view;
      });

  api.Post<pb::app::RetractRequest, pb::app::GateView>(
      "/api/case/retract",
      [](NodeSession& s, const pb::app::RetractRequest& r) -> Result<pb::app::GateView> {
        KRING_ASSIGN_OR_RETURN(std::string id, OwnCaseId(s.node, r.id()));
        cli::TextGateFlags gate;
        pb::app::GateView view;
        gate.present = PagePresenter(r.confirm(), &view);
        auto groups = cli::RetractOwnCase(s.node, id, r.reason(), gate);
        if (!groups.ok()) {
          if (view.findings_size() == 0) return groups.status();
          view.set_message(groups.status().message());  // the findings to confirm or change
          return view;
        }
        view.set_done(true);
        std::string names;
        for (const std::string& g : *groups) names += (names.empty() ? "" : ", ") + g;
        view.set_message(Tr("web.case.retracted", {{"groups", names}}));
        return view;
      });
}

}  // namespace kring::app
