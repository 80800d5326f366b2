// Thin, typed wrappers over libsodium: every cryptographic operation Kring performs goes
// through here. Byte strings are std::string (protobuf's bytes type); secrets are SecretBytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/base/status.h"

namespace kring {

// Must be called once at start-up, before any other function here. Returns false when
// libsodium cannot initialise (no usable random source).
bool InitCrypto();

// Key material that zeroes itself when it goes out of scope and cannot be copied by accident.
class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(size_t size);
  explicit SecretBytes(std::string_view bytes);
  ~SecretBytes();
  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  SecretBytes Clone() const { return SecretBytes(view()); }

  unsigned char* data() { return data_; }
  const unsigned char* data() const { return data_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::string_view view() const { return {reinterpret_cast<const char*>(data_), size_}; }
  bool operator==(const SecretBytes& other) const;

 private:
  void Release();
  unsigned char* data_ = nullptr;  // sodium_malloc'ed: guarded, locked, zeroed on free
  size_t size_ = 0;
};

// Zeroes a string that held secret or confidential bytes (before it is freed or reused).
void WipeString(std::string& s);

std::string RandomBytes(size_t n);
SecretBytes RandomSecret(size_t n);

// --- Authenticated encryption: XChaCha20-Poly1305 (IETF), random 24-byte nonce per message.
inline constexpr size_t kAeadKeyBytes = 32;
// Returns nonce || ciphertext || tag.
std::string AeadSeal(const SecretBytes& key, std::string_view plaintext,
                     std::string_view associated_data = {});
// Fails with kIntegrity when the key is wrong or anything was altered.
Result<std::string> AeadOpen(const SecretBytes& key, std::string_view sealed,
                             std::string_view associated_data = {});
Result<SecretBytes> AeadOpenSecret(const SecretBytes& key, std::string_view sealed,
                                   std::string_view associated_data = {});

// --- Signatures: Ed25519.
inline constexpr size_t kSignPublicKeyBytes = 32;
inline constexpr size_t kSignatureBytes = 64;
struct SigningKeyPair {
  std::string public_key;
  SecretBytes secret_key;
};
SigningKeyPair GenerateSigningKeyPair();
std::string Sign(const SecretBytes& secret_key, std::string_view message);
bool VerifySignature(std::string_view public_key, std::string_view message,
                     std::string_view signature);

// --- Sealing to a public key: X25519 crypto_box_seal (anonymous sender).
inline constexpr size_t kBoxPublicKeyBytes = 32;
struct BoxKeyPair {
  std::string public_key;
  SecretBytes secret_key;
};
BoxKeyPair GenerateBoxKeyPair();
std::string SealToPublicKey(std::string_view public_key, std::string_view message);
Result<SecretBytes> OpenSealed(std::string_view public_key, const SecretBytes& secret_key,
                               std::string_view sealed);

// --- Hashing.
std::string Blake2b256(std::string_view data);
// Keyed BLAKE2b-256 (a MAC / PRF).
std::string KeyedBlake2b256(const SecretBytes& key, std::string_view data);
std::string Sha256(std::string_view data);
// SipHash-2-4 (crypto_shorthash): a fast keyed 64-bit hash for hash tables and sketches, not a
// MAC. `key` must be kShortHashKeyBytes long; the result is the digest read as little-endian.
inline constexpr size_t kShortHashKeyBytes = 16;
uint64_t ShortHash(std::string_view key, std::string_view data);
// Constant-time comparison of equal-length byte strings.
bool ConstantTimeEqual(std::string_view a, std::string_view b);

// --- Passphrase-based key derivation: Argon2id.
struct PwhashParams {
  std::string salt;  // crypto_pwhash_SALTBYTES
  uint64_t opslimit = 0;
  uint64_t memlimit = 0;
};
// The limits a new passphrase is wrapped with: libsodium's MODERATE limits (3 passes, 256 MiB),
// since a node is unlocked once per session (docs/decisions.md, 8). KRING_KDF_LIMITS=interactive
// chooses the INTERACTIVE limits (2 passes, 64 MiB) for a machine with little memory, and for the
// test suite, which unlocks nodes thousands of times; the limits are stored with the salt, so
// opening always uses what the node was made with.
struct PwhashLimits {
  uint64_t opslimit = 0;
  uint64_t memlimit = 0;
};
PwhashLimits ChosenPwhashLimits();
PwhashParams NewPwhashParams();  // fresh salt, ChosenPwhashLimits()
// True when `params` are weaker than ChosenPwhashLimits() (a node made before MODERATE became
// the default): the passphrase is re-wrapped at the next unlock.
bool PwhashWeakerThanChosen(const PwhashParams& params);
Result<SecretBytes> DeriveKeyFromPassphrase(std::string_view passphrase,
                                            const PwhashParams& params);

// --- Encodings for people and logs.
std::string ToHex(std::string_view bytes);
Result<std::string> FromHex(std::string_view hex);
std::string Base32(std::string_view bytes);
// URL-safe base64 without padding (libsodium's codec).
std::string Base64Url(std::string_view bytes);
Result<std::string> FromBase64Url(std::string_view text);  // RFC 4648 alphabet, no padding
// A fingerprint people compare aloud: base32 of BLAKE2b(public key), 20 characters in blocks
// of four, e.g. "K7QX-M2PA-9RTD-4WZE-HJ3N".
std::string Fingerprint(std::string_view public_key);
// Short id for logs and listings: the first 8 hex characters.
std::string ShortId(std::string_view id_bytes);

}  // namespace kring
