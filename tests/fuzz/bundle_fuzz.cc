// libFuzzer target: a bundle file as `kring import` reads it. The bytes are recognised and parsed
// (ReadBundle), and what parses goes through the one validation path every entry takes
// (GroupLedger::AdmitBatch) — envelope checks, signatures, the membership chain, content entries.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "core/crypto/crypto.h"
#include "core/groups/bundle.h"
#include "core/groups/group_ledger.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool ready = kring::InitCrypto();
  if (!ready) std::abort();
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  kring::BundleLimits limits;
  limits.max_entries = 512;
  auto bundle = kring::ReadBundle(bytes, limits);
  if (!bundle.ok()) return 0;
  std::vector<kring::pb::Entry> entries(bundle->entries().begin(), bundle->entries().end());
  kring::GroupLedger ledger(bundle->group_id());
  // "Now" lies far ahead, so the seed entries (written when the corpus was made) are not "from
  // the future" and reach the deeper checks.
  auto verdicts = ledger.AdmitBatch(entries, kring::NoEntries, 4'000'000'000'000);
  if (verdicts.size() != entries.size()) std::abort();
  return 0;
}
