// LAN discovery, the pure part: building and matching announcements. A tag is
// BLAKE2b-keyed(discovery key of a group, token ‖ port), so only members of that group can tell
// that an announcement concerns it; no name, group id or key ever appears in clear.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "core/crypto/crypto.h"

namespace kring {

inline constexpr size_t kDiscoveryTokenBytes = 16;
inline constexpr size_t kDiscoveryTagBytes = 16;
inline constexpr size_t kMaxDiscoveryTags = 64;
inline constexpr size_t kMaxDiscoveryDatagram = 1400;

// A group this node can announce or recognise, with its discovery key.
struct DiscoveryGroup {
  std::string group_id;
  SecretBytes key;
};

// Derives a group's discovery key from its current epoch key (a removed member, who lacks the
// new epoch key, no longer recognises the group's announcements).
SecretBytes DeriveDiscoveryKey(const SecretBytes& group_epoch_key);

// The datagram a node sends. Tags are shuffled and padded so their order and count reveal little.
std::string BuildAnnouncement(std::string_view token, uint16_t port,
                              const std::vector<DiscoveryGroup>& groups);

struct DiscoveryMatch {
  std::string token;
  uint16_t port = 0;
  std::vector<std::string> group_ids;  // my groups the announcer is in
};

// Parses a datagram from the network. Malformed datagrams give an error; a well-formed one that
// concerns none of `groups` gives nullopt.
Result<std::optional<DiscoveryMatch>> MatchAnnouncement(std::string_view datagram,
                                                        const std::vector<DiscoveryGroup>& groups);

}  // namespace kring
