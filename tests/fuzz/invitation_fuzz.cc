// Fuzzes the decoder of pasted invitation codes, and the inviter's check of a join request made
// from whatever decoded (the request's bytes come from a stranger's node).
#include <cstdint>
#include <string_view>

#include "core/crypto/crypto.h"
#include "core/groups/invitations.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static bool init = kring::InitCrypto();
  (void)init;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto code = kring::DecodeInvitationCode(text);
  if (code.ok()) (void)kring::EncodeInvitationCode(*code);
  kring::pb::JoinRequest request;
  if (request.ParseFromArray(data, static_cast<int>(size))) {
    kring::pb::InvitationBook book;
    kring::AddInvitation(
        book, kring::MakeInvitation(request.group_id(), std::string(32, 'k'), {"127.0.0.1:7420"},
                                    kring::pb::ROLE_COACH, 1000, 60)
                  .kept);
    (void)kring::CheckJoinRequest(book, request, request.identity().signing_public_key(), 1030);
  }
  return 0;
}
