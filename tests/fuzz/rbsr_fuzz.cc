// libFuzzer target for the Negentropy V1 message parser in core/rbsr: the input is fed as a peer's
// message to a server and to a client (with and without a frame-size limit) holding a small
// fixed set. Anything but a Status error or a well-formed reply is a bug.
//
// Built by CMake with -DKRING_FUZZ=ON (scripts/fuzz).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto/crypto.h"
#include "core/sync/rbsr.h"

namespace {

const kring::rbsr::VectorStorage& FixedSet() {
  static const kring::rbsr::VectorStorage* storage = [] {
    kring::InitCrypto();
    auto* s = new kring::rbsr::VectorStorage();
    // Few timestamps and ids with shared prefixes, so that bounds need id prefixes.
    for (uint32_t i = 0; i < 300; ++i) {
      std::string id(32, static_cast<char>(i % 7));
      id[30] = static_cast<char>(i >> 8);
      id[31] = static_cast<char>(i & 0xff);
      (void)s->Insert(1000 + i % 5, id);
    }
    (void)s->Seal();
    return s;
  }();
  return *storage;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using kring::rbsr::Reconciler;
  using kring::rbsr::ReconcilerOptions;
  const std::string_view message(reinterpret_cast<const char*>(data), size);
  for (uint64_t limit : {uint64_t{0}, kring::rbsr::kMinFrameSizeLimit}) {
    ReconcilerOptions options;
    options.frame_size_limit = limit;
    auto server = Reconciler::Create(&FixedSet(), options);
    if (!server.ok()) std::abort();
    auto reply = server->Reconcile(message);
    if (reply.ok() && (reply->empty() || (limit != 0 && reply->size() > limit))) std::abort();

    auto client = Reconciler::Create(&FixedSet(), options);
    if (!client.ok() || !client->Initiate().ok()) std::abort();
    std::vector<std::string> have;
    std::vector<std::string> need;
    auto next = client->Reconcile(message, &have, &need);
    if (next.ok() && next->has_value() && limit != 0 && (*next)->size() > limit) std::abort();
  }
  return 0;
}
