// libFuzzer target: arbitrary bytes as handshake messages, to a responder and to an initiator
// that has sent its hello. Neither may crash, and neither may ever complete: completing needs
// the peer's secret keys, which the fuzzer does not have.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "core/crypto/crypto.h"
#include "core/crypto/handshake.h"

namespace {
struct Keys {
  Keys() {
    kring::InitCrypto();
    identity = std::make_shared<kring::SigningKeyPair>(kring::GenerateSigningKeyPair());
  }
  std::shared_ptr<kring::SigningKeyPair> identity;
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const Keys keys;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto accept_all = [](std::string_view) { return true; };

  kring::Handshake responder(kring::HandshakeRole::kResponder, {keys.identity, accept_all});
  kring::Handshake initiator(kring::HandshakeRole::kInitiator, {keys.identity, accept_all});
  (void)initiator.Start();
  // Split the input into up to two messages at a position the first byte chooses.
  const size_t cut = input.empty() ? 0 : static_cast<unsigned char>(input[0]) % (input.size() + 1);
  for (std::string_view part : {input.substr(0, cut), input.substr(cut)}) {
    (void)responder.Receive(part);
    (void)initiator.Receive(part);
  }
  if (responder.complete() || initiator.complete()) __builtin_trap();
  return 0;
}
