// Whether this machine can carry LAN discovery over loopback, for the tests that need it
// (tests/cli/discovery_cli_test.cc, tests/app/app_http_test.cc). Header-only.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace kring::testing {

// A closed file descriptor on every path out of the probe.
class MulticastFd {
 public:
  explicit MulticastFd(int fd) : fd_(fd) {}
  ~MulticastFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  MulticastFd(const MulticastFd&) = delete;
  MulticastFd& operator=(const MulticastFd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// Whether this machine delivers a multicast datagram sent through the loopback interface back
// to a socket that joined the group there — what `kring serve --listen 127.0.0.1:…` and
// `kring peer discover` rely on. Some sandboxes forbid multicast; then the reason is returned.
// The probe uses the discovery group on a port of its own, so it does not disturb real nodes.
inline std::string MulticastLoopbackProblem() {
  const in_addr loopback{htonl(INADDR_LOOPBACK)};
  in_addr group{};
  ::inet_pton(AF_INET, "239.255.70.75", &group);
  MulticastFd receiver(::socket(AF_INET, SOCK_DGRAM, 0));
  MulticastFd sender(::socket(AF_INET, SOCK_DGRAM, 0));
  if (receiver.get() < 0 || sender.get() < 0) return std::string("socket: ") + std::strerror(errno);
  sockaddr_in bound{};
  bound.sin_family = AF_INET;
  bound.sin_addr.s_addr = htonl(INADDR_ANY);
  if (::bind(receiver.get(), reinterpret_cast<sockaddr*>(&bound), sizeof bound) != 0) {
    return std::string("bind: ") + std::strerror(errno);
  }
  socklen_t length = sizeof bound;
  ::getsockname(receiver.get(), reinterpret_cast<sockaddr*>(&bound), &length);
  ip_mreq membership{group, loopback};
  if (::setsockopt(receiver.get(), IPPROTO_IP, IP_ADD_MEMBERSHIP, &membership, sizeof membership) !=
      0) {
    return std::string("joining a multicast group on 127.0.0.1: ") + std::strerror(errno);
  }
  if (::setsockopt(sender.get(), IPPROTO_IP, IP_MULTICAST_IF, &loopback, sizeof loopback) != 0) {
    return std::string("sending multicast through 127.0.0.1: ") + std::strerror(errno);
  }
  sockaddr_in destination{};
  destination.sin_family = AF_INET;
  destination.sin_addr = group;
  destination.sin_port = bound.sin_port;
  const char probe[] = "kring-probe";
  if (::sendto(sender.get(), probe, sizeof probe, 0, reinterpret_cast<sockaddr*>(&destination),
               sizeof destination) < 0) {
    return std::string("sending a multicast datagram: ") + std::strerror(errno);
  }
  pollfd readable{receiver.get(), POLLIN, 0};
  if (::poll(&readable, 1, 2000) != 1) return "a multicast datagram on 127.0.0.1 never arrived";
  return "";
}

}  // namespace kring::testing
