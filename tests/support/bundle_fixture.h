// Builds a large offline bundle in-process (real nodes, real keys), for tests that import it with
// the kring binary: crash-safety, a full disk, secrets hygiene.
#pragma once

#include <cstddef>
#include <string>

#include "core/base/status.h"
#include "core/store/node.h"
#include "proto/store.pb.h"

namespace kring::testing {

struct LargeBundle {
  std::string group_id;
  std::string bytes;   // the bundle file's contents
  size_t entries = 0;  // chain entries + shared cases
  size_t cases = 0;
};

// The case shared as number `i`: its title and text name `i`, so a reader can check it whole.
pb::CaseReflection NumberedCase(size_t i);

// `author` creates a group "Crash group", adds `member` as a coach and shares `cases` cases.
// Nothing is stored in `member`; the bundle is what `author` would export.
Result<LargeBundle> BuildLargeBundle(Node& author, const Node& member, size_t cases);

}  // namespace kring::testing
