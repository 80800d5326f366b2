#include "core/groups/mailbox.h"

#include <algorithm>

#include "core/crypto/crypto.h"
#include "core/groups/checked_code.h"
#include "core/groups/group_book.h"
#include "core/groups/invitations.h"
#include "core/i18n/messages.h"
#include "core/store/node.h"
#include "core/store/sealed_meta.h"

namespace kring {
namespace {

constexpr char kCheckLabel[] = "kring/mailbox/v1";
constexpr char kSetupKey[] = "mailbox";
constexpr char kSetupData[] = "kring/meta/mailbox/v1";
constexpr char kReachKey[] = "mailbox.reach";
constexpr char kReachData[] = "kring/meta/mailbox-reach/v1";
constexpr char kDropKey[] = "mailbox.drops";
constexpr char kDropData[] = "kring/meta/mailbox-drops/v1";
constexpr char kWaitingKey[] = "joins.waiting";
constexpr char kWaitingData[] = "kring/meta/joins-waiting/v1";
constexpr int kMaxDrops = 4096;
// A mailbox keeps groups for a few dozen coaches; a reach book stays small.
constexpr int kMaxReachGroups = 1024;
constexpr int kMaxReachMembers = 512;

}  // namespace

std::string EncodeMailboxCode(const pb::MailboxCode& code) {
  return EncodeCheckedCode(kMailboxPrefix, kCheckLabel, code.SerializeAsString());
}

Result<pb::MailboxCode> DecodeMailboxCode(std::string_view text) {
  DecodedCode decoded = DecodeCheckedCode(text, kMailboxPrefix, "kring-mailbox", kCheckLabel);
  if (decoded.problem == CodeProblem::kNotACode) {
    const bool invitation = DecodeInvitationCode(text).ok();
    return Status::Usage(
        i18n::Tr(invitation ? "groups.mailbox.is_invitation" : "groups.mailbox.not_a_code"));
  }
  if (decoded.problem == CodeProblem::kNewerVersion) {
    return Status::Usage(i18n::Tr("groups.mailbox.newer_version"));
  }
  pb::MailboxCode code;
  if (decoded.problem != CodeProblem::kNone || !code.ParseFromString(decoded.payload)) {
    return Status::Usage(i18n::Tr("groups.mailbox.damaged"));
  }
  if (code.version() != 1) return Status::Usage(i18n::Tr("groups.mailbox.newer_version"));
  if (code.mailbox_key().size() != kSignPublicKeyBytes ||
      code.secret().size() != kMailboxSecretBytes || code.addresses().empty() ||
      static_cast<size_t>(code.addresses_size()) > kMaxMailboxAddresses ||
      !std::all_of(code.addresses().begin(), code.addresses().end(),
                   [](const std::string& a) { return IsValidInvitationAddress(a); })) {
    return Status::Usage(i18n::Tr("groups.mailbox.damaged"));
  }
  return code;
}

pb::MailboxSetup MakeMailboxSetup(uint64_t now_seconds) {
  pb::MailboxSetup setup;
  setup.set_secret(RandomBytes(kMailboxSecretBytes));
  setup.set_created_at(now_seconds);
  return setup;
}

pb::MailboxCode MailboxCodeFor(const pb::MailboxSetup& setup, std::string_view mailbox_key,
                               const std::vector<std::string>& addresses) {
  pb::MailboxCode code;
  code.set_version(1);
  code.set_mailbox_key(std::string(mailbox_key));
  for (const std::string& a : addresses) {
    if (static_cast<size_t>(code.addresses_size()) < kMaxMailboxAddresses) code.add_addresses(a);
  }
  code.set_secret(setup.secret());
  return code;
}

MailboxCheck CheckMailboxRegister(const pb::MailboxSetup& setup, const pb::MailboxRegister& request,
                                  std::string_view mailbox_key, std::string_view channel_key,
                                  uint64_t now_ms) {
  MailboxCheck check;
  if (setup.secret().size() != kMailboxSecretBytes ||
      request.secret().size() != kMailboxSecretBytes ||
      !ConstantTimeEqual(setup.secret(), request.secret())) {
    check.outcome = pb::MailboxResult::WRONG_CODE;
    return check;
  }
  if (RegistrationRelayKey(request.registration()) != mailbox_key) {
    check.outcome = pb::MailboxResult::BAD_REQUEST;  // damaged, or meant for another mailbox
    return check;
  }
  auto verified = VerifyRelayRegistration(request.registration(), mailbox_key, now_ms);
  if (!verified.ok()) {
    // kUser: signed by someone who is not an admin of the chain it carries.
    check.outcome = verified.status().code() == Code::kUser ? pb::MailboxResult::NOT_ADMIN
                                                            : pb::MailboxResult::BAD_REQUEST;
    return check;
  }
  if (verified->admin_key != channel_key) {
    check.outcome = pb::MailboxResult::NOT_ADMIN;
    return check;
  }
  check.outcome = pb::MailboxResult::KEPT;
  check.registration = std::move(verified).value();
  return check;
}

Status KeepRelayedGroup(Node& node, const VerifiedRelayRegistration& registration) {
  GroupBook book(node);
  KRING_ASSIGN_OR_RETURN(auto existing, node.store().GetGroup(registration.group_id));
  if (existing) {
    KRING_ASSIGN_OR_RETURN(LoadedGroup group, book.Load(registration.group_id));
    if (!group.local.relay()) {
      return Status::User(
          i18n::Tr("relay.add.is_member", {{"id", ShortId(registration.group_id)}}));
    }
    // A group kept already: the signer must be an admin in the chain kept here, and nothing of
    // the chain the registration carries is imported. Otherwise a removed admin could bring in
    // a fork written from before the removal (its changes come with the next sync anyway).
    const GroupMember* admin = group.state().FindMember(registration.admin_key);
    if (admin == nullptr || admin->role != pb::ROLE_ADMIN) {
      return Status::Integrity(i18n::Tr(
          "groups.relay.signer_not_admin",
          {{"admin", Fingerprint(registration.admin_key)}, {"group", group.ledger.Label()}}));
    }
    return Status::Ok();
  }
  KRING_ASSIGN_OR_RETURN(
      auto report, book.Import(registration.group_id, registration.chain, ImportMode::kRelay));
  if (!report.rejected.empty()) {
    return Status::Integrity(i18n::Tr("relay.add.invalid", {{"why", report.rejected.front()}}));
  }
  return Status::Ok();
}

pb::MailboxResult AcceptMailboxRegister(Node& node, const pb::MailboxRegister& request,
                                        std::string_view channel_key, int64_t now_ms) {
  pb::MailboxResult result;
  auto setup = LoadMailboxSetup(node);
  if (!setup.ok()) {
    result.set_outcome(pb::MailboxResult::BAD_REQUEST);
    return result;
  }
  MailboxCheck check = CheckMailboxRegister(*setup, request, node.signing_public_key(), channel_key,
                                            static_cast<uint64_t>(now_ms));
  result.set_outcome(check.outcome);
  if (check.outcome != pb::MailboxResult::KEPT) return result;
  Status kept = KeepRelayedGroup(node, check.registration);
  if (!kept.ok()) {
    result.set_outcome(kept.code() == Code::kUser        ? pb::MailboxResult::IS_MEMBER
                       : kept.code() == Code::kIntegrity ? pb::MailboxResult::NOT_ADMIN
                                                         : pb::MailboxResult::BAD_REQUEST);
    return result;
  }
  result.set_group_id(check.registration.group_id);
  return result;
}

std::string MailboxOutcomeKey(pb::MailboxResult::Outcome outcome) {
  switch (outcome) {
    case pb::MailboxResult::KEPT:
      return "kept";
    case pb::MailboxResult::WRONG_CODE:
      return "wrong_code";
    case pb::MailboxResult::NOT_ADMIN:
      return "not_admin";
    case pb::MailboxResult::IS_MEMBER:
      return "is_member";
    default:
      return "bad_request";
  }
}

pb::JoinDrop MakeJoinDrop(const pb::InvitationCode& code, const pb::JoinRequest& request) {
  pb::JoinDrop drop;
  drop.set_group_id(request.group_id());
  drop.set_newcomer_key(request.identity().signing_public_key());
  drop.set_sealed_request(SealToPublicKey(code.inviter_sealing_key(), request.SerializeAsString()));
  return drop;
}

Result<pb::JoinRequest> OpenJoinDrop(const pb::JoinDrop& drop, std::string_view my_sealing_public,
                                     const SecretBytes& my_sealing_secret) {
  const auto not_mine = Status::User(i18n::Tr("groups.mailbox.drop_not_mine"));
  if (drop.sealed_request().size() > kMaxSealedJoinRequestBytes) return not_mine;
  auto plain = OpenSealed(my_sealing_public, my_sealing_secret, drop.sealed_request());
  if (!plain.ok()) return not_mine;
  pb::JoinRequest request;
  const bool parsed = request.ParseFromArray(plain->data(), static_cast<int>(plain->size()));
  if (!parsed || request.group_id() != drop.group_id() ||
      request.identity().signing_public_key() != drop.newcomer_key()) {
    return not_mine;
  }
  return request;
}

pb::JoinDropResult::Outcome KeepJoinDrop(pb::DropBook& book, const pb::JoinDrop& drop,
                                         std::string_view channel_key, const GroupState* group,
                                         uint64_t now_ms) {
  if (drop.newcomer_key() != channel_key || drop.group_id().size() != 32 ||
      drop.sealed_request().empty() || drop.sealed_request().size() > kMaxSealedJoinRequestBytes) {
    return pb::JoinDropResult::BAD_REQUEST;
  }
  if (group == nullptr) return pb::JoinDropResult::UNKNOWN_GROUP;
  if (group->FindMember(channel_key) != nullptr) return pb::JoinDropResult::ALREADY_MEMBER;
  int waiting = 0;
  for (pb::StoredDrop& stored : *book.mutable_drop()) {
    if (stored.drop().group_id() != drop.group_id()) continue;
    if (stored.drop().newcomer_key() == drop.newcomer_key()) {
      *stored.mutable_drop() = drop;  // asked again: the newest request counts
      stored.set_received_ms(now_ms);
      return pb::JoinDropResult::KEPT;
    }
    ++waiting;
  }
  if (waiting >= kMaxDropsPerGroup || book.drop_size() >= kMaxDrops) {
    return pb::JoinDropResult::FULL;
  }
  pb::StoredDrop* stored = book.add_drop();
  *stored->mutable_drop() = drop;
  stored->set_received_ms(now_ms);
  return pb::JoinDropResult::KEPT;
}

std::vector<pb::JoinDrop> DropsForAdmin(pb::DropBook& book, const GroupState& group,
                                        std::string_view peer_key, uint64_t now_ms) {
  std::vector<pb::JoinDrop> out;
  auto* drops = book.mutable_drop();
  for (int i = drops->size() - 1; i >= 0; --i) {
    const pb::StoredDrop& stored = drops->Get(i);
    if (stored.drop().group_id() != group.group_id()) continue;
    if (group.FindMember(stored.drop().newcomer_key()) != nullptr ||
        stored.received_ms() + kDropLifetimeMs < now_ms) {
      drops->DeleteSubrange(i, 1);
    }
  }
  const GroupMember* peer = group.FindMember(peer_key);
  if (peer == nullptr || peer->role != pb::ROLE_ADMIN) return out;
  for (const pb::StoredDrop& stored : book.drop()) {
    if (stored.drop().group_id() == group.group_id()) out.push_back(stored.drop());
  }
  return out;
}

std::string JoinDropOutcomeKey(pb::JoinDropResult::Outcome outcome) {
  switch (outcome) {
    case pb::JoinDropResult::KEPT:
      return "kept";
    case pb::JoinDropResult::UNKNOWN_GROUP:
      return "unknown_group";
    case pb::JoinDropResult::ALREADY_MEMBER:
      return "already_member";
    case pb::JoinDropResult::FULL:
      return "full";
    default:
      return "bad_request";
  }
}

pb::GroupReach& ReachOf(pb::ReachBook& book, std::string_view group_id) {
  for (pb::GroupReach& group : *book.mutable_group()) {
    if (group.group_id() == group_id) return group;
  }
  if (book.group_size() >= kMaxReachGroups) book.mutable_group()->DeleteSubrange(0, 1);
  pb::GroupReach* added = book.add_group();
  added->set_group_id(std::string(group_id));
  return *added;
}

void RecordReach(pb::ReachBook& book, std::string_view group_id, std::string_view member,
                 uint64_t now_ms) {
  pb::GroupReach& group = ReachOf(book, group_id);
  for (pb::MemberReach& reach : *group.mutable_reach()) {
    if (reach.member_key() == member) {
      reach.set_at_ms(std::max(reach.at_ms(), now_ms));
      return;
    }
  }
  if (group.reach_size() >= kMaxReachMembers) return;
  pb::MemberReach* reach = group.add_reach();
  reach->set_group_id(std::string(group_id));
  reach->set_member_key(std::string(member));
  reach->set_at_ms(now_ms);
}

void ForgetFormerMembers(pb::ReachBook& book, const GroupState& group) {
  pb::GroupReach& record = ReachOf(book, group.group_id());
  auto* reach = record.mutable_reach();
  for (int i = reach->size() - 1; i >= 0; --i) {
    if (group.FindMember(reach->Get(i).member_key()) == nullptr) reach->DeleteSubrange(i, 1);
  }
}

Result<pb::MailboxSetup> LoadMailboxSetup(Node& node) {
  return LoadSealedMeta<pb::MailboxSetup>(node, kSetupKey, kSetupData,
                                          "groups.mailbox.unreadable");  // i18n-ok: an id
}

Status SaveMailboxSetup(Node& node, const pb::MailboxSetup& setup) {
  return SaveSealedMeta(node, kSetupKey, kSetupData, setup);
}

Result<pb::ReachBook> LoadReachBook(Node& node) {
  return LoadSealedMeta<pb::ReachBook>(node, kReachKey, kReachData,
                                       "groups.mailbox.unreadable");  // i18n-ok: an id
}

Status SaveReachBook(Node& node, const pb::ReachBook& book) {
  return SaveSealedMeta(node, kReachKey, kReachData, book);
}

Result<pb::DropBook> LoadDropBook(Node& node) {
  return LoadSealedMeta<pb::DropBook>(node, kDropKey, kDropData,
                                      "groups.mailbox.unreadable");  // i18n-ok: an id
}

Status SaveDropBook(Node& node, const pb::DropBook& book) {
  return SaveSealedMeta(node, kDropKey, kDropData, book);
}

Result<pb::WaitingJoins> LoadWaitingJoins(Node& node) {
  return LoadSealedMeta<pb::WaitingJoins>(node, kWaitingKey, kWaitingData,
                                          "groups.mailbox.unreadable");  // i18n-ok: an id
}

Status SaveWaitingJoins(Node& node, const pb::WaitingJoins& joins) {
  return SaveSealedMeta(node, kWaitingKey, kWaitingData, joins);
}

}  // namespace kring
