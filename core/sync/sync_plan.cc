#include "core/sync/sync_plan.h"

#include <algorithm>

namespace kring {
namespace {

constexpr size_t kGroupIdBytes = 32;

const PlanGroup* Find(const std::vector<PlanGroup>& groups, std::string_view id) {
  for (const PlanGroup& group : groups) {
    if (group.group_id == id) return &group;
  }
  return nullptr;
}

bool TakesPart(const PlanGroup& group, bool serve_relayed) {
  return !group.relayed || serve_relayed;
}

}  // namespace

std::vector<std::string> GroupsToOffer(const SyncPlanInput& input) {
  std::vector<std::string> offer;
  for (const PlanGroup& group : input.groups) {
    if (!TakesPart(group, input.serve_relayed)) continue;
    if (group.member_keys.contains(input.peer_key) || input.bound_groups.contains(group.group_id)) {
      offer.push_back(group.group_id);
    }
  }
  std::sort(offer.begin(), offer.end());
  return offer;
}

std::vector<std::string> GroupsToAccept(const SyncPlanInput& input,
                                        const std::vector<std::string>& peer_offer,
                                        size_t max_groups) {
  std::set<std::string> accepted;
  for (const std::string& id : peer_offer) {
    if (accepted.size() >= max_groups) break;
    if (id.size() != kGroupIdBytes) continue;
    const PlanGroup* group = Find(input.groups, id);
    if (group == nullptr) {
      accepted.insert(id);
      continue;
    }
    if (!TakesPart(*group, input.serve_relayed)) continue;
    if (group->member_keys.contains(input.peer_key) || input.bound_groups.contains(id)) {
      accepted.insert(id);
    }
  }
  return {accepted.begin(), accepted.end()};
}

std::vector<std::string> AgreedGroups(const std::vector<std::string>& my_offer,
                                      const std::vector<std::string>& my_accept,
                                      const std::vector<std::string>& peer_accept) {
  std::set<std::string> agreed(my_accept.begin(), my_accept.end());
  for (const std::string& id : peer_accept) {
    if (std::find(my_offer.begin(), my_offer.end(), id) != my_offer.end()) agreed.insert(id);
  }
  return {agreed.begin(), agreed.end()};
}

bool IsMemberOfAnyGroup(const std::vector<PlanGroup>& groups, std::string_view key,
                        bool serve_relayed) {
  for (const PlanGroup& group : groups) {
    if (TakesPart(group, serve_relayed) && group.member_keys.contains(std::string(key))) {
      return true;
    }
  }
  return false;
}

}  // namespace kring
