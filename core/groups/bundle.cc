#include "core/groups/bundle.h"

#include "core/crypto/crypto.h"
#include "core/groups/entry.h"

namespace kring {
namespace {

std::string BundleDigest(const pb::Bundle& bundle) {
  std::string input = bundle.group_id();
  for (const pb::Entry& entry : bundle.entries()) input.append(EntryId(entry));
  return Blake2b256(input);
}

}  // namespace

std::string WriteBundle(std::string_view group_id, const std::vector<pb::Entry>& entries) {
  pb::Bundle bundle;
  bundle.set_magic(std::string(kBundleMagic));
  bundle.set_version(kBundleVersion);
  bundle.set_group_id(std::string(group_id));
  for (const pb::Entry& entry : entries) *bundle.add_entries() = entry;
  bundle.set_digest(BundleDigest(bundle));
  return bundle.SerializeAsString();
}

Result<pb::Bundle> ReadBundle(std::string_view bytes, const BundleLimits& limits) {
  // Serialized bundles start with field 1 (magic): tag 0x0a, length, "KRINGBUNDLE".
  const std::string prefix =
      std::string("\x0a") + static_cast<char>(kBundleMagic.size()) + std::string(kBundleMagic);
  if (bytes.substr(0, prefix.size()) != prefix) {
    return Status::Usage("this file is not a Kring bundle");
  }
  if (bytes.size() > limits.max_bundle_bytes) {
    return Status::Usage("this bundle is larger than " +
                         std::to_string(limits.max_bundle_bytes >> 20) + " MiB");
  }
  pb::Bundle bundle;
  if (!bundle.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return Status::Integrity("this bundle is damaged or truncated; ask for a new copy");
  }
  if (bundle.version() != kBundleVersion) {
    return Status::Usage("this bundle was written by a newer Kring (format " +
                         std::to_string(bundle.version()) + "); update Kring to read it");
  }
  if (bundle.group_id().size() != kGroupIdBytes) {
    return Status::Integrity("this bundle does not name a valid group");
  }
  if (static_cast<size_t>(bundle.entries_size()) > limits.max_entries) {
    return Status::Usage("this bundle holds more than " + std::to_string(limits.max_entries) +
                         " entries");
  }
  if (bundle.digest() != BundleDigest(bundle)) {
    return Status::Integrity(
        "this bundle is truncated or damaged (its checksum does not match); "
        "ask for a new copy");
  }
  return bundle;
}

}  // namespace kring
