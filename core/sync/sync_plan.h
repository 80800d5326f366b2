// Which groups two nodes sync, decided before any entry moves. Pure: the caller describes its
// groups (members per the ledger, relayed or not) and what the coach bound to this peer, and
// gets the groups to propose and which of the peer's proposals to accept. See docs/sync.md.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace kring {

// A group as the sync planner needs to see it.
struct PlanGroup {
  std::string group_id;
  bool relayed = false;               // this node keeps it as a blind relay
  std::set<std::string> member_keys;  // current members' signing keys
};

struct SyncPlanInput {
  std::vector<PlanGroup> groups;       // every group this node holds
  std::set<std::string> bound_groups;  // groups the coach bound to this peer (`kring peer add G`)
  bool serve_relayed = false;          // relayed groups take part (kring serve --relay)
  std::string peer_key;                // the peer's verified signing key
};

// The groups to propose: those where the peer is a current member, plus the bound ones.
std::vector<std::string> GroupsToOffer(const SyncPlanInput& input);

// Which of the peer's proposals to accept. A known group only when the peer is a member there
// or the coach bound it to this peer; an unknown group always — the import then requires its
// chain to make this node a member (ImportMode::kMayJoin). Malformed or repeated ids, relayed
// groups on a node that does not relay, and anything beyond `max_groups` are dropped.
std::vector<std::string> GroupsToAccept(const SyncPlanInput& input,
                                        const std::vector<std::string>& peer_offer,
                                        size_t max_groups);

// The groups both sides will sync: what I accept plus what the peer accepted of my offer
// (anything else the peer claims to accept is ignored). Sorted, so both sides agree on order.
std::vector<std::string> AgreedGroups(const std::vector<std::string>& my_offer,
                                      const std::vector<std::string>& my_accept,
                                      const std::vector<std::string>& peer_accept);

// Whether a handshake may go ahead: the key is a member of one of the groups that take part.
bool IsMemberOfAnyGroup(const std::vector<PlanGroup>& groups, std::string_view key,
                        bool serve_relayed);

}  // namespace kring
