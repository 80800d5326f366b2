// Fuzzes the LAN discovery datagram matcher: anyone on the network can send these bytes.
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/sync/discovery.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static bool init = kring::InitCrypto();
  (void)init;
  static const std::vector<kring::DiscoveryGroup> groups = [] {
    std::vector<kring::DiscoveryGroup> g;
    g.push_back({"g", kring::DeriveDiscoveryKey(kring::SecretBytes(std::string(32, 'k')))});
    return g;
  }();
  (void)kring::MatchAnnouncement(std::string_view(reinterpret_cast<const char*>(data), size),
                                 groups);
  return 0;
}
