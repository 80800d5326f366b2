// The gate for free texts shared with a case: the case's own pseudonyms, reserved labels of a
// colleague's case, kept findings, leaks refused, hostile input.
#include "core/cases/text_gate.h"

#include <gtest/gtest.h>

#include "core/anonymise/pseudonyms.h"
#include "core/cases/case_anonymiser.h"

namespace kring {
namespace {

constexpr int64_t kNow = 1'750'000'000'000;

class TextGateTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = Anonymiser::Load();
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    anonymiser_ = new Anonymiser(std::move(loaded).value());
  }
  static void TearDownTestSuite() { delete anonymiser_; }

  // The map a case gets when its own text is anonymised.
  static PseudonymMap MapOfCase(const pb::CaseReflection& reflection) {
    PseudonymMap map;
    AnonymiserOptions options;
    options.language = Language::kDutch;
    auto anonymised = AnonymiseCase(reflection, *anonymiser_, options, map);
    EXPECT_TRUE(anonymised.ok()) << anonymised.status().message();
    return map;
  }

  static Result<TextGateResult> Gate(const std::vector<SharedText>& texts, PseudonymMap& map,
                                     const std::vector<std::string>& keep = {}) {
    AnonymiserOptions options;
    return GateSharedTexts(texts, *anonymiser_, options, map, Language::kDutch, keep, kNow);
  }

  static Anonymiser* anonymiser_;
};
Anonymiser* TextGateTest::anonymiser_ = nullptr;

TEST_F(TextGateTest, AQuestionUsesTheLabelsOfItsCase) {
  pb::CaseReflection reflection;
  reflection.set_situation("Mijn coachee Marieke Jansen werkt bij de gemeente Utrecht.");
  PseudonymMap map = MapOfCase(reflection);
  auto gate = Gate({{"question", "Hoe had ik Marieke Jansen beter kunnen helpen?"}}, map);
  ASSERT_TRUE(gate.ok()) << gate.status().message();
  ASSERT_EQ(gate->redacted.size(), 1u);
  EXPECT_EQ(gate->redacted[0].text, "Hoe had ik [PERSOON-1] beter kunnen helpen?");
  EXPECT_TRUE(gate->open.empty());
  EXPECT_EQ(gate->finding_count(), 1u);
  ASSERT_EQ(gate->diffs.size(), 1u);
  EXPECT_EQ(gate->diffs[0].field, "question");
  // Her first name alone is the same person, also in a later text.
  auto again = Gate({{"reason", "Marieke trok haar toestemming in."}}, map);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->redacted[0].text, "[PERSOON-1] trok haar toestemming in.");
}

TEST_F(TextGateTest, ANewNameGetsANewLabelAndTheMapKeepsIt) {
  PseudonymMap map;
  auto gate = Gate({{"strengths", "Goed hoe je Pieter de Groot betrok."},
                    {"suggestion", "Bel Pieter de Groot op 06-12345678."}},
                   map);
  ASSERT_TRUE(gate.ok());
  EXPECT_EQ(gate->redacted[0].text, "Goed hoe je [PERSOON-1] betrok.");
  EXPECT_EQ(gate->redacted[1].text, "Bel [PERSOON-1] op [TELEFOON-1].");
  EXPECT_EQ(map.entries().size(), 2u);
}

TEST_F(TextGateTest, TextsAboutAColleaguesCaseNeverReuseItsLabels) {
  pb::CaseReflection shared;
  shared.set_situation("[PERSOON-1] en [PERSOON-2] werken bij [ORGANISATIE-1].");
  shared.add_tags("[PERSOON-3]");
  PseudonymMap map = MapReservingLabelsOf(shared);
  auto gate = Gate({{"questions", "Wat zou Marieke Jansen zelf willen?"}}, map);
  ASSERT_TRUE(gate.ok());
  EXPECT_EQ(gate->redacted[0].text, "Wat zou [PERSOON-4] zelf willen?");
  // The labels the reviewer copies from the case stay as they are.
  auto copied = Gate({{"suggestion", "Vraag [PERSOON-1] naar de rol van [ORGANISATIE-1]."}}, map);
  ASSERT_TRUE(copied.ok());
  EXPECT_EQ(copied->redacted[0].text, "Vraag [PERSOON-1] naar de rol van [ORGANISATIE-1].");
  EXPECT_EQ(copied->finding_count(), 0u);
}

TEST_F(TextGateTest, AKeptFindingStaysAndIsRecorded) {
  PseudonymMap map;
  auto gate =
      Gate({{"question", "Werkt het kernkwadrant van Daniel Ofman hier, volgens Marieke Jansen?"}},
           map, {"Daniel Ofman"});
  ASSERT_TRUE(gate.ok()) << gate.status().message();
  EXPECT_NE(gate->redacted[0].text.find("Daniel Ofman"), std::string::npos)
      << gate->redacted[0].text;
  EXPECT_EQ(gate->redacted[0].text.find("Marieke"), std::string::npos);
  ASSERT_EQ(gate->kept.size(), 1u);
  EXPECT_EQ(gate->kept[0].field(), "question");
  EXPECT_EQ(gate->kept[0].text(), "Daniel Ofman");
  EXPECT_EQ(gate->kept[0].kept_at(), kNow);
  EXPECT_TRUE(gate->open.empty());
}

TEST_F(TextGateTest, AKeepThatMatchesNothingChangesNothing) {
  PseudonymMap map;
  auto gate = Gate({{"question", "Hoe help ik Marieke Jansen?"}}, map, {"Jansen B.V."});
  ASSERT_FALSE(gate.ok());
  EXPECT_EQ(gate.status().code(), Code::kUsage);
  EXPECT_TRUE(map.entries().empty());  // the map is untouched
  EXPECT_EQ(gate.status().message().find("Marieke"), std::string::npos);
}

TEST_F(TextGateTest, TextWithoutPersonalDataPassesUnchanged) {
  PseudonymMap map;
  auto gate =
      Gate({{"question", "Bleef ik bij het werk en de context van het team?"}, {"note", ""}}, map);
  ASSERT_TRUE(gate.ok());
  EXPECT_EQ(gate->finding_count(), 0u);
  EXPECT_TRUE(gate->diffs.empty());
  EXPECT_EQ(gate->redacted[0].text, "Bleef ik bij het werk en de context van het team?");
  EXPECT_EQ(gate->redacted[1].text, "");
}

TEST_F(TextGateTest, InvalidUtf8IsRefusedWithoutQuotingTheText) {
  PseudonymMap map;
  auto gate = Gate({{"reason", std::string("Marieke Jansen \xff\xfe")}}, map);
  ASSERT_FALSE(gate.ok());
  EXPECT_EQ(gate.status().code(), Code::kUsage);
  EXPECT_NE(gate.status().message().find("reason"), std::string::npos);
  EXPECT_EQ(gate.status().message().find("Marieke"), std::string::npos);
}

TEST_F(TextGateTest, ReservedLabelsAreNeverMatchedByAName) {
  PseudonymMap map;
  map.Reserve(EntityType::kPerson, 1);
  map.Reserve(EntityType::kPerson, 1);  // twice: one reservation
  EXPECT_EQ(map.entries().size(), 1u);
  EXPECT_EQ(map.LabelFor(EntityType::kPerson, "reserved", Language::kDutch), "[PERSOON-2]");
  EXPECT_EQ(map.LabelFor(EntityType::kPhone, "0612345678", Language::kDutch), "[TELEFOON-1]");
}

}  // namespace
}  // namespace kring
