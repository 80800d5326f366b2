// Offline bundles: one file that carries a group's entries from one node to another without a
// network. Only the encoding lives here (pure, no files); each entry inside is still validated
// one by one by GroupLedger::AdmitBatch on import. See docs/groups.md, "Offline bundles".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "entry.pb.h"

namespace kring {

inline constexpr std::string_view kBundleMagic = "KRINGBUNDLE";
inline constexpr uint32_t kBundleVersion = 1;

struct BundleLimits {
  size_t max_bundle_bytes = 512u << 20;  // 512 MiB
  size_t max_entries = 200000;
};

std::string WriteBundle(std::string_view group_id, const std::vector<pb::Entry>& entries);

// Recognises and parses a bundle. A foreign file, a damaged or truncated one, or one from a
// newer Kring gets a clear kUsage / kIntegrity status; nothing else is checked here.
Result<pb::Bundle> ReadBundle(std::string_view bytes, const BundleLimits& limits = {});

}  // namespace kring
