// Real UDP multicast on the loopback interface: an announcer and a listener in one io_context.
#include "net/discovery.h"

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <gtest/gtest.h>
#include <unistd.h>

namespace kring::net {
namespace {

TEST(DiscoveryNetTest, ListenerFindsAnnouncerOfASharedGroupOnly) {
  ASSERT_TRUE(InitCrypto());
  SecretBytes shared_key = RandomSecret(32);
  SecretBytes other_key = RandomSecret(32);
  DiscoveryConfig config;
  config.interface_address = "127.0.0.1";
  config.port = static_cast<uint16_t>(40000 + ::getpid() % 20000);
  config.interval = std::chrono::milliseconds(50);

  std::vector<DiscoveryGroup> announced;
  announced.push_back({"shared", DeriveDiscoveryKey(shared_key)});
  std::string token = RandomBytes(kDiscoveryTokenBytes);
  std::vector<DiscoveryGroup> mine;
  mine.push_back({"shared", DeriveDiscoveryKey(shared_key)});
  mine.push_back({"other", DeriveDiscoveryKey(other_key)});
  std::vector<DiscoveryGroup> strangers;
  strangers.push_back({"other", DeriveDiscoveryKey(other_key)});

  asio::io_context io;
  Result<std::vector<DiscoveredPeer>> found = Status::Network("not run");
  Result<std::vector<DiscoveredPeer>> stranger_found = Status::Network("not run");
  Result<std::vector<DiscoveredPeer>> self_found = Status::Network("not run");
  asio::co_spawn(
      io, RunAnnouncer(config, [&] { return BuildAnnouncement(token, 7411, announced); }),
      asio::detached);
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    found = co_await ListenForPeers(config, mine, std::chrono::milliseconds(600));
    io.stop();
  }, asio::detached);
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    stranger_found = co_await ListenForPeers(config, strangers, std::chrono::milliseconds(400));
  }, asio::detached);
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    self_found = co_await ListenForPeers(config, mine, std::chrono::milliseconds(400), token);
  }, asio::detached);
  io.run();

  ASSERT_TRUE(found.ok()) << found.status().message();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].port, 7411);
  EXPECT_EQ((*found)[0].address, "127.0.0.1");
  EXPECT_EQ((*found)[0].group_ids, std::vector<std::string>{"shared"});
  ASSERT_TRUE(stranger_found.ok());
  EXPECT_TRUE(stranger_found->empty());
  ASSERT_TRUE(self_found.ok());
  EXPECT_TRUE(self_found->empty());
}

// A listener left to its default interface (0.0.0.0) joins on every interface, so it hears a node
// that announces through the loopback interface (a node listening on 127.0.0.1), which joining
// only on the default route's interface missed. The sender address is the one the node listens on.
TEST(DiscoveryNetTest, DefaultListenerHearsAnAnnouncerOnTheLoopbackInterface) {
  ASSERT_TRUE(InitCrypto());
  SecretBytes key = RandomSecret(32);
  DiscoveryConfig announcer_config;
  announcer_config.interface_address = "127.0.0.1";
  announcer_config.port = static_cast<uint16_t>(40000 + (::getpid() + 7919) % 20000);
  announcer_config.interval = std::chrono::milliseconds(50);
  DiscoveryConfig listener_config = announcer_config;
  listener_config.interface_address = "0.0.0.0";

  std::vector<DiscoveryGroup> groups;
  groups.push_back({"shared", DeriveDiscoveryKey(key)});
  const std::string token = RandomBytes(kDiscoveryTokenBytes);
  asio::io_context io;
  Result<std::vector<DiscoveredPeer>> found = Status::Network("not run");
  asio::co_spawn(
      io, RunAnnouncer(announcer_config, [&] { return BuildAnnouncement(token, 7412, groups); }),
      asio::detached);
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    found = co_await ListenForPeers(listener_config, groups, std::chrono::milliseconds(600));
    io.stop();
  }, asio::detached);
  io.run();

  ASSERT_TRUE(found.ok()) << found.status().message();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].address, "127.0.0.1");
  EXPECT_EQ((*found)[0].port, 7412);
}

TEST(DiscoveryNetTest, AnInterfaceThatIsNoAddressIsAUsageError) {
  ASSERT_TRUE(InitCrypto());
  DiscoveryConfig config;
  config.interface_address = "eth0";
  config.port = static_cast<uint16_t>(40000 + (::getpid() + 15401) % 20000);
  asio::io_context io;
  Result<std::vector<DiscoveredPeer>> found = Status::Network("not run");
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    found = co_await ListenForPeers(config, {}, std::chrono::milliseconds(50));
  }, asio::detached);
  io.run();
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.status().code(), Code::kUsage) << found.status().message();
}

}  // namespace
}  // namespace kring::net
