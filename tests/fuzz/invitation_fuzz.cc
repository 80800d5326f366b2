// Fuzzes the decoders of pasted invitation and mailbox codes, the inviter's check of a join
// request and a mailbox's check of a registration, made from whatever parsed (the request's
// bytes come from a stranger's node).
#include <cstdint>
#include <string_view>

#include "core/crypto/crypto.h"
#include "core/groups/invitations.h"
#include "core/groups/mailbox.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static bool init = kring::InitCrypto();
  (void)init;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto code = kring::DecodeInvitationCode(text);
  if (code.ok()) (void)kring::EncodeInvitationCode(*code);
  auto mailbox = kring::DecodeMailboxCode(text);
  if (mailbox.ok()) (void)kring::EncodeMailboxCode(*mailbox);
  kring::pb::MailboxRegister registration;
  if (registration.ParseFromArray(data, static_cast<int>(size))) {
    static const kring::pb::MailboxSetup setup = kring::MakeMailboxSetup(1000);
    registration.set_secret(setup.secret());  // past the secret, into the registration's checks
    (void)kring::CheckMailboxRegister(setup, registration, std::string(32, 'm'),
                                      std::string(32, 'a'), 1'000'000);
  }
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
