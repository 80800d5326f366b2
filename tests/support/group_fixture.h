// Test helpers for groups: coaches with real keys, a fixed clock and small entry builders.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "core/crypto/crypto.h"
#include "core/groups/entry.h"
#include "core/groups/group_keys.h"
#include "core/groups/group_ledger.h"
#include "core/groups/group_writer.h"

namespace kring::testing {

// A fixed "now": tests never read the clock.
inline constexpr uint64_t kT0 = 1'750'000'000'000;
inline constexpr uint64_t kMinute = 60'000;

// Initialises libsodium before any member that needs it (members are built before SetUp runs).
struct CryptoInit {
  CryptoInit() {
    if (!InitCrypto()) std::abort();
  }
};

struct Coach : private CryptoInit {
  explicit Coach(std::string alias_in) : alias(std::move(alias_in)) {}
  SigningKeyPair signing = GenerateSigningKeyPair();
  BoxKeyPair sealing = GenerateBoxKeyPair();
  std::string alias;

  const std::string& key() const { return signing.public_key; }
  const SecretBytes& secret() const { return signing.secret_key; }
  WriterIdentity id() const { return {signing.public_key, sealing.public_key, alias}; }
  pb::PublicIdentity identity() const {
    pb::PublicIdentity out;
    out.set_signing_public_key(signing.public_key);
    out.set_sealing_public_key(sealing.public_key);
    out.set_alias(alias);
    return out;
  }
};

inline pb::CaseReflection SampleCase(const std::string& title) {
  pb::CaseReflection reflection;
  reflection.set_title(title);
  reflection.set_situation("[PERSOON-1] wil het teamoverleg anders inrichten.");
  reflection.set_learned("Eerst de context van het team verkennen.");
  return reflection;
}

inline pb::ReviewBody SampleReview() {
  pb::ReviewBody review;
  review.set_reflection_on_action(4);
  review.set_context_versus_choices(3);
  review.set_learning_from_experience(4);
  review.set_self_direction(5);
  review.set_focused(pb::FOCUSED_YES);
  review.set_strengths("Sterke focus op werkcontext.");
  return review;
}

// Admits entries that must be valid; fails the test with the reason otherwise.
inline void MustAdmit(GroupLedger& ledger, const std::vector<pb::Entry>& entries,
                      uint64_t now_ms = kT0) {
  for (const pb::Entry& entry : entries) {
    Verdict verdict = ledger.Admit(entry, NoEntries, now_ms);
    ASSERT_TRUE(verdict.ok()) << verdict.message();
  }
}

inline EpochKeys KeysOf(const GroupLedger& ledger, const Coach& coach) {
  auto keys = UnlockEpochKeys(ledger, coach.key(), coach.sealing);
  EXPECT_TRUE(keys.ok()) << keys.status().message();
  return keys.ok() ? std::move(keys).value() : EpochKeys();
}

template <typename T>
T Unwrap(Result<T> result) {
  EXPECT_TRUE(result.ok()) << result.status().message();
  return std::move(result).value();
}

// A lookup over entries the test "stored", with retractions marked.
class FakeStore {
 public:
  void Put(const pb::Entry& entry) {
    Verdict checked = CheckEnvelope(entry);
    ASSERT_TRUE(checked.ok()) << checked.message();
    const pb::EntryHeader& header = checked.entry().header;
    if (header.kind() == pb::ENTRY_KIND_RETRACTION) {
      retracted_.push_back(header.parents(0));
    }
    headers_[checked.entry().id] = header;
  }
  EntryLookup lookup() const {
    return [this](std::string_view id) -> std::optional<KnownEntry> {
      auto it = headers_.find(std::string(id));
      if (it == headers_.end()) return std::nullopt;
      bool retracted =
          std::find(retracted_.begin(), retracted_.end(), it->first) != retracted_.end();
      return KnownEntry{it->second, retracted};
    };
  }

 private:
  std::map<std::string, pb::EntryHeader> headers_;
  std::vector<std::string> retracted_;
};

}  // namespace kring::testing
