// Accepts TCP connections, runs the responder handshake on each (one coroutine per
// connection, all on the listener's executor) and hands every authenticated channel to a
// session handler. It bounds what strangers can cost us: connections still in the handshake
// are limited (the oldest is dropped to make room, so a flood of silent connections cannot lock
// out a real peer), established sessions are limited (beyond it newcomers are told "busy"), and
// every handshake has a deadline.
//
// Single-threaded by design: run the listener, its connections and the session handlers on one
// thread (an io_context run by one thread, or one strand). Its bookkeeping is not locked.
#pragma once

#include <asio/any_io_executor.hpp>
#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "core/base/status.h"
#include "net/secure_channel.h"

namespace kring {

struct ListenerOptions {
  ChannelOptions channel;
  size_t max_pending_handshakes = 32;
  size_t max_sessions = 128;
  // One sentence per event, written for a coach reading the log of `kring serve`.
  std::function<void(const std::string&)> log;
};

struct ListenerStats {
  uint64_t accepted = 0;
  uint64_t handshakes_failed = 0;
  uint64_t evicted = 0;       // dropped in the handshake to make room
  uint64_t refused_busy = 0;  // told "busy" because max_sessions were running
  uint64_t sessions_started = 0;
  size_t pending = 0;
  size_t sessions = 0;
};

// Runs one authenticated session; when it returns the channel is closed.
using SessionHandler = std::function<asio::awaitable<void>(std::shared_ptr<SecureChannel>)>;

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Binds and listens. Fails with kNetwork (e.g. "127.0.0.1:7420 is already in use").
  static Result<std::shared_ptr<Listener>> Open(asio::any_io_executor executor,
                                                const asio::ip::tcp::endpoint& endpoint,
                                                ListenerOptions options, SessionHandler handler);

  asio::ip::tcp::endpoint local_endpoint() const;
  // Accepts until Stop(). Each connection runs in its own coroutine that keeps the listener
  // alive until it ends.
  asio::awaitable<void> Run();
  // Stops accepting and aborts every connection, pending or established.
  void Stop();
  ListenerStats stats() const;

  Listener(asio::any_io_executor executor, ListenerOptions options, SessionHandler handler);

 private:
  void Log(const std::string& line) const;
  void MakeRoomForHandshake();
  void Spawn(asio::ip::tcp::socket socket);
  // `self` keeps the listener alive for as long as the coroutine runs.
  asio::awaitable<void> AcceptLoop(std::shared_ptr<Listener> self);
  asio::awaitable<void> Serve(std::shared_ptr<Listener> self,
                              std::shared_ptr<SecureChannel> channel, uint64_t id);
  asio::awaitable<void> RefuseBusy(std::shared_ptr<Listener> self, asio::ip::tcp::socket socket);

  asio::any_io_executor executor_;
  asio::ip::tcp::acceptor acceptor_;
  ListenerOptions options_;
  SessionHandler handler_;
  bool stopped_ = false;
  bool flood_logged_ = false;
  uint64_t next_id_ = 0;
  // Ordered by id, so the first is the oldest: that is the one dropped when full.
  std::map<uint64_t, std::weak_ptr<SecureChannel>> pending_;
  std::map<uint64_t, std::weak_ptr<SecureChannel>> sessions_;
  ListenerStats stats_;
};

}  // namespace kring
