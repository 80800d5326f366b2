#include "core/sync/riblt.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <set>

#include "core/crypto/crypto.h"

namespace kring::riblt {
namespace {

std::string RandomId(std::mt19937_64& rng) {
  std::string id(kIdBytes, '\0');
  for (char& c : id) c = static_cast<char>(rng() & 0xff);
  return id;
}

struct Sets {
  std::vector<std::string> client, server;
  std::set<std::string> only_client, only_server;
};

Sets MakeSets(uint64_t seed, size_t common, size_t only_client, size_t only_server) {
  std::mt19937_64 rng(seed);
  Sets s;
  for (size_t i = 0; i < common; ++i) {
    std::string id = RandomId(rng);
    s.client.push_back(id);
    s.server.push_back(id);
  }
  for (size_t i = 0; i < only_client; ++i) {
    s.only_client.insert(RandomId(rng));
  }
  for (size_t i = 0; i < only_server; ++i) {
    s.only_server.insert(RandomId(rng));
  }
  s.client.insert(s.client.end(), s.only_client.begin(), s.only_client.end());
  s.server.insert(s.server.end(), s.only_server.begin(), s.only_server.end());
  std::shuffle(s.client.begin(), s.client.end(), rng);
  return s;
}

struct Outcome {
  std::set<std::string> have, need;
  size_t rounds = 0;
  size_t bytes = 0;
};

// The whole exchange as the sync session runs it, through the wire encoding.
Outcome Reconcile(const Sets& s, DecoderOptions options = {}) {
  const std::string key = RandomBytes(kKeyBytes);
  auto server = HashIds(key, s.server);
  EXPECT_TRUE(server.ok());
  auto decoder = Decoder::Create(key, s.client, options);
  EXPECT_TRUE(decoder.ok()) << decoder.status().message();
  Outcome out;
  while (!decoder->done()) {
    auto request = decoder->NextRequest();
    EXPECT_TRUE(request.ok()) << request.status().message();
    if (!request.ok()) return out;
    std::string wire = EncodeSymbols(Encode(*server, request->begin, request->count));
    out.bytes += wire.size() + 40;  // plus the request and the set size
    auto symbols = DecodeSymbols(wire, request->count);
    EXPECT_TRUE(symbols.ok());
    Status added = decoder->Add(s.server.size(), *symbols);
    EXPECT_TRUE(added.ok()) << added.message();
    if (!added.ok()) return out;
    ++out.rounds;
  }
  for (auto& id : decoder->have()) EXPECT_TRUE(out.have.insert(id).second);
  for (auto& id : decoder->need()) EXPECT_TRUE(out.need.insert(id).second);
  return out;
}

class RibltTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitCrypto()); }
};

TEST_F(RibltTest, FindsExactlyTheDifferenceForManyShapes) {
  struct Shape {
    size_t common, only_client, only_server;
  };
  for (Shape shape :
       {Shape{0, 0, 0}, Shape{1000, 0, 0}, Shape{0, 1, 0}, Shape{0, 0, 1}, Shape{0, 300, 0},
        Shape{0, 0, 300}, Shape{0, 200, 300}, Shape{5000, 1, 1}, Shape{5000, 25, 25},
        Shape{5000, 500, 0}, Shape{20000, 100, 100}, Shape{2000, 1000, 1000}}) {
    for (uint64_t seed : {1, 2, 3}) {
      Sets s = MakeSets(seed, shape.common, shape.only_client, shape.only_server);
      Outcome out = Reconcile(s);
      EXPECT_EQ(out.have, s.only_client) << shape.common << "/" << shape.only_client << "/"
                                         << shape.only_server << " seed " << seed;
      EXPECT_EQ(out.need, s.only_server) << shape.common << "/" << shape.only_client << "/"
                                         << shape.only_server << " seed " << seed;
    }
  }
}

TEST_F(RibltTest, EqualSetsFinishInOneRound) {
  Sets s = MakeSets(7, 10000, 0, 0);
  Outcome out = Reconcile(s);
  EXPECT_EQ(out.rounds, 1u);
  EXPECT_TRUE(out.have.empty());
  EXPECT_TRUE(out.need.empty());
}

// The point of the scheme: bytes grow with the difference, not with the sets. 1% of 20k differs
// (200 ids = 6,400 bytes at 32 bytes each); the exchange stays well under 3x that.
TEST_F(RibltTest, BytesFollowTheDifference) {
  Sets s = MakeSets(11, 19800, 100, 100);
  Outcome out = Reconcile(s);
  EXPECT_EQ(out.have.size() + out.need.size(), 200u);
  EXPECT_LT(out.bytes, 3u * 200 * 32);
}

TEST_F(RibltTest, SmallRequestsStillDecode) {
  Sets s = MakeSets(5, 3000, 400, 400);
  DecoderOptions options;
  options.max_request = 100;
  Outcome out = Reconcile(s, options);
  EXPECT_EQ(out.have, s.only_client);
  EXPECT_EQ(out.need, s.only_server);
  EXPECT_GT(out.rounds, 10u);
}

TEST_F(RibltTest, IndexWalkVisitsIndexWithProbabilityOneOverOnePlusHalfIndex) {
  std::mt19937_64 rng(3);
  constexpr int kWalks = 20000;
  std::vector<int> hits(64, 0);
  for (int w = 0; w < kWalks; ++w) {
    for (IndexWalk walk(rng()); walk.index() < hits.size(); walk.Next()) ++hits[walk.index()];
  }
  for (size_t i : {0u, 1u, 2u, 10u, 63u}) {
    const double expected = kWalks / (1.0 + i / 2.0);
    EXPECT_NEAR(hits[i], expected, 5 * std::sqrt(expected) + 1) << "index " << i;
  }
}

TEST_F(RibltTest, WalkStepsStrictlyForwardEvenAtTheExtremes) {
  for (uint64_t state : {uint64_t{0}, uint64_t{1}, ~uint64_t{0}, uint64_t{1} << 63}) {
    IndexWalk walk(state);
    uint64_t last = walk.index();
    for (int i = 0; i < 100; ++i) {
      walk.Next();
      if (walk.index() == std::numeric_limits<uint64_t>::max()) break;
      EXPECT_GT(walk.index(), last);
      last = walk.index();
    }
  }
}

TEST_F(RibltTest, EncoderPiecesMatchSymbolsFromScratch) {
  const std::string key = RandomBytes(kKeyBytes);
  Sets s = MakeSets(21, 3000, 0, 0);
  auto hashed = HashIds(key, s.client);
  ASSERT_TRUE(hashed.ok());
  std::vector<Symbol> whole = Encode(*hashed, 0, 500);
  Encoder encoder(*hashed);
  std::vector<Symbol> pieces;
  for (auto [begin, count] : {std::pair<uint64_t, uint64_t>{0, 7}, {7, 100}, {107, 393}}) {
    for (const Symbol& sym : encoder.Symbols(begin, count)) pieces.push_back(sym);
  }
  std::vector<Symbol> again = encoder.Symbols(50, 10);  // going back works too
  ASSERT_EQ(pieces.size(), whole.size());
  for (size_t i = 0; i < whole.size(); ++i) {
    EXPECT_EQ(pieces[i].sum, whole[i].sum) << i;
    EXPECT_EQ(pieces[i].count, whole[i].count) << i;
    EXPECT_EQ(pieces[i].checksum, whole[i].checksum) << i;
  }
  for (size_t i = 0; i < again.size(); ++i) EXPECT_EQ(again[i].sum, whole[50 + i].sum);
}

TEST_F(RibltTest, SymbolsRoundTripAndRefuseMalformedBytes) {
  const std::string key = RandomBytes(kKeyBytes);
  Sets s = MakeSets(9, 50, 0, 0);
  auto hashed = HashIds(key, s.client);
  ASSERT_TRUE(hashed.ok());
  std::vector<Symbol> symbols = Encode(*hashed, 0, 20);
  std::string wire = EncodeSymbols(symbols);
  auto back = DecodeSymbols(wire, 20);
  ASSERT_TRUE(back.ok());
  for (size_t i = 0; i < symbols.size(); ++i) {
    EXPECT_EQ((*back)[i].sum, symbols[i].sum);
    EXPECT_EQ((*back)[i].checksum, symbols[i].checksum);
    EXPECT_EQ((*back)[i].count, symbols[i].count);
  }
  EXPECT_EQ((*back)[0].count, 50);             // every id is in symbol 0
  EXPECT_FALSE(DecodeSymbols(wire, 21).ok());  // fewer than announced
  EXPECT_FALSE(DecodeSymbols(wire, 19).ok());  // trailing bytes
  EXPECT_FALSE(DecodeSymbols(wire.substr(0, wire.size() - 1), 20).ok());
  EXPECT_FALSE(DecodeSymbols(std::string(41, '\xff'), 1).ok());  // endless varint
  EXPECT_FALSE(DecodeSymbols("", 1u << 30).ok());                // no giant allocation
  EXPECT_FALSE(HashIds("short", s.client).ok());
  EXPECT_FALSE(HashIds(key, {"not 32 bytes"}).ok());
}

// A server that answers with symbols of another set, or lies about its size, or sends garbage,
// never makes the decoder report ids that contradict the client's own set, loop or crash: it
// either fails (the session then falls back to Negentropy) or stops at its limit.
TEST_F(RibltTest, HostileStreamsFailCleanly) {
  const std::string key = RandomBytes(kKeyBytes);
  Sets s = MakeSets(13, 500, 20, 20);
  std::mt19937_64 rng(99);
  for (int attempt = 0; attempt < 50; ++attempt) {
    auto decoder = Decoder::Create(key, s.client);
    ASSERT_TRUE(decoder.ok());
    bool failed = false;
    for (int round = 0; round < 100 && !decoder->done(); ++round) {
      auto request = decoder->NextRequest();
      if (!request.ok()) {
        failed = true;
        break;
      }
      std::vector<Symbol> garbage(request->count);
      for (Symbol& g : garbage) {
        for (auto& b : g.sum) b = static_cast<uint8_t>(rng());
        g.checksum = rng();
        g.count = static_cast<int64_t>(rng() % 3);
      }
      // Sometimes a "pure" symbol for one of our own ids, claimed as the server's only.
      if (attempt % 2 == 0 && !garbage.empty()) {
        std::memcpy(garbage.back().sum.data(), s.client[0].data(), kIdBytes);
        garbage.back().checksum = ShortHash(key, s.client[0]);
        garbage.back().count = 1;
      }
      if (!decoder->Add(s.server.size(), garbage).ok()) {
        failed = true;
        break;
      }
    }
    if (decoder->done()) {
      for (const std::string& id : decoder->need()) {
        EXPECT_EQ(std::count(s.client.begin(), s.client.end(), id), 0);
      }
      for (const std::string& id : decoder->have()) {
        EXPECT_EQ(std::count(s.client.begin(), s.client.end(), id), 1);
      }
    } else {
      EXPECT_TRUE(failed);
    }
  }
  auto decoder = Decoder::Create(key, s.client);
  ASSERT_TRUE(decoder.ok());
  auto request = decoder->NextRequest();
  ASSERT_TRUE(request.ok());
  std::vector<Symbol> wrong_count(request->count + 1);
  EXPECT_FALSE(decoder->Add(10, wrong_count).ok());
  EXPECT_FALSE(decoder->Add(uint64_t{1} << 40, std::vector<Symbol>(request->count)).ok());
}

}  // namespace
}  // namespace kring::riblt
