// The record layer of a secure channel once the handshake is done: one crypto_secretstream
// (XChaCha20-Poly1305) per direction. Each message carries an implicit counter, so a message
// that was altered, dropped, duplicated or reordered fails to open, and a clean end of the
// stream is an explicit FINAL message, so a cut connection cannot pass for a finished one.
// Pure: no sockets. The stream states live in SecretBytes and are wiped when released.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/base/status.h"
#include "core/crypto/crypto.h"

namespace kring {

inline constexpr size_t kStreamKeyBytes = 32;
inline constexpr size_t kStreamHeaderBytes = 24;
// Bytes a sealed message is longer than its plaintext.
inline constexpr size_t kStreamOverheadBytes = 17;

// The sending half: seals messages in order.
class StreamSealer {
 public:
  // Starts a stream under `key` (kStreamKeyBytes); `header` receives the bytes the other side
  // needs to open it. The header is not secret.
  StreamSealer(const SecretBytes& key, std::string* header);
  StreamSealer(StreamSealer&&) = default;
  StreamSealer& operator=(StreamSealer&&) = default;

  // Seals the next message. `final` marks the clean end of the stream; nothing can be sealed
  // after it.
  Result<std::string> Seal(std::string_view plaintext, std::string_view associated_data = {},
                           bool final = false);
  bool finished() const { return finished_; }

 private:
  SecretBytes state_;
  bool finished_ = false;
};

// The receiving half: opens messages in the order they were sealed.
class StreamOpener {
 public:
  static Result<StreamOpener> Create(const SecretBytes& key, std::string_view header);
  StreamOpener(StreamOpener&&) = default;
  StreamOpener& operator=(StreamOpener&&) = default;

  // The plaintext of the next message, or std::nullopt for the sender's clean end of stream.
  // Any failure is permanent: the stream state is wiped and every later call fails too,
  // because after a gap or forgery nothing that follows can be trusted.
  Result<std::optional<std::string>> Open(std::string_view sealed,
                                          std::string_view associated_data = {});
  bool finished() const { return finished_; }

 private:
  StreamOpener() = default;
  SecretBytes state_;
  bool finished_ = false;
  bool failed_ = false;
};

// Both directions of one established channel.
class ChannelCipher {
 public:
  ChannelCipher(StreamSealer sealer, StreamOpener opener)
      : sealer_(std::move(sealer)), opener_(std::move(opener)) {}

  Result<std::string> Seal(std::string_view plaintext) { return sealer_.Seal(plaintext); }
  // The goodbye message: after it the peer knows nothing was cut off.
  Result<std::string> SealClose() { return sealer_.Seal({}, {}, /*final=*/true); }
  // std::nullopt means the peer closed the channel cleanly.
  Result<std::optional<std::string>> Open(std::string_view sealed) { return opener_.Open(sealed); }
  bool closed_by_us() const { return sealer_.finished(); }
  bool closed_by_peer() const { return opener_.finished(); }

 private:
  StreamSealer sealer_;
  StreamOpener opener_;
};

}  // namespace kring
