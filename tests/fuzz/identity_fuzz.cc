// Fuzzes the decoder of pasted public identities.
#include <cstdint>
#include <string_view>

#include "core/crypto/identity.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static bool init = kring::InitCrypto();
  (void)init;
  (void)kring::DecodePublicIdentity(std::string_view(reinterpret_cast<const char*>(data), size));
  (void)kring::IsValidUtf8(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
