// The secure channel handshake as a pure state machine: messages in, messages out, no sockets.
// Four messages in the spirit of Noise XX / SIGMA-I (docs/handshake.md has the full story):
//   1. I -> R  hello: protocol, version, ephemeral crypto_kx key of I
//   2. R -> I  ephemeral key of R; sealed {R's signing key, R's signature over the transcript}
//   3. I -> R  sealed {I's signing key, I's signature over the transcript, I's stream header}
//   4. R -> I  R's stream header and a first stream message confirming the keys
// Either side may answer with a HandshakeRefusal instead (unsupported version, key not
// accepted). The transcript hash covers every field sent so far, the protocol label and the
// version; each signature also names the signer's role, so nothing can be replayed, reflected
// or downgraded. After message 4 both sides hold a ChannelCipher for application messages.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/status.h"
#include "core/crypto/channel_cipher.h"
#include "core/crypto/crypto.h"

namespace kring {

inline constexpr uint32_t kHandshakeVersion = 1;
inline constexpr std::string_view kHandshakeProtocol = "kring";

// Decides whether a verified peer key may talk to us: a node accepts a peer only if it shares a
// group with it, a relay only members of groups it serves. Called with the 32-byte Ed25519 key
// after the peer proved it holds the matching secret key, before any application data flows.
using PeerPolicy = std::function<bool(std::string_view peer_signing_key)>;

enum class HandshakeRole { kInitiator, kResponder };

struct HandshakeOptions {
  // Our long-term identity; shared because a listener runs many handshakes with one identity.
  std::shared_ptr<const SigningKeyPair> identity;
  PeerPolicy accept_peer;
  // Only tests change this, to play a node from another version.
  uint32_t version = kHandshakeVersion;
};

struct HandshakeStep {
  std::string send;       // serialized HandshakeMessage to send to the peer now; may be empty
  bool complete = false;  // true once the channel keys are ready (TakeCipher)
};

class Handshake {
 public:
  Handshake(HandshakeRole role, HandshakeOptions options);
  ~Handshake();
  Handshake(Handshake&&) noexcept;
  Handshake& operator=(Handshake&&) noexcept;

  // Initiator only: the first message.
  Result<std::string> Start();

  // Handles the peer's next message. On failure the handshake is over for good; refusal() may
  // then hold a message to send the peer before closing, so that it learns why.
  Result<HandshakeStep> Receive(std::string_view message);

  HandshakeRole role() const;
  bool complete() const;
  const std::string& refusal() const;
  // The verified long-term key of the peer; empty until it has been verified.
  const std::string& peer_signing_key() const;
  // Hash over the whole handshake; both sides hold the same value when complete.
  const std::string& transcript_hash() const;
  // Hands over the application cipher once complete(); callable once.
  Result<ChannelCipher> TakeCipher();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace kring
