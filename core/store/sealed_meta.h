// A protobuf record sealed with the store key under one key of the meta table: the coach's name
// lists, what was kept in shared texts, open invitations. Nothing in the file reveals them.
#pragma once

#include <google/protobuf/message_lite.h>

#include <optional>
#include <string>
#include <string_view>

#include "core/base/status.h"
#include "core/crypto/crypto.h"
#include "core/i18n/messages.h"
#include "core/store/node.h"

namespace kring {

// The record under `key`; an empty one when none was saved yet. `unreadable_id` is the catalogue
// message telling the coach it does not open (kIntegrity).
template <typename Message>
Result<Message> LoadSealedMeta(Node& node, const char* key, const char* associated_data,
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

inline Status SaveSealedMeta(Node& node, const char* key, const char* associated_data,
                             const google::protobuf::MessageLite& message) {
  std::string plain = message.SerializeAsString();
  std::string sealed = node.SealRecord(plain, associated_data);
  WipeString(plain);
  return node.store().PutMeta(key, sealed);
}

}  // namespace kring
