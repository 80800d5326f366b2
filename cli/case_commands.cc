// kring case new | template | list | show | edit | delete
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <optional>

#include "cli/case_ids.h"
#include "cli/context.h"
#include "cli/terminal.h"
#include "core/base/ascii.h"
#include "core/cases/case_gate.h"
#include "core/cases/case_template.h"
#include "core/i18n/format.h"
#include "core/i18n/messages.h"

namespace kring::cli {

std::string CaseStatus(const pb::StoredCase& stored) {
  bool shared = false, withdrawn = false;
  for (const auto& copy : stored.shared()) (copy.retracted() ? withdrawn : shared) = true;
  if (shared) return "shared";
  if (withdrawn) return "withdrawn";
  if (stored.shareable()) return "shareable";
  if (stored.anonymised_at() != 0) return "anonymised";
  return "draft";
}

std::string CaseStatusText(const pb::StoredCase& stored) {
  return i18n::Tr("case.status." + CaseStatus(stored));
}

namespace {

using i18n::Tr;

// The language a template is written in: --dutch, else the given language code, else the
// coach's own language.
Result<Language> TemplateLanguage(bool dutch, const std::string& code) {
  if (dutch) return Language::kDutch;
  if (code.empty()) return i18n::CurrentLanguage();
  std::optional<Language> parsed = ParseLanguageCode(code);
  if (!parsed) return Status::Usage(Tr("case.template.bad_language", {{"value", code}}));
  return *parsed;
}

// Lets the coach write the case in their editor; keeps their text if it cannot be parsed.
Result<pb::CaseReflection> EditInEditor(const std::string& home, const std::string& initial) {
  KRING_ASSIGN_OR_RETURN(ScratchFile file, ScratchFile::Create(home, initial));
  KRING_RETURN_IF_ERROR(RunEditor(file.path()));
  KRING_ASSIGN_OR_RETURN(std::string text, ReadFileLimited(file.path(), kMaxCaseFileBytes));
  if (text == initial) return Status::User(Tr("case.editor.unchanged"));
  auto parsed = ParseCaseTemplate(text);
  if (!parsed.ok()) {
    std::string path = file.path();
    file.Keep();
    return parsed.status().WithContext(
        Tr("case.editor.kept", {{"path", path}, {"file", ShellQuote(path)}}));
  }
  return parsed;
}

void PrintCase(const CaseRecord& record) {
  const pb::StoredCase& stored = record.stored;
  const pb::CaseReflection& r = stored.reflection();
  const Language language = i18n::CurrentLanguage();
  std::cout << Tr("case.show.heading", {{"id", record.id.substr(0, 8)}, {"title", r.title()}})
            << "\n";
  std::cout << "  "
            << Tr("case.show.meta",
                  {{"session",
                    r.session_date().empty() ? Tr("case.show.no_date") : r.session_date()},
                   {"status", CaseStatusText(stored)},
                   {"updated", i18n::FormatDateTime(language, stored.updated_at())}})
            << "\n";
  if (r.tags_size() > 0) {
    std::cout << "  " << Tr("case.show.tags", {{"tags", GetCaseField(r, "tags")}}) << "\n";
  }
  for (const CaseSection& section : CaseSections()) {
    if (section.key == "title" || section.key == "date" || section.key == "tags" ||
        section.key == "language") {
      continue;
    }
    std::string value = GetCaseField(r, section.key);
    if (value.empty()) continue;
    std::cout << "\n## " << CaseSectionHeading(section.key, language) << "\n" << value << "\n";
  }
}

// [{"group": HEX, "entry": HEX, "retracted": false}, ...]
std::string SharedAsJson(const pb::StoredCase& stored) {
  std::string out = "[";
  for (const pb::SharedCopy& copy : stored.shared()) {
    out += (out.size() > 1 ? ", " : "") + std::string("{\"group\": ") +
           JsonString(ToHex(copy.group_id())) +
           ", \"entry\": " + JsonString(ToHex(copy.entry_id())) +
           ", \"retracted\": " + (copy.retracted() ? "true" : "false") + "}";
  }
  return out + "]";
}

std::string CaseJson(const CaseRecord& record) {
  std::string reflection;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(record.stored.reflection(), &reflection,
                                                    options);
  return "{\"id\": " + JsonString(record.id) +
         ", \"status\": " + JsonString(CaseStatus(record.stored)) +
         ", \"created_at\": " + std::to_string(record.stored.created_at()) +
         ", \"updated_at\": " + std::to_string(record.stored.updated_at()) +
         ", \"shared_as\": " + SharedAsJson(record.stored) + ", \"reflection\": " + reflection +
         "}";
}

}  // namespace

void RegisterCaseCommands(CLI::App& app, Context& ctx) {
  const Language language = i18n::CurrentLanguage();
  auto* cases = app.add_subcommand("case", Tr("case.help.case"));
  cases->require_subcommand(1);

  // ---------------------------------------------------------------- new
  auto* create = cases->add_subcommand("new", Tr("case.help.new"));
  auto from = std::make_shared<std::string>();
  auto dutch = std::make_shared<bool>(false);
  auto fields = std::make_shared<std::map<std::string, std::string>>();
  create->add_option("--from", *from, Tr("case.help.from"));
  create->add_flag("--dutch", *dutch, Tr("case.help.dutch"));
  for (const CaseSection& section : CaseSections()) {
    std::string key(section.key);
    create->add_option_function<std::string>(
        "--" + key, [fields, key](const std::string& v) { (*fields)[key] = v; },
        Tr("case.help.field", {{"heading", CaseSectionHeading(section.key, language)},
                               {"hint", CaseSectionHint(section.key, language)}}));
  }
  create->footer(Tr("case.help.new_footer"));
  OnRun(create, ctx, [&ctx, from, dutch, fields]() -> Status {
    pb::CaseReflection reflection;
    if (!from->empty()) {
      if (!fields->empty()) return Status::Usage(Tr("case.new.from_or_fields"));
      KRING_ASSIGN_OR_RETURN(std::string text, ReadFileLimited(*from, kMaxCaseFileBytes));
      auto parsed = ParseCaseTemplate(text);
      if (!parsed.ok()) return parsed.status().WithContext(Tr("case.in_file", {{"file", *from}}));
      reflection = std::move(parsed).value();
    }
    // Only --language given: the editor opens on a template in that language, the case's own.
    const bool only_language = fields->size() == 1 && fields->count("language") == 1;
    const bool in_editor = from->empty() && (fields->empty() || only_language);
    if (!in_editor && from->empty()) {
      for (const auto& [key, value] : *fields) SetCaseField(reflection, key, value);
      KRING_RETURN_IF_ERROR(ValidateCase(reflection));
    }
    Language template_language = Language::kEnglish;
    if (in_editor) {
      const std::string code = only_language ? fields->at("language") : std::string();
      KRING_ASSIGN_OR_RETURN(template_language, TemplateLanguage(*dutch, code));
      if (only_language) reflection.set_language(code);
    }
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    if (in_editor) {
      KRING_ASSIGN_OR_RETURN(
          reflection,
          EditInEditor(node->home(),
                       RenderCaseTemplate(reflection, template_language == Language::kDutch)));
    }
    KRING_ASSIGN_OR_RETURN(CaseRecord record, node->CreateCase(reflection));
    std::cout << Tr("case.new.saved",
                    {{"id", record.id.substr(0, 8)}, {"title", reflection.title()}})
              << "\n";
    return Status::Ok();
  });

  // ---------------------------------------------------------------- template
  auto* tmpl = cases->add_subcommand("template", Tr("case.help.template"));
  auto tmpl_dutch = std::make_shared<bool>(false);
  auto tmpl_language = std::make_shared<std::string>();
  tmpl->add_flag("--dutch", *tmpl_dutch, Tr("case.help.template_dutch"));
  tmpl->add_option("--language", *tmpl_language, Tr("case.help.template_language"));
  OnRun(tmpl, ctx, [tmpl_dutch, tmpl_language]() -> Status {
    KRING_ASSIGN_OR_RETURN(Language language, TemplateLanguage(*tmpl_dutch, *tmpl_language));
    pb::CaseReflection empty;
    if (!tmpl_language->empty()) empty.set_language(*tmpl_language);
    std::cout << RenderCaseTemplate(empty, language == Language::kDutch);
    return Status::Ok();
  });

  // ---------------------------------------------------------------- list
  auto* list = cases->add_subcommand("list", Tr("case.help.list"));
  auto list_json = std::make_shared<bool>(false);
  list->add_flag("--json", *list_json, Tr("case.help.json"));
  OnRun(list, ctx, [&ctx, list_json]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    KRING_ASSIGN_OR_RETURN(auto records, node->ListCases());
    if (*list_json) {
      std::cout << "[";
      for (size_t i = 0; i < records.size(); ++i) {
        std::cout << (i ? ",\n " : "") << CaseJson(records[i]);
      }
      std::cout << "]\n";
      return Status::Ok();
    }
    if (records.empty()) {
      std::cout << Tr("case.list.none") << "\n";
      return Status::Ok();
    }
    GroupBook book(*node);
    // Columns as wide as their heading and their widest value (at least 8, 10 and 10).
    const std::string id_heading = Tr("case.list.id"), session_heading = Tr("case.list.session"),
                      status_heading = Tr("case.list.status");
    size_t status_width = std::max<size_t>(10, TextWidth(status_heading));
    for (const auto& record : records) {
      status_width = std::max(status_width, TextWidth(CaseStatusText(record.stored)));
    }
    const size_t id_width = std::max<size_t>(8, TextWidth(id_heading));
    const size_t session_width = std::max<size_t>(10, TextWidth(session_heading));
    std::cout << PadToWidth(id_heading, id_width) << "  "
              << PadToWidth(session_heading, session_width) << "  "
              << PadToWidth(status_heading, status_width) << "  " << Tr("case.list.title") << "\n";
    for (const auto& record : records) {
      const auto& r = record.stored.reflection();
      const std::string shared_as = SharedAs(book, record.stored);
      std::cout << PadToWidth(record.id.substr(0, 8), id_width) << "  "
                << PadToWidth(r.session_date().empty() ? "-" : r.session_date(), session_width)
                << "  " << PadToWidth(CaseStatusText(record.stored), status_width) << "  "
                << r.title()
                << (shared_as.empty() ? ""
                                      : "  " + Tr("case.list.shared_as", {{"where", shared_as}}))
                << "\n";
    }
    return Status::Ok();
  });

  // ---------------------------------------------------------------- show
  auto* show = cases->add_subcommand("show", Tr("case.help.show"));
  auto show_id = std::make_shared<std::string>();
  auto show_json = std::make_shared<bool>(false);
  auto show_anonymised = std::make_shared<bool>(false);
  show->add_option("ID", *show_id, Tr("case.help.id"))->required();
  show->add_flag("--json", *show_json, Tr("case.help.json"));
  show->add_flag("--anonymised", *show_anonymised, Tr("case.help.show_anonymised"));
  OnRun(show, ctx, [&ctx, show_id, show_json, show_anonymised]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    KRING_ASSIGN_OR_RETURN(std::string id, ResolveOwnCaseId(*node, *show_id));
    KRING_ASSIGN_OR_RETURN(CaseRecord record, node->LoadCase(id));
    if (*show_anonymised) {
      bool stale = false;
      KRING_ASSIGN_OR_RETURN(*record.stored.mutable_reflection(),
                             AnonymisedVersion(record.stored, &stale, id));
      if (stale) {
        std::cerr << Tr("case.show.stale", {{"id", id.substr(0, 8)}}) << "\n";
      }
    }
    if (*show_json) {
      std::cout << CaseJson(record) << "\n";
    } else {
      PrintCase(record);
      PrintReceivedReviews(*node, record);
    }
    return Status::Ok();
  });

  // ---------------------------------------------------------------- edit
  auto* edit = cases->add_subcommand("edit", Tr("case.help.edit"));
  auto edit_id = std::make_shared<std::string>();
  auto edit_from = std::make_shared<std::string>();
  edit->add_option("ID", *edit_id, Tr("case.help.id"))->required();
  edit->add_option("--from", *edit_from, Tr("case.help.edit_from"));
  OnRun(edit, ctx, [&ctx, edit_id, edit_from]() -> Status {
    pb::CaseReflection replacement;
    if (!edit_from->empty()) {
      KRING_ASSIGN_OR_RETURN(std::string text, ReadFileLimited(*edit_from, kMaxCaseFileBytes));
      auto parsed = ParseCaseTemplate(text);
      if (!parsed.ok()) {
        return parsed.status().WithContext(Tr("case.in_file", {{"file", *edit_from}}));
      }
      replacement = std::move(parsed).value();
    }
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    KRING_ASSIGN_OR_RETURN(std::string id, node->ResolveCaseId(*edit_id));
    KRING_ASSIGN_OR_RETURN(CaseRecord record, node->LoadCase(id));
    if (edit_from->empty()) {
      // The case's own language; a case without one is edited in the coach's language.
      const std::optional<Language> own = ParseLanguageCode(record.stored.reflection().language());
      const bool dutch = own.value_or(i18n::CurrentLanguage()) == Language::kDutch;
      KRING_ASSIGN_OR_RETURN(
          replacement,
          EditInEditor(node->home(), RenderCaseTemplate(record.stored.reflection(), dutch)));
    }
    *record.stored.mutable_reflection() = replacement;
    // The text changed: an earlier anonymisation no longer covers it.
    record.stored.set_shareable(false);
    KRING_RETURN_IF_ERROR(node->SaveCase(record));
    std::cout << Tr("case.edit.updated", {{"id", id.substr(0, 8)}, {"title", replacement.title()}})
              << "\n";
    return Status::Ok();
  });

  // ---------------------------------------------------------------- delete
  auto* remove = cases->add_subcommand("delete", Tr("case.help.delete"));
  auto remove_id = std::make_shared<std::string>();
  auto yes = std::make_shared<bool>(false);
  remove->add_option("ID", *remove_id, Tr("case.help.id"))->required();
  remove->add_flag("--yes,-y", *yes, Tr("case.help.yes"));
  OnRun(remove, ctx, [&ctx, remove_id, yes]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    KRING_ASSIGN_OR_RETURN(std::string id, node->ResolveCaseId(*remove_id));
    KRING_ASSIGN_OR_RETURN(CaseRecord record, node->LoadCase(id));
    if (!*yes &&
        !Confirm(Tr("case.delete.confirm",
                    {{"id", id.substr(0, 8)}, {"title", record.stored.reflection().title()}}))) {
      return Status::User(Tr("case.delete.declined"));
    }
    KRING_RETURN_IF_ERROR(node->DeleteCase(id));
    std::cout << Tr("case.delete.done", {{"id", id.substr(0, 8)}}) << "\n";
    return Status::Ok();
  });
}

}  // namespace kring::cli
