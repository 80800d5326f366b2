#include "core/groups/group_keys.h"

#include <utility>

#include "core/i18n/messages.h"

namespace kring {
namespace {

constexpr std::string_view kPreviousKeyContext{"kring-previous-key-v1\0", 22};

// Opens a sealed MemberProfile; empty on failure (a name is a convenience, never a reason to
// stop showing the group).
std::optional<pb::MemberProfile> OpenProfile(const GroupState& state, const GroupMember& member,
                                             const EpochKeys& keys) {
  const SecretBytes* key = keys.Find(member.profile_epoch);
  if (key == nullptr) return std::nullopt;
  auto plain = AeadOpen(*key, member.sealed_profile,
                        ProfileAssociatedData(state.group_id(), member.signing_key));
  pb::MemberProfile profile;
  if (!plain.ok() || !profile.ParseFromString(*plain)) return std::nullopt;
  return profile;
}

void Note(std::vector<std::string>* problems, std::string problem) {
  if (problems != nullptr) problems->push_back(std::move(problem));
}

}  // namespace

const SecretBytes* EpochKeys::Find(uint32_t epoch) const {
  auto it = keys_.find(epoch);
  return it == keys_.end() ? nullptr : &it->second;
}

std::vector<uint32_t> EpochKeys::epochs() const {
  std::vector<uint32_t> out;
  for (const auto& [epoch, key] : keys_) out.push_back(epoch);
  return out;
}

void EpochKeys::Insert(uint32_t epoch, SecretBytes key) { keys_[epoch] = std::move(key); }

std::string PreviousKeyAssociatedData(std::string_view group_id, uint32_t epoch) {
  std::string ad(kPreviousKeyContext);
  ad.append(group_id);
  for (int i = 0; i < 4; ++i) ad.push_back(static_cast<char>((epoch >> (8 * i)) & 0xff));
  return ad;
}

Result<EpochKeys> UnlockEpochKeys(const GroupLedger& ledger, std::string_view my_signing_key,
                                  const BoxKeyPair& my_sealing,
                                  std::vector<std::string>* problems) {
  const GroupState& state = ledger.state();
  EpochKeys keys;
  std::map<uint32_t, std::string> back_links;  // epoch -> sealed key of epoch - 1
  for (const std::string& id : ledger.resolved_chain()) {
    const CheckedEntry* entry = ledger.FindChainEntry(id);
    if (entry->header.kind() != pb::ENTRY_KIND_KEY_EPOCH) continue;
    pb::KeyEpochBody body;
    if (!ReadChainBody(entry->envelope, &body).ok()) continue;  // validated; cannot happen
    if (!body.previous_key().empty()) back_links[body.epoch()] = body.previous_key();
    if (keys.Find(body.epoch()) != nullptr) continue;
    for (const pb::SealedGroupKey& sealed : body.sealed_keys()) {
      if (sealed.member_signing_key() != my_signing_key) continue;
      auto key = OpenSealed(my_sealing.public_key, my_sealing.secret_key, sealed.sealed_key());
      auto info = state.epochs().find(body.epoch());
      if (!key.ok() || info == state.epochs().end() ||
          EpochKeyCommitment(*key, state.group_id(), body.epoch()) != info->second.key_commitment) {
        Note(problems, i18n::Tr("groups.keys.sealed_key_bad",
                                {{"epoch", body.epoch()},
                                 {"id", ShortId(id)},
                                 {"author", Fingerprint(entry->header.author_key())}}));
        continue;
      }
      keys.Insert(body.epoch(), std::move(key).value());
    }
  }
  // Walk back links downwards: the key of epoch e unlocks the key of epoch e - 1.
  for (uint32_t epoch = keys.latest(); epoch > 1; --epoch) {
    const SecretBytes* key = keys.Find(epoch);
    if (key == nullptr || keys.Find(epoch - 1) != nullptr) continue;
    auto link = back_links.find(epoch);
    auto older = state.epochs().find(epoch - 1);
    if (link == back_links.end() || older == state.epochs().end()) continue;
    auto previous =
        AeadOpenSecret(*key, link->second, PreviousKeyAssociatedData(state.group_id(), epoch));
    if (!previous.ok() || EpochKeyCommitment(*previous, state.group_id(), epoch - 1) !=
                              older->second.key_commitment) {
      Note(problems,
           i18n::Tr("groups.keys.link_damaged", {{"epoch", epoch}, {"previous", epoch - 1}}));
      continue;
    }
    keys.Insert(epoch - 1, std::move(previous).value());
  }
  if (keys.empty()) {
    return Status::User(i18n::Tr("groups.keys.none", {{"group", ledger.Label()}}));
  }
  return keys;
}

GroupNames RevealNames(const GroupState& state, const EpochKeys& keys) {
  GroupNames names;
  // The name sits in the creator's first profile, sealed with the key of epoch 1.
  if (const SecretBytes* first = keys.Find(1)) {
    auto plain = AeadOpen(*first, state.sealed_name(),
                          ProfileAssociatedData(state.group_id(), state.creator_key()));
    pb::MemberProfile profile;
    if (plain.ok() && profile.ParseFromString(*plain)) names.group_name = profile.group_name();
  }
  for (const auto* members : {&state.members(), &state.former_members()}) {
    for (const auto& [key, member] : *members) {
      if (auto profile = OpenProfile(state, member, keys)) {
        names.alias_by_key[key] = profile->alias();
      }
    }
  }
  return names;
}

}  // namespace kring
