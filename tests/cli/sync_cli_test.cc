// Real nodes syncing over 127.0.0.1: `kring serve` processes on port 0 with temp homes, `kring
// sync` runs, a hostile client written against the real socket, and a blind relay.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/groups/entry.h"
#include "core/groups/group_book.h"
#include "core/groups/group_view.h"
#include "core/groups/group_writer.h"
#include "core/store/node.h"
#include "core/store/sqlite.h"
#include "net/secure_channel.h"
#include "sync.pb.h"
#include "tests/support/group_fixture.h"
#include "tests/support/spawn.h"
#include "tests/support/test_util.h"

namespace kring {
namespace {

// The serving node logs a session's outcome when the session ends, which may be a moment after
// the client has hung up.
bool WaitForLog(const testing::ServeProcess& serve, const std::string& text) {
  for (int i = 0; i < 100; ++i) {
    if (serve.Log().find(text) != std::string::npos) return true;
    ::usleep(50'000);
  }
  return false;
}

using testing::KringNode;
using testing::ServeProcess;
using testing::TempDir;

constexpr char kPass[] = "correct horse battery";

class SyncCliTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitCrypto()); }

  KringNode MakeNode(const std::string& alias) {
    KringNode node(dir_.File(alias));
    auto r = node.Run({"init", "--alias", alias});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return node;
  }
  std::string IdentityFile(const KringNode& node) {
    auto r = node.Run({"whoami", "--export"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::string path = node.home() + ".id";
    testing::WriteFile(path, r.out);
    return path;
  }
  void Ok(const KringNode& node, const std::vector<std::string>& args) {
    auto r = node.Run(args);
    ASSERT_EQ(r.exit_code, 0) << "kring " << args.front() << ": " << r.out << r.err;
  }
  // A creates "Utrecht" and adds the others as coaches.
  void CreateGroup(const KringNode& admin, const std::vector<const KringNode*>& members) {
    Ok(admin, {"group", "create", "Utrecht"});
    for (const KringNode* member : members) {
      Ok(admin, {"group", "add", "Utrecht", IdentityFile(*member), "--role", "coach"});
    }
  }

  static std::unique_ptr<Node> Open(const KringNode& node) {
    auto opened = Node::Open(node.home(), kPass);
    EXPECT_TRUE(opened.ok()) << opened.status().message();
    return std::move(opened).value();
  }
  static std::string GroupId(Node& node) {
    GroupBook book(node);
    auto id = book.Resolve("Utrecht");
    EXPECT_TRUE(id.ok()) << id.status().message();
    return id.ok() ? *id : "";
  }
  // Shares a case in Utrecht from this node's home (in-process) and returns its entry id.
  static std::string Share(const KringNode& who, const std::string& title) {
    auto node = Open(who);
    GroupBook book(*node);
    auto group = book.Load(GroupId(*node));
    EXPECT_TRUE(group.ok()) << group.status().message();
    auto entry = ShareCase(group->ledger, group->keys, book.Me(), node->signing_secret_key(),
                           testing::SampleCase(title), static_cast<uint64_t>(NowMillis()));
    EXPECT_TRUE(entry.ok()) << entry.status().message();
    Status appended = book.Append(*group, {*entry});
    EXPECT_TRUE(appended.ok()) << appended.message();
    return EntryId(*entry);
  }
  static bool Has(const KringNode& who, const std::string& entry_id) {
    auto node = Open(who);
    auto has = node->store().HasEntry(entry_id);
    return has.ok() && *has;
  }
  // Whether this node can read the shared case (it holds it and the key to open it).
  static bool CanRead(const KringNode& who, const std::string& case_id) {
    auto node = Open(who);
    GroupBook book(*node);
    auto ids = book.GroupIds();
    if (!ids.ok() || ids->empty()) return false;
    auto group = book.Load(ids->front());
    auto entries = book.ListEntries(ids->front());
    if (!group.ok() || !entries.ok()) return false;
    GroupView view = BuildGroupView(*group, *entries);
    const SharedCaseView* found = view.FindCase(ToHex(case_id));
    return found != nullptr && found->readable;
  }
  static int64_t EntryCount(const KringNode& who) {
    auto node = Open(who);
    auto count = node->store().CountEntries(GroupId(*node));
    return count.ok() ? *count : -1;
  }

  TempDir dir_;
};

TEST_F(SyncCliTest, ThreeNodesConvergeAndEntriesTravelThroughAThirdNode) {
  KringNode a = MakeNode("anna"), b = MakeNode("bram"), c = MakeNode("carla");
  CreateGroup(a, {&b, &c});
  // B's node only answers: its own sync loop would otherwise race the test's explicit syncs and
  // move C's case to A itself (then B's `sync` below finds nothing left to send).
  ServeProcess a_serve(a), b_serve(b, {"--accept-only"});
  ASSERT_TRUE(a_serve.Start());
  // B knows A; C knows only B: A and C never connect.
  Ok(b, {"peer", "add", a_serve.address()});
  auto first = b.Run({"sync"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("you joined this group"), std::string::npos) << first.out;
  ASSERT_TRUE(b_serve.Start());
  Ok(c, {"peer", "add", b_serve.address()});
  Ok(c, {"sync"});

  const std::string from_a = Share(a, "Teamoverleg");
  Ok(b, {"sync"});                             // B fetches it from A...
  auto c_sync = c.Run({"sync", "--verbose"});  // ...and C from B.
  ASSERT_EQ(c_sync.exit_code, 0) << c_sync.err;
  EXPECT_NE(c_sync.out.find("Utrecht: received 1 case; sent nothing"), std::string::npos)
      << c_sync.out;
  EXPECT_NE(c_sync.err.find("reconciled with rateless IBLT"), std::string::npos) << c_sync.err;
  EXPECT_TRUE(CanRead(c, from_a));

  // Both ways: C's case reaches A through B (B's explicit sync); B compares with Negentropy.
  const std::string from_c = Share(c, "Feedback geven");
  Ok(c, {"sync"});
  auto b_sync = b.Run({"sync", "--negentropy"});
  ASSERT_EQ(b_sync.exit_code, 0) << b_sync.err;
  EXPECT_NE(b_sync.out.find("Utrecht: received nothing; sent 1 case"), std::string::npos)
      << b_sync.out;
  EXPECT_TRUE(WaitForLog(a_serve, "reconciled with Negentropy")) << a_serve.Log();
  EXPECT_TRUE(CanRead(a, from_c));
  EXPECT_EQ(EntryCount(a), EntryCount(b));
  EXPECT_EQ(EntryCount(b), EntryCount(c));

  // A second round moves nothing.
  auto again = c.Run({"sync"});
  EXPECT_NE(again.out.find("Utrecht: nothing new either way"), std::string::npos) << again.out;
  EXPECT_TRUE(again.err.empty()) << again.err;  // no log lines unless --verbose
  EXPECT_EQ(a_serve.Stop(), 0);
  EXPECT_EQ(b_serve.Stop(), 0);
}

// Issue 11 #2: a key given with `peer add --key` is enforced, whoever else is a member.
TEST_F(SyncCliTest, APinnedKeyIsEnforcedAndTheMessageSaysWhoseKeyCameInstead) {
  KringNode a = MakeNode("anna"), b = MakeNode("bram"), c = MakeNode("carla");
  CreateGroup(a, {&b, &c});
  auto fingerprint = [](const KringNode& node) {
    const std::string out = node.Run({"whoami"}).out;
    const size_t at = out.find("fingerprint: ");
    return at == std::string::npos ? "" : out.substr(at + 13, 24);  // XXXX-XXXX-XXXX-XXXX-XXXX
  };
  const std::string anna_key = fingerprint(a), bram_key = fingerprint(b);
  ASSERT_EQ(anna_key.size(), 24u) << a.Run({"whoami"}).out;
  ASSERT_NE(anna_key, bram_key);

  // A fingerprint that is not well formed is refused when added.
  std::string typo = bram_key;
  typo[0] = typo[0] == 'A' ? '1' : '0';  // 0 and 1 are not in the fingerprint alphabet
  auto bad = c.Run({"peer", "add", "127.0.0.1:1", "--key", typo});
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_NE(bad.err.find("is not a fingerprint"), std::string::npos) << bad.err;

  ServeProcess a_serve(a, {"--accept-only"});
  ASSERT_TRUE(a_serve.Start());
  const std::string address = a_serve.address();
  Ok(c, {"peer", "add", address});
  Ok(c, {"sync"});  // Carla joins through Anna's node
  Ok(c, {"peer", "add", "127.0.0.1:1"});
  EXPECT_NE(c.Run({"peer", "list"}).out.find("never synced"), std::string::npos);
  const std::string case_id = Share(a, "Na de reorganisatie");

  // Carla now expects Bram's node at Anna's address: refused, although Anna is a member.
  auto pinned = c.Run({"peer", "add", address, "--key", bram_key});
  EXPECT_NE(pinned.out.find("Updated peer"), std::string::npos) << pinned.out;
  auto wrong = c.Run({"sync", address});
  EXPECT_EQ(wrong.exit_code, 4) << wrong.out << wrong.err;
  EXPECT_NE(wrong.err.find("presented the key " + anna_key + " (anna in Utrecht)"),
            std::string::npos)
      << wrong.err;
  EXPECT_NE(wrong.err.find("not the key " + bram_key), std::string::npos) << wrong.err;
  EXPECT_NE(wrong.err.find("kring peer add " + address + " --key " + anna_key), std::string::npos)
      << wrong.err;
  EXPECT_FALSE(Has(c, case_id));  // nothing was synced

  // Adding the address again with the right key updates the one peer.
  auto again = c.Run({"peer", "add", address, "--key", anna_key});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("Updated peer"), std::string::npos) << again.out;
  auto synced = c.Run({"sync", address});
  EXPECT_EQ(synced.exit_code, 0) << synced.err;
  EXPECT_NE(synced.out.find("Synced with anna in Utrecht at " + address), std::string::npos)
      << synced.out;
  EXPECT_TRUE(Has(c, case_id));
  auto listed = c.Run({"peer", "list"});
  EXPECT_EQ(std::count(listed.out.begin(), listed.out.end(), '\n'), 2) << listed.out;
  EXPECT_NE(listed.out.find("anna in Utrecht"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("last synced"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("never synced"), std::string::npos) << listed.out;
  EXPECT_EQ(a_serve.Stop(), 0);
}

// Issue 13 #2: `kring serve` says how to reach it — fingerprint, addresses, and the exact line
// a colleague types; that line, pasted as printed, works.
TEST_F(SyncCliTest, ServeSaysHowToReachItAndItsLineWorksAsPrinted) {
  KringNode a = MakeNode("anna"), b = MakeNode("bram");
  CreateGroup(a, {&b});
  const std::string out_file = dir_.File("serve.out");
  const int out = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  ASSERT_GE(out, 0);
  const pid_t serve = testing::SpawnChild(
      KRING_BINARY, {"--home", a.home(), "serve", "--listen", "127.0.0.1:0", "--accept-only"},
      {{"KRING_PASSPHRASE", kPass}}, testing::ChildIo{-1, out, -1, std::nullopt});
  ::close(out);
  std::string printed;
  for (int i = 0; i < 200 && printed.find("--key") == std::string::npos; ++i) {
    ::usleep(50'000);
    printed = testing::ReadFile(out_file);
  }
  const std::string fingerprint = Open(a)->fingerprint();
  EXPECT_NE(printed.find("fingerprint " + fingerprint), std::string::npos) << printed;
  EXPECT_NE(printed.find("(from this machine only)"), std::string::npos) << printed;
  const size_t at = printed.find("kring peer add ");
  ASSERT_NE(at, std::string::npos) << printed;
  std::istringstream line(printed.substr(at, printed.find('\n', at) - at));
  std::vector<std::string> words;
  for (std::string word; line >> word;) words.push_back(word);
  ASSERT_EQ(words.size(), 6u) << printed;  // kring peer add ADDRESS --key FINGERPRINT
  EXPECT_EQ(words[5], fingerprint);
  Ok(b, std::vector<std::string>(words.begin() + 1, words.end()));
  auto synced = b.Run({"sync"});
  EXPECT_EQ(synced.exit_code, 0) << synced.err;
  EXPECT_NE(synced.out.find("Synced with anna in Utrecht"), std::string::npos) << synced.out;
  ::kill(serve, SIGTERM);
  int status = 0;
  ::waitpid(serve, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
}

TEST_F(SyncCliTest, ARemovedMemberIsRefusedAndGetsNothingNew) {
  KringNode a = MakeNode("anna"), b = MakeNode("bram"), c = MakeNode("carla");
  CreateGroup(a, {&b, &c});
  ServeProcess a_serve(a);
  ASSERT_TRUE(a_serve.Start());
  Ok(b, {"peer", "add", a_serve.address()});
  Ok(c, {"peer", "add", a_serve.address()});
  Ok(b, {"sync"});
  Ok(c, {"sync"});
  ASSERT_TRUE(a_serve.Stop() == 0);

  Ok(a, {"group", "remove", "Utrecht", "carla"});
  ASSERT_TRUE(a_serve.Start());
  Ok(b, {"peer", "remove", "1"});
  Ok(b, {"peer", "add", a_serve.address()});
  Ok(b, {"sync"});  // B learns of the removal and the new key
  const std::string secret = Share(b, "Na het vertrek van Carla");
  ServeProcess b_serve(b);
  ASSERT_TRUE(b_serve.Start());
  Ok(c, {"peer", "add", b_serve.address()});

  auto refused = c.Run({"sync"});
  EXPECT_EQ(refused.exit_code, 3) << refused.out << refused.err;
  EXPECT_NE(refused.err.find("not a member"), std::string::npos) << refused.err;
  EXPECT_FALSE(Has(c, secret));
  EXPECT_FALSE(CanRead(c, secret));
  EXPECT_NE(b_serve.Log().find("not a member"), std::string::npos) << b_serve.Log();
  EXPECT_EQ(a_serve.Stop(), 0);
  EXPECT_EQ(b_serve.Stop(), 0);
}

// Many entries: the author writes reviews of one case in one go (in-process, fast).
void WriteReviews(const KringNode& who, const std::string& case_id, int count) {
  auto opened = Node::Open(who.home(), kPass);
  ASSERT_TRUE(opened.ok());
  Node& node = **opened;
  GroupBook book(node);
  auto id = book.Resolve("Utrecht");
  ASSERT_TRUE(id.ok());
  auto group = book.Load(*id);
  ASSERT_TRUE(group.ok());
  pb::ReviewBody body = testing::SampleReview();
  body.set_strengths(std::string(900, 'x'));
  std::vector<pb::Entry> entries;
  for (int i = 0; i < count; ++i) {
    auto review = WriteReview(group->ledger, group->keys, book.Me(), node.signing_secret_key(),
                              case_id, body, static_cast<uint64_t>(NowMillis()));
    ASSERT_TRUE(review.ok()) << review.status().message();
    entries.push_back(std::move(review).value());
  }
  Status appended = book.Append(*group, entries);
  ASSERT_TRUE(appended.ok()) << appended.message();
}

// Entries stored so far, read from the database file directly (another process is writing).
int64_t RawEntryCount(const std::string& home) {
  auto db = Database::Open(DatabasePath(home), false);
  if (!db.ok()) return -1;
  auto stmt = (*db)->Prepare("SELECT count(*) FROM entries");
  if (!stmt.ok()) return -1;
  auto row = stmt->Step();
  return row.ok() && *row ? stmt->ColumnInt(0) : -1;
}

TEST_F(SyncCliTest, ASyncCutMidTransferResumesAndLeavesASoundStore) {
  KringNode a = MakeNode("anna"), b = MakeNode("bram");
  CreateGroup(a, {&b});
  const std::string case_id = Share(a, "Veel reviews");
  constexpr int kReviews = 20000;
  WriteReviews(a, case_id, kReviews);
  const int64_t total = EntryCount(a);
  ServeProcess a_serve(a);
  ASSERT_TRUE(a_serve.Start());
  Ok(b, {"peer", "add", a_serve.address()});

  // Start the sync in the background and kill the server once some batches are stored.
  const pid_t sync = testing::SpawnProcess(KRING_BINARY, {"--home", b.home(), "sync"},
                                           {{"KRING_PASSPHRASE", kPass}});
  int64_t seen = 0;
  for (int i = 0; i < 20000 && a_serve.running(); ++i) {
    seen = RawEntryCount(b.home());
    if (seen > 1000) a_serve.Kill();
    ::usleep(2000);
  }
  int status = 0;
  ::waitpid(sync, &status, 0);
  ASSERT_FALSE(a_serve.running()) << "the transfer never reached 1000 entries";
  const int64_t after_cut = RawEntryCount(b.home());
  EXPECT_GT(after_cut, 0);
  if (after_cut < total) {
    EXPECT_EQ(WEXITSTATUS(status), 3);  // the peer failed mid-sync
  }

  ASSERT_TRUE(a_serve.Start());
  Ok(b, {"peer", "remove", "1"});
  Ok(b, {"peer", "add", a_serve.address()});
  auto resumed = b.Run({"sync"});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(EntryCount(b), total);
  // Only what was missing moved the second time.
  // "Utrecht: received 1 case and 19,000 reviews; sent nothing": the counts add up to the rest.
  const size_t from = resumed.out.find("Utrecht: received ");
  ASSERT_NE(from, std::string::npos) << resumed.out;
  const std::string received = resumed.out.substr(from, resumed.out.find(';', from) - from);
  auto digit = [&](size_t at) {
    return at < received.size() && std::isdigit(static_cast<unsigned char>(received[at]));
  };
  int64_t moved = 0;
  for (size_t i = 0; i < received.size();) {
    if (!digit(i)) {
      ++i;
      continue;
    }
    std::string number;  // without the thousands separators of "19,000"
    for (; digit(i) || (i < received.size() && received[i] == ',' && digit(i + 1)); ++i) {
      if (received[i] != ',') number.push_back(received[i]);
    }
    moved += std::stoll(number);
  }
  EXPECT_EQ(moved, total - after_cut) << resumed.out << " after cut: " << after_cut;
  auto node = Open(b);
  EXPECT_TRUE(node->store().CheckIntegrity().ok());
  EXPECT_EQ(a_serve.Stop(), 0);
}

// ---------------------------------------------------------------------- hostile client

class HostileClient {
 public:
  HostileClient(Node& node, uint16_t port) : node_(node), port_(port) {}

  // Connects with the node's real key, sends `messages` raw, and returns what came back
  // (decoded replies, or the error that ended the channel).
  std::vector<std::string> Run(std::vector<std::string> messages) {
    std::vector<std::string> seen;
    asio::io_context io;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          ChannelOptions options;
          options.identity = std::make_shared<SigningKeyPair>(
              SigningKeyPair{node_.signing_public_key(), node_.signing_secret_key().Clone()});
          options.accept_peer = [](std::string_view) { return true; };
          options.idle_timeout = std::chrono::seconds(10);
          auto channel = co_await Dial("127.0.0.1", port_, options);
          if (!channel.ok()) {
            seen.push_back("dial: " + channel.status().message());
            co_return;
          }
          for (const std::string& message : messages) {
            Status sent = co_await (*channel)->Send(message);
            if (!sent.ok()) break;
          }
          (void)co_await (*channel)->Close();
          for (;;) {
            auto got = co_await (*channel)->Receive();
            if (!got.ok()) {
              seen.push_back("error: " + got.status().message());
              break;
            }
            if (!got->has_value()) break;
            pb::SyncMessage message;
            if (message.ParseFromString(**got)) {
              seen.push_back(message.has_error() ? "refused: " + message.error().reason()
                                                 : message.ShortDebugString());
            }
          }
        },
        asio::detached);
    io.run();
    return seen;
  }

 private:
  Node& node_;
  uint16_t port_;
};

std::string Wrap(const pb::SyncMessage& message) { return message.SerializeAsString(); }

pb::SyncMessage Hello(const std::vector<std::string>& groups) {
  pb::SyncMessage m;
  m.mutable_hello()->set_version(1);
  for (const auto& g : groups) m.mutable_hello()->add_groups(g);
  return m;
}
pb::SyncMessage Sketch(const std::string& group, std::string key, uint64_t begin, uint64_t count) {
  pb::SyncMessage m;
  m.mutable_sketch_request()->set_group_id(group);
  m.mutable_sketch_request()->set_key(std::move(key));
  m.mutable_sketch_request()->set_begin(begin);
  m.mutable_sketch_request()->set_count(count);
  return m;
}
pb::SyncMessage Accept(const std::vector<std::string>& groups) {
  pb::SyncMessage m;
  m.mutable_accept();
  for (const auto& g : groups) m.mutable_accept()->add_groups(g);
  return m;
}
pb::SyncMessage Entries(const std::string& group, const std::vector<pb::Entry>& entries) {
  pb::SyncMessage m;
  m.mutable_entries()->set_group_id(group);
  for (const auto& e : entries) m.mutable_entries()->add_entries(e.SerializeAsString());
  return m;
}

bool AnyContains(const std::vector<std::string>& lines, const std::string& text) {
  for (const auto& line : lines) {
    if (line.find(text) != std::string::npos) return true;
  }
  return false;
}
std::string Joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

TEST_F(SyncCliTest, HostileMemberIsRefusedNothingInvalidIsStoredAndTheNodeKeepsServing) {
  KringNode a = MakeNode("anna"), b = MakeNode("bram"), m = MakeNode("mallory");
  CreateGroup(a, {&b, &m});
  // Mallory also runs a group of her own that A is not in.
  Ok(m, {"group", "create", "Eigen"});
  ServeProcess a_serve(a);
  ASSERT_TRUE(a_serve.Start());
  Ok(m, {"peer", "add", a_serve.address()});
  Ok(m, {"sync"});
  const int64_t before = EntryCount(a);

  auto mallory = Open(m);
  GroupBook book(*mallory);
  const std::string utrecht = GroupId(*mallory);
  auto other_id = book.Resolve("Eigen");
  ASSERT_TRUE(other_id.ok());
  auto utrecht_group = book.Load(utrecht);
  auto other_group = book.Load(*other_id);
  ASSERT_TRUE(utrecht_group.ok() && other_group.ok());
  HostileClient client(*mallory, a_serve.port());
  const auto now = static_cast<uint64_t>(NowMillis());

  // 1. Garbage after the handshake.
  auto garbage = client.Run({std::string("\xff\x01garbage", 9)});
  EXPECT_TRUE(AnyContains(garbage, "not part of the sync protocol")) << Joined(garbage);

  // 2. Entries of a group that was not agreed (A is not in "Eigen").
  auto other_entries = book.ExportEntries(*other_id);
  ASSERT_TRUE(other_entries.ok());
  auto foreign =
      client.Run({Wrap(Hello({})), Wrap(Accept({})), Wrap(Entries(*other_id, *other_entries))});
  EXPECT_TRUE(AnyContains(foreign, "not agreed")) << Joined(foreign);
  // Offered properly, an unknown group is tried (it could be an invitation), but its chain does
  // not make A a member, so nothing of it is stored.
  (void)client.Run(
      {Wrap(Hello({*other_id})), Wrap(Accept({})), Wrap(Entries(*other_id, *other_entries))});
  EXPECT_TRUE(WaitForLog(a_serve, "do not make you a member")) << a_serve.Log();
  for (const pb::Entry& entry : *other_entries) EXPECT_FALSE(Has(a, EntryId(entry)));

  // 3. Forged and tampered entries in the agreed group.
  auto real = ShareCase(utrecht_group->ledger, utrecht_group->keys, book.Me(),
                        mallory->signing_secret_key(), testing::SampleCase("echt"), now);
  ASSERT_TRUE(real.ok());
  pb::Entry tampered = *real;
  std::string body = tampered.body();
  body[body.size() / 2] ^= 0x01;
  tampered.set_body(body);
  testing::Coach stranger("stranger");
  auto forged = ShareCase(utrecht_group->ledger, utrecht_group->keys, stranger.id(),
                          stranger.secret(), testing::SampleCase("vals"), now);
  pb::Entry forged_entry;
  if (forged.ok()) {
    forged_entry = *forged;
  } else {
    // The writer refuses a non-member; forge by re-signing Mallory's entry with another key.
    forged_entry = *real;
    pb::EntryHeader header;
    header.ParseFromString(forged_entry.header());
    header.set_author_key(stranger.key());
    forged_entry.set_header(header.SerializeAsString());
    forged_entry.set_signature(Sign(stranger.secret(), forged_entry.header()));
  }
  auto bad = client.Run({Wrap(Hello({utrecht})), Wrap(Accept({utrecht})),
                         Wrap(Entries(utrecht, {tampered, forged_entry}))});
  EXPECT_FALSE(AnyContains(bad, "refused:")) << Joined(bad);  // refused one by one, not fatal
  EXPECT_FALSE(Has(a, EntryId(tampered)));
  EXPECT_FALSE(Has(a, EntryId(forged_entry)));
  EXPECT_TRUE(WaitForLog(a_serve, "refused entry " + ShortId(EntryId(tampered)))) << a_serve.Log();

  // 4. An oversized batch.
  std::vector<pb::Entry> many(300, *real);
  auto oversized =
      client.Run({Wrap(Hello({utrecht})), Wrap(Accept({utrecht})), Wrap(Entries(utrecht, many))});
  EXPECT_TRUE(AnyContains(oversized, "at most 256")) << Joined(oversized);
  EXPECT_EQ(EntryCount(a), before);

  // 5. Reconciliation symbols: asked for without agreeing to the scheme, with a bad key, too
  //    many at once, or far beyond any set.
  const std::string key(16, 'k');
  auto unagreed = client.Run(
      {Wrap(Hello({utrecht})), Wrap(Accept({utrecht})), Wrap(Sketch(utrecht, key, 0, 10))});
  EXPECT_TRUE(AnyContains(unagreed, "without agreeing")) << Joined(unagreed);
  pb::SyncMessage riblt_hello = Hello({utrecht});
  riblt_hello.mutable_hello()->add_reconcilers("riblt-v1");
  auto bad_key = client.Run(
      {Wrap(riblt_hello), Wrap(Accept({utrecht})), Wrap(Sketch(utrecht, "short", 0, 10))});
  EXPECT_TRUE(AnyContains(bad_key, "malformed key")) << Joined(bad_key);
  for (auto [begin, count] :
       {std::pair<uint64_t, uint64_t>{0, 10'000'000}, {0, 0}, {uint64_t{1} << 40, 10}}) {
    auto out_of_bounds = client.Run(
        {Wrap(riblt_hello), Wrap(Accept({utrecht})), Wrap(Sketch(utrecht, key, begin, count))});
    EXPECT_TRUE(AnyContains(out_of_bounds, "out of bounds")) << Joined(out_of_bounds);
  }
  // A well-formed request is answered, and the symbols are the group's set.
  auto answered =
      client.Run({Wrap(riblt_hello), Wrap(Accept({utrecht})), Wrap(Sketch(utrecht, key, 0, 8))});
  EXPECT_FALSE(AnyContains(answered, "refused")) << Joined(answered);
  EXPECT_TRUE(AnyContains(answered, "set_size")) << Joined(answered);

  // 6. A stranger's key is refused at the handshake.
  KringNode s = MakeNode("stranger");
  Ok(s, {"peer", "add", a_serve.address()});
  auto stranger_sync = s.Run({"sync"});
  EXPECT_EQ(stranger_sync.exit_code, 3);

  // The node keeps serving a real member.
  Ok(b, {"peer", "add", a_serve.address()});
  auto honest = b.Run({"sync"});
  EXPECT_EQ(honest.exit_code, 0) << honest.err;
  EXPECT_EQ(EntryCount(b), EntryCount(a));
  EXPECT_EQ(a_serve.Stop(), 0);
}

// ---------------------------------------------------------------------- blind relay

TEST_F(SyncCliTest, ABlindRelayForwardsACaseItCannotRead) {
  KringNode a = MakeNode("anna"), c = MakeNode("carla"), r = MakeNode("relay");
  CreateGroup(a, {&c});
  const std::string registration = dir_.File("relay.reg");
  Ok(a, {"group", "register-relay", "Utrecht", IdentityFile(r), "--out", registration});
  auto added = r.Run({"relay", "add", registration});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  auto listed = r.Run({"relay", "list"});
  EXPECT_NE(listed.out.find("2 members"), std::string::npos) << listed.out;
  // A registration for another relay is refused.
  auto wrong = c.Run({"relay", "add", registration});
  EXPECT_EQ(wrong.exit_code, 1) << wrong.err;

  ServeProcess relay(r, {"--relay"});
  ASSERT_TRUE(relay.Start());
  const std::string title = "Vertrouwelijke casus over het teamoverleg";
  const std::string case_id = Share(a, title);
  Ok(a, {"peer", "add", "Utrecht", relay.address()});
  // C has not joined yet: it knows the relay only by address; the relay offers the group.
  Ok(c, {"peer", "add", relay.address()});
  Ok(a, {"sync"});
  auto c_sync = c.Run({"sync"});
  ASSERT_EQ(c_sync.exit_code, 0) << c_sync.err;
  EXPECT_TRUE(CanRead(c, case_id));
  EXPECT_EQ(relay.Stop(), 0);

  // The relay holds the entry but no key.
  EXPECT_TRUE(Has(r, case_id));
  auto node = Open(r);
  GroupBook book(*node);
  auto ids = book.GroupIds();
  ASSERT_TRUE(ids.ok() && ids->size() == 1);
  auto loaded = book.Load(ids->front());
  ASSERT_TRUE(loaded.ok());
  EXPECT_TRUE(loaded->keys.empty());
  auto entries = book.ListEntries(ids->front());
  ASSERT_TRUE(entries.ok());
  GroupView view = BuildGroupView(*loaded, *entries);
  const SharedCaseView* seen = view.FindCase(ToHex(case_id));
  ASSERT_NE(seen, nullptr);
  EXPECT_FALSE(seen->readable);
  for (const auto& file : std::filesystem::recursive_directory_iterator(r.home())) {
    if (!file.is_regular_file()) continue;
    EXPECT_EQ(testing::ReadFile(file.path()).find("teamoverleg"), std::string::npos) << file.path();
  }
}

}  // namespace
}  // namespace kring
