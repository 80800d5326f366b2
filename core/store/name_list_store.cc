#include "core/store/name_list_store.h"

#include "core/crypto/crypto.h"
#include "core/store/node.h"

namespace kring {
namespace {

constexpr char kMetaKey[] = "names";
constexpr char kAssociatedData[] = "kring/meta/names/v1";

}  // namespace

Result<pb::NameLists> LoadNameLists(Node& node) {
  KRING_ASSIGN_OR_RETURN(std::optional<std::string> sealed, node.store().GetMeta(kMetaKey));
  pb::NameLists lists;
  if (!sealed) return lists;
  KRING_ASSIGN_OR_RETURN(std::string plain, node.OpenRecord(*sealed, kAssociatedData));
  const bool parsed = lists.ParseFromString(plain);
  WipeString(plain);
  if (!parsed) {
    return Status::Integrity("your stored name lists cannot be read; they may be damaged");
  }
  return lists;
}

Status SaveNameLists(Node& node, const pb::NameLists& lists) {
  std::string plain = lists.SerializeAsString();
  std::string sealed = node.SealRecord(plain, kAssociatedData);
  WipeString(plain);
  return node.store().PutMeta(kMetaKey, sealed);
}

}  // namespace kring
