// LAN discovery end to end with the real binary: `kring serve --announce` on 127.0.0.1 port 0 and
// `kring peer discover` in other homes. Two groups announce at once, so each listener shows that
// it hears announcements and still lists only the node it shares a group with.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <future>
#include <sstream>
#include <string>
#include <vector>

#include "core/crypto/crypto.h"
#include "tests/support/multicast.h"
#include "tests/support/test_util.h"

namespace kring {
namespace {

using testing::KringNode;
using testing::ProcessResult;
using testing::ServeProcess;
using testing::TempDir;

// The announcer sends every 5 s, so a listener hears at least one announcement in this window.
constexpr char kListenSeconds[] = "8";

bool HasLine(const std::string& text, const std::string& line) {
  std::istringstream in(text);
  for (std::string got; std::getline(in, got);) {
    if (got == line) return true;
  }
  return false;
}

class DiscoveryCliTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitCrypto()); }

  KringNode MakeNode(const std::string& alias) {
    KringNode node(dir_.File(alias));
    Ok(node, {"init", "--alias", alias});
    return node;
  }
  ProcessResult Ok(const KringNode& node, const std::vector<std::string>& args) {
    ProcessResult r = node.Run(args);
    EXPECT_EQ(r.exit_code, 0) << "kring " << args.front() << ": " << r.out << r.err;
    return r;
  }
  // `admin` creates `group` and adds `member` as a coach, who learns the group from a bundle.
  void ShareGroup(const KringNode& admin, const KringNode& member, const std::string& group) {
    const std::string identity = member.home() + ".id";
    testing::WriteFile(identity, Ok(member, {"whoami", "--export"}).out);
    Ok(admin, {"group", "create", group});
    Ok(admin, {"group", "add", group, identity, "--role", "coach"});
    const std::string bundle = dir_.File(group + ".bundle");
    Ok(admin, {"export", "--group", group, "--out", bundle});
    Ok(member, {"import", bundle});
  }

  TempDir dir_;
};

TEST_F(DiscoveryCliTest, ColleaguesFindEachOtherOnlyThroughASharedGroup) {
  const std::string problem = testing::MulticastLoopbackProblem();
  if (!problem.empty()) GTEST_SKIP() << "multicast is unavailable on this machine: " << problem;

  KringNode anna = MakeNode("anna"), bram = MakeNode("bram");
  KringNode carla = MakeNode("carla"), daan = MakeNode("daan");
  ShareGroup(anna, bram, "Utrecht");
  ShareGroup(carla, daan, "Amersfoort");
  ServeProcess anna_serve(anna, {"--announce"}), daan_serve(daan, {"--announce"});
  ASSERT_TRUE(anna_serve.Start());
  ASSERT_TRUE(daan_serve.Start());

  // Bram and Carla listen at the same time; both hear both announcements.
  auto bram_discover = std::async(std::launch::async, [&] {
    return bram.Run({"peer", "discover", "--seconds", kListenSeconds, "--add"});
  });
  auto carla_discover = std::async(std::launch::async, [&] {
    return carla.Run({"peer", "discover", "--seconds", kListenSeconds});
  });
  const ProcessResult found_by_bram = bram_discover.get();
  const ProcessResult found_by_carla = carla_discover.get();

  ASSERT_EQ(found_by_bram.exit_code, 0) << found_by_bram.out << found_by_bram.err;
  EXPECT_TRUE(HasLine(found_by_bram.out, anna_serve.address() + "  Utrecht")) << found_by_bram.out;
  EXPECT_EQ(found_by_bram.out.find(":" + std::to_string(daan_serve.port())), std::string::npos)
      << found_by_bram.out;
  ASSERT_EQ(found_by_carla.exit_code, 0) << found_by_carla.out << found_by_carla.err;
  EXPECT_TRUE(HasLine(found_by_carla.out, daan_serve.address() + "  Amersfoort"))
      << found_by_carla.out;
  EXPECT_EQ(found_by_carla.out.find(":" + std::to_string(anna_serve.port())), std::string::npos)
      << found_by_carla.out;

  // The address found is the one Anna listens on: Bram syncs with it.
  EXPECT_NE(Ok(bram, {"peer", "list"}).out.find(anna_serve.address()), std::string::npos);
  const ProcessResult synced = Ok(bram, {"sync"});
  EXPECT_NE(synced.out.find("Utrecht: nothing new either way"), std::string::npos) << synced.out;
  EXPECT_EQ(anna_serve.Stop(), 0);
  EXPECT_EQ(daan_serve.Stop(), 0);
}

TEST_F(DiscoveryCliTest, ACoachInNoGroupIsToldThereIsNothingToLookFor) {
  KringNode eva = MakeNode("eva");
  const ProcessResult r = eva.Run({"peer", "discover", "--seconds", "1"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("no group"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace kring
