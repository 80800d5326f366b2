#include "cli/peer_sync.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <iostream>
#include <map>

#include "core/groups/group_keys.h"
#include "core/groups/invitations.h"
#include "core/groups/mailbox.h"
#include "core/i18n/format.h"
#include "core/i18n/messages.h"
#include "net/interfaces.h"

namespace kring::cli {
namespace {

using i18n::Tr;

std::string CompactFingerprint(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '-' || c == ' ') continue;
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return out;
}

constexpr size_t kProgressThreshold = 1000;

// What a mailbox sync showed, for `kring group show`: this node's last try and success, and
// when each member last reached the mailbox (as the mailbox told).
void RecordMailboxOutcome(Node& node, const KnownPeer& peer, const PeerSyncOutcome& outcome,
                          const std::string& error) {
  auto book = LoadReachBook(node);
  if (!book.ok()) return;
  const uint64_t now = static_cast<uint64_t>(NowMillis());
  for (const std::string& id : peer.bound_groups) {
    pb::GroupReach& group = ReachOf(*book, id);
    group.set_last_try_ms(now);
    group.set_last_error(error);
    if (!outcome.status.ok()) continue;
    const auto report = std::find_if(outcome.report.groups.begin(), outcome.report.groups.end(),
                                     [&](const GroupSyncReport& g) { return g.group_id == id; });
    if (report == outcome.report.groups.end()) {
      // Reached, but it does not (or no longer) keep the group for us.
      group.set_last_error(Tr("sync.mailbox_lacks_group"));
      continue;
    }
    group.set_last_ok_ms(now);
    if (!report->mailbox_reach.empty()) {
      group.clear_reach();
      for (const pb::MemberReach& reach : report->mailbox_reach) *group.add_reach() = reach;
    }
  }
  (void)SaveReachBook(node, *book);
}

}  // namespace

Result<std::pair<std::string, uint16_t>> ParseHostPort(std::string_view text) {
  const auto usage = Status::Usage(Tr("peer.not_an_address", {{"text", text}}));
  const size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size()) return usage;
  std::string host(text.substr(0, colon));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  std::string_view port_text = text.substr(colon + 1);
  if (port_text.size() > 5) return usage;
  unsigned port = 0;
  for (char c : port_text) {
    if (c < '0' || c > '9') return usage;
    port = port * 10 + static_cast<unsigned>(c - '0');
  }
  if (port > 65535 || host.empty()) return usage;
  return std::make_pair(host, static_cast<uint16_t>(port));
}

Result<std::string> ParsePeerKey(std::string_view text) {
  if (text.size() == 64) {
    auto raw = FromHex(text);
    if (raw.ok()) return std::move(raw).value();
  }
  std::string compact = CompactFingerprint(text);
  const bool base32 =
      compact.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") == std::string::npos;
  if (compact.size() != 20 || !base32) {
    return Status::Usage(Tr("peer.not_a_fingerprint", {{"text", text}}));
  }
  return compact;
}

bool PeerKeyMatches(std::string_view stored, std::string_view key) {
  if (stored.size() == 32) return stored == key;
  return stored == CompactFingerprint(Fingerprint(key));
}

Result<std::vector<KnownPeer>> LoadKnownPeers(Node& node) {
  KRING_ASSIGN_OR_RETURN(auto rows, node.store().ListPeers());
  std::map<std::string, KnownPeer> by_address;
  for (const PeerRow& row : rows) {
    auto parsed = ParseHostPort(row.address);
    if (!parsed.ok()) continue;
    KnownPeer& peer = by_address[row.address];
    peer.address = row.address;
    peer.host = parsed->first;
    peer.port = parsed->second;
    peer.row_ids.push_back(row.id);
    if (!row.label.empty()) {
      auto group = FromHex(row.label);
      if (group.ok()) peer.bound_groups.insert(*group);
    }
    if (!row.signing_key.empty()) peer.expected_keys.insert(row.signing_key);
  }
  std::vector<KnownPeer> out;
  for (auto& [address, peer] : by_address) out.push_back(std::move(peer));
  return out;
}

std::vector<KnownPeer> MailboxPeers(GroupBook& book) {
  std::map<std::string, KnownPeer> by_key;
  auto ids = book.GroupIds();
  if (!ids.ok()) return {};
  for (const std::string& id : *ids) {
    auto group = book.Load(id);
    // Only for groups this node is a member of now: a mailbox turns away those who left.
    if (!group.ok() || group->local.relay() || group->state().mailbox() == nullptr ||
        group->state().FindMember(book.Me().signing_public_key) == nullptr) {
      continue;
    }
    std::vector<std::string> addresses = RevealMailboxAddresses(group->state(), group->keys);
    std::vector<std::pair<std::string, uint16_t>> parsed;
    std::vector<std::string> usable;
    for (const std::string& address : addresses) {
      auto host_port = ParseHostPort(address);
      if (!host_port.ok()) continue;
      parsed.push_back(*host_port);
      usable.push_back(address);
    }
    if (usable.empty()) continue;
    const std::string& key = group->state().mailbox()->key;
    KnownPeer& peer = by_key[key];
    if (peer.address.empty()) {
      peer.address = usable.front();
      peer.host = parsed.front().first;
      peer.port = parsed.front().second;
      peer.other_addresses.assign(usable.begin() + 1, usable.end());
      peer.expected_keys.insert(key);
      peer.mailbox = true;
    }
    peer.bound_groups.insert(id);
  }
  std::vector<KnownPeer> out;
  for (auto& [key, peer] : by_key) out.push_back(std::move(peer));
  return out;
}

void AddMailboxPeers(std::vector<KnownPeer>& peers, GroupBook& book) {
  for (KnownPeer& mailbox : MailboxPeers(book)) {
    const std::string& key = *mailbox.expected_keys.begin();
    auto same = std::find_if(peers.begin(), peers.end(), [&](const KnownPeer& p) {
      return std::any_of(p.expected_keys.begin(), p.expected_keys.end(),
                         [&](const std::string& e) { return PeerKeyMatches(e, key); });
    });
    if (same == peers.end()) {
      peers.push_back(std::move(mailbox));
      continue;
    }
    same->mailbox = true;
    same->bound_groups.insert(mailbox.bound_groups.begin(), mailbox.bound_groups.end());
    if (mailbox.address != same->address) same->other_addresses.push_back(mailbox.address);
    for (const std::string& a : mailbox.other_addresses) {
      if (a != same->address) same->other_addresses.push_back(a);
    }
  }
}

std::set<std::string> GroupsBoundToKey(const std::vector<KnownPeer>& peers, std::string_view key) {
  std::set<std::string> out;
  for (const KnownPeer& peer : peers) {
    for (const std::string& expected : peer.expected_keys) {
      if (PeerKeyMatches(expected, key))
        out.insert(peer.bound_groups.begin(), peer.bound_groups.end());
    }
  }
  return out;
}

Result<std::vector<std::string>> CodeAddresses(const std::optional<std::string>& listened,
                                               const std::vector<std::string>& given,
                                               const std::string& none_id) {
  std::vector<std::string> out;
  if (given.size() > kMaxInvitationAddresses) {
    return Status::Usage(Tr("invite.too_many_addresses", {{"max", kMaxInvitationAddresses}}));
  }
  for (const std::string& a : given) {
    KRING_RETURN_IF_ERROR(ParseHostPort(a).status());
    if (!IsValidInvitationAddress(a)) return Status::Usage(Tr("invite.bad_address"));
    out.push_back(a);
  }
  if (!out.empty()) return out;
  if (!listened) return Status::User(Tr(none_id));
  KRING_ASSIGN_OR_RETURN(auto host_port, ParseHostPort(*listened));
  const std::string port = std::to_string(host_port.second);
  if (host_port.first != "0.0.0.0" && host_port.first != "::") {
    if (host_port.first.rfind("127.", 0) == 0) {
      // Only this machine can use such a code: fine for trying Kring out, not for a colleague.
      std::cerr << Tr("invite.loopback_only", {{"address", *listened}}) << "\n";
    }
    return std::vector{*listened};
  }
  for (const net::InterfaceAddress& a : net::LocalIpv4Addresses()) {
    out.push_back(a.address + ":" + port);
    if (out.size() == kMaxInvitationAddresses) break;
  }
  if (out.empty()) return Status::User(Tr(none_id));
  return out;
}

ChannelOptions NodeChannelOptions(Node& node, PeerPolicy policy) {
  ChannelOptions options;
  options.identity = std::make_shared<SigningKeyPair>(
      SigningKeyPair{node.signing_public_key(), node.signing_secret_key().Clone()});
  options.accept_peer = std::move(policy);
  return options;
}

namespace {

// Requests to join that waited at a mailbox and are sealed to this node: answered as if the
// newcomer had reached this node directly (AcceptJoin); the others are not ours.
std::vector<JoinedNewcomer> AnswerJoinDrops(Node& node, const SyncReport& report) {
  std::vector<JoinedNewcomer> joined;
  for (const GroupSyncReport& group : report.groups) {
    for (const pb::JoinDrop& drop : group.join_drops) {
      auto request = OpenJoinDrop(drop, node.sealing_public_key(), node.sealing_secret_key());
      if (!request.ok()) continue;
      GroupBook book(node);
      auto before = book.Load(drop.group_id());
      if (!before.ok() || before->state().FindMember(drop.newcomer_key()) != nullptr) continue;
      pb::PublicIdentity identity;
      auto result = AcceptJoin(node, *request, drop.newcomer_key(), NowMillis(), &identity);
      if (!result.ok() || result->outcome() != pb::JoinResult::JOINED) continue;
      auto after = book.Load(drop.group_id());
      const GroupMember* member =
          after.ok() ? after->state().FindMember(drop.newcomer_key()) : nullptr;
      joined.push_back({identity.alias(), Fingerprint(drop.newcomer_key()), result->group_name(),
                        member != nullptr ? member->role : pb::ROLE_COACH});
    }
  }
  return joined;
}

// Adds what a second round moved to the first round's report.
void MergeReport(SyncReport& into, const SyncReport& more) {
  for (const GroupSyncReport& extra : more.groups) {
    auto it = std::find_if(into.groups.begin(), into.groups.end(),
                           [&](const GroupSyncReport& g) { return g.group_id == extra.group_id; });
    if (it == into.groups.end()) {
      into.groups.push_back(extra);
      continue;
    }
    it->entries_in += extra.entries_in;
    it->entries_out += extra.entries_out;
    for (const auto& [kind, n] : extra.in_by_kind) it->in_by_kind[kind] += n;
    for (const auto& [kind, n] : extra.out_by_kind) it->out_by_kind[kind] += n;
    it->refused.insert(it->refused.end(), extra.refused.begin(), extra.refused.end());
    if (!extra.mailbox_reach.empty()) it->mailbox_reach = extra.mailbox_reach;
  }
}

}  // namespace

asio::awaitable<Result<std::shared_ptr<SecureChannel>>> DialPinned(
    Node& node, const google::protobuf::RepeatedPtrField<std::string>& addresses,
    const std::string& key, Status if_none, std::string* reached) {
  PeerPolicy policy = [&key](std::string_view presented) { return presented == key; };
  Status last = std::move(if_none);
  for (const std::string& address : addresses) {
    auto host_port = ParseHostPort(address);
    if (!host_port.ok()) continue;
    auto channel =
        co_await Dial(host_port->first, host_port->second, NodeChannelOptions(node, policy));
    if (channel.ok()) {
      *reached = address;
      co_return channel;
    }
    last = channel.status();
  }
  co_return last;
}

asio::awaitable<PeerSyncOutcome> SyncWithPeer(Node& node, const KnownPeer& peer, bool serve_relayed,
                                              std::function<void(const std::string&)> log,
                                              bool show_progress, bool use_riblt) {
  PeerSyncOutcome outcome =
      co_await SyncOnce(node, peer, serve_relayed, log, show_progress, use_riblt);
  if (!outcome.status.ok()) co_return outcome;
  outcome.joined = AnswerJoinDrops(node, outcome.report);
  if (!outcome.joined.empty()) {
    // The newcomers' membership goes to the mailbox now, so that they find the group there.
    PeerSyncOutcome pushed =
        co_await SyncOnce(node, peer, serve_relayed, log, show_progress, use_riblt);
    if (pushed.status.ok()) MergeReport(outcome.report, pushed.report);
  }
  co_return outcome;
}

asio::awaitable<PeerSyncOutcome> SyncOnce(Node& node, const KnownPeer& peer, bool serve_relayed,
                                          std::function<void(const std::string&)> log,
                                          bool show_progress, bool use_riblt) {
  PeerSyncOutcome outcome;
  // A peer added with --key must present exactly that key, whoever else is a member. One added
  // without a key may present any key: adding it was the coach's consent, and a newcomer must
  // reach the admin's node before it knows any member (the plan offers only shared groups).
  auto presented = std::make_shared<std::string>();
  PeerPolicy policy = [expected = peer.expected_keys, presented](std::string_view key) {
    *presented = std::string(key);
    return expected.empty() ||
           std::any_of(expected.begin(), expected.end(),
                       [&](const std::string& e) { return PeerKeyMatches(e, key); });
  };
  auto channel = co_await Dial(peer.host, peer.port, NodeChannelOptions(node, policy));
  for (const std::string& other : peer.other_addresses) {
    if (channel.ok() || channel.status().code() != Code::kNetwork || !presented->empty()) break;
    auto host_port = ParseHostPort(other);
    if (!host_port.ok()) continue;
    channel = co_await Dial(host_port->first, host_port->second, NodeChannelOptions(node, policy));
  }
  if (!channel.ok() && !peer.expected_keys.empty() && !presented->empty() &&
      std::none_of(peer.expected_keys.begin(), peer.expected_keys.end(),
                   [&](const std::string& e) { return PeerKeyMatches(e, *presented); })) {
    GroupBook book(node);
    std::string expected;
    for (const std::string& e : peer.expected_keys) {
      expected = expected.empty()
                     ? FormatStoredKey(e)
                     : Tr("peer.key_or", {{"first", expected}, {"other", FormatStoredKey(e)}});
    }
    const std::string whose = MemberName(book, *presented);
    const std::string key = Fingerprint(*presented);
    outcome.status = Status::Integrity(
        whose.empty() ? Tr("peer.wrong_key",
                           {{"address", peer.address}, {"key", key}, {"expected", expected}})
                      : Tr("peer.wrong_key_of_member", {{"address", peer.address},
                                                        {"key", key},
                                                        {"member", whose},
                                                        {"expected", expected}}));
  } else if (!channel.ok()) {
    outcome.status = channel.status();
  } else {
    outcome.connected = true;
    SyncConfig config;
    config.node = &node;
    config.serve_relayed = serve_relayed;
    config.bound_groups = peer.bound_groups;
    config.use_riblt = use_riblt;
    config.log = log;
    if (show_progress) {
      config.progress = [last = size_t{0}](const std::string& group, size_t done, size_t total,
                                           bool incoming) mutable {
        if (total < kProgressThreshold) return;
        if (done < total && done - last < 1000 && done > last) return;
        last = done;
        const std::string line =
            incoming ? Tr("sync.progress.received",
                          {{"group", ShortId(group)}, {"done", done}, {"total", total}})
                     : Tr("sync.progress.sent",
                          {{"group", ShortId(group)}, {"done", done}, {"total", total}});
        std::fprintf(stderr, "\r  %s%s", line.c_str(), done >= total ? "\n" : "");
        std::fflush(stderr);
      };
    }
    auto report = co_await RunSyncSession(*channel, HandshakeRole::kInitiator, config);
    if (report.ok()) {
      outcome.report = std::move(report).value();
    } else {
      outcome.status = report.status();
    }
  }
  const std::string error = outcome.status.ok() ? "" : outcome.status.message();
  for (int64_t id : peer.row_ids) {
    (void)node.store().RecordPeerSync(id, NowMillis(), error, *presented);
  }
  if (peer.mailbox) RecordMailboxOutcome(node, peer, outcome, error);
  co_return outcome;
}

std::string FormatFingerprint(std::string_view compact) {
  std::string out;
  for (size_t i = 0; i < compact.size(); ++i) {
    if (i > 0 && i % 4 == 0) out.push_back('-');
    out.push_back(compact[i]);
  }
  return out;
}

std::string FormatStoredKey(std::string_view stored) {
  return stored.size() == 32 ? Fingerprint(stored) : FormatFingerprint(stored);
}

namespace {

// Who holds `key` among this node's groups, in one pass over them: the member's alias and the
// groups it is in, and the groups whose mailbox it is.
struct KeyHolders {
  std::string alias;
  std::string member_in;   // "Intervisie Noord, Supervisie"
  std::string mailbox_of;  // the same, for a mailbox's key
};

KeyHolders FindKeyHolders(GroupBook& book, std::string_view key) {
  KeyHolders holders;
  auto ids = book.GroupIds();
  if (!ids.ok() || key.empty()) return holders;
  const std::string stored = key.size() == 32 ? std::string(key) : CompactFingerprint(key);
  auto append = [](std::string* list, const std::string& name) {
    *list += (list->empty() ? "" : ", ") + name;
  };
  for (const std::string& id : *ids) {
    auto group = book.Load(id);
    if (!group.ok()) continue;
    for (const auto& [member_key, member] : group->state().members()) {
      if (!PeerKeyMatches(stored, member_key)) continue;
      holders.alias = group->Alias(member_key);
      append(&holders.member_in, group->Name());
    }
    const GroupMailbox* mailbox = group->state().mailbox();
    if (!group->local.relay() && mailbox != nullptr && PeerKeyMatches(stored, mailbox->key)) {
      append(&holders.mailbox_of, group->Name());
    }
  }
  return holders;
}

}  // namespace

std::string MemberName(GroupBook& book, std::string_view key) {
  const KeyHolders holders = FindKeyHolders(book, key);
  return holders.alias.empty()
             ? ""
             : Tr("peer.member_in", {{"alias", holders.alias}, {"groups", holders.member_in}});
}

std::string MemberOrMailboxName(GroupBook& book, std::string_view key) {
  const KeyHolders holders = FindKeyHolders(book, key);
  if (!holders.alias.empty()) {
    return Tr("peer.member_in", {{"alias", holders.alias}, {"groups", holders.member_in}});
  }
  return holders.mailbox_of.empty() ? "" : Tr("peer.mailbox_of", {{"groups", holders.mailbox_of}});
}

namespace {

// "1 case", "2 reviews": what moved, in the coach's words.
std::string Counted(pb::EntryKind kind, size_t n) {
  switch (kind) {
    case pb::ENTRY_KIND_CASE:
      return Tr("count.cases", {{"n", n}});
    case pb::ENTRY_KIND_CASE_REVISION:
      return Tr("sync.count.revisions", {{"n", n}});
    case pb::ENTRY_KIND_REVIEW:
      return Tr("count.reviews", {{"n", n}});
    case pb::ENTRY_KIND_FEEDBACK_REQUEST:
      return Tr("count.requests", {{"n", n}});
    case pb::ENTRY_KIND_RETRACTION:
      return Tr("sync.count.withdrawals", {{"n", n}});
    case pb::ENTRY_KIND_MEMBERSHIP:
      return Tr("sync.count.membership_changes", {{"n", n}});
    case pb::ENTRY_KIND_KEY_EPOCH:
      return Tr("sync.count.group_keys", {{"n", n}});
    default:
      return Tr("sync.count.entries", {{"n", n}});
  }
}

// "1 case, 2 reviews and 1 feedback request".
std::string CountedList(const std::map<pb::EntryKind, size_t>& by_kind, size_t total) {
  std::vector<std::string> parts;
  size_t listed = 0;
  for (const auto& [kind, n] : by_kind) {
    if (n == 0) continue;
    parts.push_back(Counted(kind, n));
    listed += n;
  }
  if (total > listed) parts.push_back(Counted(pb::ENTRY_KIND_UNSPECIFIED, total - listed));
  return i18n::FormatList(i18n::CurrentLanguage(), parts);
}

}  // namespace

std::vector<std::string> DescribeReport(const SyncReport& report) {
  std::vector<std::string> lines;
  for (const GroupSyncReport& group : report.groups) {
    std::string line;
    if (group.entries_in == 0 && group.entries_out == 0) {
      line = Tr("sync.report.nothing_new", {{"group", group.name}});
    } else if (group.entries_out == 0) {
      line = Tr(
          "sync.report.received",
          {{"group", group.name}, {"received", CountedList(group.in_by_kind, group.entries_in)}});
    } else if (group.entries_in == 0) {
      line = Tr("sync.report.sent", {{"group", group.name},
                                     {"sent", CountedList(group.out_by_kind, group.entries_out)}});
    } else {
      line = Tr("sync.report.both", {{"group", group.name},
                                     {"received", CountedList(group.in_by_kind, group.entries_in)},
                                     {"sent", CountedList(group.out_by_kind, group.entries_out)}});
    }
    if (!group.refused.empty()) {
      line = Tr("sync.report.refused", {{"report", line}, {"n", group.refused.size()}});
    }
    if (group.joined) line = Tr("sync.report.joined", {{"report", line}});
    lines.push_back(std::move(line));
  }
  return lines;
}

// The discovery keys of the groups this node holds a current key of.
std::vector<DiscoveryGroup> DiscoveryGroups(GroupBook& book) {
  std::vector<DiscoveryGroup> out;
  auto ids = book.GroupIds();
  if (!ids.ok()) return out;
  for (const std::string& id : *ids) {
    auto group = book.Load(id);
    if (!group.ok() || group->keys.empty()) continue;
    const SecretBytes* key = group->keys.Find(group->keys.latest());
    if (key != nullptr) out.push_back(DiscoveryGroup{id, DeriveDiscoveryKey(*key)});
  }
  return out;
}

}  // namespace kring::cli
