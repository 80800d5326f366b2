#include "core/groups/padding.h"

#include <gtest/gtest.h>

#include <set>

#include "core/crypto/crypto.h"
#include "core/groups/entry.h"
#include "entry.pb.h"

namespace kring {
namespace {

TEST(PadmeTest, RoundsUpToFewBucketsWithAtMostTwelvePercent) {
  EXPECT_EQ(PadmeLength(0), 0u);
  EXPECT_EQ(PadmeLength(1), 1u);
  EXPECT_EQ(PadmeLength(9), 10u);
  EXPECT_EQ(PadmeLength(100), 104u);
  EXPECT_EQ(PadmeLength(1000), 1024u);
  EXPECT_EQ(PadmeLength(1025), 1088u);
  EXPECT_EQ(PadmeLength(65536), 65536u);
  EXPECT_EQ(PadmeLength(100000), 100352u);
  uint64_t previous = 0;
  double worst = 0;
  for (uint64_t length = 2; length < 300000; ++length) {
    const uint64_t padded = PadmeLength(length);
    ASSERT_GE(padded, length);
    ASSERT_GE(padded, previous);             // monotone: a longer body never gets a smaller bucket
    EXPECT_EQ(PadmeLength(padded), padded);  // a bucket is its own bucket
    worst = std::max(worst, static_cast<double>(padded - length) / static_cast<double>(length));
    previous = padded;
  }
  EXPECT_LE(worst, 0.12);
  // 1000 different lengths between 1 and 2 KB share a handful of sizes.
  std::set<uint64_t> sizes;
  for (uint64_t length = 1000; length < 2000; ++length) sizes.insert(PadmeLength(length));
  EXPECT_LE(sizes.size(), 17u);  // about 4 bits of the length leak
}

TEST(PadBodyTest, EveryBodyIsExactlyABucketAndReadsBackTheSame) {
  for (size_t n = 0; n < 5000; n += 7) {
    pb::ReviewBody body;
    body.set_reflection_on_action(4);
    body.set_strengths(std::string(n, 's'));
    pb::ReviewBody padded = body;
    PadBody(padded);
    const std::string bytes = padded.SerializeAsString();
    EXPECT_EQ(bytes.size(), PadmeLength(bytes.size())) << n;
    EXPECT_GT(bytes.size(), body.ByteSizeLong()) << n;
    EXPECT_LE(bytes.size(), body.ByteSizeLong() * 112 / 100 + 8) << n;
    pb::ReviewBody back;
    ASSERT_TRUE(back.ParseFromString(bytes));
    back.clear_padding();
    EXPECT_EQ(back.SerializeAsString(), body.SerializeAsString()) << n;
  }
  // Padding twice gives the same size (an old padding does not count).
  pb::RetractionBody retraction;
  retraction.set_reason("De cliënt trok de toestemming in.");
  PadBody(retraction);
  const size_t once = retraction.ByteSizeLong();
  PadBody(retraction);
  EXPECT_EQ(retraction.ByteSizeLong(), once);
  // A body without a padding field is left alone.
  pb::MembershipBody membership;
  membership.set_role(pb::ROLE_COACH);
  const std::string before = membership.SerializeAsString();
  PadBody(membership);
  EXPECT_EQ(membership.SerializeAsString(), before);
}

TEST(PadBodyTest, EncryptedEntriesOfNearbySizesAreTheSameSize) {
  ASSERT_TRUE(InitCrypto());
  const SecretBytes key(RandomBytes(32));
  const SecretBytes signing = GenerateSigningKeyPair().secret_key.Clone();
  std::set<size_t> sizes;
  for (size_t n = 1000; n < 1100; ++n) {
    pb::RetractionBody body;
    body.set_reason(std::string(n, 'r'));
    HeaderFields fields;
    fields.group_id = std::string(32, 'g');
    fields.author_key = std::string(32, 'a');
    fields.kind = pb::ENTRY_KIND_RETRACTION;
    sizes.insert(MakeEncryptedEntry(fields, body, key, signing).body().size());
  }
  EXPECT_LE(sizes.size(), 3u);  // 100 different lengths, at most 3 ciphertext sizes
}

}  // namespace
}  // namespace kring
