#include "net/discovery.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>

#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/ip/multicast.hpp>
#include <asio/ip/udp.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>
#include <cstring>
#include <map>
#include <memory>

#include "core/i18n/messages.h"

namespace kring::net {
namespace {

using asio::ip::udp;
constexpr auto kUseTuple = asio::experimental::as_tuple(asio::use_awaitable);

// The IPv4 address of every interface that is up and can carry multicast, the loopback one
// included (it carries the announcements of nodes on this machine that listen on 127.0.0.1).
std::vector<asio::ip::address_v4> MulticastInterfaces() {
  std::vector<asio::ip::address_v4> out;
  ifaddrs* raw = nullptr;
  if (::getifaddrs(&raw) != 0) return out;
  std::unique_ptr<ifaddrs, decltype(&::freeifaddrs)> list(raw, &::freeifaddrs);
  for (const ifaddrs* it = list.get(); it != nullptr; it = it->ifa_next) {
    if (it->ifa_addr == nullptr || it->ifa_addr->sa_family != AF_INET) continue;
    if ((it->ifa_flags & IFF_UP) == 0) continue;
    if ((it->ifa_flags & (IFF_MULTICAST | IFF_LOOPBACK)) == 0) continue;
    sockaddr_in address{};
    std::memcpy(&address, it->ifa_addr, sizeof address);
    out.emplace_back(ntohl(address.sin_addr.s_addr));
  }
  return out;
}

// Joins the discovery group on the configured interface or, when none is configured, on every
// interface: the kernel delivers a multicast datagram only to sockets whose group membership is
// on the interface it arrived on, and joining on "any" picks just one (the default route's), so a
// node announcing on another network, or on 127.0.0.1, would go unheard.
Status JoinDiscoveryGroup(udp::socket& socket, const asio::ip::address_v4& group,
                          const std::string& interface_address) {
  std::error_code ec;
  auto iface = asio::ip::make_address_v4(interface_address, ec);
  if (ec) {
    return Status::Usage(i18n::Tr("net.discovery.bad_interface", {{"address", interface_address}}));
  }
  std::vector<asio::ip::address_v4> interfaces;
  if (iface.is_unspecified()) interfaces = MulticastInterfaces();
  bool joined = false;
  for (const auto& address : interfaces) {
    socket.set_option(asio::ip::multicast::join_group(group, address), ec);
    joined = joined || !ec;  // a second address of an interface already joined is refused
  }
  if (joined) return Status::Ok();
  socket.set_option(asio::ip::multicast::join_group(group, iface), ec);
  if (ec) {
    return Status::Network(i18n::Tr("net.discovery.join_failed", {{"detail", ec.message()}}));
  }
  return Status::Ok();
}

}  // namespace

asio::awaitable<void> RunAnnouncer(DiscoveryConfig config,
                                   std::function<std::string()> make_datagram) {
  auto executor = co_await asio::this_coro::executor;
  std::error_code ec;
  auto group = asio::ip::make_address_v4(config.multicast_address, ec);
  if (ec) co_return;
  udp::socket socket(executor, udp::v4());
  socket.set_option(asio::ip::multicast::enable_loopback(true), ec);
  socket.set_option(asio::ip::multicast::hops(1), ec);  // never leaves the local network
  auto iface = asio::ip::make_address_v4(config.interface_address, ec);
  if (!ec && !iface.is_unspecified()) {
    socket.set_option(asio::ip::multicast::outbound_interface(iface), ec);
  }
  udp::endpoint destination(group, config.port);
  asio::steady_timer timer(executor);
  while (true) {
    std::string datagram = make_datagram();
    co_await socket.async_send_to(asio::buffer(datagram), destination, kUseTuple);
    timer.expires_after(config.interval);
    auto [wait_ec] = co_await timer.async_wait(kUseTuple);
    if (wait_ec) co_return;  // cancelled
  }
}

asio::awaitable<Result<std::vector<DiscoveredPeer>>> ListenForPeers(
    DiscoveryConfig config, const std::vector<DiscoveryGroup>& groups,
    std::chrono::milliseconds duration, std::string own_token) {
  using namespace asio::experimental::awaitable_operators;
  auto executor = co_await asio::this_coro::executor;
  std::error_code ec;
  auto group = asio::ip::make_address_v4(config.multicast_address, ec);
  if (ec) {
    co_return Status::Usage(
        i18n::Tr("net.discovery.bad_address", {{"address", config.multicast_address}}));
  }
  udp::socket socket(executor);
  socket.open(udp::v4(), ec);
  socket.set_option(udp::socket::reuse_address(true), ec);
  socket.bind(udp::endpoint(asio::ip::address_v4::any(), config.port), ec);
  if (ec) {
    co_return Status::Network(
        i18n::Tr("net.discovery.listen_failed",
                 {{"port", std::to_string(config.port)}, {"detail", ec.message()}}));
  }
  Status joined = JoinDiscoveryGroup(socket, group, config.interface_address);
  if (!joined.ok()) co_return joined;
  std::map<std::string, DiscoveredPeer> found;  // by token
  asio::steady_timer deadline(executor);
  deadline.expires_after(duration);
  std::vector<char> buffer(kMaxDiscoveryDatagram + 1);
  while (true) {
    udp::endpoint sender;
    auto result = co_await (socket.async_receive_from(asio::buffer(buffer), sender, kUseTuple) ||
                            deadline.async_wait(kUseTuple));
    if (result.index() == 1) break;  // time is up
    auto [recv_ec, size] = std::get<0>(result);
    if (recv_ec) break;
    auto match = MatchAnnouncement(std::string_view(buffer.data(), size), groups);
    if (!match.ok() || !match->has_value()) continue;  // not ours, or noise on the network
    const DiscoveryMatch& m = **match;
    if (!own_token.empty() && m.token == own_token) continue;
    found[m.token] = DiscoveredPeer{sender.address().to_string(), m.port, m.group_ids};
  }
  std::vector<DiscoveredPeer> peers;
  for (auto& [token, peer] : found) peers.push_back(std::move(peer));
  co_return peers;
}

}  // namespace kring::net
