// What every command shares: the global options and the way to reach the node.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/anonymise/anonymiser.h"
#include "core/base/local_time.h"  // FormatLocalDateTime for every date shown to people
#include "core/base/status.h"
#include "core/groups/group_book.h"
#include "core/groups/group_view.h"
#include "core/groups/invitations.h"
#include "core/store/node.h"
#include "core/text/language.h"
#include "proto/gate.pb.h"

namespace kring::cli {

struct Context {
  std::string home_flag;
  bool quiet = false;
  // Set by the subcommand that was chosen; run after parsing.
  std::function<Status()> action;

  Result<std::string> Home() const { return ResolveHome(home_flag); }
  // Resolves the home, asks for the passphrase and unlocks the node.
  Result<std::unique_ptr<Node>> OpenNode() const;
};

// Binds `fn` as the action of `sub`.
inline void OnRun(CLI::App* sub, Context& ctx, std::function<Status()> fn) {
  sub->callback([&ctx, fn = std::move(fn)]() { ctx.action = fn; });
}

// The language the coach reads: KRING_LANG, else the node's setting (readable without
// unlocking), else the locale; nullopt when none of them says (the caller picks English, or
// asks). A KRING_LANG Kring does not speak is passed over and left in *bad_value for a warning.
std::optional<Language> ConfiguredLanguage(const std::string& home_flag, std::string* bad_value);

// A case's state as a stable key (JSON, message ids): draft, anonymised, shareable, shared,
// withdrawn; and in the coach's words.
std::string CaseStatus(const pb::StoredCase& stored);
std::string CaseStatusText(const pb::StoredCase& stored);
// A field of a case as the anonymiser names it ("context_organisation", "tags[0]"), in the
// coach's words: the heading of its part of the case ("Context: organisation, culture and
// policy", "Tag 1").
std::string CaseFieldHeading(std::string_view field);

// A role in the reader's words ("beheerder"); JSON keeps RoleName's stable English.
std::string RoleLabel(pb::Role role);

// Quotes and escapes a string for JSON output.
std::string JsonString(std::string_view s);

void RegisterNodeCommands(CLI::App& app, Context& ctx);
// The new alias on the node and, as a signed profile entry, in every group it is a member of;
// all in one transaction. The names of the groups told.
Result<std::vector<std::string>> ChangeAliasEverywhere(Node& node, const std::string& alias);
void RegisterCaseCommands(CLI::App& app, Context& ctx);
void RegisterGroupCommands(CLI::App& app, Context& ctx);      // after RegisterCaseCommands
void RegisterAnonymiseCommands(CLI::App& app, Context& ctx);  // after RegisterCaseCommands
// After the lists grew: a shareable anonymised version that now shows an open finding (a name
// just added to a list) is shareable no more. The ids of the cases withdrawn.
Result<std::vector<std::string>> WithdrawLeakingCases(Node& node, const Anonymiser& anonymiser,
                                                      const pb::NameLists& lists);
void RegisterReviewCommands(CLI::App& app, Context& ctx);
// The reviews a shared case received: for each group a local case is shared in / for one group.
void PrintReceivedReviews(Node& node, const CaseRecord& record);
void PrintSharedCaseReviews(Node& node, const std::string& group_id,
                            const std::string& case_entry_id);
// The reviews of a shared case as a JSON array, for `kring group read --json`.
std::string SharedCaseReviewsJson(const LoadedGroup& group, const SharedCaseView& c);
void RegisterSyncCommands(CLI::App& app, Context& ctx);  // after RegisterGroupCommands
// Makes and keeps an invitation to the group (admins only) for `invited`; the code names the
// addresses in `reach` (where this node answers) and the group's mailbox, if it has one.
Result<NewInvitation> InviteToGroup(Node& node, const std::string& group_id, pb::Role invited,
                                    const Result<std::vector<std::string>>& reach,
                                    uint64_t lifetime_seconds);
// Open codes of the group stop working now (a code that leaked, a colleague who will not
// join); they show as expired. How many were open.
Result<int> CancelOpenInvitations(Node& node, const std::string& group_id);

// What came of a join with an invitation code.
struct JoinOutcome {
  bool waiting = false;  // the inviter's node was off: the request waits in the mailbox
  std::string group_id;
  std::string group_name;  // empty while waiting
  std::string inviter_alias;
  std::string inviter_fingerprint;
  std::string my_fingerprint;
  Status first_sync;               // the first sync with the inviter's node, right after
  std::vector<std::string> moved;  // ... and what it brought, in words
};
// Joins with the code a colleague sent: checks it (expiry first), asks the inviter's node,
// pinned to the key in the code, or leaves the request at the group's mailbox; then syncs
// once with the inviter. Prints nothing unless `show_progress`.
Result<JoinOutcome> JoinWithCode(Node& node, const std::string& code_text, bool show_progress);

// An admin adds a member without an invitation (the identity a colleague exported) or removes
// one (which renews the group key). The names, to say what happened.
struct MemberChange {
  std::string group_name;
  std::string alias;
  std::string fingerprint;
};
Result<MemberChange> AddMemberToGroup(Node& node, const std::string& group_id,
                                      const pb::PublicIdentity& identity, pb::Role role);
Result<MemberChange> RemoveMemberFromGroup(Node& node, const std::string& group_id,
                                           const std::string& member);

// kring group invite|invitations, kring join (cli/invite_commands.cc); after the group commands.
void RegisterInviteCommands(CLI::App& app, Context& ctx);
// The group's mailbox in words (kring group show, the app's group page): where it is, who set
// it and when; "" when the group has none.
std::string MailboxText(const LoadedGroup& group);

// A group on a file (kring export / import; the app's group page), for colleagues who cannot
// reach each other: every entry that can be passed on, still sealed for the group. `lines`: a
// key renewed on the way, for the coach.
struct GroupFile {
  std::string bytes;
  size_t entries = 0;
  std::string group_name;
  std::vector<std::string> lines;
};
// `maintain`: first renew the group key when it is due (the CLI does; the app's GET does not).
Result<GroupFile> ExportGroupFile(Node& node, const std::string& group_id, bool maintain = true);
// Brings a group file in (joining the group when this node is in it but did not know it yet);
// what it did, in lines for the coach. kUsage for bytes that are not a group file.
Result<std::vector<std::string>> ImportGroupFile(Node& node, std::string_view bytes);

// The group's mailbox (kring group use-mailbox; the app's group page), admins only: with a
// mailbox code, registers the group with that mailbox, records it for the members and syncs
// with it once; with `stop`, records that the group stops using it. The lines say what
// happened, for the coach. Blocks while it reaches the mailbox (kNetwork when it cannot);
// `show_progress`: the sync's progress on stderr meanwhile (the CLI).
Result<std::vector<std::string>> ChangeGroupMailbox(Node& node, const std::string& group_id,
                                                    const std::string& code_text, bool stop,
                                                    bool show_progress = false);

// kring group use-mailbox (cli/mailbox_commands.cc); after the group commands.
void RegisterMailboxGroupCommands(CLI::App& app, Context& ctx);

}  // namespace kring::cli
