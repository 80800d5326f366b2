// Relay registrations: signed by an admin of the chain they carry, for one relay only.
#include "core/groups/relay_registration.h"

#include <gtest/gtest.h>

#include "tests/support/group_fixture.h"

namespace kring {
namespace {

using testing::Coach;
using testing::kT0;

class RelayRegistrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CreatedGroup created =
        testing::Unwrap(CreateGroup("Utrecht", admin_.id(), admin_.secret(), kT0));
    ledger_ = std::make_unique<GroupLedger>(created.group_id);
    testing::MustAdmit(*ledger_, created.entries);
    EpochKeys keys = testing::KeysOf(*ledger_, admin_);
    auto added = testing::Unwrap(AddMember(*ledger_, keys, admin_.id(), admin_.secret(),
                                           coach_.identity(), pb::ROLE_COACH, kT0 + 1000));
    testing::MustAdmit(*ledger_, added);
  }

  Coach admin_{"anna"}, coach_{"bram"}, relay_{"relay"};
  std::unique_ptr<GroupLedger> ledger_;
};

TEST_F(RelayRegistrationTest, AnAdminsRegistrationVerifiesOnTheRelay) {
  std::string file = testing::Unwrap(
      EncodeRelayRegistration(*ledger_, admin_.key(), admin_.secret(), relay_.key(), kT0 + 2000));
  auto verified = VerifyRelayRegistration(file, relay_.key(), kT0 + 3000);
  ASSERT_TRUE(verified.ok()) << verified.status().message();
  EXPECT_EQ(verified->group_id, ledger_->group_id());
  EXPECT_EQ(verified->admin_key, admin_.key());
  EXPECT_EQ(verified->chain.size(), ledger_->ChainEntries().size());
}

TEST_F(RelayRegistrationTest, RefusesOtherRelaysTamperingNonAdminsAndForeignFiles) {
  std::string file = testing::Unwrap(
      EncodeRelayRegistration(*ledger_, admin_.key(), admin_.secret(), relay_.key(), kT0 + 2000));
  EXPECT_EQ(VerifyRelayRegistration(file, coach_.key(), kT0).status().code(), Code::kUser);
  for (size_t at : {kRelayRegistrationMagic.size() + 5, file.size() / 2, file.size() - 3}) {
    std::string tampered = file;
    tampered[at] ^= 0x20;
    EXPECT_FALSE(VerifyRelayRegistration(tampered, relay_.key(), kT0 + 3000).ok()) << at;
  }
  EXPECT_FALSE(VerifyRelayRegistration("garbage", relay_.key(), kT0).ok());
  EXPECT_FALSE(VerifyRelayRegistration(file.substr(0, file.size() / 2), relay_.key(), kT0).ok());
  // A coach cannot register a relay.
  EXPECT_FALSE(
      EncodeRelayRegistration(*ledger_, coach_.key(), coach_.secret(), relay_.key(), kT0).ok());
}

}  // namespace
}  // namespace kring
