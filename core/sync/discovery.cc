#include "core/sync/discovery.h"

#include <sodium.h>

#include <algorithm>

#include "proto/discovery.pb.h"

namespace kring {
namespace {

constexpr std::string_view kMagic = "KRD1";

std::string Tag(const SecretBytes& key, std::string_view token, uint16_t port) {
  std::string input = "kring/discovery-tag/v1";
  input += token;
  input.push_back(static_cast<char>(port >> 8));
  input.push_back(static_cast<char>(port & 0xff));
  return KeyedBlake2b256(key, input).substr(0, kDiscoveryTagBytes);
}

}  // namespace

SecretBytes DeriveDiscoveryKey(const SecretBytes& group_epoch_key) {
  return SecretBytes(KeyedBlake2b256(group_epoch_key, "kring/discovery-key/v1"));
}

std::string BuildAnnouncement(std::string_view token, uint16_t port,
                              const std::vector<DiscoveryGroup>& groups) {
  pb::Announcement announcement;
  announcement.set_token(std::string(token));
  announcement.set_port(port);
  std::vector<std::string> tags;
  for (const auto& group : groups) {
    if (tags.size() == kMaxDiscoveryTags) break;
    tags.push_back(Tag(group.key, token, port));
  }
  while (tags.empty() || (tags.size() % 4 != 0 && tags.size() < kMaxDiscoveryTags)) {
    tags.push_back(RandomBytes(kDiscoveryTagBytes));
  }
  // Fisher-Yates with libsodium's uniform random numbers.
  for (size_t i = tags.size() - 1; i > 0; --i) {
    std::swap(tags[i], tags[randombytes_uniform(static_cast<uint32_t>(i + 1))]);
  }
  for (auto& tag : tags) announcement.add_tags(std::move(tag));
  return std::string(kMagic) + announcement.SerializeAsString();
}

Result<std::optional<DiscoveryMatch>> MatchAnnouncement(std::string_view datagram,
                                                        const std::vector<DiscoveryGroup>& groups) {
  if (datagram.size() > kMaxDiscoveryDatagram) {
    // i18n-ok: the listener drops such datagrams as network noise; never shown
    return Status::Network("discovery datagram is too large");
  }
  if (datagram.substr(0, kMagic.size()) != kMagic) {
    // i18n-ok: the listener drops such datagrams as network noise; never shown
    return Status::Network("not a Kring discovery datagram");
  }
  pb::Announcement announcement;
  if (!announcement.ParseFromArray(datagram.data() + kMagic.size(),
                                   static_cast<int>(datagram.size() - kMagic.size()))) {
    // i18n-ok: the listener drops such datagrams as network noise; never shown
    return Status::Network("malformed discovery datagram");
  }
  if (announcement.token().size() != kDiscoveryTokenBytes || announcement.port() == 0 ||
      announcement.port() > 65535 ||
      static_cast<size_t>(announcement.tags_size()) > kMaxDiscoveryTags) {
    // i18n-ok: the listener drops such datagrams as network noise; never shown
    return Status::Network("discovery datagram has invalid fields");
  }
  DiscoveryMatch match{announcement.token(), static_cast<uint16_t>(announcement.port()), {}};
  for (const auto& group : groups) {
    std::string expected = Tag(group.key, match.token, match.port);
    for (const auto& tag : announcement.tags()) {
      if (ConstantTimeEqual(tag, expected)) {
        match.group_ids.push_back(group.group_id);
        break;
      }
    }
  }
  if (match.group_ids.empty()) return std::optional<DiscoveryMatch>();
  return std::optional<DiscoveryMatch>(std::move(match));
}

}  // namespace kring
