// libFuzzer target: arbitrary bytes, in arbitrary chunks, into the frame decoder. It must never
// crash, never hand out a frame above the limit, and never buffer much more than one frame.
// Build (clang): see tests/fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "net/frame_decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  constexpr size_t kMax = 1024;
  kring::FrameDecoder decoder(kMax);
  std::string_view input(reinterpret_cast<const char*>(data), size);
  // The first byte picks the chunk size, so the fuzzer explores splits too.
  const size_t chunk = input.empty() ? 1 : 1 + static_cast<unsigned char>(input[0]) % 64;
  while (!input.empty()) {
    const size_t n = std::min(chunk, input.size());
    decoder.Append(input.substr(0, n));
    input.remove_prefix(n);
    for (;;) {
      auto next = decoder.Next();
      if (!next.ok() || !next->has_value()) break;
      if ((*next)->empty() || (*next)->size() > kMax) __builtin_trap();
    }
    if (decoder.buffered_bytes() > kMax + 4 + 64) __builtin_trap();
  }
  (void)decoder.Finish();
  return 0;
}
