#include "net/frame.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace kring {
namespace {

std::vector<std::string> DrainAll(FrameDecoder& decoder) {
  std::vector<std::string> frames;
  for (;;) {
    auto next = decoder.Next();
    EXPECT_TRUE(next.ok()) << next.status().message();
    if (!next.ok() || !next->has_value()) return frames;
    frames.push_back(std::move(**next));
  }
}

std::string Header(uint32_t n) {
  return {static_cast<char>(n >> 24), static_cast<char>(n >> 16), static_cast<char>(n >> 8),
          static_cast<char>(n)};
}

TEST(FrameTest, EncodesBigEndianLength) {
  EXPECT_EQ(EncodeFrame("abc"), std::string("\0\0\0\3abc", 7));
  EXPECT_EQ(EncodeFrame(std::string(0x010203, 'x')).substr(0, 4), std::string("\0\1\2\3", 4));
}

TEST(FrameTest, DecodesFramesInAnyChunking) {
  std::vector<std::string> payloads = {"a", std::string(1000, 'b'), "hello", std::string(70000, 'c'),
                                       "z"};
  std::string wire;
  for (const auto& p : payloads) wire += EncodeFrame(p);

  std::mt19937 rng(7);
  for (int round = 0; round < 50; ++round) {
    FrameDecoder decoder;
    std::vector<std::string> got;
    size_t pos = 0;
    while (pos < wire.size()) {
      // Chunks from 1 byte (every header split) to several frames merged.
      const size_t n = std::min(wire.size() - pos, size_t{1} + rng() % (round < 10 ? 3 : 90000));
      decoder.Append(std::string_view(wire).substr(pos, n));
      pos += n;
      for (auto& f : DrainAll(decoder)) got.push_back(std::move(f));
    }
    EXPECT_EQ(got, payloads) << "round " << round;
    EXPECT_TRUE(decoder.Finish().ok());
    EXPECT_EQ(decoder.buffered_bytes(), 0u);
  }
}

TEST(FrameTest, WaitsForMoreBytes) {
  FrameDecoder decoder;
  decoder.Append(std::string("\0\0", 2));
  EXPECT_FALSE(decoder.Next().value().has_value());
  decoder.Append(std::string("\0\5ab", 4));
  EXPECT_FALSE(decoder.Next().value().has_value());
  decoder.Append("cde");
  EXPECT_EQ(decoder.Next().value().value(), "abcde");
}

TEST(FrameTest, OversizedLengthFailsAsSoonAsTheHeaderArrives) {
  FrameDecoder decoder(/*max_frame_bytes=*/1024);
  decoder.Append(Header(1025));  // no body sent: must not wait for it
  auto next = decoder.Next();
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.status().code(), Code::kNetwork);
  EXPECT_NE(next.status().message().find("more than the limit of 1.0 KiB"), std::string::npos)
      << next.status().message();
  // Failed for good, and nothing more is buffered.
  decoder.Append(std::string(5000, 'x'));
  EXPECT_FALSE(decoder.Next().ok());
  EXPECT_EQ(decoder.buffered_bytes(), 0u);
  EXPECT_FALSE(decoder.Finish().ok());
}

TEST(FrameTest, MaximalLengthPrefix) {
  FrameDecoder decoder;
  decoder.Append(std::string("\xff\xff\xff\xff", 4));
  auto next = decoder.Next();
  ASSERT_FALSE(next.ok());
  EXPECT_NE(next.status().message().find("4.0 MiB"), std::string::npos)
      << next.status().message();
}

TEST(FrameTest, ExactlyMaximumSizeIsAccepted) {
  FrameDecoder decoder(/*max_frame_bytes=*/16);
  decoder.Append(EncodeFrame(std::string(16, 'm')));
  EXPECT_EQ(decoder.Next().value().value(), std::string(16, 'm'));
}

TEST(FrameTest, ZeroLengthIsMalformed) {
  FrameDecoder decoder;
  decoder.Append(Header(0) + EncodeFrame("after"));
  auto next = decoder.Next();
  ASSERT_FALSE(next.ok());
  EXPECT_NE(next.status().message().find("empty frame"), std::string::npos);
}

TEST(FrameTest, TruncatedFrameIsReportedAtEndOfStream) {
  FrameDecoder decoder;
  decoder.Append(EncodeFrame("complete") + Header(100) + "only ten b");
  EXPECT_EQ(decoder.Next().value().value(), "complete");
  EXPECT_FALSE(decoder.Next().value().has_value());
  Status end = decoder.Finish();
  ASSERT_FALSE(end.ok());
  EXPECT_NE(end.message().find("middle of a frame"), std::string::npos) << end.message();

  FrameDecoder header_only;
  header_only.Append(std::string("\0\0", 2));
  EXPECT_FALSE(header_only.Finish().ok()) << "half a header is a truncated frame too";
}

TEST(FrameTest, RandomGarbageNeverCrashesAndStaysBounded) {
  std::mt19937 rng(11);
  for (int round = 0; round < 500; ++round) {
    FrameDecoder decoder(/*max_frame_bytes=*/4096);
    for (int chunk = 0; chunk < 20; ++chunk) {
      std::string bytes(1 + rng() % 300, '\0');
      for (char& c : bytes) c = static_cast<char>(rng());
      decoder.Append(bytes);
      for (;;) {
        auto next = decoder.Next();
        if (!next.ok() || !next->has_value()) break;
        EXPECT_LE((*next)->size(), 4096u);
      }
      // A peer can make us hold at most one frame plus what arrived with it.
      EXPECT_LE(decoder.buffered_bytes(), 4096u + 4 + 300);
    }
  }
}

}  // namespace
}  // namespace kring
