#include "core/cases/case_anonymiser.h"

#include <functional>
#include <utility>

#include "core/i18n/messages.h"

namespace kring {
namespace {

// The free-text fields of a case. session_date is left alone: it is the coaching session's
// own date, needed for audits, and not about the client.
using Field = std::pair<const char*, std::string* (pb::CaseReflection::*)()>;
const Field kFields[] = {
    {"title", &pb::CaseReflection::mutable_title},
    {"situation", &pb::CaseReflection::mutable_situation},
    {"context_organisation", &pb::CaseReflection::mutable_context_organisation},
    {"context_relations", &pb::CaseReflection::mutable_context_relations},
    {"context_field", &pb::CaseReflection::mutable_context_field},
    {"context_drives", &pb::CaseReflection::mutable_context_drives},
    {"coach_actions", &pb::CaseReflection::mutable_coach_actions},
    {"influence_inside", &pb::CaseReflection::mutable_influence_inside},
    {"influence_outside", &pb::CaseReflection::mutable_influence_outside},
    {"learned", &pb::CaseReflection::mutable_learned},
    {"next_actions", &pb::CaseReflection::mutable_next_actions},
    {"learning_strategy", &pb::CaseReflection::mutable_learning_strategy},
    {"notes", &pb::CaseReflection::mutable_notes},
};

}  // namespace

size_t AnonymisedCase::finding_count() const {
  size_t n = 0;
  for (const FieldFindings& f : fields) n += f.findings.size();
  return n;
}

Result<Language> CaseLanguage(const pb::CaseReflection& reflection,
                              const AnonymiserOptions& options) {
  if (options.language) return *options.language;
  if (!reflection.language().empty()) {
    std::optional<Language> parsed = ParseLanguageCode(reflection.language());
    if (!parsed) {
      // Not quoted: the field is the coach's text, and errors never repeat case text.
      return Status::Usage(i18n::Tr("cases.error.unsupported_language"));
    }
    return *parsed;
  }
  pb::CaseReflection copy = reflection;
  std::string all;
  for (const Field& field : kFields) all += *(copy.*field.second)() + "\n";
  return DetectLanguage(all);
}

Result<AnonymisedCase> AnonymiseCase(const pb::CaseReflection& reflection,
                                     const Anonymiser& anonymiser, const AnonymiserOptions& options,
                                     PseudonymMap& map, const KeepFinding& keep) {
  AnonymisedCase result;
  KRING_ASSIGN_OR_RETURN(result.language, CaseLanguage(reflection, options));
  result.redacted = reflection;
  auto process = [&](const std::string& name, std::string* text) -> Status {
    if (text->empty()) return Status::Ok();
    Result<std::vector<Finding>> found = anonymiser.Find(*text, options);
    if (!found.ok()) {
      return found.status().WithContext(i18n::Tr("cases.error.in_field", {{"field", name}}));
    }
    FieldFindings ff{name, *text, std::move(found).value(), {}};
    if (keep) {
      std::vector<Finding> redacted;
      for (const Finding& f : ff.findings) {
        if (!keep(name, f)) redacted.push_back(f);
      }
      *text = Redact(ff.text, redacted, map, result.language);
    } else {
      *text = Redact(ff.text, ff.findings, map, result.language);
    }
    ff.redacted = *text;
    result.fields.push_back(std::move(ff));
    return Status::Ok();
  };
  for (const Field& field : kFields) {
    KRING_RETURN_IF_ERROR(process(field.first, (result.redacted.*field.second)()));
  }
  for (int i = 0; i < result.redacted.tags_size(); ++i) {
    KRING_RETURN_IF_ERROR(
        process("tags[" + std::to_string(i) + "]", result.redacted.mutable_tags(i)));
  }
  return result;
}

}  // namespace kring
