// kring case new | template | list | show | edit | delete
#include <google/protobuf/util/json_util.h>

#include <iostream>
#include <map>

#include "cli/case_ids.h"
#include "cli/context.h"
#include "cli/terminal.h"
#include "core/base/ascii.h"
#include "core/cases/case_gate.h"
#include "core/cases/case_template.h"

namespace kring::cli {
namespace {

std::string CaseStatus(const pb::StoredCase& stored) {
  bool shared = false, withdrawn = false;
  for (const auto& copy : stored.shared()) (copy.retracted() ? withdrawn : shared) = true;
  if (shared) return "shared";
  if (withdrawn) return "withdrawn";
  if (stored.shareable()) return "shareable";
  if (stored.anonymised_at() != 0) return "anonymised";
  return "draft";
}

// Lets the coach write the case in their editor; keeps their text if it cannot be parsed.
Result<pb::CaseReflection> EditInEditor(const std::string& home, const std::string& initial) {
  KRING_ASSIGN_OR_RETURN(ScratchFile file, ScratchFile::Create(home, initial));
  KRING_RETURN_IF_ERROR(RunEditor(file.path()));
  KRING_ASSIGN_OR_RETURN(std::string text, ReadFileLimited(file.path(), kMaxCaseFileBytes));
  if (text == initial) return Status::User("the case was not changed; nothing was saved");
  auto parsed = ParseCaseTemplate(text);
  if (!parsed.ok()) {
    std::string path = file.path();
    file.Keep();
    return parsed.status().WithContext("your text is kept in " + path +
                                       " (fix it and use `kring case new --from " +
                                       ShellQuote(path) + "`)");
  }
  return parsed;
}

void PrintCase(const CaseRecord& record) {
  const pb::StoredCase& stored = record.stored;
  const pb::CaseReflection& r = stored.reflection();
  std::cout << "Case " << record.id.substr(0, 8) << " — " << r.title() << "\n";
  std::cout << "  session: " << (r.session_date().empty() ? "(no date)" : r.session_date())
            << "   status: " << CaseStatus(stored)
            << "   updated: " << FormatLocalDateTime(stored.updated_at()) << "\n";
  if (r.tags_size() > 0) std::cout << "  tags: " << GetCaseField(r, "tags") << "\n";
  for (const CaseSection& section : CaseSections()) {
    if (section.key == "title" || section.key == "date" || section.key == "tags" ||
        section.key == "language") {
      continue;
    }
    std::string value = GetCaseField(r, section.key);
    if (value.empty()) continue;
    std::cout << "\n## " << section.english << "\n" << value << "\n";
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
  auto* cases = app.add_subcommand("case", "Write, read and manage your case reflections");
  cases->require_subcommand(1);

  // ---------------------------------------------------------------- new
  auto* create =
      cases->add_subcommand("new", "Write a new case reflection (opens your editor on a template)");
  auto from = std::make_shared<std::string>();
  auto dutch = std::make_shared<bool>(false);
  auto fields = std::make_shared<std::map<std::string, std::string>>();
  create->add_option("--from", *from, "Read the case from a filled-in template file (- for stdin)");
  create->add_flag("--dutch", *dutch, "Use Dutch headings in the template");
  for (const CaseSection& section : CaseSections()) {
    std::string key(section.key);
    create->add_option_function<std::string>(
        "--" + key, [fields, key](const std::string& v) { (*fields)[key] = v; },
        std::string(section.english) + " (" + std::string(section.hint) + ")");
  }
  create->footer(
      "Without --from or field flags, Kring opens $EDITOR on a Markdown template.\n"
      "Example: kring case new --title \"Team in transition\" --date 2026-11-20 \\\n"
      "           --situation \"...\" --next-actions \"...\"");
  OnRun(create, ctx, [&ctx, from, dutch, fields]() -> Status {
    pb::CaseReflection reflection;
    if (!from->empty()) {
      if (!fields->empty()) return Status::Usage("use either --from or field flags, not both");
      KRING_ASSIGN_OR_RETURN(std::string text, ReadFileLimited(*from, kMaxCaseFileBytes));
      auto parsed = ParseCaseTemplate(text);
      if (!parsed.ok()) return parsed.status().WithContext("in " + *from);
      reflection = std::move(parsed).value();
    } else if (!fields->empty()) {
      for (const auto& [key, value] : *fields) SetCaseField(reflection, key, value);
      KRING_RETURN_IF_ERROR(ValidateCase(reflection));
    }
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    if (from->empty() && fields->empty()) {
      KRING_ASSIGN_OR_RETURN(reflection,
                             EditInEditor(node->home(), RenderCaseTemplate(reflection, *dutch)));
    }
    KRING_ASSIGN_OR_RETURN(CaseRecord record, node->CreateCase(reflection));
    std::cout << "Saved case " << record.id.substr(0, 8) << " — " << reflection.title()
              << " (stored encrypted; a draft until it passes `kring case check`)\n";
    return Status::Ok();
  });

  // ---------------------------------------------------------------- template
  auto* tmpl = cases->add_subcommand("template", "Print an empty case template to fill in");
  auto tmpl_dutch = std::make_shared<bool>(false);
  tmpl->add_flag("--dutch", *tmpl_dutch, "Dutch headings");
  OnRun(tmpl, ctx, [tmpl_dutch]() -> Status {
    std::cout << RenderCaseTemplate(pb::CaseReflection(), *tmpl_dutch);
    return Status::Ok();
  });

  // ---------------------------------------------------------------- list
  auto* list = cases->add_subcommand("list", "List your case reflections");
  auto list_json = std::make_shared<bool>(false);
  list->add_flag("--json", *list_json, "Machine-readable output");
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
      std::cout << "No cases yet. Write one with `kring case new`.\n";
      return Status::Ok();
    }
    GroupBook book(*node);
    std::printf("%-8s  %-10s  %-10s  %s\n", "ID", "SESSION", "STATUS", "TITLE");
    for (const auto& record : records) {
      const auto& r = record.stored.reflection();
      const std::string shared_as = SharedAs(book, record.stored);
      std::printf("%-8s  %-10s  %-10s  %s%s\n", record.id.substr(0, 8).c_str(),
                  r.session_date().empty() ? "-" : r.session_date().c_str(),
                  CaseStatus(record.stored).c_str(), r.title().c_str(),
                  shared_as.empty() ? "" : ("  (shared as " + shared_as + ")").c_str());
    }
    return Status::Ok();
  });

  // ---------------------------------------------------------------- show
  auto* show = cases->add_subcommand("show", "Show one case reflection");
  auto show_id = std::make_shared<std::string>();
  auto show_json = std::make_shared<bool>(false);
  auto show_anonymised = std::make_shared<bool>(false);
  show->add_option("ID", *show_id, "Case id (a unique prefix is enough)")->required();
  show->add_flag("--json", *show_json, "Machine-readable output");
  show->add_flag("--anonymised", *show_anonymised,
                 "Show the anonymised version (what your group would see)");
  OnRun(show, ctx, [&ctx, show_id, show_json, show_anonymised]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    KRING_ASSIGN_OR_RETURN(std::string id, ResolveOwnCaseId(*node, *show_id));
    KRING_ASSIGN_OR_RETURN(CaseRecord record, node->LoadCase(id));
    if (*show_anonymised) {
      bool stale = false;
      KRING_ASSIGN_OR_RETURN(*record.stored.mutable_reflection(),
                             AnonymisedVersion(record.stored, &stale, id));
      if (stale) {
        std::cerr << "kring: note: the case changed after it was anonymised; run `kring case "
                     "anonymise "
                  << id.substr(0, 8) << "` again\n";
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
  auto* edit = cases->add_subcommand("edit", "Edit a case reflection in your editor");
  auto edit_id = std::make_shared<std::string>();
  auto edit_from = std::make_shared<std::string>();
  edit->add_option("ID", *edit_id, "Case id (a unique prefix is enough)")->required();
  edit->add_option("--from", *edit_from, "Replace the case with a filled-in template file");
  OnRun(edit, ctx, [&ctx, edit_id, edit_from]() -> Status {
    pb::CaseReflection replacement;
    if (!edit_from->empty()) {
      KRING_ASSIGN_OR_RETURN(std::string text, ReadFileLimited(*edit_from, kMaxCaseFileBytes));
      auto parsed = ParseCaseTemplate(text);
      if (!parsed.ok()) return parsed.status().WithContext("in " + *edit_from);
      replacement = std::move(parsed).value();
    }
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    KRING_ASSIGN_OR_RETURN(std::string id, node->ResolveCaseId(*edit_id));
    KRING_ASSIGN_OR_RETURN(CaseRecord record, node->LoadCase(id));
    if (edit_from->empty()) {
      const bool dutch = record.stored.reflection().language() == "nl";
      KRING_ASSIGN_OR_RETURN(
          replacement,
          EditInEditor(node->home(), RenderCaseTemplate(record.stored.reflection(), dutch)));
    }
    *record.stored.mutable_reflection() = replacement;
    // The text changed: an earlier anonymisation no longer covers it.
    record.stored.set_shareable(false);
    KRING_RETURN_IF_ERROR(node->SaveCase(record));
    std::cout << "Updated case " << id.substr(0, 8) << " — " << replacement.title() << "\n";
    return Status::Ok();
  });

  // ---------------------------------------------------------------- delete
  auto* remove = cases->add_subcommand("delete", "Delete a case reflection from this node");
  auto remove_id = std::make_shared<std::string>();
  auto yes = std::make_shared<bool>(false);
  remove->add_option("ID", *remove_id, "Case id (a unique prefix is enough)")->required();
  remove->add_flag("--yes,-y", *yes, "Do not ask for confirmation (for scripts)");
  OnRun(remove, ctx, [&ctx, remove_id, yes]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    KRING_ASSIGN_OR_RETURN(std::string id, node->ResolveCaseId(*remove_id));
    KRING_ASSIGN_OR_RETURN(CaseRecord record, node->LoadCase(id));
    if (!*yes && !Confirm("Delete case " + id.substr(0, 8) + " — " +
                          record.stored.reflection().title() + "? This cannot be undone.")) {
      return Status::User("not deleted (confirm at the prompt, or pass --yes)");
    }
    KRING_RETURN_IF_ERROR(node->DeleteCase(id));
    std::cout << "Deleted case " << id.substr(0, 8) << "\n";
    return Status::Ok();
  });
}

}  // namespace kring::cli
