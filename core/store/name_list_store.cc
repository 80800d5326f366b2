#include "core/store/name_list_store.h"

#include "core/crypto/crypto.h"
#include "core/i18n/messages.h"
#include "core/store/node.h"

namespace kring {
namespace {

constexpr char kNamesKey[] = "names";
constexpr char kNamesAssociatedData[] = "kring/meta/names/v1";
constexpr char kKeptKey[] = "kept-in-shared-texts";
constexpr char kKeptAssociatedData[] = "kring/meta/kept-in-shared-texts/v1";

// A message sealed under `key` in the meta table; empty when none was saved yet.
// `unreadable_id` is the catalogue message telling the coach it does not open.
template <typename Message>
Result<Message> LoadSealed(Node& node, const char* key, const char* associated_data,
                           std::string_view unreadable_id) {
  KRING_ASSIGN_OR_RETURN(std::optional<std::string> sealed, node.store().GetMeta(key));
  Message message;
  if (!sealed) return message;
  KRING_ASSIGN_OR_RETURN(std::string plain, node.OpenRecord(*sealed, associated_data));
  const bool parsed = message.ParseFromString(plain);
  WipeString(plain);
  if (!parsed) return Status::Integrity(i18n::Tr(unreadable_id));
  return message;
}

Status SaveSealed(Node& node, const char* key, const char* associated_data,
                  const google::protobuf::MessageLite& message) {
  std::string plain = message.SerializeAsString();
  std::string sealed = node.SealRecord(plain, associated_data);
  WipeString(plain);
  return node.store().PutMeta(key, sealed);
}

}  // namespace

Result<pb::NameLists> LoadNameLists(Node& node) {
  return LoadSealed<pb::NameLists>(node, kNamesKey, kNamesAssociatedData,
                                   "store.name_lists_unreadable");  // i18n-ok: a message id
}

Status SaveNameLists(Node& node, const pb::NameLists& lists) {
  return SaveSealed(node, kNamesKey, kNamesAssociatedData, lists);
}

Result<pb::KeptInSharedTexts> LoadKeptInSharedTexts(Node& node) {
  return LoadSealed<pb::KeptInSharedTexts>(node, kKeptKey, kKeptAssociatedData,
                                           "store.kept_unreadable");  // i18n-ok: a message id
}

Status RecordKeptInSharedTexts(Node& node, const std::vector<pb::KeptFinding>& kept) {
  if (kept.empty()) return Status::Ok();
  KRING_ASSIGN_OR_RETURN(pb::KeptInSharedTexts record, LoadKeptInSharedTexts(node));
  for (const pb::KeptFinding& k : kept) *record.add_kept() = k;
  if (record.kept_size() > kMaxKeptInSharedTexts) {
    record.mutable_kept()->DeleteSubrange(0, record.kept_size() - kMaxKeptInSharedTexts);
  }
  return SaveSealed(node, kKeptKey, kKeptAssociatedData, record);
}

}  // namespace kring
