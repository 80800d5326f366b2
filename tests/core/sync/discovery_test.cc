#include "core/sync/discovery.h"

#include <gtest/gtest.h>

#include "proto/discovery.pb.h"

namespace kring {
namespace {

class DiscoveryTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitCrypto()); }
  static DiscoveryGroup Group(const std::string& id, const SecretBytes& epoch_key) {
    return DiscoveryGroup{id, DeriveDiscoveryKey(epoch_key)};
  }
};

TEST_F(DiscoveryTest, MembersRecogniseTheirGroupsOnly) {
  SecretBytes k1 = RandomSecret(32), k2 = RandomSecret(32), k3 = RandomSecret(32);
  std::vector<DiscoveryGroup> announcer;
  announcer.push_back(Group("g1", k1));
  announcer.push_back(Group("g2", k2));
  std::string token = RandomBytes(kDiscoveryTokenBytes);
  std::string datagram = BuildAnnouncement(token, 7411, announcer);

  std::vector<DiscoveryGroup> listener;
  listener.push_back(Group("g2", k2));
  listener.push_back(Group("g3", k3));
  auto match = MatchAnnouncement(datagram, listener);
  ASSERT_TRUE(match.ok());
  ASSERT_TRUE(match->has_value());
  EXPECT_EQ((*match)->port, 7411);
  EXPECT_EQ((*match)->group_ids, std::vector<std::string>{"g2"});

  std::vector<DiscoveryGroup> stranger;
  stranger.push_back(Group("g3", k3));
  auto none = MatchAnnouncement(datagram, stranger);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST_F(DiscoveryTest, NothingIdentifyingInClearAndTagsPadded) {
  SecretBytes k = RandomSecret(32);
  std::vector<DiscoveryGroup> groups;
  groups.push_back(Group("Intervisie Utrecht", k));
  std::string datagram = BuildAnnouncement(RandomBytes(16), 7411, groups);
  EXPECT_EQ(datagram.find("Utrecht"), std::string::npos);
  EXPECT_EQ(datagram.find(std::string(k.view())), std::string::npos);
  // One group still yields four tags, so the count does not reveal it.
  EXPECT_GE(datagram.size(), 4 + 16 + 4 * 16u);
}

TEST_F(DiscoveryTest, RotatedKeyNoLongerMatches) {
  SecretBytes old_key = RandomSecret(32), new_key = RandomSecret(32);
  std::vector<DiscoveryGroup> announcer;
  announcer.push_back(Group("g", new_key));
  std::vector<DiscoveryGroup> removed_member;
  removed_member.push_back(Group("g", old_key));
  auto match = MatchAnnouncement(BuildAnnouncement(RandomBytes(16), 1, announcer), removed_member);
  ASSERT_TRUE(match.ok());
  EXPECT_FALSE(match->has_value());
}

TEST_F(DiscoveryTest, TagsAreBoundToTokenAndPort) {
  SecretBytes k = RandomSecret(32);
  std::vector<DiscoveryGroup> groups;
  groups.push_back(Group("g", k));
  std::string token = RandomBytes(16);
  std::string datagram = BuildAnnouncement(token, 7411, groups);
  // Rewriting the port (a replay pointing elsewhere) or the token breaks every tag.
  pb::Announcement parsed;
  ASSERT_TRUE(parsed.ParseFromString(datagram.substr(4)));
  pb::Announcement other_port = parsed;
  other_port.set_port(7412);
  auto moved = MatchAnnouncement("KRD1" + other_port.SerializeAsString(), groups);
  ASSERT_TRUE(moved.ok());
  EXPECT_FALSE(moved->has_value());
  pb::Announcement other_token = parsed;
  other_token.set_token(RandomBytes(16));
  auto retokened = MatchAnnouncement("KRD1" + other_token.SerializeAsString(), groups);
  ASSERT_TRUE(retokened.ok());
  EXPECT_FALSE(retokened->has_value());
  EXPECT_TRUE(MatchAnnouncement(datagram, groups)->has_value());
}

TEST_F(DiscoveryTest, HostileDatagramsAreRejected) {
  std::vector<DiscoveryGroup> groups;
  groups.push_back(Group("g", RandomSecret(32)));
  EXPECT_FALSE(MatchAnnouncement("", groups).ok());
  EXPECT_FALSE(MatchAnnouncement("KRD1\xff\xff\xff", groups).ok());
  EXPECT_FALSE(MatchAnnouncement("HTTP/1.1 200 OK", groups).ok());
  EXPECT_FALSE(MatchAnnouncement(std::string("KRD1") + std::string(2000, 'a'), groups).ok());
  // A well-formed announcement with a short token.
  EXPECT_FALSE(MatchAnnouncement(BuildAnnouncement("short", 1, groups), groups).ok());
  EXPECT_FALSE(MatchAnnouncement(BuildAnnouncement(RandomBytes(16), 0, groups), groups).ok());
}

}  // namespace
}  // namespace kring
