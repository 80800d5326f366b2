// kring group create|list|show|add|remove|leave|feed|read, kring case share|retract,
// kring export, kring import.
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "cli/case_ids.h"
#include "cli/context.h"
#include "cli/sharing.h"
#include "cli/terminal.h"
#include "cli/text_gate_prompt.h"
#include "core/base/ascii.h"
#include "core/cases/case_gate.h"
#include "core/cases/case_template.h"
#include "core/crypto/identity.h"
#include "core/groups/bundle.h"
#include "core/groups/group_book.h"
#include "core/groups/group_keys.h"
#include "core/groups/group_view.h"
#include "core/groups/mailbox.h"
#include "core/i18n/format.h"
#include "core/i18n/messages.h"

namespace kring::cli {
namespace {

using i18n::Tr;

// What this node knows of the group's mailbox reach: the record of its last syncs through it.
const pb::GroupReach* ReachRecord(const pb::ReachBook& book, const std::string& group_id) {
  for (const pb::GroupReach& group : book.group()) {
    if (group.group_id() == group_id) return &group;
  }
  return nullptr;
}

uint64_t LastReached(const pb::GroupReach* record, const std::string& member_key) {
  if (record == nullptr) return 0;
  for (const pb::MemberReach& reach : record->reach()) {
    if (reach.member_key() == member_key) return reach.at_ms();
  }
  return 0;
}

// The group's mailbox in `kring group show`: where it is, who set it, and when each member
// last reached it (as the mailbox told at this node's last sync through it).
void PrintMailbox(Node& node, const LoadedGroup& g) {
  const GroupMailbox* mailbox = g.state().mailbox();
  if (g.local.relay()) return;
  if (mailbox == nullptr) {
    std::cout << "\n  " << Tr("group.show.no_mailbox") << "\n";
    return;
  }
  const Language language = i18n::CurrentLanguage();
  std::cout << "\n  " << MailboxText(g) << "\n";
  auto book = LoadReachBook(node);
  const pb::GroupReach* record = book.ok() ? ReachRecord(*book, g.ledger.group_id()) : nullptr;
  std::cout << "  " << Tr("group.show.mailbox_reach") << "\n";
  for (const auto& [key, member] : g.state().members()) {
    const uint64_t at = LastReached(record, key);
    std::cout << "    " << PadToWidth(g.Alias(key), 20) << "  "
              << (at == 0 ? Tr("group.show.mailbox_not_yet")
                          : i18n::FormatDateTime(language, static_cast<int64_t>(at)))
              << "\n";
  }
  if (record != nullptr && record->last_try_ms() != 0 && !record->last_error().empty()) {
    std::cout << "  "
              << Tr("group.show.mailbox_failed",
                    {{"date",
                      i18n::FormatDateTime(language, static_cast<int64_t>(record->last_try_ms()))},
                     {"error", record->last_error()}})
              << "\n";
  }
}

std::string MailboxJson(Node& node, const LoadedGroup& g) {
  const GroupMailbox* mailbox = g.state().mailbox();
  if (mailbox == nullptr) return "null";
  std::string out =
      "{\"fingerprint\": " + JsonString(Fingerprint(mailbox->key)) + ", \"addresses\": [";
  bool first = true;
  for (const std::string& address : RevealMailboxAddresses(g.state(), g.keys)) {
    out += (first ? "" : ", ") + JsonString(address);
    first = false;
  }
  out += "], \"set_at\": " + std::to_string(mailbox->set_ms) + ", \"reached\": [";
  auto book = LoadReachBook(node);
  const pb::GroupReach* record = book.ok() ? ReachRecord(*book, g.ledger.group_id()) : nullptr;
  first = true;
  for (const auto& [key, member] : g.state().members()) {
    out += std::string(first ? "" : ", ") + "{\"fingerprint\": " + JsonString(Fingerprint(key)) +
           ", \"last_reached_at\": " + std::to_string(LastReached(record, key)) + "}";
    first = false;
  }
  out += "], \"last_error\": " + JsonString(record != nullptr ? record->last_error() : "") + "}";
  return out;
}

constexpr size_t kMaxBundleFileBytes = 512u << 20;

Result<pb::Role> ParseRole(const std::string& role) {
  if (role == "coach") return pb::ROLE_COACH;            // i18n-ok: option value
  if (role == "supervisor") return pb::ROLE_SUPERVISOR;  // i18n-ok: option value
  if (role == "admin") return pb::ROLE_ADMIN;            // i18n-ok: option value
  return Status::Usage(Tr("group.role.unknown", {{"role", role}}));
}

// An identity given on the command line: the pasted text itself, a file holding it, or - (stdin).
Result<pb::PublicIdentity> ReadIdentityArgument(const std::string& arg) {
  std::string text = arg;
  if (arg == "-" || (arg.rfind(kIdentityPrefix, 0) != 0 && std::filesystem::exists(arg))) {
    KRING_ASSIGN_OR_RETURN(text, ReadFileLimited(arg, 16 << 10));
  }
  return DecodePublicIdentity(text);
}

// This node's role in a group: the stable English word for JSON, and the reader's label.
struct OwnRole {
  std::string key;
  std::string label;
};

OwnRole RoleOf(const LoadedGroup& group, const std::string& key) {
  if (group.local.relay()) return {"relay", Tr("group.role.relay")};  // i18n-ok: JSON value
  const GroupMember* member = group.state().FindMember(key);
  if (member == nullptr) return {"former member", Tr("group.role.former")};  // i18n-ok: JSON
  return {RoleName(member->role), RoleLabel(member->role)};
}

// After any change: rotate a key that is due, and say so.
Status MaintainAndReport(GroupBook& book, LoadedGroup& group) {
  KRING_ASSIGN_OR_RETURN(bool rotated, book.Maintain(group));
  if (rotated) {
    std::cout << Tr("group.key_rotated", {{"group", group.Name()}}) << "\n";
  }
  return Status::Ok();
}

// "3 new entries, 1 already here, 1 refused": what an import did, counted.
std::string SummariseImport(const ImportReport& report) {
  std::string out = Tr("bundle_cli.count.new", {{"n", report.stored}}) + ", " +
                    Tr("bundle_cli.count.already_here", {{"n", report.already_had}});
  if (!report.rejected.empty()) {
    out += ", " + Tr("bundle_cli.count.refused", {{"n", report.rejected.size()}});
  }
  if (report.bodies_removed > 0) {
    out += ", " + Tr("bundle_cli.count.texts_deleted", {{"n", report.bodies_removed}});
  }
  return out;
}

}  // namespace

std::string MailboxText(const LoadedGroup& g) {
  const GroupMailbox* mailbox = g.state().mailbox();
  if (mailbox == nullptr) return "";
  const Language language = i18n::CurrentLanguage();
  const std::vector<std::string> addresses = RevealMailboxAddresses(g.state(), g.keys);
  return Tr("group.show.mailbox",
            {{"fingerprint", Fingerprint(mailbox->key)},
             {"address", addresses.empty() ? "?" : i18n::FormatList(language, addresses)},
             {"admin", g.Alias(mailbox->set_by)},
             {"date", i18n::FormatDate(language, static_cast<int64_t>(mailbox->set_ms))}});
}

Result<GroupFile> ExportGroupFile(Node& node, const std::string& group_id, bool maintain) {
  GroupBook book(node);
  KRING_ASSIGN_OR_RETURN(LoadedGroup g, book.Load(group_id));
  GroupFile file;
  if (maintain) {
    KRING_ASSIGN_OR_RETURN(bool rotated, book.Maintain(g));
    if (rotated) file.lines.push_back(Tr("group.key_rotated", {{"group", g.Name()}}));
  }
  KRING_ASSIGN_OR_RETURN(auto entries, book.ExportEntries(group_id));
  file.bytes = WriteBundle(group_id, entries);
  file.entries = entries.size();
  file.group_name = g.Name();
  return file;
}

Result<std::vector<std::string>> ImportGroupFile(Node& node, std::string_view bytes) {
  KRING_ASSIGN_OR_RETURN(pb::Bundle bundle, ReadBundle(bytes));
  GroupBook book(node);
  std::vector<pb::Entry> entries(bundle.entries().begin(), bundle.entries().end());
  KRING_ASSIGN_OR_RETURN(ImportReport report,
                         book.Import(bundle.group_id(), entries, ImportMode::kMayJoin));
  KRING_ASSIGN_OR_RETURN(LoadedGroup g, book.Load(bundle.group_id()));
  std::vector<std::string> lines;
  if (report.joined) lines.push_back(Tr("bundle_cli.joined", {{"group", g.Name()}}));
  lines.push_back(
      Tr("bundle_cli.imported", {{"summary", SummariseImport(report)}, {"group", g.Name()}}));
  for (const auto& why : report.rejected) {
    lines.push_back("  " + Tr("bundle_cli.refused", {{"why", why}}));
  }
  if (!report.waiting.empty()) {
    lines.push_back("  " + Tr("bundle_cli.waiting", {{"n", report.waiting.size()}}));
  }
  // The import is stored: a failed key renewal is said, not made the import's failure.
  Result<bool> rotated = book.Maintain(g);
  if (!rotated.ok()) {
    lines.push_back(rotated.status().message());
  } else if (*rotated) {
    lines.push_back(Tr("group.key_rotated", {{"group", g.Name()}}));
  }
  return lines;
}

std::string RoleLabel(pb::Role role) {
  switch (role) {
    case pb::ROLE_ADMIN:
      return Tr("group.role.admin");
    case pb::ROLE_COACH:
      return Tr("group.role.coach");
    case pb::ROLE_SUPERVISOR:
      return Tr("group.role.supervisor");
    default:
      return Tr("group.role.none");
  }
}

Result<MemberChange> AddMemberToGroup(Node& node, const std::string& group_id,
                                      const pb::PublicIdentity& identity, pb::Role role) {
  GroupBook book(node);
  KRING_ASSIGN_OR_RETURN(LoadedGroup g, book.Load(group_id));
  KRING_ASSIGN_OR_RETURN(auto entries,
                         AddMember(g.ledger, g.keys, book.Me(), node.signing_secret_key(), identity,
                                   role, static_cast<uint64_t>(NowMillis())));
  KRING_RETURN_IF_ERROR(book.Append(g, entries));
  return MemberChange{g.Name(), identity.alias(), Fingerprint(identity.signing_public_key())};
}

Result<MemberChange> RemoveMemberFromGroup(Node& node, const std::string& group_id,
                                           const std::string& member) {
  GroupBook book(node);
  KRING_ASSIGN_OR_RETURN(LoadedGroup g, book.Load(group_id));
  KRING_ASSIGN_OR_RETURN(std::string key, ResolveMember(g, member));
  MemberChange removed{g.Name(), g.Alias(key), Fingerprint(key)};
  KRING_ASSIGN_OR_RETURN(auto entries,
                         RemoveMember(g.ledger, g.keys, book.Me(), node.signing_secret_key(), key,
                                      static_cast<uint64_t>(NowMillis())));
  KRING_RETURN_IF_ERROR(book.Append(g, entries));
  return removed;
}

void RegisterGroupCommands(CLI::App& app, Context& ctx) {
  auto* group = app.add_subcommand("group", Tr("group.help"));
  group->require_subcommand(1);

  // ------------------------------------------------------------------ create
  auto* create = group->add_subcommand("create", Tr("group.create.help"));
  auto name = std::make_shared<std::string>();
  create->add_option("NAME", *name, Tr("group.create.help.name"))->required();
  OnRun(create, ctx, [&ctx, name]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    GroupBook book(*node);
    KRING_ASSIGN_OR_RETURN(std::string id, book.Create(*name));
    std::cout << Tr("group.created",
                    {{"name", *name}, {"id", ShortId(id)}, {"quoted", ShellQuote(*name)}})
              << "\n";
    return Status::Ok();
  });

  // ------------------------------------------------------------------ list
  auto* list = group->add_subcommand("list", Tr("group.list.help"));
  auto list_json = std::make_shared<bool>(false);
  list->add_flag("--json", *list_json, Tr("group.help.json"));
  OnRun(list, ctx, [&ctx, list_json]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    GroupBook book(*node);
    KRING_ASSIGN_OR_RETURN(auto ids, book.GroupIds());
    if (*list_json) std::cout << "[";
    bool first = true;
    for (const auto& id : ids) {
      KRING_ASSIGN_OR_RETURN(LoadedGroup g, book.Load(id));
      KRING_ASSIGN_OR_RETURN(int64_t entries, node->store().CountEntries(id));
      const OwnRole role = RoleOf(g, node->signing_public_key());
      if (*list_json) {
        std::cout << (first ? "" : ",\n ") << "{\"id\": " << JsonString(ToHex(id))
                  << ", \"name\": " << JsonString(g.Name())
                  << ", \"role\": " << JsonString(role.key)
                  << ", \"members\": " << g.state().members().size()
                  << ", \"epoch\": " << g.state().epoch() << ", \"entries\": " << entries << "}";
      } else {
        std::cout << PadToWidth(ShortId(id), 8) << "  " << PadToWidth(g.Name(), 28) << "  "
                  << PadToWidth(role.label, 14) << "  "
                  << PadToWidth(Tr("count.members", {{"n", g.state().members().size()}}), 10)
                  << "  " << Tr("sync.count.entries", {{"n", entries}}) << "\n";
      }
      first = false;
    }
    if (*list_json) std::cout << "]\n";
    if (!*list_json && ids.empty()) {
      std::cout << Tr("group.list.none") << "\n";
    }
    return Status::Ok();
  });

  // ------------------------------------------------------------------ show
  auto* show = group->add_subcommand("show", Tr("group.show.help"));
  auto show_group = std::make_shared<std::string>();
  auto show_json = std::make_shared<bool>(false);
  show->add_option("GROUP", *show_group, Tr("group.help.group"))->required();
  show->add_flag("--json", *show_json, Tr("group.help.json"));
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
      std::cout << "], \"mailbox\": " << MailboxJson(*node, g) << "}\n";
      return Status::Ok();
    }
    std::cout << Tr("group.show.title", {{"name", g.Name()}, {"id", ToHex(id).substr(0, 16)}})
              << "\n\n";
    std::cout << "  " << PadToWidth(Tr("group.show.heading.member"), 20) << "  "
              << PadToWidth(Tr("group.show.heading.fingerprint"), 24) << "  "
              << Tr("group.show.heading.role") << "\n";
    for (const auto& [key, member] : state.members()) {
      std::cout << "  " << PadToWidth(g.Alias(key), 20) << "  " << PadToWidth(Fingerprint(key), 24)
                << "  " << RoleLabel(member.role)
                << (key == node->signing_public_key() ? "  " + Tr("group.show.you") : "") << "\n";
    }
    if (!state.former_members().empty()) {
      std::string names;
      for (const auto& [key, member] : state.former_members()) {
        names += (names.empty() ? "" : ", ") + g.Alias(key);
      }
      std::cout << "\n  " << Tr("group.show.former", {{"names", names}}) << "\n";
    }
    PrintMailbox(*node, g);
    if (g.local.relay()) std::cout << "\n  " << Tr("group.show.relay") << "\n";
    if (!g.local.relay() && g.keys.empty()) {
      std::cout << "\n  " << Tr("group.show.no_key") << "\n";
    }
    for (const auto& overruled : g.ledger.OverruledEntries()) {
      std::cout << "\n  " << Tr("group.show.overruled", {{"id", ShortId(overruled)}}) << "\n";
    }
    return Status::Ok();
  });

  // ------------------------------------------------------------------ add
  auto* add = group->add_subcommand("add", Tr("group.add.help"));
  add->footer(Tr("group.add.footer"));
  auto add_group = std::make_shared<std::string>();
  auto add_identity = std::make_shared<std::string>();
  auto add_role = std::make_shared<std::string>("coach");
  add->add_option("GROUP", *add_group, Tr("group.help.group"))->required();
  add->add_option("IDENTITY", *add_identity, Tr("group.add.help.identity"))->required();
  add->add_option("--role", *add_role, Tr("group.add.help.role"));
  OnRun(add, ctx, [&ctx, add_group, add_identity, add_role]() -> Status {
    KRING_ASSIGN_OR_RETURN(pb::Role role, ParseRole(*add_role));
    KRING_ASSIGN_OR_RETURN(pb::PublicIdentity identity, ReadIdentityArgument(*add_identity));
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    KRING_ASSIGN_OR_RETURN(std::string id, GroupBook(*node).Resolve(*add_group));
    KRING_ASSIGN_OR_RETURN(MemberChange added, AddMemberToGroup(*node, id, identity, role));
    std::cout << Tr("group.added", {{"alias", added.alias},
                                    {"group", added.group_name},
                                    {"role", RoleLabel(role)},
                                    {"fingerprint", added.fingerprint}})
              << "\n";
    return Status::Ok();
  });

  // ------------------------------------------------------------------ remove
  auto* remove = group->add_subcommand("remove", Tr("group.remove.help"));
  auto rm_group = std::make_shared<std::string>();
  auto rm_member = std::make_shared<std::string>();
  remove->add_option("GROUP", *rm_group, Tr("group.help.group"))->required();
  remove->add_option("MEMBER", *rm_member, Tr("group.remove.help.member"))->required();
  OnRun(remove, ctx, [&ctx, rm_group, rm_member]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    KRING_ASSIGN_OR_RETURN(std::string id, GroupBook(*node).Resolve(*rm_group));
    KRING_ASSIGN_OR_RETURN(MemberChange removed, RemoveMemberFromGroup(*node, id, *rm_member));
    std::cout << Tr("group.removed", {{"alias", removed.alias}, {"group", removed.group_name}})
              << "\n";
    return Status::Ok();
  });

  // ------------------------------------------------------------------ leave
  auto* leave = group->add_subcommand("leave", Tr("group.leave.help"));
  auto leave_group = std::make_shared<std::string>();
  leave->add_option("GROUP", *leave_group, Tr("group.help.group"))->required();
  OnRun(leave, ctx, [&ctx, leave_group]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    GroupBook book(*node);
    KRING_ASSIGN_OR_RETURN(std::string id, book.Resolve(*leave_group));
    KRING_ASSIGN_OR_RETURN(LoadedGroup g, book.Load(id));
    KRING_ASSIGN_OR_RETURN(pb::Entry entry,
                           LeaveGroup(g.ledger, book.Me(), node->signing_secret_key(),
                                      static_cast<uint64_t>(NowMillis())));
    KRING_RETURN_IF_ERROR(book.Append(g, {entry}));
    std::cout << Tr("group.left", {{"group", g.Name()}}) << "\n";
    return Status::Ok();
  });

  // ------------------------------------------------------------------ feed
  auto* feed = group->add_subcommand("feed", Tr("group.feed.help"));
  auto feed_group = std::make_shared<std::string>();
  feed->add_option("GROUP", *feed_group, Tr("group.help.group"))->required();
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
    // The times first, so that their column is as wide as the longest.
    std::vector<std::string> times;
    size_t width = 0;
    for (const FeedItem& item : view.feed) {
      times.push_back(
          i18n::FormatDateTime(i18n::CurrentLanguage(), static_cast<int64_t>(item.created_at)));
      width = std::max(width, TextWidth(times.back()));
    }
    for (size_t i = 0; i < view.feed.size(); ++i) {
      const FeedItem& item = view.feed[i];
      std::string own;
      auto local = local_ids.find(item.id);
      if (item.kind == pb::ENTRY_KIND_CASE && local != local_ids.end()) {
        own = "  " + Tr("group.feed.own_case", {{"id", local->second.substr(0, 8)}});
      }
      std::cout << "  " << PadToWidth(times[i], width) << "  " << ShortId(item.id) << "  "
                << g.Alias(item.author) << " " << item.text << own << "\n";
    }
    return Status::Ok();
  });

  // ------------------------------------------------------------------ read
  auto* read = group->add_subcommand("read", Tr("group.read.help"));
  auto read_group = std::make_shared<std::string>();
  auto read_case = std::make_shared<std::string>();
  auto read_json = std::make_shared<bool>(false);
  read->add_option("GROUP", *read_group, Tr("group.help.group"))->required();
  read->add_option("CASE", *read_case, Tr("group.read.help.case"))->required();
  read->add_flag("--json", *read_json, Tr("group.help.json"));
  OnRun(read, ctx, [&ctx, read_group, read_case, read_json]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    GroupBook book(*node);
    KRING_ASSIGN_OR_RETURN(std::string id, book.Resolve(*read_group));
    KRING_ASSIGN_OR_RETURN(LoadedGroup g, book.Load(id));
    KRING_ASSIGN_OR_RETURN(auto entries, book.ListEntries(id));
    GroupView view = BuildGroupView(g, entries);
    KRING_ASSIGN_OR_RETURN(const SharedCaseView* c, FindCaseInGroup(*node, g, view, *read_case));
    if (c->retracted) return Status::User(Tr("group.read.withdrawn", {{"id", ShortId(c->id)}}));
    if (!c->readable) return Status::User(Tr("group.read.no_key", {{"id", ShortId(c->id)}}));
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
    const Language language = i18n::CurrentLanguage();
    const std::string shared_at =
        i18n::FormatDateTime(language, static_cast<int64_t>(c->shared_at));
    const std::string shared =
        c->revised_at
            ? Tr("group.read.shared_revised",
                 {{"author", g.Alias(c->author)},
                  {"group", g.Name()},
                  {"date", shared_at},
                  {"revised", i18n::FormatDateTime(language, static_cast<int64_t>(c->revised_at))}})
            : Tr("group.read.shared",
                 {{"author", g.Alias(c->author)}, {"group", g.Name()}, {"date", shared_at}});
    std::cout << Tr("group.read.title", {{"id", ShortId(c->id)}, {"title", c->reflection.title()}})
              << "\n  " << shared << "\n";
    for (const CaseSection& section : CaseSections()) {
      if (section.key == "title" || section.key == "language") continue;
      std::string value = GetCaseField(c->reflection, section.key);
      if (!value.empty()) {
        std::cout << "\n## " << CaseSectionHeading(section.key, language) << "\n" << value << "\n";
      }
    }
    PrintSharedCaseReviews(*node, id, c->id);
    return Status::Ok();
  });

  // ------------------------------------------------------------------ case share / retract
  CLI::App* cases = app.get_subcommand("case");
  auto* share = cases->add_subcommand("share", Tr("group.share.help"));
  auto share_case = std::make_shared<std::string>();
  auto share_group = std::make_shared<std::string>();
  auto share_note = std::make_shared<std::string>();
  share->add_option("CASE", *share_case, Tr("group.help.case"))->required();
  share->add_option("--group,-g", *share_group, Tr("group.help.group"))->required();
  share->add_option("--note", *share_note, Tr("group.share.help.note"));
  auto share_gate = std::make_shared<TextGateFlags>();
  AddTextGateFlags(share, share_gate.get());
  OnRun(share, ctx, [&ctx, share_case, share_group, share_note, share_gate]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    KRING_ASSIGN_OR_RETURN(std::string case_id, ResolveOwnCaseId(*node, *share_case));
    GroupBook book(*node);
    KRING_ASSIGN_OR_RETURN(std::string group_id, book.Resolve(*share_group));
    KRING_ASSIGN_OR_RETURN(ShareOutcome shared,
                           ShareOwnCase(*node, case_id, group_id, *share_note, *share_gate));
    if (shared.key_rotated) {
      std::cout << Tr("group.key_rotated", {{"group", shared.group_name}}) << "\n";
    }
    const std::string short_id = case_id.substr(0, 8), entry_id = ShortId(shared.entry_id);
    std::cout << Tr(shared.revision ? "group.shared_revision" : "group.shared",
                    {{"id", short_id}, {"group", shared.group_name}, {"entry", entry_id}})
              << "\n";
    return Status::Ok();
  });

  auto* retract = cases->add_subcommand("retract", Tr("group.retract.help"));
  auto retract_case = std::make_shared<std::string>();
  auto retract_reason = std::make_shared<std::string>();
  retract->add_option("CASE", *retract_case, Tr("group.help.case"))->required();
  retract->add_option("--reason", *retract_reason, Tr("group.retract.help.reason"));
  auto retract_gate = std::make_shared<TextGateFlags>();
  AddTextGateFlags(retract, retract_gate.get());
  OnRun(retract, ctx, [&ctx, retract_case, retract_reason, retract_gate]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    KRING_ASSIGN_OR_RETURN(std::string case_id, ResolveOwnCaseId(*node, *retract_case));
    KRING_ASSIGN_OR_RETURN(std::vector<std::string> groups,
                           RetractOwnCase(*node, case_id, *retract_reason, *retract_gate));
    for (const std::string& group : groups) {
      std::cout << Tr("group.retracted", {{"id", case_id.substr(0, 8)}, {"group", group}}) << "\n";
    }
    std::cout << Tr("group.retracted.after") << "\n";
    return Status::Ok();
  });

  // ------------------------------------------------------------------ export / import
  auto* exp = app.add_subcommand("export", Tr("bundle_cli.export.help"));
  auto exp_group = std::make_shared<std::string>();
  auto exp_out = std::make_shared<std::string>();
  exp->add_option("--group", *exp_group, Tr("group.help.group"))->required();
  exp->add_option("--out", *exp_out, Tr("bundle_cli.export.help.out"))->required();
  OnRun(exp, ctx, [&ctx, exp_group, exp_out]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    GroupBook book(*node);
    KRING_ASSIGN_OR_RETURN(std::string id, book.Resolve(*exp_group));
    KRING_ASSIGN_OR_RETURN(GroupFile file, ExportGroupFile(*node, id));
    KRING_RETURN_IF_ERROR(WriteFileAtomic(*exp_out, file.bytes, 0600));
    for (const std::string& line : file.lines) std::cout << line << "\n";
    std::cout << Tr("bundle_cli.exported",
                    {{"entries", Tr("sync.count.entries", {{"n", file.entries}})},
                     {"group", file.group_name},
                     {"file", *exp_out}})
              << "\n";
    return Status::Ok();
  });

  auto* imp = app.add_subcommand("import", Tr("bundle_cli.import.help"));
  auto imp_file = std::make_shared<std::string>();
  imp->add_option("FILE", *imp_file, Tr("bundle_cli.import.help.file"))->required();
  OnRun(imp, ctx, [&ctx, imp_file]() -> Status {
    KRING_ASSIGN_OR_RETURN(std::string bytes, ReadFileLimited(*imp_file, kMaxBundleFileBytes));
    KRING_RETURN_IF_ERROR(ReadBundle(bytes).status());  // refused before the passphrase
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    KRING_ASSIGN_OR_RETURN(std::vector<std::string> lines, ImportGroupFile(*node, bytes));
    for (const std::string& line : lines) std::cout << line << "\n";
    return Status::Ok();
  });
}

}  // namespace kring::cli
