// kring group create|list|show|add|remove|leave|feed|read, kring case share|retract,
// kring export, kring import.
#include <google/protobuf/util/json_util.h>

#include <filesystem>
#include <iostream>

#include "cli/case_ids.h"
#include "cli/context.h"
#include "cli/terminal.h"
#include "cli/text_gate_prompt.h"
#include "core/base/ascii.h"
#include "core/cases/case_gate.h"
#include "core/cases/case_template.h"
#include "core/crypto/identity.h"
#include "core/groups/bundle.h"
#include "core/groups/group_book.h"
#include "core/groups/group_view.h"

namespace kring::cli {
namespace {

constexpr size_t kMaxBundleFileBytes = 512u << 20;

Result<pb::Role> ParseRole(const std::string& role) {
  if (role == "coach") return pb::ROLE_COACH;
  if (role == "supervisor") return pb::ROLE_SUPERVISOR;
  if (role == "admin") return pb::ROLE_ADMIN;
  return Status::Usage("unknown role '" + role + "': use coach, supervisor or admin");
}

// An identity given on the command line: the pasted text itself, a file holding it, or - (stdin).
Result<pb::PublicIdentity> ReadIdentityArgument(const std::string& arg) {
  std::string text = arg;
  if (arg == "-" || (arg.rfind(kIdentityPrefix, 0) != 0 && std::filesystem::exists(arg))) {
    KRING_ASSIGN_OR_RETURN(text, ReadFileLimited(arg, 16 << 10));
  }
  return DecodePublicIdentity(text);
}

std::string RoleOf(const LoadedGroup& group, const std::string& key) {
  const GroupMember* member = group.state().FindMember(key);
  return member != nullptr ? RoleName(member->role) : "former member";
}

// After any change: rotate a key that is due, and say so.
Status MaintainAndReport(GroupBook& book, LoadedGroup& group) {
  KRING_ASSIGN_OR_RETURN(bool rotated, book.Maintain(group));
  if (rotated) {
    std::cout << "A member left " << group.Name()
              << ": wrote a fresh group key for the remaining members.\n";
  }
  return Status::Ok();
}

std::string SummariseImport(const ImportReport& report) {
  std::string out = std::to_string(report.stored) + " new entr" +
                    (report.stored == 1 ? "y" : "ies") + ", " + std::to_string(report.already_had) +
                    " already here";
  if (!report.rejected.empty()) out += ", " + std::to_string(report.rejected.size()) + " refused";
  if (report.bodies_removed > 0) {
    out += ", " + std::to_string(report.bodies_removed) + " withdrawn case text(s) deleted";
  }
  return out;
}

}  // namespace

void RegisterGroupCommands(CLI::App& app, Context& ctx) {
  auto* group = app.add_subcommand("group", "Intervision groups: members, keys and what arrived");
  group->require_subcommand(1);

  // ------------------------------------------------------------------ create
  auto* create = group->add_subcommand("create", "Create a group; you become its admin");
  auto name = std::make_shared<std::string>();
  create->add_option("NAME", *name, "The group's name, e.g. \"Intervisie Utrecht\"")->required();
  OnRun(create, ctx, [&ctx, name]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    GroupBook book(*node);
    KRING_ASSIGN_OR_RETURN(std::string id, book.Create(*name));
    std::cout << "Created group '" << *name << "' (" << ShortId(id) << "); you are its admin.\n"
              << "Add colleagues with `kring group add " << ShellQuote(*name)
              << " IDENTITY --role coach` (they send you `kring whoami --export`).\n";
    return Status::Ok();
  });

  // ------------------------------------------------------------------ list
  auto* list = group->add_subcommand("list", "The groups you are in");
  auto list_json = std::make_shared<bool>(false);
  list->add_flag("--json", *list_json, "Machine-readable output");
  OnRun(list, ctx, [&ctx, list_json]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    GroupBook book(*node);
    KRING_ASSIGN_OR_RETURN(auto ids, book.GroupIds());
    if (*list_json) std::cout << "[";
    bool first = true;
    for (const auto& id : ids) {
      KRING_ASSIGN_OR_RETURN(LoadedGroup g, book.Load(id));
      KRING_ASSIGN_OR_RETURN(int64_t entries, node->store().CountEntries(id));
      const std::string role = g.local.relay() ? "relay" : RoleOf(g, node->signing_public_key());
      if (*list_json) {
        std::cout << (first ? "" : ",\n ") << "{\"id\": " << JsonString(ToHex(id))
                  << ", \"name\": " << JsonString(g.Name()) << ", \"role\": " << JsonString(role)
                  << ", \"members\": " << g.state().members().size()
                  << ", \"epoch\": " << g.state().epoch() << ", \"entries\": " << entries << "}";
      } else {
        std::printf("%-8s  %-28s  %-14s  %2zu members  %lld entries\n", ShortId(id).c_str(),
                    g.Name().c_str(), role.c_str(), g.state().members().size(),
                    static_cast<long long>(entries));
      }
      first = false;
    }
    if (*list_json) std::cout << "]\n";
    if (!*list_json && ids.empty()) {
      std::cout << "You are in no group yet. Create one with `kring group create NAME`, or ask "
                   "an admin to add you.\n";
    }
    return Status::Ok();
  });

  // ------------------------------------------------------------------ show
  auto* show = group->add_subcommand("show", "Members with fingerprints and roles");
  auto show_group = std::make_shared<std::string>();
  auto show_json = std::make_shared<bool>(false);
  show->add_option("GROUP", *show_group, "Group name or id")->required();
  show->add_flag("--json", *show_json, "Machine-readable output");
  OnRun(show, ctx, [&ctx, show_group, show_json]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    GroupBook book(*node);
    KRING_ASSIGN_OR_RETURN(std::string id, book.Resolve(*show_group));
    KRING_ASSIGN_OR_RETURN(LoadedGroup g, book.Load(id));
    KRING_RETURN_IF_ERROR(MaintainAndReport(book, g));
    const GroupState& state = g.state();
    if (*show_json) {
      std::cout << "{\"id\": " << JsonString(ToHex(id)) << ", \"name\": " << JsonString(g.Name())
                << ", \"epoch\": " << state.epoch() << ", \"members\": [";
      bool first = true;
      for (const auto& [key, member] : state.members()) {
        std::cout << (first ? "" : ", ") << "{\"alias\": " << JsonString(g.Alias(key))
                  << ", \"fingerprint\": " << JsonString(Fingerprint(key))
                  << ", \"role\": " << JsonString(RoleName(member.role))
                  << ", \"me\": " << (key == node->signing_public_key() ? "true" : "false") << "}";
        first = false;
      }
      std::cout << "]}\n";
      return Status::Ok();
    }
    std::cout << g.Name() << "  (id " << ToHex(id).substr(0, 16) << ")\n\n";
    std::printf("  %-20s  %-24s  %s\n", "MEMBER", "FINGERPRINT", "ROLE");
    for (const auto& [key, member] : state.members()) {
      std::printf("  %-20s  %-24s  %s%s\n", g.Alias(key).c_str(), Fingerprint(key).c_str(),
                  RoleName(member.role).c_str(),
                  key == node->signing_public_key() ? "  (you)" : "");
    }
    if (!state.former_members().empty()) {
      std::cout << "\n  Former members:";
      for (const auto& [key, member] : state.former_members()) std::cout << " " << g.Alias(key);
      std::cout << "\n";
    }
    if (g.local.relay()) std::cout << "\n  This node relays the group without any key.\n";
    if (!g.local.relay() && g.keys.empty()) {
      std::cout << "\n  You hold no key of this group (yet): sync with a member.\n";
    }
    for (const auto& overruled : g.ledger.OverruledEntries()) {
      std::cout << "\n  Note: membership change " << ShortId(overruled)
                << " crossed another admin's change and does not count; redo it.\n";
    }
    return Status::Ok();
  });

  // ------------------------------------------------------------------ add
  auto* add = group->add_subcommand("add", "Add a colleague (admins only)");
  add->footer(
      "Example (the colleague sends you the line from `kring whoami --export`):\n"
      "  kring group add \"Intervisie Utrecht\" kring-id1:... --role coach\n"
      "Compare the fingerprint Kring then shows with the colleague, aloud.");
  auto add_group = std::make_shared<std::string>();
  auto add_identity = std::make_shared<std::string>();
  auto add_role = std::make_shared<std::string>("coach");
  add->add_option("GROUP", *add_group, "Group name or id")->required();
  add->add_option("IDENTITY", *add_identity,
                  "Their `kring whoami --export` line, a file holding it, or - for stdin")
      ->required();
  add->add_option("--role", *add_role, "coach (default), supervisor or admin");
  OnRun(add, ctx, [&ctx, add_group, add_identity, add_role]() -> Status {
    KRING_ASSIGN_OR_RETURN(pb::Role role, ParseRole(*add_role));
    KRING_ASSIGN_OR_RETURN(pb::PublicIdentity identity, ReadIdentityArgument(*add_identity));
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    GroupBook book(*node);
    KRING_ASSIGN_OR_RETURN(std::string id, book.Resolve(*add_group));
    KRING_ASSIGN_OR_RETURN(LoadedGroup g, book.Load(id));
    KRING_ASSIGN_OR_RETURN(
        auto entries, AddMember(g.ledger, g.keys, book.Me(), node->signing_secret_key(), identity,
                                role, static_cast<uint64_t>(NowMillis())));
    KRING_RETURN_IF_ERROR(book.Append(g, entries));
    std::cout << "Added " << identity.alias() << " to " << g.Name() << " as " << RoleName(role)
              << ".\n"
              << "  fingerprint: " << Fingerprint(identity.signing_public_key()) << "\n"
              << "Compare this fingerprint aloud with " << identity.alias()
              << " (they see theirs with `kring whoami`).\n"
              << "They join when these entries reach them: `kring sync`, or send them `kring "
                 "export --group \""
              << g.Name() << "\" --out FILE`.\n";
    return Status::Ok();
  });

  // ------------------------------------------------------------------ remove
  auto* remove = group->add_subcommand("remove", "Remove a member and renew the key (admins)");
  auto rm_group = std::make_shared<std::string>();
  auto rm_member = std::make_shared<std::string>();
  remove->add_option("GROUP", *rm_group, "Group name or id")->required();
  remove->add_option("MEMBER", *rm_member, "Alias or fingerprint")->required();
  OnRun(remove, ctx, [&ctx, rm_group, rm_member]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    GroupBook book(*node);
    KRING_ASSIGN_OR_RETURN(std::string id, book.Resolve(*rm_group));
    KRING_ASSIGN_OR_RETURN(LoadedGroup g, book.Load(id));
    KRING_ASSIGN_OR_RETURN(std::string key, ResolveMember(g, *rm_member));
    std::string alias = g.Alias(key);
    KRING_ASSIGN_OR_RETURN(
        auto entries, RemoveMember(g.ledger, g.keys, book.Me(), node->signing_secret_key(), key,
                                   static_cast<uint64_t>(NowMillis())));
    KRING_RETURN_IF_ERROR(book.Append(g, entries));
    std::cout << "Removed " << alias << " from " << g.Name()
              << " and renewed the group key: they cannot read anything written from now on.\n"
              << "(What they already received stays with them.)\n";
    return Status::Ok();
  });

  // ------------------------------------------------------------------ leave
  auto* leave = group->add_subcommand("leave", "Leave a group");
  auto leave_group = std::make_shared<std::string>();
  leave->add_option("GROUP", *leave_group, "Group name or id")->required();
  OnRun(leave, ctx, [&ctx, leave_group]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    GroupBook book(*node);
    KRING_ASSIGN_OR_RETURN(std::string id, book.Resolve(*leave_group));
    KRING_ASSIGN_OR_RETURN(LoadedGroup g, book.Load(id));
    KRING_ASSIGN_OR_RETURN(pb::Entry entry,
                           LeaveGroup(g.ledger, book.Me(), node->signing_secret_key(),
                                      static_cast<uint64_t>(NowMillis())));
    KRING_RETURN_IF_ERROR(book.Append(g, {entry}));
    std::cout << "You left " << g.Name() << ". The next member to sync writes a fresh key.\n"
              << "Your own cases there stay withdrawable with `kring case retract`.\n";
    return Status::Ok();
  });

  // ------------------------------------------------------------------ feed
  auto* feed = group->add_subcommand("feed", "What arrived: cases, reviews, membership changes");
  auto feed_group = std::make_shared<std::string>();
  feed->add_option("GROUP", *feed_group, "Group name or id")->required();
  OnRun(feed, ctx, [&ctx, feed_group]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    GroupBook book(*node);
    KRING_ASSIGN_OR_RETURN(std::string id, book.Resolve(*feed_group));
    KRING_ASSIGN_OR_RETURN(LoadedGroup g, book.Load(id));
    KRING_RETURN_IF_ERROR(MaintainAndReport(book, g));
    KRING_ASSIGN_OR_RETURN(auto entries, book.ListEntries(id));
    GroupView view = BuildGroupView(g, entries);
    std::cout << g.Name() << "\n";
    KRING_ASSIGN_OR_RETURN(auto local_ids, LocalIdsByEntry(*node));
    for (const FeedItem& item : view.feed) {
      std::string own;
      auto local = local_ids.find(item.id);
      if (item.kind == pb::ENTRY_KIND_CASE && local != local_ids.end()) {
        own = "  (your case " + local->second.substr(0, 8) + ")";
      }
      std::cout << "  " << FormatLocalDateTime(static_cast<int64_t>(item.created_at)) << "  "
                << ShortId(item.id) << "  " << g.Alias(item.author) << " " << item.text << own
                << "\n";
    }
    return Status::Ok();
  });

  // ------------------------------------------------------------------ read
  auto* read = group->add_subcommand("read", "Read a case shared in a group");
  auto read_group = std::make_shared<std::string>();
  auto read_case = std::make_shared<std::string>();
  auto read_json = std::make_shared<bool>(false);
  read->add_option("GROUP", *read_group, "Group name or id")->required();
  read->add_option("CASE", *read_case,
                   "The shared case's id (from `kring group feed`), or your own case's id")
      ->required();
  read->add_flag("--json", *read_json, "Machine-readable output");
  OnRun(read, ctx, [&ctx, read_group, read_case, read_json]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    GroupBook book(*node);
    KRING_ASSIGN_OR_RETURN(std::string id, book.Resolve(*read_group));
    KRING_ASSIGN_OR_RETURN(LoadedGroup g, book.Load(id));
    KRING_ASSIGN_OR_RETURN(auto entries, book.ListEntries(id));
    GroupView view = BuildGroupView(g, entries);
    KRING_ASSIGN_OR_RETURN(const SharedCaseView* c, FindCaseInGroup(*node, g, view, *read_case));
    if (c->retracted)
      return Status::User("case " + ShortId(c->id) + " was withdrawn by its author");
    if (!c->readable) {
      return Status::User("you cannot read case " + ShortId(c->id) +
                          ": it was written with a group key you do not hold");
    }
    if (*read_json) {
      std::string json;
      google::protobuf::util::JsonPrintOptions options;
      options.preserve_proto_field_names = true;
      (void)google::protobuf::util::MessageToJsonString(c->reflection, &json, options);
      std::cout << "{\"id\": " << JsonString(ToHex(c->id))
                << ", \"author\": " << JsonString(g.Alias(c->author))
                << ", \"reflection\": " << json << ", \"reviews\": " << SharedCaseReviewsJson(g, *c)
                << "}\n";
      return Status::Ok();
    }
    std::cout << "Case " << ShortId(c->id) << " — " << c->reflection.title() << "\n"
              << "  shared by " << g.Alias(c->author) << " in " << g.Name() << " on "
              << FormatLocalDateTime(static_cast<int64_t>(c->shared_at))
              << (c->revised_at ? "  (revised " +
                                      FormatLocalDateTime(static_cast<int64_t>(c->revised_at)) + ")"
                                : "")
              << "\n";
    for (const CaseSection& section : CaseSections()) {
      if (section.key == "title" || section.key == "language") continue;
      std::string value = GetCaseField(c->reflection, section.key);
      if (!value.empty()) std::cout << "\n## " << section.english << "\n" << value << "\n";
    }
    PrintSharedCaseReviews(*node, id, c->id);
    return Status::Ok();
  });

  // ------------------------------------------------------------------ case share / retract
  CLI::App* cases = app.get_subcommand("case");
  auto* share = cases->add_subcommand(
      "share", "Share the anonymised version of a case with a group (again: a revision)");
  auto share_case = std::make_shared<std::string>();
  auto share_group = std::make_shared<std::string>();
  auto share_note = std::make_shared<std::string>();
  share->add_option("CASE", *share_case, "Case id (a unique prefix is enough)")->required();
  share->add_option("--group,-g", *share_group, "Group name or id")->required();
  share->add_option("--note", *share_note, "For a revision: what changed");
  auto share_gate = std::make_shared<TextGateFlags>();
  AddTextGateFlags(share, share_gate.get());
  OnRun(share, ctx, [&ctx, share_case, share_group, share_note, share_gate]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    KRING_ASSIGN_OR_RETURN(std::string case_id, ResolveOwnCaseId(*node, *share_case));
    KRING_ASSIGN_OR_RETURN(CaseRecord record, node->LoadCase(case_id));
    KRING_ASSIGN_OR_RETURN(pb::CaseReflection shareable,
                           ShareableVersion(record.stored, case_id.substr(0, 8)));
    GroupBook book(*node);
    KRING_ASSIGN_OR_RETURN(std::string group_id, book.Resolve(*share_group));
    KRING_ASSIGN_OR_RETURN(LoadedGroup g, book.Load(group_id));
    KRING_RETURN_IF_ERROR(MaintainAndReport(book, g));
    pb::SharedCopy* copy = nullptr;
    for (auto& shared : *record.stored.mutable_shared()) {
      if (shared.group_id() == group_id && !shared.retracted()) copy = &shared;
    }
    const uint64_t now = static_cast<uint64_t>(NowMillis());
    pb::Entry entry;
    if (copy != nullptr) {
      pb::CaseRevisionBody body;
      *body.mutable_reflection() = shareable;
      KRING_ASSIGN_OR_RETURN(
          std::vector<SharedText> note,
          GateTextsOfOwnCase(*node, record, {{"note", *share_note}}, *share_gate));
      body.set_note(note[0].text);
      KRING_ASSIGN_OR_RETURN(entry,
                             ReviseCase(g.ledger, g.keys, book.Me(), node->signing_secret_key(),
                                        copy->entry_id(), body, now));
      copy->set_revised_at(static_cast<int64_t>(now));
    } else {
      KRING_ASSIGN_OR_RETURN(entry, ShareCase(g.ledger, g.keys, book.Me(),
                                              node->signing_secret_key(), shareable, now));
      copy = record.stored.add_shared();
      copy->set_group_id(group_id);
      copy->set_entry_id(EntryId(entry));
      copy->set_shared_at(static_cast<int64_t>(now));
    }
    // The entry and the note that it was shared are stored together, or neither.
    KRING_ASSIGN_OR_RETURN(auto tx, node->store().Begin());
    KRING_RETURN_IF_ERROR(book.Append(g, {entry}));
    KRING_RETURN_IF_ERROR(node->SaveCase(record));
    KRING_RETURN_IF_ERROR(tx->Commit());
    std::cout << (copy->revised_at() ? "Shared a revision of case " : "Shared case ")
              << case_id.substr(0, 8) << " with " << g.Name() << " as entry "
              << ShortId(copy->entry_id()) << " (anonymised text only; names stay on your "
              << "machine).\nIt reaches the others with `kring sync` or `kring export`.\n";
    return Status::Ok();
  });

  auto* retract = cases->add_subcommand(
      "retract", "Withdraw a shared case from every group (e.g. the client withdrew consent)");
  auto retract_case = std::make_shared<std::string>();
  auto retract_reason = std::make_shared<std::string>();
  retract->add_option("CASE", *retract_case, "Case id (a unique prefix is enough)")->required();
  retract->add_option("--reason", *retract_reason, "Why, for the group (optional)");
  auto retract_gate = std::make_shared<TextGateFlags>();
  AddTextGateFlags(retract, retract_gate.get());
  OnRun(retract, ctx, [&ctx, retract_case, retract_reason, retract_gate]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    KRING_ASSIGN_OR_RETURN(std::string case_id, ResolveOwnCaseId(*node, *retract_case));
    KRING_ASSIGN_OR_RETURN(CaseRecord record, node->LoadCase(case_id));
    KRING_ASSIGN_OR_RETURN(
        std::vector<SharedText> reason,
        GateTextsOfOwnCase(*node, record, {{"reason", *retract_reason}}, *retract_gate));
    GroupBook book(*node);
    KRING_ASSIGN_OR_RETURN(auto tx, node->store().Begin());
    int withdrawn = 0;
    for (auto& copy : *record.stored.mutable_shared()) {
      if (copy.retracted()) continue;
      KRING_ASSIGN_OR_RETURN(LoadedGroup g, book.Load(copy.group_id()));
      KRING_ASSIGN_OR_RETURN(
          pb::Entry entry,
          RetractCase(g.ledger, g.keys, book.Me(), node->signing_secret_key(), copy.entry_id(),
                      reason[0].text, static_cast<uint64_t>(NowMillis())));
      KRING_RETURN_IF_ERROR(book.Append(g, {entry}));
      copy.set_retracted(true);
      std::cout << "Withdrew case " << case_id.substr(0, 8) << " from " << g.Name() << ".\n";
      ++withdrawn;
    }
    if (withdrawn == 0) {
      return Status::User("case " + case_id.substr(0, 8) + " is not shared with any group");
    }
    KRING_RETURN_IF_ERROR(node->SaveCase(record));
    KRING_RETURN_IF_ERROR(tx->Commit());
    std::cout << "Members' nodes delete its text when the withdrawal reaches them (sync or "
                 "bundle); your own copy stays on this machine.\n";
    return Status::Ok();
  });

  // ------------------------------------------------------------------ export / import
  auto* exp = app.add_subcommand("export", "Write a group's entries to a file (offline bundle)");
  auto exp_group = std::make_shared<std::string>();
  auto exp_out = std::make_shared<std::string>();
  exp->add_option("--group", *exp_group, "Group name or id")->required();
  exp->add_option("--out", *exp_out, "The bundle file to write")->required();
  OnRun(exp, ctx, [&ctx, exp_group, exp_out]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    GroupBook book(*node);
    KRING_ASSIGN_OR_RETURN(std::string id, book.Resolve(*exp_group));
    KRING_ASSIGN_OR_RETURN(LoadedGroup g, book.Load(id));
    KRING_RETURN_IF_ERROR(MaintainAndReport(book, g));
    KRING_ASSIGN_OR_RETURN(auto entries, book.ExportEntries(id));
    KRING_RETURN_IF_ERROR(WriteFileAtomic(*exp_out, WriteBundle(id, entries), 0600));
    std::cout << "Wrote " << entries.size() << " entries of " << g.Name() << " to " << *exp_out
              << ". The file holds only signed, encrypted entries; give it to a group member.\n";
    return Status::Ok();
  });

  auto* imp = app.add_subcommand("import", "Read a bundle file from a group member");
  auto imp_file = std::make_shared<std::string>();
  imp->add_option("FILE", *imp_file, "The bundle file (- for stdin)")->required();
  OnRun(imp, ctx, [&ctx, imp_file]() -> Status {
    KRING_ASSIGN_OR_RETURN(std::string bytes, ReadFileLimited(*imp_file, kMaxBundleFileBytes));
    KRING_ASSIGN_OR_RETURN(pb::Bundle bundle, ReadBundle(bytes));
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    GroupBook book(*node);
    std::vector<pb::Entry> entries(bundle.entries().begin(), bundle.entries().end());
    KRING_ASSIGN_OR_RETURN(ImportReport report,
                           book.Import(bundle.group_id(), entries, ImportMode::kMayJoin));
    KRING_ASSIGN_OR_RETURN(LoadedGroup g, book.Load(bundle.group_id()));
    if (report.joined) std::cout << "You joined " << g.Name() << ".\n";
    std::cout << "Imported " << SummariseImport(report) << " into " << g.Name() << ".\n";
    for (const auto& why : report.rejected) std::cout << "  refused " << why << "\n";
    if (!report.waiting.empty()) {
      std::cout << "  " << report.waiting.size()
                << " entries refer to cases that are not in this bundle and were not stored; "
                   "import a bundle that has those cases first.\n";
    }
    KRING_RETURN_IF_ERROR(MaintainAndReport(book, g));
    return Status::Ok();
  });
}

}  // namespace kring::cli
