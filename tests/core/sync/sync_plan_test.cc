// The pure part of sync: which groups two nodes propose, accept and end up syncing.
#include "core/sync/sync_plan.h"

#include <gtest/gtest.h>

namespace kring {
namespace {

const std::string kG1(32, '\x01'), kG2(32, '\x02'), kG3(32, '\x03'), kRelayed(32, '\x04');
const std::string kPeer = "peer-key", kOther = "other-key";

SyncPlanInput Input() {
  SyncPlanInput input;
  input.groups = {{kG1, false, {kPeer, kOther}}, {kG2, false, {kOther}}, {kRelayed, true, {kPeer}}};
  input.peer_key = kPeer;
  return input;
}

TEST(SyncPlanTest, OffersGroupsWhereThePeerIsAMemberAndBoundOnes) {
  SyncPlanInput input = Input();
  EXPECT_EQ(GroupsToOffer(input), std::vector<std::string>{kG1});
  input.bound_groups = {kG2};
  EXPECT_EQ(GroupsToOffer(input), (std::vector<std::string>{kG1, kG2}));
  input.serve_relayed = true;
  EXPECT_EQ(GroupsToOffer(input), (std::vector<std::string>{kG1, kG2, kRelayed}));
}

TEST(SyncPlanTest, AcceptsKnownGroupsOnlyForMembersAndUnknownOnesAlways) {
  SyncPlanInput input = Input();
  std::vector<std::string> offer = {kG1, kG2, kG3, kRelayed, "short", kG1};
  // G2: the peer is not a member; relayed: not relaying; "short": malformed; G1 once.
  EXPECT_EQ(GroupsToAccept(input, offer, 256), (std::vector<std::string>{kG1, kG3}));
  input.serve_relayed = true;
  EXPECT_EQ(GroupsToAccept(input, offer, 256), (std::vector<std::string>{kG1, kG3, kRelayed}));
  EXPECT_EQ(GroupsToAccept(input, offer, 1).size(), 1u);
}

TEST(SyncPlanTest, AgreedGroupsIgnoreWhatThePeerAcceptsButWasNeverOffered) {
  const std::vector<std::string> my_offer = {kG1, kG2};
  const std::vector<std::string> my_accept = {kG3};
  const std::vector<std::string> peer_accept = {kG2, kRelayed};
  EXPECT_EQ(AgreedGroups(my_offer, my_accept, peer_accept), (std::vector<std::string>{kG2, kG3}));
  // Both sides compute the same set from the same exchange: X offers {G1, G2}, Y offers
  // {G2, G3}; X accepts G3 of Y's offer, Y accepts G2 of X's.
  const std::vector<std::string> x = AgreedGroups({kG1, kG2}, {kG3}, {kG2});
  const std::vector<std::string> y = AgreedGroups({kG2, kG3}, {kG2}, {kG3});
  EXPECT_EQ(x, y);
  EXPECT_EQ(x, (std::vector<std::string>{kG2, kG3}));
}

TEST(SyncPlanTest, HandshakeAcceptsMembersOnly) {
  SyncPlanInput input = Input();
  EXPECT_TRUE(IsMemberOfAnyGroup(input.groups, kOther, false));
  EXPECT_FALSE(IsMemberOfAnyGroup(input.groups, "stranger", false));
  std::vector<PlanGroup> relay_only = {{kRelayed, true, {kPeer}}};
  EXPECT_FALSE(IsMemberOfAnyGroup(relay_only, kPeer, false));
  EXPECT_TRUE(IsMemberOfAnyGroup(relay_only, kPeer, true));
}

}  // namespace
}  // namespace kring
