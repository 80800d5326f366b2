// kring peer add|list|remove|discover, kring sync, kring relay add|list,
// kring group register-relay (and kring serve, in serve_command.cc).
#include <unistd.h>

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
#include "core/groups/relay_registration.h"
#include "core/sync/discovery.h"
#include "net/discovery.h"

namespace kring::cli {
namespace {

// Runs one coroutine to completion on a fresh io_context (one thread).
template <typename T>
T RunAsync(asio::awaitable<T> task, T if_lost) {
  asio::io_context io;
  std::optional<T> result;
  asio::co_spawn(
      io, [&]() -> asio::awaitable<void> { result.emplace(co_await std::move(task)); },
      asio::detached);
  io.run();
  return result ? std::move(*result) : std::move(if_lost);
}

const char kLostTask[] = "the network task ended unexpectedly";

void LogToStderr(const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); }
using LogFunction = std::function<void(const std::string&)>;

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

std::string GroupLabel(GroupBook& book, const std::string& group_id) {
  auto group = book.Load(group_id);
  return group.ok() ? group->Name() : "group " + ShortId(group_id);
}

void RegisterPeerCommands(CLI::App& app, Context& ctx) {
  auto* peer = app.add_subcommand("peer", "The colleagues' nodes (and relays) you sync with");
  peer->require_subcommand(1);

  auto* add = peer->add_subcommand("add", "Add a peer: kring peer add [GROUP] HOST:PORT");
  add->footer(
      "Example (the address and fingerprint your colleague's `kring serve` shows):\n"
      "  kring peer add 192.168.1.20:7420 --key ABCD-EFGH-IJKL-MNOP-QRST");
  auto add_args = std::make_shared<std::vector<std::string>>();
  auto add_key = std::make_shared<std::string>();
  add->add_option("ARGS", *add_args,
                  "[GROUP] HOST:PORT — the group binds the peer to it "
                  "(needed for a relay)")
      ->required()
      ->expected(1, 2)
      ->option_text("[GROUP] HOST:PORT");
  add->add_option("--key", *add_key, "The peer's fingerprint, to check it is really them");
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
    std::cout << (existed ? "Updated peer " : "Added peer ") << address
              << (group_id.empty() ? "" : " for " + GroupLabel(book, group_id))
              << (key.empty() ? "" : ", whose key must be " + FormatStoredKey(key)) << ".\n"
              << "Sync with it now with `kring sync`, or keep `kring serve` running.\n";
    return Status::Ok();
  });

  auto* list = peer->add_subcommand("list", "The peers you added");
  auto list_json = std::make_shared<bool>(false);
  list->add_flag("--json", *list_json, "Machine-readable output");
  OnRun(list, ctx, [&ctx, list_json]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    GroupBook book(*node);
    KRING_ASSIGN_OR_RETURN(auto rows, node->store().ListPeers());
    if (*list_json) std::cout << "[";
    bool first = true;
    for (const PeerRow& row : rows) {
      std::string group = "all shared groups";
      std::string group_hex;
      if (!row.label.empty()) {
        auto id = FromHex(row.label);
        if (id.ok()) {
          group = GroupLabel(book, *id);
          group_hex = row.label;
        }
      }
      std::string key = row.signing_key.empty() ? "" : FormatStoredKey(row.signing_key);
      // Whose node it is: the pinned key's member, else the key it showed when last reached.
      std::string whose =
          MemberName(book, row.signing_key.empty() ? row.last_key : row.signing_key);
      std::string last = row.last_ok_at == 0 ? "never synced"
                                             : "last synced " + FormatLocalDateTime(row.last_ok_at);
      if (*list_json) {
        std::cout << (first ? "" : ",\n ") << "{\"id\": " << row.id
                  << ", \"address\": " << JsonString(row.address)
                  << ", \"group\": " << JsonString(group_hex) << ", \"key\": " << JsonString(key)
                  << ", \"member\": " << JsonString(whose)
                  << ", \"last_sync_at\": " << row.last_sync_at
                  << ", \"last_synced_ok_at\": " << row.last_ok_at
                  << ", \"last_error\": " << JsonString(row.last_error) << "}";
      } else {
        std::printf("%3lld  %-24s  %-28s  %-24s  key %-24s  %s%s\n", static_cast<long long>(row.id),
                    row.address.c_str(), whose.empty() ? "(not yet known)" : whose.c_str(),
                    group.c_str(), key.empty() ? "(any member)" : key.c_str(), last.c_str(),
                    row.last_error.empty() ? "" : ("  (last try: " + row.last_error + ")").c_str());
      }
      first = false;
    }
    if (*list_json) std::cout << "]\n";
    if (!*list_json && rows.empty()) {
      std::cout << "No peers yet. Add one with `kring peer add HOST:PORT`, or find colleagues on "
                   "this network with `kring peer discover`.\n";
    }
    return Status::Ok();
  });

  auto* remove = peer->add_subcommand("remove", "Forget a peer (see `kring peer list` for ids)");
  auto remove_id = std::make_shared<int64_t>(0);
  remove->add_option("ID", *remove_id, "The peer's number in `kring peer list`")->required();
  OnRun(remove, ctx, [&ctx, remove_id]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    KRING_ASSIGN_OR_RETURN(auto rows, node->store().ListPeers());
    bool found = false;
    for (const PeerRow& row : rows) found = found || row.id == *remove_id;
    if (!found) {
      return Status::User("there is no peer " + std::to_string(*remove_id) +
                          " (see `kring peer list`)");
    }
    KRING_RETURN_IF_ERROR(node->store().RemovePeer(*remove_id));
    std::cout << "Removed peer " << *remove_id << ".\n";
    return Status::Ok();
  });

  auto* discover = peer->add_subcommand(
      "discover", "Listen on this network for colleagues running `kring serve --announce`");
  auto seconds = std::make_shared<int>(10);
  auto discover_add = std::make_shared<bool>(false);
  discover->add_option("--seconds", *seconds, "How long to listen (default 10)")
      ->check(CLI::Range(1, 600));
  discover->add_flag("--add", *discover_add, "Add what is found as peers");
  OnRun(discover, ctx, [&ctx, seconds, discover_add]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    GroupBook book(*node);
    std::vector<DiscoveryGroup> groups = DiscoveryGroups(book);
    if (groups.empty()) {
      return Status::User(
          "you are in no group whose key you hold yet, so there is nothing to "
          "look for");
    }
    auto found = RunAsync(
        net::ListenForPeers(net::DiscoveryConfig{}, groups, std::chrono::seconds(*seconds)),
        Result<std::vector<net::DiscoveredPeer>>(Status::Network(kLostTask)));
    KRING_RETURN_IF_ERROR(found.status());
    KRING_ASSIGN_OR_RETURN(auto known, node->store().ListPeers());
    for (const net::DiscoveredPeer& peer : *found) {
      const std::string address = peer.address + ":" + std::to_string(peer.port);
      std::string names;
      for (const std::string& id : peer.group_ids) {
        names += (names.empty() ? "" : ", ") + GroupLabel(book, id);
      }
      std::cout << address << "  " << names << "\n";
      if (!*discover_add) continue;
      bool have = false;
      for (const PeerRow& row : known) have = have || row.address == address;
      if (!have) KRING_RETURN_IF_ERROR(AddPeerRow(*node, "", address, "").status());
    }
    if (found->empty()) {
      std::cout << "No colleague announced a shared group in " << *seconds << " seconds.\n";
    } else if (*discover_add) {
      std::cout << "Added as peers; `kring sync` syncs with them.\n";
    }
    return Status::Ok();
  });
}

void RegisterSyncCommand(CLI::App& app, Context& ctx) {
  auto* sync = app.add_subcommand("sync", "Sync your groups once with your peers (or one peer)");
  sync->footer(
      "Examples:\n"
      "  kring sync                      all your peers\n"
      "  kring sync 192.168.1.20:7420    one peer, by address (or its number in `kring peer "
      "list`)");
  auto which = std::make_shared<std::string>();
  sync->add_option("PEER", *which, "A peer's number in `kring peer list`, or its HOST:PORT");
  auto negentropy = std::make_shared<bool>(false);
  sync->add_flag("--negentropy", *negentropy,
                 "Compare entries with Negentropy V1 only (to check against other implementations;"
                 " the default exchanges fewer bytes)");
  auto verbose = std::make_shared<bool>(false);
  sync->add_flag("--verbose,-v", *verbose,
                 "Also show each step of the sync (how entries were compared, what was refused)");
  OnRun(sync, ctx, [&ctx, which, negentropy, verbose]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    KRING_ASSIGN_OR_RETURN(auto peers, LoadKnownPeers(*node));
    if (!which->empty()) {
      std::erase_if(peers, [&](const KnownPeer& p) {
        bool by_id = std::find_if(p.row_ids.begin(), p.row_ids.end(), [&](int64_t id) {
                       return std::to_string(id) == *which;
                     }) != p.row_ids.end();
        return !by_id && p.address != *which;
      });
      if (peers.empty()) {
        return Status::User("there is no peer '" + *which + "' (see `kring peer list`)");
      }
    }
    if (peers.empty()) {
      return Status::User("you have no peers yet: add one with `kring peer add HOST:PORT`");
    }
    const bool progress = ::isatty(STDERR_FILENO) != 0;
    size_t failed = 0;
    std::string last_error;
    bool integrity_failure = false;
    GroupBook book(*node);
    for (const KnownPeer& peer : peers) {
      PeerSyncOutcome outcome =
          RunAsync(SyncWithPeer(*node, peer, /*serve_relayed=*/false,
                                *verbose ? LogFunction(LogToStderr) : LogFunction(), progress,
                                /*use_riblt=*/!*negentropy),
                   PeerSyncOutcome{Status::Network(kLostTask), {}});
      if (!outcome.status.ok()) {
        ++failed;
        last_error = outcome.status.message();
        integrity_failure = integrity_failure || outcome.status.code() == Code::kIntegrity;
        std::cerr << "Could not sync with " << peer.address << ": " << outcome.status.message()
                  << "\n";
        continue;
      }
      const std::string whose = MemberName(book, outcome.report.peer_key);
      std::cout << "Synced with " << (whose.empty() ? "" : whose + " at ") << peer.address << " ("
                << Fingerprint(outcome.report.peer_key) << ")\n";
      if (outcome.report.groups.empty()) std::cout << "  no group in common\n";
      for (const std::string& line : DescribeReport(outcome.report)) {
        std::cout << "  " << line << "\n";
      }
    }
    if (failed > 0 && integrity_failure) {
      return Status::Integrity(std::to_string(failed) + " of " + std::to_string(peers.size()) +
                               " peers could not be synced, and one presented a key other than "
                               "the one you added it with (see above)");
    }
    if (failed > 0) {
      return Status::Network(std::to_string(failed) + " of " + std::to_string(peers.size()) +
                             " peers could not be synced (last: " + last_error + ")");
    }
    return Status::Ok();
  });
}

void RegisterRelayCommands(CLI::App& app, Context& ctx) {
  auto* relay = app.add_subcommand("relay", "Run this node as a blind relay for groups");
  relay->require_subcommand(1);
  auto* add = relay->add_subcommand("add", "Serve a group, from an admin's registration file");
  auto file = std::make_shared<std::string>();
  add->add_option("FILE", *file, "The file from `kring group register-relay`")->required();
  OnRun(add, ctx, [&ctx, file]() -> Status {
    KRING_ASSIGN_OR_RETURN(std::string bytes, ReadFileLimited(*file, kMaxRelayRegistrationBytes));
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    KRING_ASSIGN_OR_RETURN(auto verified,
                           VerifyRelayRegistration(bytes, node->signing_public_key(),
                                                   static_cast<uint64_t>(NowMillis())));
    GroupBook book(*node);
    KRING_ASSIGN_OR_RETURN(auto existing, node->store().GetGroup(verified.group_id));
    if (existing) {
      KRING_ASSIGN_OR_RETURN(LoadedGroup group, book.Load(verified.group_id));
      if (!group.local.relay()) {
        return Status::User("this node is a member of group " + ShortId(verified.group_id) +
                            "; a member's node cannot also be its blind relay");
      }
    }
    KRING_ASSIGN_OR_RETURN(auto report,
                           book.Import(verified.group_id, verified.chain, ImportMode::kRelay));
    if (!report.rejected.empty()) {
      return Status::Integrity("the registration's chain has entries that do not validate: " +
                               report.rejected.front());
    }
    std::cout << "This node now relays group " << ShortId(verified.group_id)
              << " (registered by admin " << Fingerprint(verified.admin_key)
              << "). It holds no group key and cannot read anything of it.\n"
              << "Run `kring serve --relay` so members can reach it.\n";
    return Status::Ok();
  });

  auto* list = relay->add_subcommand("list", "The groups this node relays");
  OnRun(list, ctx, [&ctx]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    GroupBook book(*node);
    KRING_ASSIGN_OR_RETURN(auto ids, book.GroupIds());
    size_t count = 0;
    for (const std::string& id : ids) {
      KRING_ASSIGN_OR_RETURN(LoadedGroup group, book.Load(id));
      if (!group.local.relay()) continue;
      KRING_ASSIGN_OR_RETURN(int64_t entries, node->store().CountEntries(id));
      std::printf("%s  %2zu members  %lld entries\n", ShortId(id).c_str(),
                  group.state().members().size(), static_cast<long long>(entries));
      ++count;
    }
    if (count == 0) {
      std::cout << "This node relays no group. An admin registers it with `kring group "
                   "register-relay`; then run `kring relay add FILE`.\n";
    }
    return Status::Ok();
  });
}

void RegisterRegisterRelay(CLI::App& app, Context& ctx) {
  CLI::App* group = app.get_subcommand("group");
  auto* reg = group->add_subcommand(
      "register-relay", "Let a blind relay serve this group (admins): writes a file for it");
  auto group_name = std::make_shared<std::string>();
  auto identity = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  reg->add_option("GROUP", *group_name, "Group name or id")->required();
  reg->add_option("RELAY_IDENTITY", *identity,
                  "The relay's `kring whoami --export` line, or a file holding it")
      ->required();
  reg->add_option("--out", *out, "Where to write the registration file")->required();
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
    std::cout << "Wrote " << *out << ": a registration of relay "
              << Fingerprint(relay.signing_public_key()) << " for " << g.Name() << ".\n"
              << "Its operator runs `kring relay add " << ShellQuote(*out)
              << "`; members then add it with `kring peer add " << ShellQuote(g.Name())
              << " HOST:PORT`.\n"
              << "The relay stores and forwards encrypted entries; it never gets the group key. "
                 "It does see who the members are (their keys) and when they write.\n";
    return Status::Ok();
  });
}

}  // namespace

void RegisterSyncCommands(CLI::App& app, Context& ctx) {
  RegisterPeerCommands(app, ctx);
  RegisterSyncCommand(app, ctx);
  RegisterServeCommand(app, ctx);
  RegisterRelayCommands(app, ctx);
  RegisterRegisterRelay(app, ctx);
}

}  // namespace kring::cli
