#include "core/cases/text_gate.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <set>

#include "core/base/utf8.h"
#include "core/i18n/messages.h"

namespace kring {
namespace {

std::optional<EntityType> LabelType(std::string_view stem) {
  for (int t = 0; t < kEntityTypeCount; ++t) {
    for (Language language : {Language::kDutch, Language::kEnglish}) {
      if (LabelStem(static_cast<EntityType>(t), language) == stem) {
        return static_cast<EntityType>(t);
      }
    }
  }
  return std::nullopt;
}

// Every label in `text` as (type, number).
void CollectLabels(std::string_view text, std::set<std::pair<EntityType, int>>* out) {
  for (const auto& [begin, end] : LabelSpans(text)) {
    std::string_view label = text.substr(begin + 1, end - begin - 2);  // "PERSOON-3"
    const size_t dash = label.rfind('-');
    std::optional<EntityType> type = LabelType(label.substr(0, dash));
    if (!type) continue;
    int number = 0;
    for (char c : label.substr(dash + 1)) number = number * 10 + (c - '0');
    if (number > 0 && number < 1000000) out->emplace(*type, number);
  }
}

bool Contains(const std::vector<std::string>& list, std::string_view text) {
  for (const std::string& item : list) {
    if (item == text) return true;
  }
  return false;
}

}  // namespace

std::string SharedTextFieldName(std::string_view field, Language language) {
  for (std::string_view known :
       {"question", "strengths", "suggestion", "questions", "reason", "note"}) {
    if (field == known) return i18n::Tr(language, "cases.text_field." + std::string(field));
  }
  return std::string(field);
}

size_t TextGateResult::finding_count() const {
  size_t n = 0;
  for (const FieldFindings& f : findings) n += f.findings.size();
  return n;
}

Result<TextGateResult> GateSharedTexts(const std::vector<SharedText>& texts,
                                       const Anonymiser& anonymiser,
                                       const AnonymiserOptions& options, PseudonymMap& map,
                                       Language language, const std::vector<std::string>& keep,
                                       int64_t now_millis) {
  AnonymiserOptions with_language = options;
  with_language.language = language;
  TextGateResult result;
  std::set<std::string> matched_keeps;
  // First pass on a scratch copy of the map: a keep that matches nothing must change nothing.
  PseudonymMap working = map;
  for (const SharedText& shared : texts) {
    if (FindInvalidUtf8(shared.text)) {
      return Status::Usage(
          i18n::Tr("cases.text_gate.not_utf8", {{"field", SharedTextFieldName(shared.field)}}));
    }
    KRING_ASSIGN_OR_RETURN(std::vector<Finding> found, anonymiser.Find(shared.text, with_language));
    const std::vector<std::pair<size_t, size_t>> labels = LabelSpans(shared.text);
    std::vector<Finding> to_redact;
    std::vector<Finding> reported;
    for (const Finding& f : found) {
      if (InsideLabels(f, labels, shared.text)) continue;  // already a pseudonym
      reported.push_back(f);
      if (Contains(keep, f.text)) {
        matched_keeps.insert(f.text);
        pb::KeptFinding kept;
        kept.set_field(shared.field);
        kept.set_text(f.text);
        kept.set_type(std::string(EntityTypeKey(f.type)));
        kept.set_kept_at(now_millis);
        result.kept.push_back(std::move(kept));
        continue;
      }
      to_redact.push_back(f);
    }
    std::string redacted = Redact(shared.text, to_redact, working, language);
    if (!reported.empty()) {
      result.findings.push_back({shared.field, shared.text, reported, redacted});
    }
    std::vector<LineChange> lines = DiffLines(shared.text, redacted);
    if (!lines.empty()) result.diffs.push_back({shared.field, std::move(lines)});
    result.redacted.push_back({shared.field, std::move(redacted)});
  }
  for (const std::string& k : keep) {
    if (!matched_keeps.contains(k)) {
      return Status::Usage(i18n::Tr("cases.text_gate.keep_unknown"));
    }
  }
  // Second pass: whatever is still found, outside labels and the kept texts, would leak.
  for (const SharedText& shared : result.redacted) {
    KRING_ASSIGN_OR_RETURN(std::vector<Finding> again, anonymiser.Find(shared.text, with_language));
    const std::vector<std::pair<size_t, size_t>> labels = LabelSpans(shared.text);
    for (const Finding& f : again) {
      if (InsideLabels(f, labels, shared.text) || Contains(keep, f.text)) continue;
      result.open.push_back({shared.field, shared.text, f});
    }
  }
  map = std::move(working);
  return result;
}

PseudonymMap MapReservingLabelsOf(const pb::CaseReflection& shared_case) {
  std::set<std::pair<EntityType, int>> labels;
  const google::protobuf::Descriptor* descriptor = shared_case.GetDescriptor();
  const google::protobuf::Reflection* reflection = shared_case.GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = descriptor->field(i);
    if (field->type() != google::protobuf::FieldDescriptor::TYPE_STRING) continue;
    if (field->is_repeated()) {
      for (int k = 0; k < reflection->FieldSize(shared_case, field); ++k) {
        CollectLabels(reflection->GetRepeatedString(shared_case, field, k), &labels);
      }
    } else {
      CollectLabels(reflection->GetString(shared_case, field), &labels);
    }
  }
  PseudonymMap map;
  for (const auto& [type, number] : labels) map.Reserve(type, number);
  return map;
}

}  // namespace kring
