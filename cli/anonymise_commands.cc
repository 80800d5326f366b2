// The anonymiser gate on the command line: kring names add | remove | list,
// kring case check | anonymise | focus, and kring anonymise FILE.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/context.h"
#include "cli/terminal.h"
#include "core/anonymise/anonymiser.h"
#include "core/anonymise/name_lists.h"
#include "core/cases/case_gate.h"
#include "core/cases/case_template.h"
#include "core/focus/focus.h"
#include "core/focus/focus_report.h"
#include "core/i18n/format.h"
#include "core/i18n/messages.h"
#include "core/store/name_list_store.h"

namespace kring::cli {

Result<std::vector<std::string>> WithdrawLeakingCases(Node& node, const Anonymiser& anonymiser,
                                                      const pb::NameLists& lists) {
  std::vector<std::string> withdrawn;
  KRING_ASSIGN_OR_RETURN(std::vector<CaseRecord> records, node.ListCases());
  for (CaseRecord& record : records) {
    if (!record.stored.shareable()) continue;
    KRING_ASSIGN_OR_RETURN(
        std::vector<OpenFinding> open,
        OpenFindings(record.stored, anonymiser, GateOptions(lists, record.stored)));
    if (open.empty()) continue;
    record.stored.set_shareable(false);
    KRING_RETURN_IF_ERROR(node.SaveCase(record));
    withdrawn.push_back(record.id);
  }
  return withdrawn;
}

std::string CaseFieldHeading(std::string_view field) {
  const Language language = i18n::CurrentLanguage();
  if (field.rfind("tags[", 0) == 0 && field.back() == ']') {
    const std::string number(field.substr(5, field.size() - 6));
    if (!number.empty() && number.find_first_not_of("0123456789") == std::string::npos &&
        number.size() < 6) {
      return i18n::Tr("anonymise.field.tag", {{"n", std::stoi(number) + 1}});
    }
  }
  std::string key(field);
  std::replace(key.begin(), key.end(), '_', '-');
  return CaseSectionHeading(key, language);
}

namespace {

using i18n::Tr;

constexpr size_t kMaxAnonymiseFileBytes = size_t{64} << 20;  // 64 MiB

using Names = std::shared_ptr<std::vector<std::string>>;
Names NewNames() { return std::make_shared<std::vector<std::string>>(); }

// How a span is marked: bold + underline on a terminal, else between « and ». `verbose` adds
// the rule's name and its confidence (engineers' detail; the coach reads the reason in words).
struct Marks {
  std::string open, close;
  bool verbose = false;
};
Marks SpanMarks(bool verbose) {
  if (StdoutIsTerminal()) return {"\x1b[1;4m", "\x1b[0m", verbose};
  return {"«", "»", verbose};
}

std::string JsonArray(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + JsonString(items[i]);
  return out + "]";
}

std::string Confidence(double c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", c);
  return buf;
}

// A stored entity type key ("person") in the coach's words ("person name").
std::string TypeName(const std::string& key) {
  std::optional<EntityType> type = EntityTypeFromKey(key);
  return type ? EntityTypeName(*type) : key;
}

std::string Quoted(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items)
    out += (out.empty() ? "\"" : ", \"") + SanitiseForDisplay(s) + "\"";
  return out;
}

// One finding as a JSON object; `field` may be empty (plain text files).
std::string FindingJson(std::string_view field, std::string_view text, const Finding& f,
                        bool kept) {
  TextPosition pos = LocateOffset(text, f.begin);
  std::string out = "{";
  if (!field.empty()) out += "\"field\": " + JsonString(field) + ", ";
  out += "\"line\": " + std::to_string(pos.line) + ", \"column\": " + std::to_string(pos.column) +
         ", \"text\": " + JsonString(SanitiseForDisplay(f.text)) +
         ", \"type\": " + JsonString(EntityTypeKey(f.type)) +
         // JSON stays as it was: its words in English, whatever the coach's language.
         ", \"type_name\": " + JsonString(EntityTypeName(f.type, Language::kEnglish)) +
         ", \"rule\": " + JsonString(f.rule) +
         ", \"why\": " + JsonString(ExplainRule(f.rule, Language::kEnglish)) +
         ", \"confidence\": " + Confidence(f.confidence);
  if (!field.empty()) out += std::string(", \"kept\": ") + (kept ? "true" : "false");
  return out + "}";
}

// "Work situation, line 2:  Mijn coachee «Sanne» werkt …" and the reason underneath. `field`
// is the anonymiser's name of the field, empty for a plain text file.
void PrintFindingInContext(std::string_view field, std::string_view text, const Finding& f,
                           bool kept, const Marks& marks) {
  FindingContext ctx = ContextOf(text, f);
  const std::string where =
      field.empty()
          ? Tr("anonymise.at_line", {{"line", ctx.line}})
          : Tr("anonymise.at_field_line", {{"field", CaseFieldHeading(field)}, {"line", ctx.line}});
  std::cout << where << "  " << ctx.before << marks.open << ctx.span << marks.close << ctx.after
            << "\n"
            << "    " << EntityTypeName(f.type) << " — " << ExplainRule(f.rule);
  if (marks.verbose) {
    std::cout << " "
              << Tr("anonymise.rule_detail",
                    {{"rule", f.rule}, {"confidence", i18n::Arg::Decimal(f.confidence, 2)}});
  }
  if (kept) std::cout << "  " << Tr("anonymise.kept_mark");
  std::cout << "\n";
}

// Adds --name/--allow values to the case's own lists; true when something was added.
Result<bool> AddCaseNames(pb::StoredCase& stored, const std::vector<std::string>& names,
                          const std::vector<std::string>& allowed) {
  bool changed = false;
  if (!names.empty()) {
    KRING_ASSIGN_OR_RETURN(ListChange change, AddToList(*stored.mutable_case_names(),
                                                        *stored.mutable_allowed(), names));
    changed |= !change.added.empty() || !change.moved.empty();
  }
  if (!allowed.empty()) {
    KRING_ASSIGN_OR_RETURN(ListChange change, AddToList(*stored.mutable_allowed(),
                                                        *stored.mutable_case_names(), allowed));
    changed |= !change.added.empty() || !change.moved.empty();
  }
  return changed;
}

void ReportWithdrawn(const std::vector<std::string>& ids) {
  for (const std::string& id : ids) {
    std::cout << Tr("names.withdrawn", {{"id", id.substr(0, 8)}}) << "\n";
  }
}

// ------------------------------------------------------------------------------- kring names
void RegisterNames(CLI::App& app, Context& ctx) {
  auto* names = app.add_subcommand("names", Tr("names.help.names"));
  names->require_subcommand(1);
  names->footer(Tr("names.help.footer"));

  auto* add = names->add_subcommand("add", Tr("names.help.add"));
  auto add_names = NewNames();
  auto allow = std::make_shared<bool>(false);
  add->add_option("NAME", *add_names, Tr("names.help.add_names"))->required();
  add->add_flag("--allow", *allow, Tr("names.help.allow"));
  OnRun(add, ctx, [&ctx, add_names, allow]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    KRING_ASSIGN_OR_RETURN(pb::NameLists lists, LoadNameLists(*node));
    auto* to = *allow ? lists.mutable_allow() : lists.mutable_always_remove();
    auto* other = *allow ? lists.mutable_always_remove() : lists.mutable_allow();
    KRING_ASSIGN_OR_RETURN(ListChange change, AddToList(*to, *other, *add_names));
    // Shareability is withdrawn before the lists are saved: should anything fail in between,
    // a case is unshareable for nothing, never shareable with a listed name in it.
    std::vector<std::string> withdrawn;
    if (!*allow && (!change.added.empty() || !change.moved.empty())) {
      KRING_ASSIGN_OR_RETURN(Anonymiser anonymiser, Anonymiser::Load());
      KRING_ASSIGN_OR_RETURN(withdrawn, WithdrawLeakingCases(*node, anonymiser, lists));
    }
    KRING_RETURN_IF_ERROR(SaveNameLists(*node, lists));
    if (!change.added.empty()) {
      std::cout << Tr(*allow ? "names.added.allow" : "names.added.remove",
                      {{"names", Quoted(change.added)}})
                << "\n";
    }
    if (!change.moved.empty()) {
      std::cout << Tr(*allow ? "names.moved.allow" : "names.moved.remove",
                      {{"names", Quoted(change.moved)}})
                << "\n";
    }
    if (!change.already.empty()) {
      std::cout << Tr(*allow ? "names.already.allow" : "names.already.remove",
                      {{"names", Quoted(change.already)}})
                << "\n";
    }
    ReportWithdrawn(withdrawn);
    return Status::Ok();
  });

  auto* remove = names->add_subcommand("remove", Tr("names.help.remove"));
  auto remove_names = NewNames();
  remove->add_option("NAME", *remove_names, Tr("names.help.remove_names"))->required();
  OnRun(remove, ctx, [&ctx, remove_names]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    KRING_ASSIGN_OR_RETURN(pb::NameLists lists, LoadNameLists(*node));
    KRING_RETURN_IF_ERROR(
        RemoveFromLists(*lists.mutable_always_remove(), *lists.mutable_allow(), *remove_names));
    KRING_RETURN_IF_ERROR(SaveNameLists(*node, lists));
    std::cout << Tr("names.removed", {{"names", Quoted(*remove_names)}}) << "\n";
    return Status::Ok();
  });

  auto* list = names->add_subcommand("list", Tr("names.help.list"));
  auto json = std::make_shared<bool>(false);
  list->add_flag("--json", *json, Tr("case.help.json"));
  OnRun(list, ctx, [&ctx, json]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    KRING_ASSIGN_OR_RETURN(pb::NameLists lists, LoadNameLists(*node));
    std::vector<std::string> remove(lists.always_remove().begin(), lists.always_remove().end());
    std::vector<std::string> allowed(lists.allow().begin(), lists.allow().end());
    if (*json) {
      std::cout << "{\"always_remove\": " << JsonArray(remove)
                << ", \"allow\": " << JsonArray(allowed) << "}\n";
      return Status::Ok();
    }
    std::cout << Tr("names.list.remove", {{"n", remove.size()}}) << "\n";
    for (const std::string& s : remove) std::cout << "  " << SanitiseForDisplay(s) << "\n";
    if (remove.empty()) std::cout << "  " << Tr("names.list.remove_none") << "\n";
    std::cout << Tr("names.list.allow", {{"n", allowed.size()}}) << "\n";
    for (const std::string& s : allowed) std::cout << "  " << SanitiseForDisplay(s) << "\n";
    if (allowed.empty()) std::cout << "  " << Tr("names.list.allow_none") << "\n";
    return Status::Ok();
  });
}

// ------------------------------------------------------------------------- kring case check
void RegisterCheck(CLI::App* cases, Context& ctx) {
  auto* check = cases->add_subcommand("check", Tr("anonymise.help.check"));
  auto id = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  auto names = NewNames();
  auto allowed = NewNames();
  check->add_option("ID", *id, Tr("case.help.id"))->required();
  check->add_flag("--json", *json, Tr("case.help.json"));
  auto check_verbose = std::make_shared<bool>(false);
  check->add_flag("--verbose,-v", *check_verbose, Tr("anonymise.help.verbose"));
  check->add_option("--name", *names, Tr("anonymise.help.check_name"));
  check->add_option("--allow", *allowed, Tr("anonymise.help.check_allow"));
  check->footer(Tr("anonymise.help.check_footer"));
  OnRun(check, ctx, [&ctx, id, json, names, allowed, check_verbose]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    KRING_ASSIGN_OR_RETURN(std::string case_id, node->ResolveCaseId(*id));
    KRING_ASSIGN_OR_RETURN(CaseRecord record, node->LoadCase(case_id));
    KRING_ASSIGN_OR_RETURN(pb::NameLists lists, LoadNameLists(*node));
    KRING_ASSIGN_OR_RETURN(Anonymiser anonymiser, Anonymiser::Load());
    KRING_ASSIGN_OR_RETURN(bool changed, AddCaseNames(record.stored, *names, *allowed));
    const AnonymiserOptions options = GateOptions(lists, record.stored);
    bool withdrawn = false;
    if (changed) {
      if (record.stored.shareable()) {
        KRING_ASSIGN_OR_RETURN(auto open, OpenFindings(record.stored, anonymiser, options));
        withdrawn = !open.empty();
        if (withdrawn) record.stored.set_shareable(false);
      }
      KRING_RETURN_IF_ERROR(node->SaveCase(record));
    }
    PseudonymMap scratch;
    KRING_ASSIGN_OR_RETURN(AnonymisedCase analysis,
                           AnonymiseCase(record.stored.reflection(), anonymiser, options, scratch));
    bool stale = record.stored.anonymised_at() != 0 &&
                 record.stored.anonymised_from_hash() != ReflectionHash(record.stored.reflection());
    if (*json) {
      const std::string summary = SummariseFindings(analysis.fields, Language::kEnglish);
      std::string findings;
      for (const FieldFindings& field : analysis.fields) {
        for (const Finding& f : field.findings) {
          findings += (findings.empty() ? "\n  " : ",\n  ") +
                      FindingJson(field.field, field.text, f, IsKept(record.stored, f.text));
        }
      }
      std::cout << "{\"id\": " << JsonString(case_id)
                << ", \"language\": " << JsonString(LanguageCode(analysis.language))
                << ", \"count\": " << analysis.finding_count()
                << ", \"summary\": " << JsonString(summary) << ", \"findings\": [" << findings
                << "],\n \"anonymised\": " << (record.stored.anonymised_at() ? "true" : "false")
                << ", \"stale\": " << (stale ? "true" : "false")
                << ", \"shareable\": " << (record.stored.shareable() && !stale ? "true" : "false")
                << "}\n";
      return Status::Ok();
    }
    const std::string short_id = case_id.substr(0, 8);
    std::cout << Tr("anonymise.check.heading",
                    {{"id", short_id},
                     {"title", SanitiseForDisplay(record.stored.reflection().title())},
                     {"language",
                      Tr(analysis.language == Language::kDutch ? "anonymise.language.nl"
                                                               : "anonymise.language.en")}})
              << "\n\n";
    const Marks marks = SpanMarks(*check_verbose);
    for (const FieldFindings& field : analysis.fields) {
      for (const Finding& f : field.findings) {
        PrintFindingInContext(field.field, field.text, f, IsKept(record.stored, f.text), marks);
      }
    }
    if (analysis.finding_count() > 0) std::cout << "\n";
    const std::string summary = SummariseFindings(analysis.fields);
    if (analysis.finding_count() > 0 && !summary.empty()) {
      std::cout << static_cast<char>(std::toupper(static_cast<unsigned char>(summary[0])))
                << summary.substr(1) << ".\n";
    } else {
      std::cout << Tr("anonymise.no_findings") << "\n";
    }
    if (withdrawn) std::cout << Tr("anonymise.check.withdrawn") << "\n";
    if (stale) std::cout << Tr("anonymise.check.stale") << "\n";
    if (record.stored.shareable() && !stale) {
      std::cout << Tr("anonymise.check.shareable") << "\n";
    } else {
      std::cout << Tr("anonymise.check.next", {{"id", short_id}}) << "\n";
    }
    return Status::Ok();
  });
}

// --------------------------------------------------------------------- kring case anonymise
void RegisterAnonymiseCase(CLI::App* cases, Context& ctx) {
  auto* anonymise = cases->add_subcommand("anonymise", Tr("anonymise.help.case"));
  anonymise->alias("anonymize");
  auto id = std::make_shared<std::string>();
  auto keep = NewNames();
  auto unkeep = NewNames();
  auto names = NewNames();
  auto allowed = NewNames();
  auto yes = std::make_shared<bool>(false);
  anonymise->add_option("ID", *id, Tr("case.help.id"))->required();
  anonymise->add_option("--keep", *keep, Tr("anonymise.help.keep"));
  anonymise->add_option("--unkeep", *unkeep, Tr("anonymise.help.unkeep"));
  anonymise->add_option("--name", *names, Tr("anonymise.help.name"));
  anonymise->add_option("--allow", *allowed, Tr("anonymise.help.allow"));
  anonymise->add_flag("--yes,-y", *yes, Tr("anonymise.help.yes"));
  anonymise->footer(Tr("anonymise.help.case_footer"));
  auto anonymise_verbose = std::make_shared<bool>(false);
  anonymise->add_flag("--verbose,-v", *anonymise_verbose, Tr("anonymise.help.verbose"));
  OnRun(anonymise, ctx,
        [&ctx, id, keep, unkeep, names, allowed, yes, anonymise_verbose]() -> Status {
          KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
          KRING_ASSIGN_OR_RETURN(std::string case_id, node->ResolveCaseId(*id));
          KRING_ASSIGN_OR_RETURN(CaseRecord record, node->LoadCase(case_id));
          KRING_ASSIGN_OR_RETURN(pb::NameLists lists, LoadNameLists(*node));
          KRING_ASSIGN_OR_RETURN(Anonymiser anonymiser, Anonymiser::Load());
          KRING_RETURN_IF_ERROR(AddCaseNames(record.stored, *names, *allowed).status());
          KRING_ASSIGN_OR_RETURN(
              GateResult gate,
              AnonymiseForSharing(record.stored, anonymiser, GateOptions(lists, record.stored),
                                  *keep, *unkeep, NowMillis()));
          const std::string short_id = case_id.substr(0, 8);
          std::cout << Tr("anonymise.case.heading",
                          {{"id", short_id},
                           {"title", SanitiseForDisplay(record.stored.reflection().title())}})
                    << "\n";
          for (const FieldDiff& diff : gate.diffs) {
            std::cout << "\n" << CaseFieldHeading(diff.field) << "\n";
            for (const LineChange& change : diff.lines) {
              std::cout << "  " << Tr("anonymise.case.line", {{"line", change.line}}) << "\n"
                        << "  - " << SanitiseForDisplay(change.before) << "\n"
                        << "  + " << SanitiseForDisplay(change.after) << "\n";
            }
          }
          const size_t total = gate.analysis.finding_count();
          const size_t replaced = total - gate.kept_count;
          std::cout << "\n"
                    << (gate.kept_count > 0
                            ? Tr("anonymise.case.replaced_kept",
                                 {{"replaced", replaced}, {"n", total}, {"kept", gate.kept_count}})
                            : Tr("anonymise.case.replaced", {{"replaced", replaced}, {"n", total}}))
                    << "\n";
          for (const pb::KeptFinding& k : gate.newly_kept) {
            std::cout << Tr("anonymise.case.kept", {{"field", CaseFieldHeading(k.field())},
                                                    {"text", SanitiseForDisplay(k.text())},
                                                    {"type", TypeName(k.type())}})
                      << "\n";
          }
          if (!gate.open.empty()) {
            std::cout << Tr("anonymise.case.still_found", {{"n", gate.open.size()}}) << "\n";
            const Marks marks = SpanMarks(*anonymise_verbose);
            for (const OpenFinding& o : gate.open) {
              PrintFindingInContext(o.field, o.text, o.finding, false, marks);
            }
          }
          KRING_RETURN_IF_ERROR(ConfirmUnlessYes(*yes, Tr("anonymise.case.confirm"),
                                                 Tr("anonymise.case.no_terminal"),
                                                 Tr("anonymise.case.declined")));
          record.stored = std::move(gate.stored);
          KRING_RETURN_IF_ERROR(node->SaveCase(record));
          if (record.stored.shareable()) {
            std::cout << Tr("anonymise.case.saved_shareable", {{"id", short_id}}) << "\n";
          } else {
            std::cout << Tr("anonymise.case.saved_not_shareable",
                            {{"id", short_id}, {"n", gate.open.size()}})
                      << "\n";
          }
          return Status::Ok();
        });
}

// ------------------------------------------------------------------------- kring case focus
void RegisterFocus(CLI::App* cases, Context& ctx) {
  auto* focus = cases->add_subcommand("focus", Tr("anonymise.help.focus"));
  auto id = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  auto anonymised = std::make_shared<bool>(false);
  focus->add_option("ID", *id, Tr("case.help.id"))->required();
  focus->add_flag("--json", *json, Tr("case.help.json"));
  focus->add_flag("--anonymised", *anonymised, Tr("anonymise.help.focus_anonymised"));
  OnRun(focus, ctx, [&ctx, id, json, anonymised]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    KRING_ASSIGN_OR_RETURN(std::string case_id, node->ResolveCaseId(*id));
    KRING_ASSIGN_OR_RETURN(CaseRecord record, node->LoadCase(case_id));
    pb::CaseReflection reflection = record.stored.reflection();
    if (*anonymised) {
      bool stale = false;
      KRING_ASSIGN_OR_RETURN(reflection, AnonymisedVersion(record.stored, &stale, case_id));
      if (stale) {
        std::cerr << Tr("anonymise.focus.stale") << "\n";
      }
    }
    FocusProfile profile = AnalyseCase(reflection, CaseLanguage(reflection));
    if (*json) {
      std::cout << RenderFocusJson(profile) << "\n";
    } else {
      FocusRenderOptions options;
      options.ansi = StdoutIsTerminal();
      std::cout << RenderFocusText(profile, options);
    }
    return Status::Ok();
  });
}

// ------------------------------------------------------------------------- kring anonymise
void RegisterAnonymiseFile(CLI::App& app, Context& ctx) {
  auto* anonymise = app.add_subcommand("anonymise", Tr("anonymise.help.file"));
  anonymise->alias("anonymize");
  auto path = std::make_shared<std::string>();
  auto lang = std::make_shared<std::string>();
  auto findings_only = std::make_shared<bool>(false);
  auto json = std::make_shared<bool>(false);
  auto with_lists = std::make_shared<bool>(false);
  anonymise->add_option("FILE", *path, Tr("anonymise.help.file_arg"))->required();
  anonymise->add_option("--lang", *lang, Tr("anonymise.help.lang"));
  anonymise->add_flag("--findings", *findings_only, Tr("anonymise.help.findings"));
  anonymise->add_flag("--json", *json, Tr("anonymise.help.file_json"));
  anonymise->add_flag("--with-node-lists", *with_lists, Tr("anonymise.help.with_lists"));
  anonymise->footer(Tr("anonymise.help.file_footer"));
  auto file_verbose = std::make_shared<bool>(false);
  anonymise->add_flag("--verbose,-v", *file_verbose, Tr("anonymise.help.file_verbose"));
  OnRun(anonymise, ctx,
        [&ctx, path, lang, findings_only, json, with_lists, file_verbose]() -> Status {
          AnonymiserOptions options;
          if (!lang->empty()) {
            std::optional<Language> parsed = ParseLanguageCode(*lang);
            if (!parsed) return Status::Usage(Tr("anonymise.file.bad_lang", {{"value", *lang}}));
            options.language = parsed;
          }
          KRING_ASSIGN_OR_RETURN(std::string text, ReadFileLimited(*path, kMaxAnonymiseFileBytes));
          const std::string where = *path == "-" ? Tr("anonymise.file.stdin") : *path;
          bool use_lists = *with_lists;
          if (!use_lists && std::getenv("KRING_PASSPHRASE") != nullptr) {
            Result<std::string> home = ctx.Home();
            use_lists = home.ok() && ::access(DatabasePath(*home).c_str(), F_OK) == 0;
          }
          if (use_lists) {
            KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
            KRING_ASSIGN_OR_RETURN(pb::NameLists lists, LoadNameLists(*node));
            options.always_remove.assign(lists.always_remove().begin(),
                                         lists.always_remove().end());
            options.allow.assign(lists.allow().begin(), lists.allow().end());
          }
          KRING_ASSIGN_OR_RETURN(Anonymiser anonymiser, Anonymiser::Load());
          Result<std::vector<Finding>> found = anonymiser.Find(text, options);
          if (!found.ok()) return found.status().WithContext(where);
          const Language language = options.language ? *options.language : DetectLanguage(text);
          PseudonymMap map;
          std::string redacted = Redact(text, *found, map, language);
          if (*json) {
            std::string list;
            for (const Finding& f : *found)
              list += (list.empty() ? "\n  " : ",\n  ") + FindingJson("", text, f, false);
            std::cout << "{\"language\": " << JsonString(LanguageCode(language))
                      << ", \"count\": " << found->size() << ", \"findings\": [" << list
                      << "],\n \"redacted\": " << JsonString(redacted) << "}\n";
          } else if (*findings_only) {
            const Marks marks = SpanMarks(*file_verbose);
            for (const Finding& f : *found) PrintFindingInContext("", text, f, false, marks);
            std::cout << (found->empty() ? Tr("anonymise.no_findings")
                                         : Tr("anonymise.file.findings", {{"n", found->size()}}))
                      << "\n";
          } else {
            std::cout << redacted;
          }
          WipeString(text);
          WipeString(redacted);
          return Status::Ok();
        });
}

}  // namespace

void RegisterAnonymiseCommands(CLI::App& app, Context& ctx) {
  RegisterNames(app, ctx);
  CLI::App* cases = app.get_subcommand("case");
  RegisterCheck(cases, ctx);
  RegisterAnonymiseCase(cases, ctx);
  RegisterFocus(cases, ctx);
  RegisterAnonymiseFile(app, ctx);
}

}  // namespace kring::cli
