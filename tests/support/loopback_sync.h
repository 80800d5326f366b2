// One sync session between two in-process nodes over 127.0.0.1: the server accepts a single
// session on its own io_context thread, the client dials it on the calling thread. Header-only,
// so that benchmarks (bench/sync_bench) can use it as well as tests.
#pragma once

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <memory>
#include <optional>
#include <thread>

#include "core/store/node.h"
#include "net/listener.h"
#include "net/secure_channel.h"
#include "net/sync_session.h"

namespace kring::testing {

inline ChannelOptions NodeIdentity(Node& node) {
  ChannelOptions options;
  options.identity = std::make_shared<SigningKeyPair>(
      SigningKeyPair{node.signing_public_key(), node.signing_secret_key().Clone()});
  return options;
}

// `server_config.node` and `client_config.node` are set here. Returns the client's report.
inline Result<SyncReport> SyncOnceOverLoopback(Node& server, SyncConfig server_config, Node& client,
                                               SyncConfig client_config) {
  asio::io_context server_io;
  ListenerOptions listener_options;
  listener_options.channel = NodeIdentity(server);
  listener_options.channel.accept_peer = MemberPeerPolicy(server, false);
  server_config.node = &server;
  std::shared_ptr<Listener> listener;
  auto opened = Listener::Open(
      server_io.get_executor(), {asio::ip::make_address("127.0.0.1"), 0}, listener_options,
      [&](std::shared_ptr<SecureChannel> channel) -> asio::awaitable<void> {
        (void)co_await RunSyncSession(channel, HandshakeRole::kResponder, server_config);
        listener->Stop();
      });
  if (!opened.ok()) return opened.status();
  listener = *opened;
  const uint16_t port = listener->local_endpoint().port();
  asio::co_spawn(server_io, listener->Run(), asio::detached);
  std::thread server_thread([&] { server_io.run(); });

  asio::io_context client_io;
  std::optional<Result<SyncReport>> outcome;
  client_config.node = &client;
  asio::co_spawn(
      client_io,
      [&]() -> asio::awaitable<void> {
        ChannelOptions options = NodeIdentity(client);
        options.accept_peer = [](std::string_view) { return true; };
        auto channel = co_await Dial("127.0.0.1", port, options);
        if (!channel.ok()) {
          outcome.emplace(channel.status());
          co_return;
        }
        outcome.emplace(
            co_await RunSyncSession(*channel, HandshakeRole::kInitiator, client_config));
      },
      asio::detached);
  client_io.run();
  // A client that never got a session through leaves the server waiting: stop it.
  if (!outcome || !outcome->ok()) asio::post(server_io, [&listener] { listener->Stop(); });
  server_thread.join();
  if (!outcome) return Status::Network("the client's session did not finish");
  return std::move(*outcome);
}

}  // namespace kring::testing
