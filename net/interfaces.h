// The addresses this machine can be reached at, for telling a coach how colleagues reach their
// node (`kring serve`). Reads the interfaces; sends nothing.
#pragma once

#include <string>
#include <vector>

namespace kring::net {

struct InterfaceAddress {
  std::string interface;  // "eth0", "wlan0", "lo"
  std::string address;    // "192.168.1.20"
  bool loopback = false;  // reachable from this machine only
};

// The IPv4 addresses of the interfaces that are up, the loopback ones last; empty when the
// system will not say.
std::vector<InterfaceAddress> LocalIpv4Addresses();

}  // namespace kring::net
