// An authenticated, encrypted connection to one peer over TCP: the handshake of
// core/crypto/handshake.h run over frames (net/frame.h), then application messages sealed with
// crypto_secretstream in each direction. Every wait is bounded: the whole handshake by
// handshake_timeout, each Receive by idle_timeout, each Send by write_timeout.
//
// Use from one thread (or strand). One Receive and one Send may be in flight at the same time
// (full duplex); two concurrent Sends or two concurrent Receives are not allowed.
#pragma once

#include <asio/any_io_executor.hpp>
#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/status.h"
#include "core/crypto/channel_cipher.h"
#include "core/crypto/handshake.h"
#include "net/frame.h"

namespace kring {

struct ChannelOptions {
  std::shared_ptr<const SigningKeyPair> identity;  // our long-term key
  PeerPolicy accept_peer;                          // who may talk to us; empty refuses everyone
  std::chrono::milliseconds handshake_timeout{10'000};
  std::chrono::milliseconds idle_timeout{120'000};
  std::chrono::milliseconds write_timeout{30'000};
  size_t max_frame_bytes = kDefaultMaxFrameBytes;
  uint32_t version = kHandshakeVersion;  // tests only
};

class SecureChannel {
 public:
  // Takes a connected socket; nothing is sent until Handshake().
  SecureChannel(asio::ip::tcp::socket socket, ChannelOptions options);
  ~SecureChannel();
  SecureChannel(const SecureChannel&) = delete;
  SecureChannel& operator=(const SecureChannel&) = delete;

  // Runs the handshake in the given role. On failure the socket is closed and the Status says
  // why, naming the peer: "peer 10.0.0.7:7420: refused: its key K7QX-... is not a member of any
  // of your groups". kIntegrity for cryptographic failures, kNetwork for everything else.
  asio::awaitable<Status> Handshake(HandshakeRole role);

  // The next application message, or std::nullopt when the peer closed the channel cleanly.
  // A connection that ends without the peer's goodbye is an error (messages may be missing).
  asio::awaitable<Result<std::optional<std::string>>> Receive();
  // Sends one application message of at most max_message_bytes().
  asio::awaitable<Status> Send(std::string_view message);
  // Says goodbye (so the peer knows nothing was cut off) and shuts down our sending side. The
  // peer's remaining messages can still be received until it says goodbye too.
  asio::awaitable<Status> Close();
  // Closes the connection at once; operations in flight fail with `reason`.
  void Abort(std::string reason);

  bool established() const { return cipher_.has_value(); }
  // The peer's verified Ed25519 key (32 bytes); empty before the handshake completed.
  const std::string& peer_signing_key() const { return peer_signing_key_; }
  // "127.0.0.1:41234", for messages and logs.
  const std::string& peer_address() const { return peer_address_; }
  size_t max_message_bytes() const { return options_.max_frame_bytes - kStreamOverheadBytes; }

 private:
  Status Fail(Status status);
  Status Prefixed(const Status& status) const;
  asio::awaitable<Status> RunHandshake(::kring::Handshake& handshake, Deadline deadline);

  asio::ip::tcp::socket socket_;
  ChannelOptions options_;
  std::string peer_address_;
  FrameReader reader_;
  std::optional<ChannelCipher> cipher_;
  std::string peer_signing_key_;
  std::string abort_reason_;
};

// Connects to host:port (resolving names), with connect_timeout for the TCP connection, and
// runs the handshake as initiator.
asio::awaitable<Result<std::shared_ptr<SecureChannel>>> Dial(
    std::string host, uint16_t port, ChannelOptions options,
    std::chrono::milliseconds connect_timeout = std::chrono::milliseconds(10'000));

}  // namespace kring
