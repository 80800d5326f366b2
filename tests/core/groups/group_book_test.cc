// GroupBook on real stores: groups written, exported and imported between three nodes, with the
// validation, join, replay, retraction and relay rules.
#include "core/groups/group_book.h"

#include <gtest/gtest.h>

#include "core/groups/bundle.h"
#include "core/groups/group_view.h"
#include "tests/support/test_util.h"

namespace kring {
namespace {

using testing::ReadFile;
using testing::TempDir;

class GroupBookTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto());
    for (const char* name : {"anna", "bram", "cleo", "relay"}) {
      auto node = Node::Init(dir_.File(name), "correct horse battery", name);
      ASSERT_TRUE(node.ok()) << node.status().message();
      nodes_[name] = std::move(node).value();
    }
    GroupBook anna(*nodes_["anna"]);
    auto id = anna.Create("Intervisie Utrecht");
    ASSERT_TRUE(id.ok()) << id.status().message();
    group_id_ = *id;
    AddMember("bram", pb::ROLE_COACH);
    AddMember("cleo", pb::ROLE_SUPERVISOR);
  }

  void AddMember(const std::string& who, pb::Role role) {
    GroupBook anna(*nodes_["anna"]);
    LoadedGroup g = anna.Load(group_id_).value();
    Node& node = *nodes_[who];
    pb::PublicIdentity identity;
    identity.set_signing_public_key(node.signing_public_key());
    identity.set_sealing_public_key(node.sealing_public_key());
    identity.set_alias(node.alias());
    auto entries =
        kring::AddMember(g.ledger, g.keys, anna.Me(), nodes_["anna"]->signing_secret_key(),
                         identity, role, static_cast<uint64_t>(NowMillis()));
    ASSERT_TRUE(entries.ok()) << entries.status().message();
    ASSERT_TRUE(anna.Append(g, *entries).ok());
  }

  // Everything `from` holds of the group, imported into `to`.
  ImportReport Transfer(const std::string& from, const std::string& to,
                        ImportMode mode = ImportMode::kMayJoin) {
    GroupBook source(*nodes_[from]);
    auto entries = source.ExportEntries(group_id_);
    EXPECT_TRUE(entries.ok());
    GroupBook target(*nodes_[to]);
    auto report = target.Import(group_id_, *entries, mode);
    EXPECT_TRUE(report.ok()) << report.status().message();
    return report.ok() ? *report : ImportReport{};
  }

  std::string ShareCase(const std::string& who, const std::string& title) {
    GroupBook book(*nodes_[who]);
    LoadedGroup g = book.Load(group_id_).value();
    pb::CaseReflection reflection;
    reflection.set_title(title);
    reflection.set_situation("[PERSOON-1] leidt een team in verandering.");
    auto entry = kring::ShareCase(g.ledger, g.keys, book.Me(), nodes_[who]->signing_secret_key(),
                                  reflection, static_cast<uint64_t>(NowMillis()));
    EXPECT_TRUE(entry.ok()) << entry.status().message();
    EXPECT_TRUE(book.Append(g, {*entry}).ok());
    return EntryId(*entry);
  }

  GroupView View(const std::string& who) {
    GroupBook book(*nodes_[who]);
    LoadedGroup g = book.Load(group_id_).value();
    return BuildGroupView(g, book.ListEntries(group_id_).value());
  }

  TempDir dir_;
  std::map<std::string, std::unique_ptr<Node>> nodes_;
  std::string group_id_;
};

TEST_F(GroupBookTest, MembersJoinThroughBundlesAndReadSharedCases) {
  ImportReport bram = Transfer("anna", "bram");
  EXPECT_TRUE(bram.joined);
  EXPECT_TRUE(bram.rejected.empty());
  Transfer("anna", "cleo");
  std::string case_id = ShareCase("bram", "Teamleider in verandering");
  ImportReport cleo = Transfer("bram", "cleo");
  EXPECT_EQ(cleo.stored, 1u);
  GroupView view = View("cleo");
  ASSERT_EQ(view.cases.size(), 1u);
  EXPECT_TRUE(view.cases[0].readable);
  EXPECT_EQ(view.cases[0].reflection.title(), "Teamleider in verandering");
  GroupBook cleo_book(*nodes_["cleo"]);
  auto resolved = cleo_book.Resolve("intervisie utrecht");
  ASSERT_TRUE(resolved.ok());
  EXPECT_EQ(*resolved, group_id_);
}

TEST_F(GroupBookTest, ReplayIsANoOpAndStrangersCannotJoin) {
  Transfer("anna", "bram");
  ImportReport again = Transfer("anna", "bram");
  EXPECT_EQ(again.stored, 0u);
  EXPECT_EQ(again.already_had, again.received);
  // The relay node is no member: a member bundle does not make it one.
  GroupBook anna(*nodes_["anna"]);
  GroupBook stranger(*nodes_["relay"]);
  auto refused =
      stranger.Import(group_id_, anna.ExportEntries(group_id_).value(), ImportMode::kMayJoin);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("do not make you a member"), std::string::npos);
  EXPECT_TRUE(stranger.GroupIds()->empty());
  auto known_only = stranger.Import(group_id_, anna.ExportEntries(group_id_).value(),
                                    ImportMode::kKnownGroupOnly);
  EXPECT_FALSE(known_only.ok());
}

TEST_F(GroupBookTest, InvalidEntriesAreReportedAndNeverStored) {
  Transfer("anna", "bram");
  Transfer("anna", "cleo");
  ShareCase("bram", "Casus");
  GroupBook bram(*nodes_["bram"]);
  auto entries = bram.ExportEntries(group_id_).value();
  pb::Entry forged = entries.back();
  std::string body = forged.body();
  body[body.size() / 2] ^= 0x20;
  forged.set_body(body);
  GroupBook cleo(*nodes_["cleo"]);
  auto report = cleo.Import(group_id_, {forged}, ImportMode::kKnownGroupOnly);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->stored, 0u);
  ASSERT_EQ(report->rejected.size(), 1u);
  EXPECT_NE(report->rejected[0].find("signature"), std::string::npos) << report->rejected[0];
  EXPECT_TRUE(View("cleo").cases.empty());
}

TEST_F(GroupBookTest, RemovedMemberCannotReadNewCases) {
  Transfer("anna", "bram");
  Transfer("anna", "cleo");
  ShareCase("bram", "Voor iedereen");
  Transfer("bram", "cleo");
  Transfer("bram", "anna");
  {
    GroupBook anna(*nodes_["anna"]);
    LoadedGroup g = anna.Load(group_id_).value();
    auto entries =
        RemoveMember(g.ledger, g.keys, anna.Me(), nodes_["anna"]->signing_secret_key(),
                     nodes_["cleo"]->signing_public_key(), static_cast<uint64_t>(NowMillis()));
    ASSERT_TRUE(entries.ok()) << entries.status().message();
    ASSERT_TRUE(anna.Append(g, *entries).ok());
  }
  Transfer("anna", "bram");
  ShareCase("bram", "Na het vertrek");
  Transfer("bram", "cleo");  // the removed member still receives ciphertext ...
  GroupView view = View("cleo");
  ASSERT_EQ(view.cases.size(), 2u);
  EXPECT_TRUE(view.cases[0].readable);   // ... keeps reading the old case
  EXPECT_FALSE(view.cases[1].readable);  // ... but not the new one
  GroupView bram_view = View("bram");
  EXPECT_TRUE(bram_view.cases[1].readable);
}

TEST_F(GroupBookTest, RetractionDeletesBodiesAndBlocksTheCaseForever) {
  Transfer("anna", "bram");
  Transfer("anna", "cleo");
  std::string case_id = ShareCase("bram", "Cliënt trekt toestemming in");
  Transfer("bram", "cleo");
  Transfer("bram", "anna");
  GroupBook bram(*nodes_["bram"]);
  auto old_entries = bram.ExportEntries(group_id_).value();  // still holds the case body
  {
    LoadedGroup g = bram.Load(group_id_).value();
    auto tombstone =
        RetractCase(g.ledger, g.keys, bram.Me(), nodes_["bram"]->signing_secret_key(), case_id,
                    "toestemming ingetrokken", static_cast<uint64_t>(NowMillis()));
    ASSERT_TRUE(tombstone.ok()) << tombstone.status().message();
    ASSERT_TRUE(bram.Append(g, {*tombstone}).ok());
  }
  // The tombstone reaches Cleo through Anna.
  Transfer("bram", "anna");
  ImportReport cleo = Transfer("anna", "cleo");
  EXPECT_EQ(cleo.bodies_removed, 1u);
  GroupView view = View("cleo");
  ASSERT_EQ(view.cases.size(), 1u);
  EXPECT_TRUE(view.cases[0].retracted);
  EXPECT_FALSE(view.cases[0].readable);
  // An old bundle that still carries the case does not bring it back.
  GroupBook cleo_book(*nodes_["cleo"]);
  ASSERT_TRUE(cleo_book.Import(group_id_, old_entries, ImportMode::kKnownGroupOnly).ok());
  EXPECT_TRUE(View("cleo").cases[0].retracted);
  // The case is no longer offered to peers.
  auto keys = cleo_book.ReconciliationKeys(group_id_);
  ASSERT_TRUE(keys.ok());
  for (const auto& key : *keys) {
    EXPECT_NE(key.id, case_id);
  }
  EXPECT_TRUE(nodes_["cleo"]->store().CheckIntegrity().ok());
}

TEST_F(GroupBookTest, RetractionOfAnUnseenCaseKeepsItAway) {
  Transfer("anna", "bram");
  std::string case_id = ShareCase("bram", "Nooit gezien");
  GroupBook bram(*nodes_["bram"]);
  auto with_case = bram.ExportEntries(group_id_).value();
  {
    LoadedGroup g = bram.Load(group_id_).value();
    auto tombstone = RetractCase(g.ledger, g.keys, bram.Me(), nodes_["bram"]->signing_secret_key(),
                                 case_id, "", static_cast<uint64_t>(NowMillis()));
    ASSERT_TRUE(bram.Append(g, {*tombstone}).ok());
  }
  // Cleo joins after the retraction: she receives the tombstone but never the case.
  Transfer("anna", "cleo");
  ImportReport report = Transfer("bram", "cleo");
  EXPECT_TRUE(report.rejected.empty()) << report.rejected[0];
  GroupBook cleo(*nodes_["cleo"]);
  ASSERT_TRUE(cleo.Import(group_id_, with_case, ImportMode::kKnownGroupOnly).ok());
  EXPECT_TRUE(View("cleo").cases.empty());
}

TEST_F(GroupBookTest, BlindRelayStoresWithoutAnyKey) {
  Transfer("anna", "bram");
  ShareCase("bram", "Via het relais");
  GroupBook relay(*nodes_["relay"]);
  GroupBook bram(*nodes_["bram"]);
  auto report = relay.Import(group_id_, bram.ExportEntries(group_id_).value(), ImportMode::kRelay);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_TRUE(report->rejected.empty());
  LoadedGroup g = relay.Load(group_id_).value();
  EXPECT_TRUE(g.local.relay());
  EXPECT_TRUE(g.keys.empty());
  GroupView view = BuildGroupView(g, relay.ListEntries(group_id_).value());
  ASSERT_EQ(view.cases.size(), 1u);
  EXPECT_FALSE(view.cases[0].readable);
  // Its own keys do not open the group's keys either.
  EXPECT_FALSE(
      UnlockEpochKeys(g.ledger, nodes_["relay"]->signing_public_key(), relay.MySealingKeys()).ok());
  // And it passes the entries on: Cleo (added in SetUp) gets everything from the relay alone.
  GroupBook cleo(*nodes_["cleo"]);
  auto from_relay =
      cleo.Import(group_id_, relay.ExportEntries(group_id_).value(), ImportMode::kMayJoin);
  ASSERT_TRUE(from_relay.ok()) << from_relay.status().message();
  EXPECT_TRUE(View("cleo").cases[0].readable);
}

TEST_F(GroupBookTest, TruncatedAndFlippedBundlesImportNothing) {
  GroupBook anna(*nodes_["anna"]);
  std::string bundle = WriteBundle(group_id_, anna.ExportEntries(group_id_).value());
  EXPECT_FALSE(ReadBundle(bundle.substr(0, bundle.size() - 7)).ok());
  std::string flipped = bundle;
  flipped[flipped.size() / 2] ^= 0x04;
  auto parsed = ReadBundle(flipped);
  if (parsed.ok()) {
    GroupBook bram(*nodes_["bram"]);
    std::vector<pb::Entry> entries(parsed->entries().begin(), parsed->entries().end());
    auto report = bram.Import(parsed->group_id(), entries, ImportMode::kMayJoin);
    // Either refused as a whole or the damaged entry is reported; never stored damaged.
    if (report.ok()) {
      EXPECT_FALSE(report->rejected.empty());
    }
  }
  EXPECT_FALSE(ReadBundle("not a bundle at all").ok());
}

}  // namespace
}  // namespace kring
