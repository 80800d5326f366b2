// LAN discovery over UDP multicast: `kring serve --announce` sends announcements (core/sync/discovery.h)
// and `kring peer discover` listens for ones that concern the coach's groups. Opt-in only.
#pragma once

#include <asio/awaitable.hpp>
#include <asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "core/base/status.h"
#include "core/sync/discovery.h"

namespace kring::net {

struct DiscoveryConfig {
  std::string multicast_address = "239.255.70.75";  // organisation-local scope
  uint16_t port = 47474;
  // Interface (by its IPv4 address) to send and listen on. 0.0.0.0: send through the interface
  // the system chooses, listen on every interface.
  std::string interface_address = "0.0.0.0";
  std::chrono::milliseconds interval{5000};
};

struct DiscoveredPeer {
  std::string address;  // the sender's IP
  uint16_t port = 0;    // its sync port
  std::vector<std::string> group_ids;
};

// Sends `make_datagram()` every config.interval until the coroutine is cancelled.
asio::awaitable<void> RunAnnouncer(DiscoveryConfig config,
                                   std::function<std::string()> make_datagram);

// Listens for `duration` and returns every announcer that shares a group with us (one entry per
// token; malformed datagrams are ignored). `own_token` is skipped so a node does not find itself.
asio::awaitable<Result<std::vector<DiscoveredPeer>>> ListenForPeers(
    DiscoveryConfig config, const std::vector<DiscoveryGroup>& groups,
    std::chrono::milliseconds duration, std::string own_token = {});

}  // namespace kring::net
