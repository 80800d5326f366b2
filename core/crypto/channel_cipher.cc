#include "core/crypto/channel_cipher.h"

#include <sodium.h>

#include "core/i18n/messages.h"

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
    return Status::Network(i18n::Tr("crypto.channel_closed"));
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
    return Status::Integrity(i18n::Tr("crypto.stream_header_malformed"));
  }
  StreamOpener opener;
  opener.state_ = SecretBytes(sizeof(StreamState));
  if (crypto_secretstream_xchacha20poly1305_init_pull(AsState(opener.state_), U(header),
                                                      key.data()) != 0) {
    return Status::Integrity(i18n::Tr("crypto.stream_header_invalid"));
  }
  return opener;
}

Result<std::optional<std::string>> StreamOpener::Open(std::string_view sealed,
                                                      std::string_view associated_data) {
  if (failed_) return Status::Integrity(i18n::Tr("crypto.channel_failed"));
  if (finished_) return Status::Integrity(i18n::Tr("crypto.data_after_close"));
  if (sealed.size() < kStreamOverheadBytes) {
    failed_ = true;
    state_ = SecretBytes();
    return Status::Integrity(i18n::Tr("crypto.message_too_short"));
  }
  std::string out(sealed.size() - kStreamOverheadBytes, '\0');
  unsigned char tag = 0;
  if (crypto_secretstream_xchacha20poly1305_pull(
          AsState(state_), reinterpret_cast<unsigned char*>(out.data()), nullptr, &tag, U(sealed),
          sealed.size(), U(associated_data), associated_data.size()) != 0) {
    failed_ = true;
    state_ = SecretBytes();
    return Status::Integrity(i18n::Tr("crypto.message_tampered"));
  }
  if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
    finished_ = true;
    state_ = SecretBytes();
    if (!out.empty()) return Status::Integrity(i18n::Tr("crypto.close_carried_data"));
    return std::optional<std::string>();
  }
  if (tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE) {
    // Kring only ever sends MESSAGE and FINAL; PUSH/REKEY from a peer is not ours.
    failed_ = true;
    state_ = SecretBytes();
    return Status::Integrity(i18n::Tr("crypto.unexpected_stream_tag"));
  }
  return std::optional<std::string>(std::move(out));
}

}  // namespace kring
