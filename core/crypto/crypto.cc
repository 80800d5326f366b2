#include "core/crypto/crypto.h"

#include <sodium.h>

#include <cstdlib>
#include <cstring>
#include <new>

#include "core/i18n/messages.h"

namespace kring {

bool InitCrypto() { return sodium_init() >= 0; }

namespace {
const unsigned char* U(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}
unsigned char* U(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }
}  // namespace

// ---------------------------------------------------------------- SecretBytes

SecretBytes::SecretBytes(size_t size) : size_(size) {
  data_ = static_cast<unsigned char*>(sodium_malloc(size == 0 ? 1 : size));
  if (data_ == nullptr) throw std::bad_alloc();
  sodium_memzero(data_, size == 0 ? 1 : size);
}

SecretBytes::SecretBytes(std::string_view bytes) : SecretBytes(bytes.size()) {
  if (!bytes.empty()) std::memcpy(data_, bytes.data(), bytes.size());
}

SecretBytes::~SecretBytes() { Release(); }

SecretBytes::SecretBytes(SecretBytes&& other) noexcept : data_(other.data_), size_(other.size_) {
  other.data_ = nullptr;
  other.size_ = 0;
}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    Release();
    data_ = other.data_;
    size_ = other.size_;
    other.data_ = nullptr;
    other.size_ = 0;
  }
  return *this;
}

void SecretBytes::Release() {
  if (data_ != nullptr) sodium_free(data_);  // zeroes before freeing
  data_ = nullptr;
  size_ = 0;
}

bool SecretBytes::operator==(const SecretBytes& other) const {
  return size_ == other.size_ && (size_ == 0 || sodium_memcmp(data_, other.data_, size_) == 0);
}

void WipeString(std::string& s) {
  if (!s.empty()) sodium_memzero(s.data(), s.size());
}

std::string RandomBytes(size_t n) {
  std::string out(n, '\0');
  randombytes_buf(out.data(), n);
  return out;
}

SecretBytes RandomSecret(size_t n) {
  SecretBytes out(n);
  randombytes_buf(out.data(), n);
  return out;
}

// ---------------------------------------------------------------- AEAD

std::string AeadSeal(const SecretBytes& key, std::string_view plaintext,
                     std::string_view associated_data) {
  constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  std::string out(kNonce + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  randombytes_buf(out.data(), kNonce);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(U(out) + kNonce, &clen, U(plaintext), plaintext.size(),
                                             U(associated_data), associated_data.size(), nullptr,
                                             U(out), key.data());
  out.resize(kNonce + clen);
  return out;
}

namespace {
Status AeadOpenInto(const SecretBytes& key, std::string_view sealed,
                    std::string_view associated_data, unsigned char* out) {
  constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  unsigned long long mlen = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          out, &mlen, nullptr, U(sealed) + kNonce, sealed.size() - kNonce, U(associated_data),
          associated_data.size(), U(sealed), key.data()) != 0) {
    return Status::Integrity(i18n::Tr("crypto.decrypt_failed"));
  }
  return Status::Ok();
}
size_t AeadPlainSize(std::string_view sealed) {
  constexpr size_t kOverhead =
      crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  return sealed.size() < kOverhead ? SIZE_MAX : sealed.size() - kOverhead;
}
Status CheckAeadInput(const SecretBytes& key, std::string_view sealed) {
  if (key.size() != kAeadKeyBytes) return Status::Integrity(i18n::Tr("crypto.key_length"));
  if (AeadPlainSize(sealed) == SIZE_MAX) return Status::Integrity(i18n::Tr("crypto.truncated"));
  return Status::Ok();
}
}  // namespace

Result<std::string> AeadOpen(const SecretBytes& key, std::string_view sealed,
                             std::string_view associated_data) {
  KRING_RETURN_IF_ERROR(CheckAeadInput(key, sealed));
  std::string out(AeadPlainSize(sealed), '\0');
  KRING_RETURN_IF_ERROR(AeadOpenInto(key, sealed, associated_data, U(out)));
  return out;
}

Result<SecretBytes> AeadOpenSecret(const SecretBytes& key, std::string_view sealed,
                                   std::string_view associated_data) {
  KRING_RETURN_IF_ERROR(CheckAeadInput(key, sealed));
  SecretBytes out(AeadPlainSize(sealed));
  KRING_RETURN_IF_ERROR(AeadOpenInto(key, sealed, associated_data, out.data()));
  return out;
}

// ---------------------------------------------------------------- Signatures

SigningKeyPair GenerateSigningKeyPair() {
  SigningKeyPair kp{std::string(crypto_sign_PUBLICKEYBYTES, '\0'),
                    SecretBytes(crypto_sign_SECRETKEYBYTES)};
  crypto_sign_keypair(U(kp.public_key), kp.secret_key.data());
  return kp;
}

std::string Sign(const SecretBytes& secret_key, std::string_view message) {
  std::string sig(crypto_sign_BYTES, '\0');
  crypto_sign_detached(U(sig), nullptr, U(message), message.size(), secret_key.data());
  return sig;
}

bool VerifySignature(std::string_view public_key, std::string_view message,
                     std::string_view signature) {
  if (public_key.size() != crypto_sign_PUBLICKEYBYTES || signature.size() != crypto_sign_BYTES) {
    return false;
  }
  return crypto_sign_verify_detached(U(signature), U(message), message.size(), U(public_key)) == 0;
}

// ---------------------------------------------------------------- Sealed boxes

BoxKeyPair GenerateBoxKeyPair() {
  BoxKeyPair kp{std::string(crypto_box_PUBLICKEYBYTES, '\0'),
                SecretBytes(crypto_box_SECRETKEYBYTES)};
  crypto_box_keypair(U(kp.public_key), kp.secret_key.data());
  return kp;
}

std::string SealToPublicKey(std::string_view public_key, std::string_view message) {
  std::string out(message.size() + crypto_box_SEALBYTES, '\0');
  crypto_box_seal(U(out), U(message), message.size(), U(public_key));
  return out;
}

Result<SecretBytes> OpenSealed(std::string_view public_key, const SecretBytes& secret_key,
                               std::string_view sealed) {
  if (public_key.size() != crypto_box_PUBLICKEYBYTES ||
      secret_key.size() != crypto_box_SECRETKEYBYTES || sealed.size() < crypto_box_SEALBYTES) {
    return Status::Integrity(i18n::Tr("crypto.sealed_key_malformed"));
  }
  SecretBytes out(sealed.size() - crypto_box_SEALBYTES);
  if (crypto_box_seal_open(out.data(), U(sealed), sealed.size(), U(public_key),
                           secret_key.data()) != 0) {
    return Status::Integrity(i18n::Tr("crypto.sealed_key_not_ours"));
  }
  return out;
}

// ---------------------------------------------------------------- Hashing

std::string Blake2b256(std::string_view data) {
  std::string out(32, '\0');
  crypto_generichash(U(out), out.size(), U(data), data.size(), nullptr, 0);
  return out;
}

std::string KeyedBlake2b256(const SecretBytes& key, std::string_view data) {
  std::string out(32, '\0');
  crypto_generichash(U(out), out.size(), U(data), data.size(), key.data(), key.size());
  return out;
}

std::string Sha256(std::string_view data) {
  std::string out(crypto_hash_sha256_BYTES, '\0');
  crypto_hash_sha256(U(out), U(data), data.size());
  return out;
}

uint64_t ShortHash(std::string_view key, std::string_view data) {
  static_assert(crypto_shorthash_KEYBYTES == kShortHashKeyBytes);
  unsigned char digest[crypto_shorthash_BYTES];
  crypto_shorthash(digest, U(data), data.size(), U(key));
  uint64_t value = 0;
  for (int i = crypto_shorthash_BYTES - 1; i >= 0; --i) value = (value << 8) | digest[i];
  return value;
}

bool ConstantTimeEqual(std::string_view a, std::string_view b) {
  return a.size() == b.size() && (a.empty() || sodium_memcmp(a.data(), b.data(), a.size()) == 0);
}

// ---------------------------------------------------------------- Passphrases

PwhashLimits ChosenPwhashLimits() {
  if (const char* env = std::getenv("KRING_KDF_LIMITS");
      env != nullptr && std::string_view(env) == "interactive") {
    return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
  }
  return {crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE};
}

PwhashParams NewPwhashParams() {
  const PwhashLimits limits = ChosenPwhashLimits();
  return PwhashParams{RandomBytes(crypto_pwhash_SALTBYTES), limits.opslimit, limits.memlimit};
}

bool PwhashWeakerThanChosen(const PwhashParams& params) {
  const PwhashLimits limits = ChosenPwhashLimits();
  return params.opslimit < limits.opslimit || params.memlimit < limits.memlimit;
}

Result<SecretBytes> DeriveKeyFromPassphrase(std::string_view passphrase,
                                            const PwhashParams& params) {
  if (params.salt.size() != crypto_pwhash_SALTBYTES ||
      params.opslimit < crypto_pwhash_OPSLIMIT_MIN || params.opslimit > 64 ||
      params.memlimit < crypto_pwhash_MEMLIMIT_MIN || params.memlimit > (1ULL << 32)) {
    return Status::Integrity(i18n::Tr("crypto.pwhash_settings_invalid"));
  }
  SecretBytes key(kAeadKeyBytes);
  if (crypto_pwhash(key.data(), key.size(), passphrase.data(), passphrase.size(), U(params.salt),
                    params.opslimit, params.memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::User(i18n::Tr("crypto.pwhash_no_memory"));
  }
  return key;
}

// ---------------------------------------------------------------- Encodings

std::string ToHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

Result<std::string> FromHex(std::string_view hex) {
  if (hex.size() % 2 != 0) return Status::Usage(i18n::Tr("crypto.hex_odd_length"));
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out(hex.size() / 2, '\0');
  for (size_t i = 0; i < out.size(); ++i) {
    int hi = nibble(hex[2 * i]);
    int lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return Status::Usage(i18n::Tr("crypto.not_hex"));
    out[i] = static_cast<char>(hi << 4 | lo);
  }
  return out;
}

std::string Base32(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kAlphabet[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (5 - bits)) & 31]);
  return out;
}

std::string Base64Url(std::string_view bytes) {
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_encoded_len(bytes.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), U(bytes), bytes.size(), kVariant);
  out.resize(std::strlen(out.c_str()));
  return out;
}

Result<std::string> FromBase64Url(std::string_view text) {
  std::string out(text.size() * 3 / 4 + 3, '\0');
  size_t len = 0;
  if (sodium_base642bin(U(out), out.size(), text.data(), text.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return Status::Usage(i18n::Tr("crypto.not_base64"));
  }
  out.resize(len);
  return out;
}

std::string Fingerprint(std::string_view public_key) {
  std::string digest(crypto_generichash_BYTES_MIN, '\0');  // 16 bytes
  crypto_generichash(U(digest), digest.size(), U(public_key), public_key.size(), nullptr, 0);
  std::string b32 = Base32(digest).substr(0, 20);
  std::string out;
  for (size_t i = 0; i < b32.size(); ++i) {
    if (i > 0 && i % 4 == 0) out.push_back('-');
    out.push_back(b32[i]);
  }
  return out;
}

std::string ShortId(std::string_view id_bytes) { return ToHex(id_bytes).substr(0, 8); }

}  // namespace kring
