#include "core/store/name_list_store.h"

#include "core/crypto/crypto.h"
#include "core/i18n/messages.h"
#include "core/store/node.h"
#include "core/store/sealed_meta.h"

namespace kring {
namespace {

constexpr char kNamesKey[] = "names";
constexpr char kNamesAssociatedData[] = "kring/meta/names/v1";
constexpr char kKeptKey[] = "kept-in-shared-texts";
constexpr char kKeptAssociatedData[] = "kring/meta/kept-in-shared-texts/v1";

}  // namespace

Result<pb::NameLists> LoadNameLists(Node& node) {
  return LoadSealedMeta<pb::NameLists>(node, kNamesKey, kNamesAssociatedData,
                                       "store.name_lists_unreadable");  // i18n-ok: a message id
}

Status SaveNameLists(Node& node, const pb::NameLists& lists) {
  return SaveSealedMeta(node, kNamesKey, kNamesAssociatedData, lists);
}

Result<pb::KeptInSharedTexts> LoadKeptInSharedTexts(Node& node) {
  return LoadSealedMeta<pb::KeptInSharedTexts>(node, kKeptKey, kKeptAssociatedData,
                                               "store.kept_unreadable");  // i18n-ok: a message id
}

Status RecordKeptInSharedTexts(Node& node, const std::vector<pb::KeptFinding>& kept) {
  if (kept.empty()) return Status::Ok();
  KRING_ASSIGN_OR_RETURN(pb::KeptInSharedTexts record, LoadKeptInSharedTexts(node));
  for (const pb::KeptFinding& k : kept) *record.add_kept() = k;
  if (record.kept_size() > kMaxKeptInSharedTexts) {
    record.mutable_kept()->DeleteSubrange(0, record.kept_size() - kMaxKeptInSharedTexts);
  }
  return SaveSealedMeta(node, kKeptKey, kKeptAssociatedData, record);
}

}  // namespace kring
