#include "core/groups/invitations.h"

#include <algorithm>
#include <cctype>

#include "core/crypto/crypto.h"
#include "core/crypto/identity.h"
#include "core/groups/checked_code.h"
#include "core/groups/group_book.h"
#include "core/groups/group_writer.h"
#include "core/i18n/messages.h"
#include "core/store/node.h"
#include "core/store/sealed_meta.h"

namespace kring {
namespace {

constexpr char kCheckLabel[] = "kring/invitation/v1";
constexpr char kMetaKey[] = "invitations";
constexpr char kAssociatedData[] = "kring/meta/invitations/v1";

}  // namespace

std::string EncodeInvitationCode(const pb::InvitationCode& code) {
  return EncodeCheckedCode(kInvitationPrefix, kCheckLabel, code.SerializeAsString());
}

Result<pb::InvitationCode> DecodeInvitationCode(std::string_view text) {
  DecodedCode decoded = DecodeCheckedCode(text, kInvitationPrefix, "kring-join", kCheckLabel);
  if (decoded.problem == CodeProblem::kNotACode) {
    return Status::Usage(i18n::Tr("groups.invite.not_a_code"));
  }
  if (decoded.problem == CodeProblem::kNewerVersion) {
    return Status::Usage(i18n::Tr("groups.invite.newer_version"));
  }
  pb::InvitationCode code;
  if (decoded.problem != CodeProblem::kNone || !code.ParseFromString(decoded.payload)) {
    return Status::Usage(i18n::Tr("groups.invite.damaged"));
  }
  if (code.version() != 1) return Status::Usage(i18n::Tr("groups.invite.newer_version"));
  // Without the inviter's addresses, a code needs a mailbox to leave the request at.
  const bool mailbox = !code.mailbox_key().empty();
  if (code.group_id().size() != 32 || code.inviter_key().size() != kSignPublicKeyBytes ||
      code.secret().size() != kInvitationSecretBytes || (code.addresses().empty() && !mailbox) ||
      static_cast<size_t>(code.addresses_size()) > kMaxInvitationAddresses) {
    return Status::Usage(i18n::Tr("groups.invite.damaged"));
  }
  if (mailbox && (code.mailbox_key().size() != kSignPublicKeyBytes ||
                  code.inviter_sealing_key().size() != kBoxPublicKeyBytes ||
                  code.mailbox_addresses().empty() ||
                  static_cast<size_t>(code.mailbox_addresses_size()) > kMaxInvitationAddresses)) {
    return Status::Usage(i18n::Tr("groups.invite.damaged"));
  }
  for (const auto* list : {&code.addresses(), &code.mailbox_addresses()}) {
    for (const std::string& address : *list) {
      if (!IsValidInvitationAddress(address)) {
        return Status::Usage(i18n::Tr("groups.invite.damaged"));
      }
    }
  }
  return code;
}

bool IsValidInvitationAddress(std::string_view address) {
  if (address.empty() || address.size() > 64) return false;
  return std::all_of(address.begin(), address.end(), [](unsigned char c) {
    return std::isalnum(c) != 0 || c == '.' || c == ':' || c == '-' || c == '[' || c == ']';
  });
}

NewInvitation MakeInvitation(std::string_view group_id, std::string_view inviter_key,
                             const std::vector<std::string>& addresses, pb::Role role,
                             uint64_t now_seconds, uint64_t lifetime_seconds) {
  NewInvitation out;
  const std::string secret = RandomBytes(kInvitationSecretBytes);
  out.code.set_version(1);
  out.code.set_group_id(std::string(group_id));
  out.code.set_inviter_key(std::string(inviter_key));
  for (const std::string& a : addresses) {
    if (static_cast<size_t>(out.code.addresses_size()) < kMaxInvitationAddresses) {
      out.code.add_addresses(a);
    }
  }
  out.code.set_secret(secret);
  out.code.set_expires_at(now_seconds + lifetime_seconds);
  out.kept.set_secret_hash(Blake2b256(secret));
  out.kept.set_group_id(std::string(group_id));
  out.kept.set_role(role);
  out.kept.set_created_at(now_seconds);
  out.kept.set_expires_at(now_seconds + lifetime_seconds);
  return out;
}

JoinCheck CheckJoinRequest(const pb::InvitationBook& book, const pb::JoinRequest& request,
                           std::string_view channel_key, uint64_t now_seconds) {
  JoinCheck check;
  if (request.secret().size() != kInvitationSecretBytes) return check;
  const std::string hash = Blake2b256(request.secret());
  for (int i = 0; i < book.invitation_size(); ++i) {
    const pb::StoredInvitation& inv = book.invitation(i);
    if (!ConstantTimeEqual(inv.secret_hash(), hash)) continue;
    // A secret of another group's invitation: as if there were none (it changes nothing).
    if (inv.group_id() != request.group_id()) return check;
    if (inv.used_at() != 0 && !channel_key.empty() && inv.used_by() == channel_key) {
      check.index = i;
      check.outcome = pb::JoinResult::JOINED;
      check.repeat = true;
    } else if (inv.used_at() != 0) {
      check.outcome = pb::JoinResult::USED;
    } else if (now_seconds >= inv.expires_at()) {
      check.outcome = pb::JoinResult::EXPIRED;
    } else {
      check.index = i;
      check.outcome = pb::JoinResult::JOINED;
    }
    return check;
  }
  return check;
}

std::string JoinOutcomeKey(pb::JoinResult::Outcome outcome) {
  switch (outcome) {
    case pb::JoinResult::USED:
      return "used";
    case pb::JoinResult::EXPIRED:
      return "expired";
    case pb::JoinResult::ALREADY_MEMBER:
      return "already_member";
    case pb::JoinResult::NOT_ALLOWED:
      return "not_allowed";
    case pb::JoinResult::BAD_REQUEST:
      return "bad_request";
    default:
      return "unknown";
  }
}

bool HasOpenInvitation(const pb::InvitationBook& book, uint64_t now_seconds) {
  return std::any_of(book.invitation().begin(), book.invitation().end(),
                     [now_seconds](const pb::StoredInvitation& inv) {
                       return IsOpenInvitation(inv, now_seconds);
                     });
}

bool AnswersNewcomers(const pb::InvitationBook& book, uint64_t now_seconds) {
  return std::any_of(book.invitation().begin(), book.invitation().end(),
                     [now_seconds](const pb::StoredInvitation& inv) {
                       const uint64_t ended = inv.used_at() != 0
                                                  ? std::min(inv.used_at(), inv.expires_at())
                                                  : inv.expires_at();
                       return now_seconds < ended + kInvitationAnswerSeconds;
                     });
}

void AddInvitation(pb::InvitationBook& book, pb::StoredInvitation kept) {
  *book.add_invitation() = std::move(kept);
  const int excess = book.invitation_size() - kMaxStoredInvitations;
  if (excess > 0) book.mutable_invitation()->DeleteSubrange(0, excess);
}

Result<uint64_t> ParseInvitationLifetime(std::string_view text) {
  if (text.empty()) return Status::Usage(i18n::Tr("groups.invite.bad_lifetime"));
  uint64_t unit = 24 * 3600;
  std::string_view digits = text;
  switch (text.back()) {
    case 'd':
      digits.remove_suffix(1);
      break;
    case 'h':
      unit = 3600;
      digits.remove_suffix(1);
      break;
    case 'm':
      unit = 60;
      digits.remove_suffix(1);
      break;
    case 's':
      unit = 1;
      digits.remove_suffix(1);
      break;
    default:
      break;
  }
  if (digits.empty() || digits.size() > 9 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return Status::Usage(i18n::Tr("groups.invite.bad_lifetime"));
  }
  const uint64_t seconds = std::stoull(std::string(digits)) * unit;
  if (seconds == 0 || seconds > kMaxInvitationSeconds) {
    return Status::Usage(i18n::Tr("groups.invite.bad_lifetime"));
  }
  return seconds;
}

Result<pb::JoinResult> AcceptJoin(Node& node, const pb::JoinRequest& request,
                                  std::string_view channel_key, int64_t now_ms,
                                  pb::PublicIdentity* joined) {
  pb::JoinResult result;
  result.set_outcome(pb::JoinResult::BAD_REQUEST);
  // The identity as a pasted line would be checked: key sizes, alias, self-signature.
  auto identity = DecodePublicIdentity(EncodePublicIdentity(request.identity()));
  if (!identity.ok() || identity->signing_public_key() != channel_key) return result;
  const uint64_t now_seconds = static_cast<uint64_t>(now_ms / 1000);
  KRING_ASSIGN_OR_RETURN(auto tx, node.store().Begin());
  KRING_ASSIGN_OR_RETURN(pb::InvitationBook book, LoadInvitations(node));
  const JoinCheck check = CheckJoinRequest(book, request, channel_key, now_seconds);
  result.set_outcome(check.outcome);
  if (check.index < 0) return result;
  GroupBook groups(node);
  auto group = groups.Load(request.group_id());
  if (!group.ok()) {
    result.set_outcome(pb::JoinResult::UNKNOWN);
    return result;
  }
  if (group->state().FindMember(channel_key) != nullptr) {
    if (check.repeat) {
      // The first answer was lost: the same newcomer hears it again; nothing changes.
      result.set_group_name(group->Name());
      result.set_inviter_alias(node.alias());
      if (joined != nullptr) *joined = *identity;
      return result;
    }
    result.set_outcome(pb::JoinResult::ALREADY_MEMBER);
    return result;
  }
  if (check.repeat) {
    result.set_outcome(pb::JoinResult::USED);  // joined once, then removed: not again
    return result;
  }
  pb::StoredInvitation& invitation = *book.mutable_invitation(check.index);
  auto entries = AddMember(group->ledger, group->keys, groups.Me(), node.signing_secret_key(),
                           *identity, invitation.role(), static_cast<uint64_t>(now_ms));
  if (!entries.ok()) {
    result.set_outcome(pb::JoinResult::NOT_ALLOWED);
    return result;
  }
  KRING_RETURN_IF_ERROR(groups.Append(*group, *entries));
  invitation.set_used_at(now_seconds);
  invitation.set_used_by(std::string(channel_key));
  invitation.set_used_by_alias(identity->alias());
  KRING_RETURN_IF_ERROR(SaveInvitations(node, book));
  KRING_RETURN_IF_ERROR(tx->Commit());
  result.set_outcome(pb::JoinResult::JOINED);
  result.set_group_name(group->Name());
  result.set_inviter_alias(node.alias());
  if (joined != nullptr) *joined = *identity;
  return result;
}

Result<pb::InvitationBook> LoadInvitations(Node& node) {
  return LoadSealedMeta<pb::InvitationBook>(node, kMetaKey, kAssociatedData,
                                            "groups.invite.unreadable");  // i18n-ok: an id
}

Status SaveInvitations(Node& node, const pb::InvitationBook& book) {
  return SaveSealedMeta(node, kMetaKey, kAssociatedData, book);
}

}  // namespace kring
