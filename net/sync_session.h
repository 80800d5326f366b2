// One sync session with one peer over an established SecureChannel: agree on groups
// (core/sync/sync_plan.h), then per group reconcile entry ids (core/sync/rbsr.h, the client initiates)
// and move the missing entries both ways in bounded batches, each imported in one transaction
// by GroupBook::Import. The client drives; the server answers. See docs/sync.md.
//
// Everything the peer controls is bounded: groups per session, reconciliation rounds, ids per
// request, entries per batch, message size (the channel's frame limit) and the session's total
// time. A peer that breaks the protocol gets a SyncError with the reason and the channel is
// closed; entries that fail validation are refused one by one, logged, and never stored.
#pragma once

#include <asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/base/status.h"
#include "core/groups/group_book.h"
#include "core/store/node.h"
#include "core/sync/sync_plan.h"
#include "net/secure_channel.h"

namespace kring {

inline constexpr uint32_t kSyncProtocolVersion = 1;

struct SyncLimits {
  size_t max_groups = 256;            // groups proposed or accepted per session
  size_t max_batch_entries = 256;     // entries per SyncEntries message
  size_t max_batch_bytes = 2u << 20;  // about 2 MiB of entries per message
  size_t max_want_ids = 4096;         // ids per SyncWant message
  size_t max_reconcile_rounds = 200;  // reconciliation messages per group
  size_t max_sketch_set = 1u << 22;   // entries a peer's set may claim in a sketch exchange
  uint64_t reconcile_frame_limit = 256u << 10;
  std::chrono::milliseconds session_timeout{std::chrono::minutes(30)};
};

struct GroupSyncReport {
  std::string group_id;
  std::string name;  // the group's name where this node can read it, else its short id
  size_t entries_in = 0;
  size_t entries_out = 0;
  size_t already_had = 0;
  std::map<pb::EntryKind, size_t> in_by_kind;   // what came in, by kind of entry
  std::map<pb::EntryKind, size_t> out_by_kind;  // what went out
  std::vector<std::string> refused;  // reasons, one per refused entry
  bool joined = false;
  std::string reconciled_by;  // "rateless IBLT" or "Negentropy"; empty if nothing was reconciled
};

struct SyncReport {
  std::string peer;  // address
  std::string peer_key;
  std::vector<GroupSyncReport> groups;
};

struct SyncConfig {
  Node* node = nullptr;
  bool serve_relayed = false;  // relayed groups take part (kring serve --relay)
  // Reconcile with rateless IBLT when the peer speaks it (core/sync/riblt.h), else Negentropy V1.
  bool use_riblt = true;
  std::set<std::string> bound_groups;  // groups the coach bound to this peer
  SyncLimits limits;
  // One line per event, without plaintext or keys (short ids and fingerprints only).
  std::function<void(const std::string&)> log;
  // Called as entries move: group id, entries done, entries expected, true for incoming.
  std::function<void(const std::string&, size_t, size_t, bool)> progress;
};

// Describes every group of the node for the planner (members per its ledger).
Result<std::vector<PlanGroup>> DescribeGroups(GroupBook& book);

// The channel's peer policy for a node: members of at least one group that takes part.
// `extra` accepts more keys (e.g. an explicitly added peer); may be empty.
PeerPolicy MemberPeerPolicy(Node& node, bool serve_relayed,
                            std::function<bool(std::string_view)> extra = {});

// Runs one session; the client (kInitiator) drives it. Closes the channel on the way out.
asio::awaitable<Result<SyncReport>> RunSyncSession(std::shared_ptr<SecureChannel> channel,
                                                   HandshakeRole role, SyncConfig config);

}  // namespace kring
