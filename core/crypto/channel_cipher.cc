#include "core/crypto/channel_cipher.h"

#include <sodium.h>

namespace kring {
namespace {

static_assert(kStreamKeyBytes == crypto_secretstream_xchacha20poly1305_KEYBYTES);
static_assert(kStreamHeaderBytes == crypto_secretstream_xchacha20poly1305_HEADERBYTES);
static_assert(kStreamOverheadBytes == crypto_secretstream_xchacha20poly1305_ABYTES);

using StreamState = crypto_secretstream_xchacha20poly1305_state;

StreamState* AsState(SecretBytes& bytes) { return reinterpret_cast<StreamState*>(bytes.data()); }

const unsigned char* U(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

StreamSealer::StreamSealer(const SecretBytes& key, std::string* header)
    : state_(sizeof(StreamState)) {
  header->assign(kStreamHeaderBytes, '\0');
  // Only fails for a key of the wrong size, which is a programming error caught by tests.
  crypto_secretstream_xchacha20poly1305_init_push(
      AsState(state_), reinterpret_cast<unsigned char*>(header->data()), key.data());
}

Result<std::string> StreamSealer::Seal(std::string_view plaintext, std::string_view associated_data,
                                       bool final) {
  if (finished_ || state_.empty()) {
    return Status::Network("the channel is already closed; nothing more can be sent");
  }
  std::string out(plaintext.size() + kStreamOverheadBytes, '\0');
  const unsigned char tag = final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                                  : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
  crypto_secretstream_xchacha20poly1305_push(
      AsState(state_), reinterpret_cast<unsigned char*>(out.data()), nullptr, U(plaintext),
      plaintext.size(), U(associated_data), associated_data.size(), tag);
  if (final) {
    finished_ = true;
    state_ = SecretBytes();  // wipes the key material at once
  }
  return out;
}

Result<StreamOpener> StreamOpener::Create(const SecretBytes& key, std::string_view header) {
  if (key.size() != kStreamKeyBytes || header.size() != kStreamHeaderBytes) {
    return Status::Integrity("the peer sent a malformed stream header");
  }
  StreamOpener opener;
  opener.state_ = SecretBytes(sizeof(StreamState));
  if (crypto_secretstream_xchacha20poly1305_init_pull(AsState(opener.state_), U(header),
                                                      key.data()) != 0) {
    return Status::Integrity("the peer sent an invalid stream header");
  }
  return opener;
}

Result<std::optional<std::string>> StreamOpener::Open(std::string_view sealed,
                                                      std::string_view associated_data) {
  if (failed_) return Status::Integrity("the channel already failed an integrity check");
  if (finished_) return Status::Integrity("the peer sent data after closing the channel");
  if (sealed.size() < kStreamOverheadBytes) {
    failed_ = true;
    state_ = SecretBytes();
    return Status::Integrity("the peer sent a message too short to be genuine");
  }
  std::string out(sealed.size() - kStreamOverheadBytes, '\0');
  unsigned char tag = 0;
  if (crypto_secretstream_xchacha20poly1305_pull(
          AsState(state_), reinterpret_cast<unsigned char*>(out.data()), nullptr, &tag, U(sealed),
          sealed.size(), U(associated_data), associated_data.size()) != 0) {
    failed_ = true;
    state_ = SecretBytes();
    return Status::Integrity(
        "a message from the peer failed its integrity check (altered, reordered or "
        "replayed in transit)");
  }
  if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
    finished_ = true;
    state_ = SecretBytes();
    if (!out.empty()) return Status::Integrity("the peer's closing message carried data");
    return std::optional<std::string>();
  }
  if (tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE) {
    // Kring only ever sends MESSAGE and FINAL; PUSH/REKEY from a peer is not ours.
    failed_ = true;
    state_ = SecretBytes();
    return Status::Integrity("the peer sent a message with an unexpected stream tag");
  }
  return std::optional<std::string>(std::move(out));
}

}  // namespace kring
