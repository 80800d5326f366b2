// kring peer add|list|remove|discover, kring sync, kring relay add|list,
// kring group register-relay (and kring serve, in serve_command.cc).
#include <unistd.h>

#include <algorithm>
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli/context.h"
#include "cli/peer_sync.h"
#include "cli/terminal.h"
#include "core/base/ascii.h"
#include "core/crypto/identity.h"
#include "core/groups/group_book.h"
#include "core/groups/mailbox.h"
#include "core/groups/relay_registration.h"
#include "core/i18n/format.h"
#include "core/i18n/messages.h"
#include "core/sync/discovery.h"
#include "net/discovery.h"

namespace kring::cli {
namespace {

using i18n::Tr;

std::string LostTask() { return Tr("sync.lost_task"); }

void LogToStderr(const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); }
using LogFunction = std::function<void(const std::string&)>;

std::string GroupLabel(GroupBook& book, const std::string& group_id) {
  auto group = book.Load(group_id);
  return group.ok() ? group->Name() : Tr("peer.unknown_group", {{"id", ShortId(group_id)}});
}

// The join of this node that waits at `peer` (a mailbox, by its key), if any.
const pb::WaitingJoin* WaitingAt(const pb::WaitingJoins& waiting, const KnownPeer& peer) {
  for (const pb::WaitingJoin& join : waiting.join()) {
    for (const std::string& expected : peer.expected_keys) {
      if (PeerKeyMatches(expected, join.mailbox_key())) return &join;
    }
  }
  return nullptr;
}

// Joins whose group has arrived (this node is a member now) wait no longer.
Status ForgetArrivedJoins(Node& node, pb::WaitingJoins& waiting) {
  GroupBook book(node);
  const int before = waiting.join_size();
  auto* joins = waiting.mutable_join();
  for (int i = joins->size() - 1; i >= 0; --i) {
    auto group = book.Load(joins->Get(i).group_id());
    if (group.ok() && group->state().FindMember(node.signing_public_key()) != nullptr) {
      joins->DeleteSubrange(i, 1);
    }
  }
  return waiting.join_size() == before ? Status::Ok() : SaveWaitingJoins(node, waiting);
}

// "Intervisie Utrecht and Supervisie" for the groups a mailbox keeps for us.
std::string GroupLabels(GroupBook& book, const std::set<std::string>& group_ids) {
  std::vector<std::string> names;
  for (const std::string& id : group_ids) names.push_back(GroupLabel(book, id));
  return i18n::FormatList(i18n::CurrentLanguage(), names);
}

// The groups a peer takes part in: those bound to it, else those in which a key it may present
// is a member (a peer added without a key: unknown, none).
std::set<std::string> GroupsOfPeer(GroupBook& book, const KnownPeer& peer) {
  if (!peer.bound_groups.empty()) return peer.bound_groups;
  std::set<std::string> out;
  auto ids = book.GroupIds();
  if (!ids.ok()) return out;
  for (const std::string& id : *ids) {
    auto group = book.Load(id);
    if (!group.ok()) continue;
    for (const auto& [key, member] : group->state().members()) {
      for (const std::string& expected : peer.expected_keys) {
        if (PeerKeyMatches(expected, key)) out.insert(id);
      }
    }
  }
  return out;
}

void RegisterPeerCommands(CLI::App& app, Context& ctx) {
  auto* peer = app.add_subcommand("peer", Tr("peer.help"));
  peer->require_subcommand(1);

  auto* add = peer->add_subcommand("add", Tr("peer.add.help"));
  add->footer(Tr("peer.add.footer"));
  auto add_args = std::make_shared<std::vector<std::string>>();
  auto add_key = std::make_shared<std::string>();
  add->add_option("ARGS", *add_args, Tr("peer.add.help.args"))
      ->required()
      ->expected(1, 2)
      ->option_text("[GROUP] HOST:PORT");
  add->add_option("--key", *add_key, Tr("peer.add.help.key"));
  OnRun(add, ctx, [&ctx, add_args, add_key]() -> Status {
    const std::string address = add_args->back();
    KRING_RETURN_IF_ERROR(ParseHostPort(address).status());
    std::string key;
    if (!add_key->empty()) {
      KRING_ASSIGN_OR_RETURN(key, ParsePeerKey(*add_key));
    }
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    GroupBook book(*node);
    std::string group_id;
    if (add_args->size() == 2) {
      KRING_ASSIGN_OR_RETURN(group_id, book.Resolve(add_args->front()));
    }
    KRING_ASSIGN_OR_RETURN(bool existed, AddPeerRow(*node, group_id, address, key));
    const std::string which =
        group_id.empty()
            ? address
            : Tr("peer.for_group", {{"address", address}, {"group", GroupLabel(book, group_id)}});
    std::cout << PeerAddedText(which, key, existed) << "\n" << Tr("peer.added.next") << "\n";
    return Status::Ok();
  });

  auto* list = peer->add_subcommand("list", Tr("peer.list.help"));
  auto list_json = std::make_shared<bool>(false);
  list->add_flag("--json", *list_json, Tr("group.help.json"));
  OnRun(list, ctx, [&ctx, list_json]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    GroupBook book(*node);
    KRING_ASSIGN_OR_RETURN(auto rows, node->store().ListPeers());
    if (*list_json) std::cout << "[";
    bool first = true;
    for (const PeerRow& row : rows) {
      std::string group = Tr("peer.list.all_groups");
      std::string group_hex;
      if (!row.label.empty()) {
        auto id = FromHex(row.label);
        if (id.ok()) {
          group = GroupLabel(book, *id);
          group_hex = row.label;
        }
      }
      std::string key = row.signing_key.empty() ? "" : FormatStoredKey(row.signing_key);
      std::string whose = PeerOwner(book, row);
      std::string last = PeerLastSyncText(row);
      if (*list_json) {
        std::cout << (first ? "" : ",\n ") << "{\"id\": " << row.id
                  << ", \"address\": " << JsonString(row.address)
                  << ", \"group\": " << JsonString(group_hex) << ", \"key\": " << JsonString(key)
                  << ", \"member\": " << JsonString(whose)
                  << ", \"last_sync_at\": " << row.last_sync_at
                  << ", \"last_synced_ok_at\": " << row.last_ok_at
                  << ", \"last_error\": " << JsonString(row.last_error) << "}";
      } else {
        std::string number = std::to_string(row.id);
        if (number.size() < 3) number.insert(0, 3 - number.size(), ' ');
        std::cout << number << "  " << PadToWidth(row.address, 24) << "  "
                  << PadToWidth(whose.empty() ? Tr("peer.list.not_known") : whose, 28) << "  "
                  << PadToWidth(group, 24) << "  "
                  << PadToWidth(Tr("peer.list.key",
                                   {{"key", key.empty() ? Tr("peer.list.any_member") : key}}),
                                28)
                  << "  " << last
                  << (row.last_error.empty()
                          ? ""
                          : "  " + Tr("peer.list.last_error", {{"error", row.last_error}}))
                  << "\n";
      }
      first = false;
    }
    if (*list_json) std::cout << "]\n";
    if (!*list_json && rows.empty()) {
      std::cout << Tr("peer.list.none") << "\n";
    }
    return Status::Ok();
  });

  auto* remove = peer->add_subcommand("remove", Tr("peer.remove.help"));
  auto remove_id = std::make_shared<int64_t>(0);
  remove->add_option("ID", *remove_id, Tr("peer.remove.help.id"))->required();
  OnRun(remove, ctx, [&ctx, remove_id]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    KRING_ASSIGN_OR_RETURN(auto rows, node->store().ListPeers());
    bool found = false;
    for (const PeerRow& row : rows) found = found || row.id == *remove_id;
    if (!found) {
      return Status::User(Tr("peer.remove.unknown", {{"id", std::to_string(*remove_id)}}));
    }
    KRING_RETURN_IF_ERROR(node->store().RemovePeer(*remove_id));
    std::cout << Tr("peer.removed", {{"id", std::to_string(*remove_id)}}) << "\n";
    return Status::Ok();
  });

  auto* discover = peer->add_subcommand("discover", Tr("peer.discover.help"));
  auto seconds = std::make_shared<int>(10);
  auto discover_add = std::make_shared<bool>(false);
  discover->add_option("--seconds", *seconds, Tr("peer.discover.help.seconds"))
      ->check(CLI::Range(1, 600));
  discover->add_flag("--add", *discover_add, Tr("peer.discover.help.add"));
  OnRun(discover, ctx, [&ctx, seconds, discover_add]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    KRING_ASSIGN_OR_RETURN(std::vector<FoundPeer> found,
                           DiscoverPeers(*node, std::chrono::seconds(*seconds), *discover_add));
    for (const FoundPeer& peer : found) std::cout << peer.address << "  " << peer.groups << "\n";
    if (found.empty()) {
      std::cout << Tr("peer.discover.none", {{"n", *seconds}}) << "\n";
    } else if (*discover_add) {
      std::cout << Tr("peer.discover.added") << "\n";
    }
    return Status::Ok();
  });
}

void RegisterSyncCommand(CLI::App& app, Context& ctx) {
  auto* sync = app.add_subcommand("sync", Tr("sync.help"));
  sync->footer(Tr("sync.footer"));
  auto which = std::make_shared<std::string>();
  sync->add_option("PEER", *which, Tr("sync.help.peer"));
  auto negentropy = std::make_shared<bool>(false);
  sync->add_flag("--negentropy", *negentropy, Tr("sync.help.negentropy"));
  auto verbose = std::make_shared<bool>(false);
  sync->add_flag("--verbose,-v", *verbose, Tr("sync.help.verbose"));
  OnRun(sync, ctx, [&ctx, which, negentropy, verbose]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    KRING_ASSIGN_OR_RETURN(auto peers, LoadKnownPeers(*node));
    GroupBook book(*node);
    AddMailboxPeers(peers, book);
    if (!which->empty()) {
      std::erase_if(peers, [&](const KnownPeer& p) {
        bool by_id = std::find_if(p.row_ids.begin(), p.row_ids.end(), [&](int64_t id) {
                       return std::to_string(id) == *which;
                     }) != p.row_ids.end();
        return !by_id && p.address != *which;
      });
      if (peers.empty()) {
        return Status::User(Tr("sync.unknown_peer", {{"peer", *which}}));
      }
    }
    if (peers.empty()) {
      return Status::User(Tr("sync.no_peers"));
    }
    const bool progress = ::isatty(STDERR_FILENO) != 0;
    std::vector<PeerSyncOutcome> outcomes;
    std::set<std::string> synced;  // groups that synced with some peer or mailbox
    for (const KnownPeer& peer : peers) {
      outcomes.push_back(
          RunAsync(SyncWithPeer(*node, peer, /*serve_relayed=*/false,
                                *verbose ? LogFunction(LogToStderr) : LogFunction(), progress,
                                /*use_riblt=*/!*negentropy),
                   PeerSyncOutcome{Status::Network(LostTask()), {}, {}}));
      if (!outcomes.back().status.ok()) continue;
      for (const GroupSyncReport& group : outcomes.back().report.groups) {
        synced.insert(group.group_id);
      }
    }
    size_t failed = 0;
    std::string last_error;
    bool integrity_failure = false;
    KRING_ASSIGN_OR_RETURN(pb::WaitingJoins waiting, LoadWaitingJoins(*node));
    for (size_t i = 0; i < peers.size(); ++i) {
      const KnownPeer& peer = peers[i];
      const PeerSyncOutcome& outcome = outcomes[i];
      if (!outcome.status.ok()) {
        // A mailbox where this node's request to join still waits turns it away until the
        // inviter's node took the request in: that is waiting, not failing.
        if (const pb::WaitingJoin* join = WaitingAt(waiting, peer);
            join != nullptr && outcome.status.code() == Code::kNetwork) {
          std::cout << Tr("sync.join_waiting",
                          {{"address", peer.address},
                           {"group", Tr("groups.label.id", {{"id", ShortId(join->group_id())}})}})
                    << "\n";
          continue;
        }
        // A colleague's node that is off is no failure when its groups synced through their
        // mailbox all the same.
        const std::set<std::string> served = GroupsOfPeer(book, peer);
        const bool covered = !peer.mailbox && !outcome.connected &&
                             outcome.status.code() == Code::kNetwork && !served.empty() &&
                             std::all_of(served.begin(), served.end(), [&](const std::string& id) {
                               return synced.contains(id);
                             });
        if (covered) {
          std::string whose;
          for (const std::string& key : peer.expected_keys) {
            if (whose.empty()) whose = MemberName(book, key);
          }
          const std::string who =
              whose.empty() ? peer.address
                            : Tr("sync.member_at", {{"member", whose}, {"address", peer.address}});
          std::cout << Tr("sync.unreached_but_mailbox",
                          {{"address", who}, {"groups", GroupLabels(book, served)}})
                    << "\n";
          continue;
        }
        ++failed;
        last_error = outcome.status.message();
        integrity_failure = integrity_failure || outcome.status.code() == Code::kIntegrity;
        std::cerr << Tr("sync.failed_with",
                        {{"address", peer.address}, {"error", outcome.status.message()}})
                  << "\n";
        continue;
      }
      const std::string whose = MemberName(book, outcome.report.peer_key);
      const std::string fingerprint = Fingerprint(outcome.report.peer_key);
      std::cout << (peer.mailbox    ? Tr("sync.synced_mailbox",
                                         {{"groups", GroupLabels(book, peer.bound_groups)},
                                          {"address", peer.address},
                                          {"fingerprint", fingerprint}})
                    : whose.empty() ? Tr("sync.synced",
                                         {{"address", peer.address}, {"fingerprint", fingerprint}})
                                    : Tr("sync.synced_member", {{"member", whose},
                                                                {"address", peer.address},
                                                                {"fingerprint", fingerprint}}))
                << "\n";
      if (outcome.report.groups.empty()) std::cout << "  " << Tr("sync.no_common_group") << "\n";
      for (const JoinedNewcomer& j : outcome.joined) {
        std::cout << "  "
                  << Tr("sync.newcomer_joined", {{"alias", j.alias},
                                                 {"fingerprint", j.fingerprint},
                                                 {"group", j.group},
                                                 {"role", RoleLabel(j.role)}})
                  << "\n";
      }
      for (const std::string& line : DescribeReport(outcome.report)) {
        std::cout << "  " << line << "\n";
      }
    }
    KRING_RETURN_IF_ERROR(ForgetArrivedJoins(*node, waiting));
    if (failed > 0 && integrity_failure) {
      return Status::Integrity(
          Tr("sync.failed_integrity",
             {{"failed", failed}, {"peers", Tr("count.peers", {{"n", peers.size()}})}}));
    }
    if (failed > 0) {
      return Status::Network(Tr("sync.failed", {{"failed", failed},
                                                {"peers", Tr("count.peers", {{"n", peers.size()}})},
                                                {"error", last_error}}));
    }
    return Status::Ok();
  });
}

void RegisterRelayCommands(CLI::App& app, Context& ctx) {
  auto* relay = app.add_subcommand("relay", Tr("relay.help"));
  relay->require_subcommand(1);
  auto* add = relay->add_subcommand("add", Tr("relay.add.help"));
  auto file = std::make_shared<std::string>();
  add->add_option("FILE", *file, Tr("relay.add.help.file"))->required();
  OnRun(add, ctx, [&ctx, file]() -> Status {
    KRING_ASSIGN_OR_RETURN(std::string bytes, ReadFileLimited(*file, kMaxRelayRegistrationBytes));
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    KRING_ASSIGN_OR_RETURN(auto verified,
                           VerifyRelayRegistration(bytes, node->signing_public_key(),
                                                   static_cast<uint64_t>(NowMillis())));
    KRING_RETURN_IF_ERROR(KeepRelayedGroup(*node, verified));
    std::cout << Tr("relay.added", {{"id", ShortId(verified.group_id)},
                                    {"admin", Fingerprint(verified.admin_key)}})
              << "\n";
    return Status::Ok();
  });

  auto* list = relay->add_subcommand("list", Tr("relay.list.help"));
  OnRun(list, ctx, [&ctx]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    GroupBook book(*node);
    KRING_ASSIGN_OR_RETURN(auto ids, book.GroupIds());
    size_t count = 0;
    for (const std::string& id : ids) {
      KRING_ASSIGN_OR_RETURN(LoadedGroup group, book.Load(id));
      if (!group.local.relay()) continue;
      KRING_ASSIGN_OR_RETURN(int64_t entries, node->store().CountEntries(id));
      std::cout << ShortId(id) << "  "
                << PadToWidth(Tr("count.members", {{"n", group.state().members().size()}}), 10)
                << "  " << Tr("sync.count.entries", {{"n", entries}}) << "\n";
      ++count;
    }
    if (count == 0) {
      std::cout << Tr("relay.list.none") << "\n";
    }
    return Status::Ok();
  });
}

void RegisterRegisterRelay(CLI::App& app, Context& ctx) {
  CLI::App* group = app.get_subcommand("group");
  auto* reg = group->add_subcommand("register-relay", Tr("relay.register.help"));
  auto group_name = std::make_shared<std::string>();
  auto identity = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  reg->add_option("GROUP", *group_name, Tr("group.help.group"))->required();
  reg->add_option("RELAY_IDENTITY", *identity, Tr("relay.register.help.identity"))->required();
  reg->add_option("--out", *out, Tr("relay.register.help.out"))->required();
  OnRun(reg, ctx, [&ctx, group_name, identity, out]() -> Status {
    std::string text = *identity;
    if (text.rfind(kIdentityPrefix, 0) != 0 && std::filesystem::exists(text)) {
      KRING_ASSIGN_OR_RETURN(text, ReadFileLimited(text, 16 << 10));
    }
    KRING_ASSIGN_OR_RETURN(pb::PublicIdentity relay, DecodePublicIdentity(text));
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    GroupBook book(*node);
    KRING_ASSIGN_OR_RETURN(std::string id, book.Resolve(*group_name));
    KRING_ASSIGN_OR_RETURN(LoadedGroup g, book.Load(id));
    KRING_ASSIGN_OR_RETURN(
        std::string file,
        EncodeRelayRegistration(g.ledger, node->signing_public_key(), node->signing_secret_key(),
                                relay.signing_public_key(), static_cast<uint64_t>(NowMillis())));
    KRING_RETURN_IF_ERROR(WriteFileAtomic(*out, file));
    std::cout << Tr("relay.registered", {{"file", *out},
                                         {"relay", Fingerprint(relay.signing_public_key())},
                                         {"group", g.Name()},
                                         {"quoted_file", ShellQuote(*out)},
                                         {"quoted_group", ShellQuote(g.Name())}})
              << "\n";
    return Status::Ok();
  });
}

}  // namespace

std::string PeerAddedText(const std::string& which, const std::string& key, bool existed) {
  if (key.empty()) {
    return existed ? Tr("peer.updated", {{"peer", which}}) : Tr("peer.added", {{"peer", which}});
  }
  const std::string fingerprint = FormatStoredKey(key);
  return existed ? Tr("peer.updated_with_key", {{"peer", which}, {"key", fingerprint}})
                 : Tr("peer.added_with_key", {{"peer", which}, {"key", fingerprint}});
}

std::string PeerOwner(GroupBook& book, const PeerRow& row) {
  // The pinned key's member, else the key it showed when last reached; or a group's mailbox.
  return MemberOrMailboxName(book, row.signing_key.empty() ? row.last_key : row.signing_key);
}

std::string PeerLastSyncText(const PeerRow& row) {
  if (row.last_ok_at == 0) return Tr("peer.list.never_synced");
  return Tr("peer.list.last_synced",
            {{"date", i18n::FormatDateTime(i18n::CurrentLanguage(), row.last_ok_at)}});
}

Result<std::vector<FoundPeer>> DiscoverPeers(Node& node, std::chrono::seconds listen, bool add) {
  GroupBook book(node);
  std::vector<DiscoveryGroup> groups = DiscoveryGroups(book);
  if (groups.empty()) return Status::User(Tr("peer.discover.no_group"));
  auto found = RunAsync(net::ListenForPeers(net::DiscoveryConfig{}, groups, listen),
                        Result<std::vector<net::DiscoveredPeer>>(Status::Network(LostTask())));
  KRING_RETURN_IF_ERROR(found.status());
  KRING_ASSIGN_OR_RETURN(auto known, node.store().ListPeers());
  std::vector<FoundPeer> out;
  for (const net::DiscoveredPeer& peer : *found) {
    FoundPeer f;
    f.address = peer.address + ":" + std::to_string(peer.port);
    for (const std::string& id : peer.group_ids) {
      f.groups += (f.groups.empty() ? "" : ", ") + GroupLabel(book, id);
    }
    if (add) {
      const bool have = std::any_of(known.begin(), known.end(),
                                    [&](const PeerRow& row) { return row.address == f.address; });
      if (!have) {
        KRING_RETURN_IF_ERROR(AddPeerRow(node, "", f.address, "").status());
        f.added = true;
      }
    }
    out.push_back(std::move(f));
  }
  return out;
}

// Adds the peer, or updates it when this address (with this group) is there already: a new
// key replaces the pinned one on every row of the address. True when it was already there.
Result<bool> AddPeerRow(Node& node, const std::string& group_id, const std::string& address,
                        const std::string& key) {
  const std::string label = group_id.empty() ? "" : ToHex(group_id);
  KRING_ASSIGN_OR_RETURN(std::vector<PeerRow> rows, node.store().ListPeers());
  bool existed = false;
  for (const PeerRow& row : rows) {
    if (row.address != address) continue;
    if (!key.empty() && row.signing_key != key) {
      KRING_RETURN_IF_ERROR(node.store().UpdatePeerKey(row.id, key));
    }
    existed = existed || row.label == label;
  }
  if (existed) return true;
  PeerRow row;
  row.address = address;
  row.signing_key = key;
  row.label = label;
  row.added_at = NowMillis();
  KRING_RETURN_IF_ERROR(node.store().AddPeer(row).status());
  return false;
}

void RegisterSyncCommands(CLI::App& app, Context& ctx) {
  RegisterPeerCommands(app, ctx);
  RegisterSyncCommand(app, ctx);
  RegisterServeCommand(app, ctx);
  RegisterRelayCommands(app, ctx);
  RegisterMailboxCommands(app, ctx);
  RegisterRegisterRelay(app, ctx);
}

}  // namespace kring::cli
