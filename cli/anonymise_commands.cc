// The anonymiser gate on the command line: kring names add | remove | list,
// kring case check | anonymise | focus, and kring anonymise FILE.
#include <fcntl.h>
#include <unistd.h>

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
#include "core/focus/focus.h"
#include "core/focus/focus_report.h"
#include "core/store/name_list_store.h"

namespace kring::cli {
namespace {

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
         ", \"type_name\": " + JsonString(EntityTypeName(f.type)) +
         ", \"rule\": " + JsonString(f.rule) + ", \"why\": " + JsonString(ExplainRule(f.rule)) +
         ", \"confidence\": " + Confidence(f.confidence);
  if (!field.empty()) out += std::string(", \"kept\": ") + (kept ? "true" : "false");
  return out + "}";
}

// "situation, line 2:  Mijn coachee «Sanne» werkt …" and the reason underneath.
void PrintFindingInContext(std::string_view field, std::string_view text, const Finding& f,
                           bool kept, const Marks& marks) {
  FindingContext ctx = ContextOf(text, f);
  std::cout << (field.empty() ? "" : std::string(field) + ", ") << "line " << ctx.line << ":  "
            << ctx.before << marks.open << ctx.span << marks.close << ctx.after << "\n"
            << "    " << EntityTypeName(f.type) << " — " << ExplainRule(f.rule);
  if (marks.verbose) std::cout << " (" << f.rule << "), confidence " << Confidence(f.confidence);
  std::cout << (kept ? "  [kept by you]" : "") << "\n";
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

// After the lists grew: a shareable anonymised version that now shows an open finding (a name
// just added to a list) is shareable no more.
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

void ReportWithdrawn(const std::vector<std::string>& ids) {
  for (const std::string& id : ids) {
    std::cout << "Case " << id.substr(0, 8)
              << " is no longer shareable: its anonymised version contains a name on your lists. "
                 "Run `kring case anonymise "
              << id.substr(0, 8) << "` again.\n";
  }
}

// ------------------------------------------------------------------------------- kring names
void RegisterNames(CLI::App& app, Context& ctx) {
  auto* names = app.add_subcommand(
      "names", "Your own lists: names the anonymiser always removes, and words that must stay");
  names->require_subcommand(1);
  names->footer(
      "Always-remove names (your clients, employers, their places) are removed from every case,\n"
      "also where the anonymiser's word lists miss them. Allowed words (a method's name) stay.\n"
      "The lists are stored encrypted on this node and never shared.");

  auto* add =
      names->add_subcommand("add", "Add names to always remove (or, with --allow, to keep)");
  auto add_names = NewNames();
  auto allow = std::make_shared<bool>(false);
  add->add_option("NAME", *add_names, "Names or phrases, e.g. \"Jan Smit\" \"Acme BV\"")
      ->required();
  add->add_flag("--allow", *allow, "Add to the allow-list: words that must stay in the text");
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
    const std::string list_name = *allow ? "allowed words" : "always-remove names";
    if (!change.added.empty())
      std::cout << "Added to your " << list_name << ": " << Quoted(change.added) << "\n";
    if (!change.moved.empty()) {
      std::cout << "Moved to your " << list_name
                << " (from the other list): " << Quoted(change.moved) << "\n";
    }
    if (!change.already.empty()) {
      std::cout << "Already on your " << list_name << ": " << Quoted(change.already) << "\n";
    }
    ReportWithdrawn(withdrawn);
    return Status::Ok();
  });

  auto* remove = names->add_subcommand("remove", "Remove names from your lists");
  auto remove_names = NewNames();
  remove->add_option("NAME", *remove_names, "Names as listed by `kring names list`")->required();
  OnRun(remove, ctx, [&ctx, remove_names]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    KRING_ASSIGN_OR_RETURN(pb::NameLists lists, LoadNameLists(*node));
    KRING_RETURN_IF_ERROR(
        RemoveFromLists(*lists.mutable_always_remove(), *lists.mutable_allow(), *remove_names));
    KRING_RETURN_IF_ERROR(SaveNameLists(*node, lists));
    std::cout << "Removed from your lists: " << Quoted(*remove_names) << "\n";
    return Status::Ok();
  });

  auto* list = names->add_subcommand("list", "Show your lists");
  auto json = std::make_shared<bool>(false);
  list->add_flag("--json", *json, "Machine-readable output");
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
    std::cout << "Always remove (" << remove.size() << "):\n";
    for (const std::string& s : remove) std::cout << "  " << SanitiseForDisplay(s) << "\n";
    if (remove.empty()) std::cout << "  (none — add with `kring names add NAME`)\n";
    std::cout << "Allowed, never removed (" << allowed.size() << "):\n";
    for (const std::string& s : allowed) std::cout << "  " << SanitiseForDisplay(s) << "\n";
    if (allowed.empty()) std::cout << "  (none — add with `kring names add --allow WORD`)\n";
    return Status::Ok();
  });
}

// ------------------------------------------------------------------------- kring case check
void RegisterCheck(CLI::App* cases, Context& ctx) {
  auto* check = cases->add_subcommand(
      "check", "List what identifies people, organisations or places in a case, in context");
  auto id = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  auto names = NewNames();
  auto allowed = NewNames();
  check->add_option("ID", *id, "Case id (a unique prefix is enough)")->required();
  check->add_flag("--json", *json, "Machine-readable output");
  auto check_verbose = std::make_shared<bool>(false);
  check->add_flag("--verbose,-v", *check_verbose, "Also name each rule and its confidence");
  check->add_option("--name", *names, "A name to remove from this case only (kept with the case)");
  check->add_option("--allow", *allowed, "A word that must stay in this case (kept with the case)");
  check->footer(
      "Nothing is changed except the case's own --name/--allow lists. Next step:\n"
      "`kring case anonymise ID`.");
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
    const std::string summary = SummariseFindings(analysis.fields);
    if (*json) {
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
    std::cout << "Case " << short_id << " — "
              << SanitiseForDisplay(record.stored.reflection().title()) << " ("
              << (analysis.language == Language::kDutch ? "Dutch" : "English") << ")\n\n";
    const Marks marks = SpanMarks(*check_verbose);
    for (const FieldFindings& field : analysis.fields) {
      for (const Finding& f : field.findings) {
        PrintFindingInContext(field.field, field.text, f, IsKept(record.stored, f.text), marks);
      }
    }
    if (analysis.finding_count() > 0) std::cout << "\n";
    std::cout << (analysis.finding_count()
                      ? std::string(1, std::toupper(summary[0])) + summary.substr(1)
                      : "No findings")
              << ".\n";
    if (withdrawn) {
      std::cout << "The case is no longer shareable: its anonymised version contains a name you "
                   "just added.\n";
    }
    if (stale)
      std::cout
          << "The case changed after it was anonymised; its anonymised version is out of date.\n";
    if (record.stored.shareable() && !stale) {
      std::cout << "The case is anonymised and shareable.\n";
    } else {
      std::cout
          << "Next: `kring case anonymise " << short_id
          << "` (with --keep \"TEXT\" for a finding that may stay, --name for a name that was "
             "missed).\n";
    }
    return Status::Ok();
  });
}

// --------------------------------------------------------------------- kring case anonymise
void RegisterAnonymiseCase(CLI::App* cases, Context& ctx) {
  auto* anonymise = cases->add_subcommand(
      "anonymise", "Write the anonymised version of a case after showing what changes");
  anonymise->alias("anonymize");
  auto id = std::make_shared<std::string>();
  auto keep = NewNames();
  auto unkeep = NewNames();
  auto names = NewNames();
  auto allowed = NewNames();
  auto yes = std::make_shared<bool>(false);
  anonymise->add_option("ID", *id, "Case id (a unique prefix is enough)")->required();
  anonymise->add_option("--keep", *keep,
                        "Keep a finding with exactly this text (your choice is recorded)");
  anonymise->add_option("--unkeep", *unkeep, "Take back an earlier --keep");
  anonymise->add_option("--name", *names, "A name to remove from this case only");
  anonymise->add_option("--allow", *allowed, "A word that must stay in this case");
  anonymise->add_flag("--yes,-y", *yes, "Save without asking (for scripts)");
  anonymise->footer(
      "The same person keeps the same label ([PERSOON-1]) in every field and every run. The list\n"
      "of which label stands for whom stays encrypted on this node. Your own text is not changed.");
  auto anonymise_verbose = std::make_shared<bool>(false);
  anonymise->add_flag("--verbose,-v", *anonymise_verbose, "Also name each rule and its confidence");
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
          std::cout << "Anonymising case " << short_id << " — "
                    << SanitiseForDisplay(record.stored.reflection().title()) << "\n";
          for (const FieldDiff& diff : gate.diffs) {
            std::cout << "\n" << diff.field << "\n";
            for (const LineChange& change : diff.lines) {
              std::cout << "  line " << change.line << "\n"
                        << "  - " << SanitiseForDisplay(change.before) << "\n"
                        << "  + " << SanitiseForDisplay(change.after) << "\n";
            }
          }
          const size_t total = gate.analysis.finding_count();
          std::cout << "\n" << (total - gate.kept_count) << " of " << total << " findings replaced";
          if (gate.kept_count > 0) std::cout << ", " << gate.kept_count << " kept by you";
          std::cout << ".\n";
          for (const pb::KeptFinding& k : gate.newly_kept) {
            std::cout << "Kept in " << k.field() << ": \"" << SanitiseForDisplay(k.text()) << "\" ("
                      << k.type() << "), recorded\n";
          }
          if (!gate.open.empty()) {
            std::cout << "Still found in the anonymised version (" << gate.open.size() << "):\n";
            const Marks marks = SpanMarks(*anonymise_verbose);
            for (const OpenFinding& o : gate.open) {
              PrintFindingInContext(o.field, o.text, o.finding, false, marks);
            }
          }
          KRING_RETURN_IF_ERROR(
              ConfirmUnlessYes(*yes, "Save this anonymised version?",
                               "not saved: there is no terminal to confirm on; check the changes "
                               "above and pass --yes to save them",
                               "not saved"));
          record.stored = std::move(gate.stored);
          KRING_RETURN_IF_ERROR(node->SaveCase(record));
          if (record.stored.shareable()) {
            std::cout << "Saved the anonymised version of case " << short_id
                      << "; it is shareable. See it with `kring case show " << short_id
                      << " --anonymised`.\n";
          } else {
            std::cout << "Saved the anonymised version of case " << short_id
                      << ", but it is not shareable yet: " << gate.open.size()
                      << " finding(s) remain. Add the text with --name, or keep it with --keep.\n";
          }
          return Status::Ok();
        });
}

// ------------------------------------------------------------------------- kring case focus
void RegisterFocus(CLI::App* cases, Context& ctx) {
  auto* focus = cases->add_subcommand(
      "focus", "Show whether a case stays with the work and with learning, sentence by sentence");
  auto id = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  auto anonymised = std::make_shared<bool>(false);
  focus->add_option("ID", *id, "Case id (a unique prefix is enough)")->required();
  focus->add_flag("--json", *json, "Machine-readable output");
  focus->add_flag("--anonymised", *anonymised, "Analyse the anonymised version (as peers see it)");
  OnRun(focus, ctx, [&ctx, id, json, anonymised]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    KRING_ASSIGN_OR_RETURN(std::string case_id, node->ResolveCaseId(*id));
    KRING_ASSIGN_OR_RETURN(CaseRecord record, node->LoadCase(case_id));
    pb::CaseReflection reflection = record.stored.reflection();
    if (*anonymised) {
      bool stale = false;
      KRING_ASSIGN_OR_RETURN(reflection, AnonymisedVersion(record.stored, &stale, case_id));
      if (stale) {
        std::cerr << "kring: note: the case changed after it was anonymised; this is the older "
                     "anonymised version\n";
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
  auto* anonymise =
      app.add_subcommand("anonymise", "Anonymise any text file (or stdin) and print it");
  anonymise->alias("anonymize");
  auto path = std::make_shared<std::string>();
  auto lang = std::make_shared<std::string>();
  auto findings_only = std::make_shared<bool>(false);
  auto json = std::make_shared<bool>(false);
  auto with_lists = std::make_shared<bool>(false);
  anonymise->add_option("FILE", *path, "A UTF-8 text file, or - for stdin")->required();
  anonymise->add_option("--lang", *lang, "nl or en (default: detected)");
  anonymise->add_flag("--findings", *findings_only, "List the findings instead of the text");
  anonymise->add_flag("--json", *json, "Machine-readable output (findings and text)");
  anonymise->add_flag("--with-node-lists", *with_lists,
                      "Use your node's name lists (also used when KRING_PASSPHRASE is set)");
  anonymise->footer(
      "Needs no node. Labels are consistent within the file, but not stored anywhere.");
  auto file_verbose = std::make_shared<bool>(false);
  anonymise->add_flag("--verbose,-v", *file_verbose,
                      "With --findings: also each rule and its confidence");
  OnRun(anonymise, ctx,
        [&ctx, path, lang, findings_only, json, with_lists, file_verbose]() -> Status {
          AnonymiserOptions options;
          if (!lang->empty()) {
            std::optional<Language> parsed = ParseLanguageCode(*lang);
            if (!parsed) return Status::Usage("--lang must be nl or en, not '" + *lang + "'");
            options.language = parsed;
          }
          KRING_ASSIGN_OR_RETURN(std::string text, ReadFileLimited(*path, kMaxAnonymiseFileBytes));
          const std::string where = *path == "-" ? "stdin" : *path;
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
            std::cout << (found->empty() ? std::string("No findings")
                                         : std::to_string(found->size()) + " finding" +
                                               (found->size() == 1 ? "" : "s"))
                      << ".\n";
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
