// libFuzzer target for the rateless IBLT decoder (core/sync/riblt.h), which takes a server's symbols.
//
// The first input byte picks a mode:
//   even: the rest is the server's stream itself: a claimed set size, then per round a 2-byte
//         length and that many bytes of "symbols" for DecodeSymbols and Decoder::Add;
//   odd:  the rest describes an honest server (which of a fixed set of ids it holds, and extra
//         ids of its own), whose real symbols are then fed to the decoder; the decoder must find
//         exactly the difference.
// In both modes nothing may crash, loop or report an id that contradicts the client's own set.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto/crypto.h"
#include "core/sync/riblt.h"

namespace {

using kring::riblt::Decoder;
using kring::riblt::DecoderOptions;

const std::string& Key() {
  static const std::string key(kring::riblt::kKeyBytes, 'k');
  return key;
}

std::string Id(uint32_t i, char tag) {
  std::string id(32, tag);
  for (int b = 0; b < 4; ++b) id[static_cast<size_t>(b)] = static_cast<char>((i >> (8 * b)) & 0xff);
  return id;
}

const std::vector<std::string>& LocalSet() {
  static const std::vector<std::string>* set = [] {
    kring::InitCrypto();
    auto* s = new std::vector<std::string>();
    for (uint32_t i = 0; i < 64; ++i) s->push_back(Id(i, 'c'));
    return s;
  }();
  return *set;
}

DecoderOptions SmallRequests() {
  DecoderOptions options;
  options.first_request = 4;
  options.max_request = 16;
  options.max_set_size = 1000;
  return options;
}

void CheckAgainstLocal(const Decoder& decoder) {
  const std::set<std::string> local(LocalSet().begin(), LocalSet().end());
  for (const std::string& id : decoder.have()) {
    if (!local.contains(id)) std::abort();
  }
  for (const std::string& id : decoder.need()) {
    if (local.contains(id)) std::abort();
  }
}

void HostileStream(std::string_view in) {
  auto decoder = Decoder::Create(Key(), LocalSet(), SmallRequests());
  if (!decoder.ok()) std::abort();
  if (in.size() < 2) return;
  const uint64_t claimed = static_cast<uint8_t>(in[0]) | (static_cast<uint8_t>(in[1]) << 8);
  in.remove_prefix(2);
  for (int round = 0; round < 200 && !decoder->done() && in.size() >= 2; ++round) {
    auto request = decoder->NextRequest();
    if (!request.ok()) return;
    const size_t length = static_cast<uint8_t>(in[0]) | (static_cast<uint8_t>(in[1]) << 8);
    in.remove_prefix(2);
    std::string_view bytes = in.substr(0, length);
    in.remove_prefix(bytes.size());
    auto symbols = kring::riblt::DecodeSymbols(bytes, request->count);
    if (!symbols.ok()) return;
    if (symbols->size() != request->count) std::abort();
    if (!decoder->Add(claimed, *symbols).ok()) return;
  }
  if (decoder->done()) CheckAgainstLocal(*decoder);
}

void HonestServer(std::string_view in) {
  std::vector<std::string> server;
  std::set<std::string> only_client, only_server;
  for (size_t i = 0; i < LocalSet().size(); ++i) {
    const bool keep = i / 8 >= in.size() || ((static_cast<uint8_t>(in[i / 8]) >> (i % 8)) & 1) == 0;
    if (keep) {
      server.push_back(LocalSet()[i]);
    } else {
      only_client.insert(LocalSet()[i]);
    }
  }
  const size_t extra = in.size() > 8 ? static_cast<uint8_t>(in[8]) % 80 : 0;
  for (uint32_t i = 0; i < extra; ++i) {
    std::string id = Id(i, 's');
    if (in.size() > 9 + i) id[5] = in[9 + i];
    if (only_server.insert(id).second) server.push_back(id);
  }
  auto hashed = kring::riblt::HashIds(Key(), server);
  if (!hashed.ok()) std::abort();
  kring::riblt::Encoder encoder(std::move(hashed).value());
  auto decoder = Decoder::Create(Key(), LocalSet(), SmallRequests());
  if (!decoder.ok()) std::abort();
  while (!decoder->done()) {
    auto request = decoder->NextRequest();
    // Not decoding within the limit is legal (the session then uses Negentropy), just rare.
    if (!request.ok()) return;
    std::string wire = kring::riblt::EncodeSymbols(encoder.Symbols(request->begin, request->count));
    auto symbols = kring::riblt::DecodeSymbols(wire, request->count);
    if (!symbols.ok() || !decoder->Add(server.size(), *symbols).ok()) std::abort();
  }
  const std::vector<std::string> have = decoder->have(), need = decoder->need();
  if (std::set<std::string>(have.begin(), have.end()) != only_client) std::abort();
  if (std::set<std::string>(need.begin(), need.end()) != only_server) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 2 == 0) {
    HostileStream(in);
  } else {
    HonestServer(in);
  }
  return 0;
}
