// What a member reads of a group: shared cases (with their latest revision), the reviews and
// feedback requests on them, and a feed of everything that happened — decrypted with the epoch
// keys this node holds. Entries it cannot decrypt (written after it left) are marked unreadable.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/groups/group_book.h"

namespace kring {

struct ReviewView {
  std::string id;
  std::string case_id;
  std::string reviewer;  // signing key
  uint64_t created_at = 0;
  bool readable = false;
  pb::ReviewBody body;
  // One review per reviewer per case counts: a later review by the same reviewer is a revision
  // that replaces the earlier ones. How many it replaced, and when the first was written.
  int replaced = 0;
  uint64_t first_created_at = 0;
};

struct RequestView {
  std::string id;
  std::string case_id;
  std::string requester;
  uint64_t created_at = 0;
  bool readable = false;
  pb::FeedbackRequestBody body;
};

struct SharedCaseView {
  std::string id;
  std::string author;
  uint64_t shared_at = 0;
  uint64_t revised_at = 0;  // 0 when never revised
  bool retracted = false;
  bool readable = false;
  pb::CaseReflection reflection;  // the latest revision
  std::vector<ReviewView> reviews;
  std::vector<RequestView> requests;
};

struct FeedItem {
  std::string id;
  uint64_t created_at = 0;
  pb::EntryKind kind = pb::ENTRY_KIND_UNSPECIFIED;
  std::string author;  // signing key
  std::string text;    // one line for people
};

struct GroupView {
  std::vector<SharedCaseView> cases;  // oldest first
  std::vector<FeedItem> feed;         // oldest first
  const SharedCaseView* FindCase(std::string_view id_or_prefix) const;
};

GroupView BuildGroupView(const LoadedGroup& group, const std::vector<GroupEntry>& entries);

}  // namespace kring
