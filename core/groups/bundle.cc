#include "core/groups/bundle.h"

#include "core/crypto/crypto.h"
#include "core/groups/entry.h"
#include "core/i18n/messages.h"

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
    return Status::Usage(i18n::Tr("groups.bundle.not_a_bundle"));
  }
  if (bytes.size() > limits.max_bundle_bytes) {
    return Status::Usage(
        i18n::Tr("groups.bundle.too_large", {{"mib", limits.max_bundle_bytes >> 20}}));
  }
  pb::Bundle bundle;
  if (!bundle.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return Status::Integrity(i18n::Tr("groups.bundle.damaged"));
  }
  if (bundle.version() != kBundleVersion) {
    return Status::Usage(i18n::Tr("groups.bundle.newer", {{"format", bundle.version()}}));
  }
  if (bundle.group_id().size() != kGroupIdBytes) {
    return Status::Integrity(i18n::Tr("groups.bundle.no_group"));
  }
  if (static_cast<size_t>(bundle.entries_size()) > limits.max_entries) {
    return Status::Usage(i18n::Tr("groups.bundle.too_many", {{"max", limits.max_entries}}));
  }
  if (bundle.digest() != BundleDigest(bundle)) {
    return Status::Integrity(i18n::Tr("groups.bundle.checksum"));
  }
  return bundle;
}

}  // namespace kring
