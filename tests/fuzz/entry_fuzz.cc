// libFuzzer target: one entry envelope as a peer or a bundle delivers it. The bytes are parsed as
// pb::Entry, checked on their own (CheckEnvelope) and admitted to an empty group's ledger.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/crypto/crypto.h"
#include "core/groups/entry.h"
#include "core/groups/group_ledger.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool ready = kring::InitCrypto();
  if (!ready) std::abort();
  kring::pb::Entry entry;
  if (!entry.ParseFromArray(data, static_cast<int>(size))) return 0;
  kring::Verdict checked = kring::CheckEnvelope(entry);
  if (checked.ok() && checked.entry().id != kring::EntryId(entry)) std::abort();
  // A genesis entry names its own group; any other is tried against a group of that id too.
  const std::string group_id =
      checked.ok() ? checked.entry().header.group_id() : std::string(32, 'g');
  kring::GroupLedger ledger(group_id);
  (void)ledger.Admit(entry, kring::NoEntries, 4'000'000'000'000);
  return 0;
}
