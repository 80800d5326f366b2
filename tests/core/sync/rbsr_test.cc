#include "core/sync/rbsr.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/crypto/crypto.h"
#include "core/sync/rbsr_encoding.h"
#include "core/sync/rbsr_storage.h"

namespace kring::rbsr {
namespace {

class RbsrTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitCrypto()); }
};

std::string Unhex(std::string_view hex) {
  Result<std::string> bytes = FromHex(hex);
  EXPECT_TRUE(bytes.ok()) << hex;
  return bytes.ok() ? *bytes : std::string();
}

struct TestItem {
  uint64_t timestamp;
  std::string id;  // 32 bytes
};

VectorStorage Sealed(const std::vector<TestItem>& items) {
  VectorStorage storage;
  for (const TestItem& item : items) EXPECT_TRUE(storage.Insert(item.timestamp, item.id).ok());
  EXPECT_TRUE(storage.Seal().ok());
  return storage;
}

std::vector<TestItem> LoadItems(const std::string& name) {
  std::ifstream in(std::string(KRING_TEST_DATA_DIR) + "/rbsr/" + name);
  EXPECT_TRUE(in.good()) << name;
  std::vector<TestItem> items;
  std::string line;
  while (std::getline(in, line)) {
    size_t comma = line.find(',');
    if (comma == std::string::npos) continue;
    items.push_back({std::stoull(line.substr(0, comma)), Unhex(line.substr(comma + 1))});
  }
  return items;
}

std::string RandomId(std::mt19937_64& rng) {
  std::string id(kIdSize, '\0');
  for (char& c : id) c = static_cast<char>(rng() & 0xff);
  return id;
}

// Runs a full reconciliation between two in-process reconcilers.
struct Outcome {
  std::vector<std::string> have;
  std::vector<std::string> need;
  size_t round_trips = 0;
  uint64_t bytes = 0;
  size_t largest_client_message = 0;
  size_t largest_server_message = 0;
};

Result<Outcome> Reconcile(const VectorStorage& client_set, const VectorStorage& server_set,
                          ReconcilerOptions client_options = {},
                          ReconcilerOptions server_options = {}) {
  KRING_ASSIGN_OR_RETURN(Reconciler client, Reconciler::Create(&client_set, client_options));
  KRING_ASSIGN_OR_RETURN(Reconciler server, Reconciler::Create(&server_set, server_options));
  Outcome outcome;
  KRING_ASSIGN_OR_RETURN(std::string message, client.Initiate());
  // A correct exchange needs O(log n) rounds, more with small frames; this only stops a bug
  // from hanging the test.
  for (int round = 0; round < 10000; ++round) {
    outcome.bytes += message.size();
    outcome.largest_client_message = std::max(outcome.largest_client_message, message.size());
    KRING_ASSIGN_OR_RETURN(std::string reply, server.Reconcile(message));
    outcome.bytes += reply.size();
    outcome.largest_server_message = std::max(outcome.largest_server_message, reply.size());
    ++outcome.round_trips;
    KRING_ASSIGN_OR_RETURN(std::optional<std::string> next,
                           client.Reconcile(reply, &outcome.have, &outcome.need));
    if (!next) return outcome;
    message = std::move(*next);
  }
  return Status::Network("reconciliation did not finish");
}

// Two sets built from a common part and a part on each side only.
struct Scenario {
  std::vector<TestItem> client;
  std::vector<TestItem> server;
  std::set<std::string> only_client;
  std::set<std::string> only_server;
};

enum class Timestamps { kSpread, kAllEqual, kFewDistinct, kExtremes };

uint64_t PickTimestamp(Timestamps kind, std::mt19937_64& rng, size_t total) {
  switch (kind) {
    case Timestamps::kSpread:
      return 1'677'970'534 + rng() % std::max<size_t>(total, 1);
    case Timestamps::kAllEqual:
      return 1'700'000'000;
    case Timestamps::kFewDistinct:
      return 1'700'000'000 + rng() % 3;
    case Timestamps::kExtremes:
      return (rng() & 1) ? 0 : kInfinity - 1;
  }
  return 0;
}

Scenario MakeScenario(size_t common, size_t client_only, size_t server_only, uint64_t seed,
                      Timestamps kind = Timestamps::kSpread) {
  std::mt19937_64 rng(seed);
  Scenario s;
  const size_t total = common + client_only + server_only;
  for (size_t i = 0; i < total; ++i) {
    TestItem item{PickTimestamp(kind, rng, total), RandomId(rng)};
    if (i < common) {
      s.client.push_back(item);
      s.server.push_back(item);
    } else if (i < common + client_only) {
      s.client.push_back(item);
      s.only_client.insert(item.id);
    } else {
      s.server.push_back(item);
      s.only_server.insert(item.id);
    }
  }
  return s;
}

// Checks that have/need are exactly the set differences, each id reported once.
void ExpectExactDifference(const Scenario& s, const Outcome& outcome) {
  std::set<std::string> have(outcome.have.begin(), outcome.have.end());
  std::set<std::string> need(outcome.need.begin(), outcome.need.end());
  EXPECT_EQ(have.size(), outcome.have.size()) << "an id was reported as 'have' twice";
  EXPECT_EQ(need.size(), outcome.need.size()) << "an id was reported as 'need' twice";
  EXPECT_EQ(have, s.only_client);
  EXPECT_EQ(need, s.only_server);
}

void RunScenario(const Scenario& s, ReconcilerOptions client_options = {},
                 ReconcilerOptions server_options = {}) {
  VectorStorage client_set = Sealed(s.client);
  VectorStorage server_set = Sealed(s.server);
  Result<Outcome> outcome = Reconcile(client_set, server_set, client_options, server_options);
  ASSERT_TRUE(outcome.ok()) << outcome.status().message();
  ExpectExactDifference(s, *outcome);
  if (client_options.frame_size_limit != 0) {
    EXPECT_LE(outcome->largest_client_message, client_options.frame_size_limit);
  }
  if (server_options.frame_size_limit != 0) {
    EXPECT_LE(outcome->largest_server_message, server_options.frame_size_limit);
  }
}

// ------------------------------------------------------------------------------ Encoding

TEST_F(RbsrTest, VarintEncodingMatchesTheSpec) {
  const std::vector<std::pair<uint64_t, std::string>> cases = {
      {0, "00"},
      {1, "01"},
      {2, "02"},
      {127, "7f"},
      {128, "8100"},
      {255, "817f"},
      {256, "8200"},
      {65535, "83ff7f"},
      {65536, "848000"},
      {65537, "848001"},
      {kInfinity, "81ffffffffffffffff7f"},
  };
  for (const auto& [value, hex] : cases) {
    EXPECT_EQ(ToHex(EncodeVarint(value)), hex) << value;
    std::string bytes = Unhex(hex);
    Reader reader(bytes);
    Result<uint64_t> decoded = reader.Varint();
    ASSERT_TRUE(decoded.ok()) << hex;
    EXPECT_EQ(*decoded, value);
    EXPECT_TRUE(reader.empty());
  }
}

TEST_F(RbsrTest, VarintRoundTripsAcrossTheRange) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 10000; ++i) {
    uint64_t value = rng() >> (rng() % 64);
    std::string bytes = EncodeVarint(value);
    Reader reader(bytes);
    Result<uint64_t> decoded = reader.Varint();
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(*decoded, value);
    EXPECT_TRUE(reader.empty());
  }
}

TEST_F(RbsrTest, VarintRejectsTruncationAndOverflow) {
  for (std::string_view hex : {"", "80", "ffff", "81ffffffffffffffff"}) {
    std::string bytes = Unhex(hex);
    Reader reader(bytes);
    Result<uint64_t> decoded = reader.Varint();
    ASSERT_FALSE(decoded.ok()) << hex;
    EXPECT_EQ(decoded.status().code(), Code::kNetwork);
  }
  // 2^64 needs 65 bits.
  std::string too_big = Unhex("82808080808080808000");
  Reader reader(too_big);
  EXPECT_FALSE(reader.Varint().ok());
  // A long run of continuation bytes must not be accepted or wrap around.
  std::string endless(100, static_cast<char>(0xff));
  Reader endless_reader(endless);
  EXPECT_FALSE(endless_reader.Varint().ok());
}

// ---------------------------------------------------------------------------- Fingerprints

TEST_F(RbsrTest, FingerprintOfEmptyRangeIsHashOfZeroSumAndZeroCount) {
  VectorStorage storage = Sealed({});
  std::string expected = Sha256(std::string(32, '\0') + std::string(1, '\0')).substr(0, 16);
  EXPECT_EQ(storage.Fingerprint(0, 0), expected);
}

TEST_F(RbsrTest, FingerprintAddsIdsAsLittleEndianIntegersWithCarry) {
  // ff..ff + 01 00..00 = 2^256 = 0 (mod 2^256); count 2.
  std::string all_ff(32, static_cast<char>(0xff));
  std::string one(32, '\0');
  one[0] = 1;
  VectorStorage wrap = Sealed({{1, all_ff}, {2, one}});
  EXPECT_EQ(ToHex(wrap.Fingerprint(0, 2)),
            ToHex(Sha256(std::string(32, '\0') + "\x02").substr(0, 16)));

  // Carry across the first 64-bit limb: (2^64 - 1) + 1 = 2^64, i.e. byte 8 is 1.
  std::string low_ff(32, '\0');
  for (int i = 0; i < 8; ++i) low_ff[i] = static_cast<char>(0xff);
  VectorStorage carry = Sealed({{5, low_ff}, {6, one}});
  std::string sum(32, '\0');
  sum[8] = 1;
  EXPECT_EQ(ToHex(carry.Fingerprint(0, 2)), ToHex(Sha256(sum + "\x02").substr(0, 16)));

  // A single id: the sum is the id itself; count 300 would be varint 822c, count 1 is 01.
  std::string id = Unhex("0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20");
  VectorStorage single = Sealed({{9, id}});
  EXPECT_EQ(ToHex(single.Fingerprint(0, 1)), ToHex(Sha256(id + "\x01").substr(0, 16)));
}

TEST_F(RbsrTest, FingerprintMatchesPublishedVectors) {
  // From the reference project's Kotlin port (FingerprintTest.kt).
  std::vector<TestItem> items = {
      {1678011277, Unhex("eb6b05c2e3b008592ac666594d78ed83e7b9ab30f825b9b08878128f7500008c")},
      {1678011278, Unhex("39b916432333e069a4386917609215cc688eb99f06fed01aadc29b1b4b92d6f0")},
      {1678011279, Unhex("abc81d58ebe3b9a87100d47f58bf15e9b1cbf62d38623f11d0f0d17179f5f3ba")},
  };
  VectorStorage storage = Sealed(items);
  EXPECT_EQ(ToHex(storage.Fingerprint(0, 1)), "6d74e1212fcafc8a81d090f0ffbde8b0");
  EXPECT_EQ(ToHex(storage.Fingerprint(0, 2)), "96b26d110825d4b1805fc56988a3e65d");
  EXPECT_EQ(ToHex(storage.Fingerprint(0, 3)), "c15ce60f185fd24ae341076caa93daa5");
}

TEST_F(RbsrTest, PrefixSumFingerprintEqualsDirectSumForRandomRanges) {
  std::mt19937_64 rng(11);
  std::vector<TestItem> items;
  for (int i = 0; i < 500; ++i) items.push_back({rng() % 100, RandomId(rng)});
  VectorStorage storage = Sealed(items);
  for (int trial = 0; trial < 300; ++trial) {
    size_t a = rng() % (storage.size() + 1);
    size_t b = rng() % (storage.size() + 1);
    if (a > b) std::swap(a, b);
    Accumulator direct;
    for (size_t i = a; i < b; ++i) direct.Add(storage.item(i).id);
    EXPECT_EQ(storage.Fingerprint(a, b), direct.Fingerprint(b - a));
  }
}

// ----------------------------------------------------------------------------- Storage

TEST_F(RbsrTest, StorageRejectsBadItems) {
  VectorStorage storage;
  EXPECT_EQ(storage.Insert(1, "short").code(), Code::kUsage);
  EXPECT_EQ(storage.Insert(kInfinity, std::string(32, 'a')).code(), Code::kUsage);
  EXPECT_TRUE(storage.Insert(kInfinity - 1, std::string(32, 'a')).ok());
  EXPECT_TRUE(storage.Insert(kInfinity - 1, std::string(32, 'a')).ok());
  EXPECT_EQ(storage.Seal().code(), Code::kUsage);  // duplicate

  VectorStorage sealed = Sealed({{1, std::string(32, 'b')}});
  EXPECT_EQ(sealed.Insert(2, std::string(32, 'c')).code(), Code::kUsage);
  EXPECT_EQ(sealed.Seal().code(), Code::kUsage);
}

TEST_F(RbsrTest, StorageOrdersByTimestampThenId) {
  VectorStorage storage = Sealed({{5, std::string(32, 'b')},
                                  {5, std::string(32, 'a')},
                                  {1, std::string(32, 'z')},
                                  {kInfinity - 1, std::string(32, '\0')},
                                  {0, std::string(32, 'y')}});
  ASSERT_EQ(storage.size(), 5u);
  EXPECT_EQ(storage.item(0).timestamp, 0u);
  EXPECT_EQ(storage.item(1).timestamp, 1u);
  EXPECT_EQ(storage.item(2).IdView(), std::string(32, 'a'));
  EXPECT_EQ(storage.item(3).IdView(), std::string(32, 'b'));
  EXPECT_EQ(storage.item(4).timestamp, kInfinity - 1);
}

TEST_F(RbsrTest, MinimalBoundUsesShortestSeparatingPrefix) {
  Item a{7, {}};
  Item b{7, {}};
  a.id[0] = 0x10;
  a.id[1] = 0x20;
  b.id[0] = 0x10;
  b.id[1] = 0x21;
  Bound bound = MinimalBound(a, b);
  EXPECT_EQ(bound.item.timestamp, 7u);
  EXPECT_EQ(bound.prefix_len, 2u);
  EXPECT_TRUE(a < bound.item);
  EXPECT_FALSE(b < bound.item);

  Item c{8, b.id};
  Bound by_time = MinimalBound(b, c);
  EXPECT_EQ(by_time.prefix_len, 0u);
  EXPECT_EQ(by_time.item.timestamp, 8u);

  // Ids that differ only in the last byte need the whole id.
  Item d{9, {}};
  Item e{9, {}};
  e.id[31] = 1;
  EXPECT_EQ(MinimalBound(d, e).prefix_len, 32u);
}

// ---------------------------------------------------------------------- Published vectors

TEST_F(RbsrTest, InitiateMatchesPublishedVector) {
  VectorStorage storage = Sealed({
      {1678011277, Unhex("eb6b05c2e3b008592ac666594d78ed83e7b9ab30f825b9b08878128f7500008c")},
      {1678011278, Unhex("39b916432333e069a4386917609215cc688eb99f06fed01aadc29b1b4b92d6f0")},
      {1678011279, Unhex("abc81d58ebe3b9a87100d47f58bf15e9b1cbf62d38623f11d0f0d17179f5f3ba")},
  });
  Result<Reconciler> client = Reconciler::Create(&storage);
  ASSERT_TRUE(client.ok());
  Result<std::string> message = client->Initiate();
  ASSERT_TRUE(message.ok());
  EXPECT_EQ(ToHex(*message),
            "6100000203eb6b05c2e3b008592ac666594d78ed83e7b9ab30f825b9b08878128f7500008c39b91643"
            "2333e069a4386917609215cc688eb99f06fed01aadc29b1b4b92d6f0abc81d58ebe3b9a87100d47f58"
            "bf15e9b1cbf62d38623f11d0f0d17179f5f3ba");
  // Talking to an identical set ends at once.
  Result<Reconciler> server = Reconciler::Create(&storage);
  ASSERT_TRUE(server.ok());
  Result<std::string> reply = server->Reconcile(*message);
  ASSERT_TRUE(reply.ok());
  std::vector<std::string> have;
  std::vector<std::string> need;
  Result<std::optional<std::string>> next = client->Reconcile(*reply, &have, &need);
  ASSERT_TRUE(next.ok());
  EXPECT_FALSE(next->has_value());
  EXPECT_TRUE(have.empty());
  EXPECT_TRUE(need.empty());
}

TEST_F(RbsrTest, TwoRoundsMatchPublishedVector) {
  // Sets and messages from the reference project's Kotlin port (NegentropyTwoRoundsTest.kt).
  std::vector<TestItem> client_items = LoadItems("kotlin_client.txt");
  std::vector<TestItem> server_items = LoadItems("kotlin_server.txt");
  ASSERT_EQ(client_items.size(), 30u);
  ASSERT_EQ(server_items.size(), 30u);
  std::ifstream in(std::string(KRING_TEST_DATA_DIR) + "/rbsr/kotlin_two_rounds_messages.txt");
  std::string expected_init;
  std::string expected_reply;
  ASSERT_TRUE(std::getline(in, expected_init) && std::getline(in, expected_reply));

  VectorStorage client_set = Sealed(client_items);
  VectorStorage server_set = Sealed(server_items);
  Result<Reconciler> client = Reconciler::Create(&client_set);
  Result<Reconciler> server = Reconciler::Create(&server_set);
  ASSERT_TRUE(client.ok() && server.ok());
  Result<std::string> init = client->Initiate();
  ASSERT_TRUE(init.ok());
  EXPECT_EQ(ToHex(*init), expected_init);
  Result<std::string> reply = server->Reconcile(*init);
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(ToHex(*reply), expected_reply);

  std::vector<std::string> have;
  std::vector<std::string> need;
  Result<std::optional<std::string>> next = client->Reconcile(*reply, &have, &need);
  ASSERT_TRUE(next.ok());
  EXPECT_FALSE(next->has_value());
  std::set<std::string> have_hex;
  std::set<std::string> need_hex;
  for (const auto& id : have) have_hex.insert(ToHex(id));
  for (const auto& id : need) need_hex.insert(ToHex(id));
  EXPECT_EQ(have_hex, (std::set<std::string>{
                          "f8c2e717ae854234abcd89b852002d52c52101edd690ae305f61d6215ccfd114",
                          "71feb8cdfe5cb5e3a61550b6d41a395f1537721ce7f831cef2ed270390c28785",
                          "8406d9844fb8f5a5baf3a5cd7478afa6e43d7088b4416dc2013a53fa3447ee95",
                          "ed3784f35f4029450f498d8c3f6acc61d90c7706f77ca1f4f75240f49aafe919",
                          "6f8d146c74f5574840e8d82897a757da4b67774eafdd4bc5fdfb3ec6febfccf5",
                          "5144bfaa00b30f7ce4219af75e452c1389ddf2a626390b3f5c96b9c59e5d9f5b"}));
  EXPECT_EQ(need_hex, (std::set<std::string>{
                          "ef3e606c1b9291b7ba1eaa119b431763ae8a41c0da9f60c8df81e6cb85f8fc75",
                          "3ada797b897747c1f6a389025bc03aba5c706f22f7bd60e4a2d9dabcfe21c324",
                          "7d929283afc8830733b84953fcc09a6b7898581cb557aad4e0c0d7382ba7f1a7",
                          "556ea7b8a8e4c8ffadea26e689c7d1fb24e83873e839fa3f94c630ccd5b5567e",
                          "c820f4c1784abda82e640fc20cbfe0f7f0544da4cfe74d382392d73375d2503d",
                          "5650fc157cb1c947b00cee120fd71b6e93dc6dfdb87f092f3d0c52b31d74675c"}));
}

// --------------------------------------------------------------------- Set reconciliation

struct SizeCase {
  size_t common;
  size_t client_only;
  size_t server_only;
};

class RbsrSizesTest : public RbsrTest, public ::testing::WithParamInterface<SizeCase> {};

TEST_P(RbsrSizesTest, ReportsExactlyTheDifference) {
  const SizeCase c = GetParam();
  uint64_t seed = c.common * 1000003 + c.client_only * 101 + c.server_only;
  RunScenario(MakeScenario(c.common, c.client_only, c.server_only, seed));
}

INSTANTIATE_TEST_SUITE_P(
    Overlaps, RbsrSizesTest,
    ::testing::Values(SizeCase{0, 0, 0},                           // both empty
                      SizeCase{0, 1, 0}, SizeCase{0, 0, 1},        // a single item
                      SizeCase{0, 5000, 0}, SizeCase{0, 0, 5000},  // one side empty
                      SizeCase{0, 3000, 3000},                     // disjoint
                      SizeCase{1, 0, 0}, SizeCase{31, 0, 0}, SizeCase{32, 0, 0}, SizeCase{33, 0, 0},
                      SizeCase{10000, 0, 0},  // equal
                      SizeCase{31, 1, 0}, SizeCase{32, 0, 1}, SizeCase{512, 3, 3},
                      SizeCase{9900, 50, 50},        // 1% different
                      SizeCase{9000, 500, 500},      // 10% different
                      SizeCase{2000, 2000, 2000},    // mostly different
                      SizeCase{100000, 500, 500}));  // large, 1%

TEST_F(RbsrTest, RandomSetsOfManySizes) {
  std::mt19937_64 rng(2024);
  for (int trial = 0; trial < 40; ++trial) {
    size_t common = rng() % 3000;
    size_t client_only = rng() % 100;
    size_t server_only = rng() % 100;
    SCOPED_TRACE(testing::Message() << common << "/" << client_only << "/" << server_only);
    RunScenario(MakeScenario(common, client_only, server_only, rng()));
  }
}

TEST_F(RbsrTest, IdenticalTimestampsNeedIdPrefixBounds) {
  RunScenario(MakeScenario(5000, 40, 60, 1, Timestamps::kAllEqual));
  RunScenario(MakeScenario(5000, 40, 60, 2, Timestamps::kFewDistinct));
}

TEST_F(RbsrTest, IdsSharingLongPrefixesAtOneTimestamp) {
  // Ids that differ only in their last bytes force 31- and 32-byte bound prefixes.
  Scenario s;
  for (int i = 0; i < 600; ++i) {
    std::string id(32, '\x42');
    id[30] = static_cast<char>(i / 256);
    id[31] = static_cast<char>(i % 256);
    TestItem item{1000, id};
    if (i % 50 == 0) {
      s.client.push_back(item);
      s.only_client.insert(id);
    } else if (i % 50 == 1) {
      s.server.push_back(item);
      s.only_server.insert(id);
    } else {
      s.client.push_back(item);
      s.server.push_back(item);
    }
  }
  RunScenario(s);
}

TEST_F(RbsrTest, TimestampsAtZeroAndTheLargestAllowed) {
  RunScenario(MakeScenario(3000, 30, 30, 3, Timestamps::kExtremes));
  RunScenario(MakeScenario(0, 1, 1, 4, Timestamps::kExtremes));
}

// ----------------------------------------------------------------------- Frame-size limits

TEST_F(RbsrTest, FrameSizeLimitBoundsEveryMessage) {
  ReconcilerOptions limited;
  limited.frame_size_limit = kMinFrameSizeLimit;
  RunScenario(MakeScenario(10000, 1000, 1000, 5), limited, limited);
  RunScenario(MakeScenario(0, 3000, 4000, 6), limited, limited);
  RunScenario(MakeScenario(20000, 0, 0, 7), limited, limited);
  RunScenario(MakeScenario(3000, 500, 500, 8, Timestamps::kAllEqual), limited, limited);
}

TEST_F(RbsrTest, SmallFramesNeverReportAnIdTwice) {
  // With small frames a server that runs out of room re-opens ranges the client had already
  // settled; the client must still report each id exactly once (ExpectExactDifference checks).
  ReconcilerOptions limited;
  limited.frame_size_limit = kMinFrameSizeLimit;
  for (uint64_t seed = 0; seed < 6; ++seed) {
    SCOPED_TRACE(seed);
    RunScenario(MakeScenario(0, 3000, 4000, 100 + seed), limited, limited);
    RunScenario(MakeScenario(5000, 1000, 1000, 200 + seed), limited, limited);
  }
}

TEST_F(RbsrTest, DifferentFrameSizeLimitsOnEachSide) {
  ReconcilerOptions client;
  client.frame_size_limit = 60000;
  ReconcilerOptions server;
  server.frame_size_limit = 5000;
  RunScenario(MakeScenario(30000, 3000, 3000, 9), client, server);
  RunScenario(MakeScenario(30000, 3000, 3000, 10), server, client);
  RunScenario(MakeScenario(30000, 3000, 3000, 11), ReconcilerOptions{}, server);
}

TEST_F(RbsrTest, FrameSizeLimitBelowMinimumIsRefused) {
  VectorStorage storage = Sealed({});
  ReconcilerOptions options;
  options.frame_size_limit = kMinFrameSizeLimit - 1;
  Result<Reconciler> reconciler = Reconciler::Create(&storage, options);
  ASSERT_FALSE(reconciler.ok());
  EXPECT_EQ(reconciler.status().code(), Code::kUsage);
}

// ------------------------------------------------------------------- Tuned split parameters

TEST_F(RbsrTest, TunedSplittingInteroperatesWithDefaults) {
  ReconcilerOptions tuned;
  tuned.buckets = 4;
  tuned.id_list_threshold = 4;
  RunScenario(MakeScenario(20000, 200, 200, 12), tuned, ReconcilerOptions{});
  RunScenario(MakeScenario(20000, 200, 200, 13), ReconcilerOptions{}, tuned);
  RunScenario(MakeScenario(20000, 200, 200, 14), tuned, tuned);
  RunScenario(MakeScenario(100000, 500, 500, 16), SyncTunedOptions(), SyncTunedOptions());
  RunScenario(MakeScenario(30000, 1500, 1500, 17), SyncTunedOptions(kMinFrameSizeLimit),
              ReconcilerOptions{});
  ReconcilerOptions binary;
  binary.buckets = 2;
  binary.id_list_threshold = 2;
  binary.frame_size_limit = kMinFrameSizeLimit;
  RunScenario(MakeScenario(5000, 300, 300, 15, Timestamps::kFewDistinct), binary, binary);
}

TEST_F(RbsrTest, InvalidSplitParametersAreRefused) {
  VectorStorage storage = Sealed({});
  ReconcilerOptions one_bucket;
  one_bucket.buckets = 1;
  EXPECT_FALSE(Reconciler::Create(&storage, one_bucket).ok());
  ReconcilerOptions low_threshold;
  low_threshold.buckets = 16;
  low_threshold.id_list_threshold = 8;
  EXPECT_FALSE(Reconciler::Create(&storage, low_threshold).ok());
  VectorStorage unsealed;
  EXPECT_FALSE(Reconciler::Create(&unsealed).ok());
}

// -------------------------------------------------------------------------- Roles, versions

TEST_F(RbsrTest, RolesCannotBeMixedUp) {
  VectorStorage storage = Sealed({{1, std::string(32, 'a')}});
  Result<Reconciler> client = Reconciler::Create(&storage);
  ASSERT_TRUE(client.ok());
  ASSERT_TRUE(client->Initiate().ok());
  EXPECT_FALSE(client->Initiate().ok());
  EXPECT_EQ(client->Reconcile(std::string("\x61")).status().code(), Code::kUsage);

  Result<Reconciler> server = Reconciler::Create(&storage);
  ASSERT_TRUE(server.ok());
  std::vector<std::string> have;
  std::vector<std::string> need;
  EXPECT_EQ(server->Reconcile(std::string("\x61"), &have, &need).status().code(), Code::kUsage);
}

TEST_F(RbsrTest, ServerAnswersUnknownVersionWithItsOwn) {
  VectorStorage storage = Sealed({{1, std::string(32, 'a')}});
  Result<Reconciler> server = Reconciler::Create(&storage);
  ASSERT_TRUE(server.ok());
  Result<std::string> reply = server->Reconcile(Unhex("62aabbccddeeff"));
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(ToHex(*reply), "61");
  Result<std::string> old = server->Reconcile(Unhex("6000000200"));
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(ToHex(*old), "61");
}

TEST_F(RbsrTest, ClientRefusesAServerOfAnotherVersionClearly) {
  VectorStorage storage = Sealed({{1, std::string(32, 'a')}});
  Result<Reconciler> client = Reconciler::Create(&storage);
  ASSERT_TRUE(client.ok());
  ASSERT_TRUE(client->Initiate().ok());
  std::vector<std::string> have;
  std::vector<std::string> need;
  auto result = client->Reconcile(Unhex("62"), &have, &need);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), Code::kNetwork);
  EXPECT_NE(result.status().message().find("version 2"), std::string::npos)
      << result.status().message();
}

// --------------------------------------------------------------------------- Hostile input

// Feeds `hex` to a fresh server and a fresh client over a 2000-item set; expects a kNetwork
// error from both.
void ExpectRejected(std::string_view hex, std::string_view why,
                    std::string_view expected_text = "") {
  SCOPED_TRACE(why);
  Scenario s = MakeScenario(2000, 0, 0, 99);
  VectorStorage storage = Sealed(s.client);
  std::string message = Unhex(hex);
  Result<Reconciler> server = Reconciler::Create(&storage);
  ASSERT_TRUE(server.ok());
  Result<std::string> reply = server->Reconcile(message);
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.status().code(), Code::kNetwork);
  EXPECT_NE(reply.status().message().find(expected_text), std::string::npos)
      << reply.status().message();

  Result<Reconciler> client = Reconciler::Create(&storage);
  ASSERT_TRUE(client.ok());
  ASSERT_TRUE(client->Initiate().ok());
  std::vector<std::string> have;
  std::vector<std::string> need;
  auto next = client->Reconcile(message, &have, &need);
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.status().code(), Code::kNetwork);
}

TEST_F(RbsrTest, HostileMessagesAreRefused) {
  ExpectRejected("", "empty message");
  ExpectRejected("00", "not a version byte");
  ExpectRejected("ff0000", "not a version byte");
  ExpectRejected(
      "61"
      "80",
      "truncated timestamp varint");
  ExpectRejected(
      "61"
      "00",
      "bound without id-prefix length");
  ExpectRejected(
      "61"
      "00"
      "05"
      "aabb",
      "id prefix shorter than claimed");
  ExpectRejected(
      "61"
      "00"
      "21" +
          std::string(66, 'a') + "00",
      "id prefix of 33 bytes", "more than 32");
  ExpectRejected(
      "61"
      "00"
      "00",
      "range without mode");
  ExpectRejected(
      "61"
      "00"
      "00"
      "03",
      "unknown mode", "unknown mode 3");
  ExpectRejected(
      "61"
      "00"
      "00"
      "7f",
      "unknown mode");
  ExpectRejected(
      "61"
      "00"
      "00"
      "01"
      "aabbcc",
      "truncated fingerprint");
  ExpectRejected(
      "61"
      "00"
      "00"
      "02",
      "id list without a count");
  ExpectRejected(
      "61"
      "00"
      "00"
      "02"
      "02" +
          std::string(64, '1'),
      "fewer ids than claimed");
  ExpectRejected(
      "61"
      "00"
      "00"
      "02"
      "8080808080808001",
      "huge id count", "claims");
  ExpectRejected(
      "61"
      "00"
      "00"
      "02"
      "81ffffffffffffffff7f",
      "id count of 2^64-1");
  ExpectRejected(
      "61"
      "00"
      "00"
      "02"
      "00"
      "05"
      "aa",
      "trailing garbage after the last range");
  // Bounds going backwards: (ts 100) then (ts 50 via a wrapping delta is impossible, so use an id
  // prefix): ts 100 prefix ff, then ts 100 (delta 0) prefix 01.
  ExpectRejected(
      "61"
      "65"
      "01"
      "ff"
      "00"
      "01"
      "01"
      "01"
      "00",
      "bounds going backwards", "out of order");
  ExpectRejected(
      "61"
      "ffffffffffffffffffffff7f"
      "00"
      "00",
      "timestamp varint overflow");
}

TEST_F(RbsrTest, HugeClaimsDoNotAllocate) {
  // An id list claiming 2^56 ids must be refused from the count alone, before any allocation.
  std::string message = Unhex("61000002");
  AppendVarint(uint64_t{1} << 56, &message);
  message += std::string(64, 'x');
  VectorStorage storage = Sealed({});
  Result<Reconciler> server = Reconciler::Create(&storage);
  ASSERT_TRUE(server.ok());
  Result<std::string> reply = server->Reconcile(message);
  ASSERT_FALSE(reply.ok());
  EXPECT_NE(reply.status().message().find("claims"), std::string::npos);
}

TEST_F(RbsrTest, DuplicateIdsFromAHostileServerAreReportedOnce) {
  VectorStorage storage = Sealed({});
  Result<Reconciler> client = Reconciler::Create(&storage);
  ASSERT_TRUE(client.ok());
  ASSERT_TRUE(client->Initiate().ok());
  std::string id(32, '\x07');
  std::string reply = Unhex("6100000203") + id + id + id;
  std::vector<std::string> have;
  std::vector<std::string> need;
  auto next = client->Reconcile(reply, &have, &need);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(need, std::vector<std::string>{id});
}

TEST_F(RbsrTest, EveryTruncationOfARealMessageIsHandled) {
  Scenario s = MakeScenario(3000, 100, 100, 21);
  VectorStorage client_set = Sealed(s.client);
  VectorStorage server_set = Sealed(s.server);
  Result<Reconciler> client = Reconciler::Create(&client_set);
  Result<Reconciler> server = Reconciler::Create(&server_set);
  ASSERT_TRUE(client.ok() && server.ok());
  Result<std::string> init = client->Initiate();
  ASSERT_TRUE(init.ok());
  Result<std::string> reply = server->Reconcile(*init);
  ASSERT_TRUE(reply.ok());
  for (const std::string* message : {&*init, &*reply}) {
    for (size_t cut = 0; cut < message->size(); ++cut) {
      std::string truncated = message->substr(0, cut);
      Result<Reconciler> fresh_server = Reconciler::Create(&server_set);
      ASSERT_TRUE(fresh_server.ok());
      // A cut that falls between two ranges is a valid (shorter) message; any other cut must
      // be an error. Neither may crash.
      Result<std::string> answer = fresh_server->Reconcile(truncated);
      if (!answer.ok()) {
        EXPECT_EQ(answer.status().code(), Code::kNetwork);
      }
    }
  }
}

TEST_F(RbsrTest, RandomAndMutatedMessagesNeverCrash) {
  std::mt19937_64 rng(31337);
  Scenario s = MakeScenario(2000, 50, 50, 22);
  VectorStorage client_set = Sealed(s.client);
  VectorStorage server_set = Sealed(s.server);
  Result<Reconciler> seed_client = Reconciler::Create(&client_set);
  ASSERT_TRUE(seed_client.ok());
  Result<std::string> init = seed_client->Initiate();
  ASSERT_TRUE(init.ok());
  ReconcilerOptions limited;
  limited.frame_size_limit = kMinFrameSizeLimit;
  for (int trial = 0; trial < 3000; ++trial) {
    std::string message;
    if (trial % 2 == 0) {
      message = *init;
      int flips = 1 + static_cast<int>(rng() % 8);
      for (int f = 0; f < flips; ++f) {
        message[rng() % message.size()] ^= static_cast<char>(1 << (rng() % 8));
      }
    } else {
      message = "\x61";
      size_t len = rng() % 200;
      for (size_t i = 0; i < len; ++i) message.push_back(static_cast<char>(rng() & 0xff));
    }
    ReconcilerOptions options = (trial % 3 == 0) ? limited : ReconcilerOptions{};
    Result<Reconciler> server = Reconciler::Create(&server_set, options);
    ASSERT_TRUE(server.ok());
    Result<std::string> reply = server->Reconcile(message);
    if (reply.ok() && options.frame_size_limit != 0) {
      EXPECT_LE(reply->size(), options.frame_size_limit);
    }
    Result<Reconciler> client = Reconciler::Create(&client_set, options);
    ASSERT_TRUE(client.ok());
    ASSERT_TRUE(client->Initiate().ok());
    std::vector<std::string> have;
    std::vector<std::string> need;
    auto next = client->Reconcile(message, &have, &need);
    if (!next.ok()) {
      EXPECT_EQ(next.status().code(), Code::kNetwork);
    }
  }
}

}  // namespace
}  // namespace kring::rbsr
