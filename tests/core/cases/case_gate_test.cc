// The gate before sharing: options from the coach's lists, findings in context, diffs, stable
// pseudonyms across runs, kept findings, shareability and its withdrawal, and the sealed name
// lists in a real node.
#include "core/cases/case_gate.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "core/anonymise/name_lists.h"
#include "core/anonymise/pseudonyms.h"
#include "core/crypto/crypto.h"
#include "core/store/name_list_store.h"
#include "core/store/node.h"
#include "tests/support/test_util.h"

namespace kring {
namespace {

class CaseGateTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(InitCrypto());
    auto loaded = Anonymiser::Load();
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    anonymiser_ = new Anonymiser(std::move(loaded).value());
  }
  static void TearDownTestSuite() { delete anonymiser_; }

  static pb::StoredCase DutchCase() {
    pb::StoredCase stored;
    pb::CaseReflection* r = stored.mutable_reflection();
    r->set_title("Teamleider onder druk");
    r->set_language("nl");
    r->set_situation(
        "Mijn coachee Sanne Wolfswinkel werkt bij de gemeente Utrecht.\n"
        "Ze gebruikt de Feedforward methode.\n"
        "Bel 06-12345678.");
    r->set_next_actions("Gesprek met Sanne en haar manager Henk de Boer.");
    return stored;
  }

  Result<GateResult> Run(const pb::StoredCase& stored, std::vector<std::string> keep = {},
                         std::vector<std::string> unkeep = {}, pb::NameLists lists = {}) {
    return AnonymiseForSharing(stored, *anonymiser_, GateOptions(lists, stored), keep, unkeep,
                               /*now_millis=*/1000);
  }

  static Anonymiser* anonymiser_;
};
Anonymiser* CaseGateTest::anonymiser_ = nullptr;

TEST_F(CaseGateTest, OptionsJoinNodeAndCaseLists) {
  pb::NameLists lists;
  lists.add_always_remove("Acme");
  lists.add_allow("Feedforward");
  pb::StoredCase stored;
  stored.add_case_names("Jan Smit");
  stored.add_allowed("Lean");
  AnonymiserOptions options = GateOptions(lists, stored);
  EXPECT_EQ(options.always_remove, std::vector<std::string>{"Acme"});
  EXPECT_EQ(options.case_names, std::vector<std::string>{"Jan Smit"});
  EXPECT_EQ(options.allow, (std::vector<std::string>{"Feedforward", "Lean"}));
  EXPECT_FALSE(options.language.has_value());
}

TEST_F(CaseGateTest, LabelSpansAreOnlyRealLabels) {
  std::string text =
      "[PERSOON-1] en [PERSON-12] niet [FOO-1], [PERSOON-] of [PERSOON-1 maar [DATUM-3]";
  auto spans = LabelSpans(text);
  ASSERT_EQ(spans.size(), 3u);
  EXPECT_EQ(text.substr(spans[0].first, spans[0].second - spans[0].first), "[PERSOON-1]");
  EXPECT_EQ(text.substr(spans[1].first, spans[1].second - spans[1].first), "[PERSON-12]");
  EXPECT_EQ(text.substr(spans[2].first, spans[2].second - spans[2].first), "[DATUM-3]");
  EXPECT_TRUE(LabelSpans("[[[[").empty());
}

TEST_F(CaseGateTest, DiffListsOnlyChangedLines) {
  auto diff = DiffLines("a\nJan b\nc", "a\n[PERSOON-1] b\nc");
  ASSERT_EQ(diff.size(), 1u);
  EXPECT_EQ(diff[0].line, 2u);
  EXPECT_EQ(diff[0].before, "Jan b");
  EXPECT_EQ(diff[0].after, "[PERSOON-1] b");
  EXPECT_TRUE(DiffLines("same\ntext", "same\ntext").empty());
  auto whole = DiffLines("one\ntwo", "one");  // line counts differ: one change for the field
  ASSERT_EQ(whole.size(), 1u);
  EXPECT_EQ(whole[0].before, "one\ntwo");
}

TEST_F(CaseGateTest, ContextShowsTheLineShortenedAndSafe) {
  std::string text =
      "eerste regel\n" + std::string(100, 'x') + " Jan \x1b[31m" + std::string(100, 'y');
  Finding f;
  f.begin = text.find("Jan");
  f.end = f.begin + 3;
  FindingContext ctx = ContextOf(text, f, 20);
  EXPECT_EQ(ctx.line, 2u);
  EXPECT_EQ(ctx.column, 102u);
  EXPECT_EQ(ctx.span, "Jan");
  EXPECT_EQ(ctx.before, "…" + std::string(19, 'x') + " ");
  EXPECT_EQ(ctx.after.find('\x1b'), std::string::npos);  // escape neutralised
  EXPECT_EQ(ctx.after.substr(ctx.after.size() - 3), "…");
  Finding first;
  first.begin = 0;
  first.end = 6;
  EXPECT_EQ(ContextOf(text, first).after, " regel");
}

TEST_F(CaseGateTest, SummaryCountsPerTypeInWords) {
  std::vector<FieldFindings> fields(3);
  auto add = [](FieldFindings& f, EntityType type) {
    Finding finding;
    finding.type = type;
    f.findings.push_back(finding);
  };
  add(fields[0], EntityType::kPerson);
  add(fields[0], EntityType::kPhone);
  add(fields[2], EntityType::kPerson);
  add(fields[2], EntityType::kBsn);
  EXPECT_EQ(SummariseFindings(fields),
            "4 findings in 2 fields: 2 person names, 1 phone number, "
            "1 citizen service number (BSN)");
  EXPECT_EQ(SummariseFindings({}), "no findings");
  EXPECT_EQ(ExplainRule("title+name"), "a name after a title (mevrouw, dhr., Dr …)");
  EXPECT_EQ(ExplainRule("age-jarig"), "an age (\"43-jarige\", \"aged 43\" …)");
  EXPECT_EQ(ExplainRule("unheard-of"), "unheard-of");
  // In Dutch, for a Dutch reader.
  EXPECT_EQ(SummariseFindings(fields, Language::kDutch),
            "4 vondsten in 2 velden: 2 persoonsnamen, 1 telefoonnummer, "
            "1 burgerservicenummer (BSN)");
  EXPECT_EQ(SummariseFindings({}, Language::kDutch), "geen vondsten");
  std::vector<FieldFindings> one(1);
  add(one[0], EntityType::kEmail);
  EXPECT_EQ(SummariseFindings(one), "1 finding in 1 field: 1 e-mail address");
  EXPECT_EQ(SummariseFindings(one, Language::kDutch), "1 vondst in 1 veld: 1 e-mailadres");
  EXPECT_EQ(ExplainRule("title+name", Language::kDutch),
            "een naam na een aanspreekvorm of titel (mevrouw, dhr., Dr …)");
  EXPECT_EQ(EntityTypeName(EntityType::kPhone, Language::kDutch), "telefoonnummer");
  EXPECT_EQ(EntityTypeName(EntityType::kPhone), "phone number");
}

// Every rule the anonymiser fires on its corpora (all of tests/data/anonymiser) is explained
// to the coach in words, in both languages, never by its internal name.
TEST_F(CaseGateTest, EveryRuleFiredOnTheCorporaIsWorded) {
  std::set<std::string> rules;
  const std::filesystem::path dir = std::filesystem::path(KRING_TEST_DATA_DIR) / "anonymiser";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Result<std::vector<Finding>> found = anonymiser_->Find(text, AnonymiserOptions{});
    ASSERT_TRUE(found.ok()) << entry.path();
    for (const Finding& f : *found) rules.emplace(f.rule);
  }
  EXPECT_GE(rules.size(), 40u);
  for (const std::string& rule : rules) {
    for (Language language : {Language::kDutch, Language::kEnglish}) {
      EXPECT_NE(ExplainRule(rule, language), rule) << rule;
    }
  }
}

// Every rule the anonymiser names has an explanation and every type a name, in both languages.
TEST_F(CaseGateTest, EveryRuleAndTypeIsWorded) {
  for (std::string_view rule : {"email",
                                "url",
                                "domain",
                                "ipv4",
                                "ipv6",
                                "iban-mod97",
                                "bsn-11-test",
                                "phone",
                                "postcode-nl",
                                "date-numeric",
                                "date-written",
                                "date-of-birth",
                                "street+number",
                                "number+street",
                                "title+name",
                                "role+name",
                                "org-head",
                                "org-cue",
                                "gazetteer:organisation",
                                "gazetteer:place",
                                "gazetteer:first-name",
                                "gazetteer:surname",
                                "prefix+surname",
                                "capitalised-unknown",
                                "capitalised-after-preposition",
                                "acronym",
                                "organisation-word",
                                "always-remove",
                                "case-name",
                                "age-jarig"}) {
    for (Language language : {Language::kDutch, Language::kEnglish}) {
      const std::string why = ExplainRule(rule, language);
      EXPECT_NE(why, rule);
      EXPECT_NE(why.front(), '[') << rule;
    }
    EXPECT_NE(ExplainRule(rule, Language::kDutch), ExplainRule(rule, Language::kEnglish)) << rule;
  }
  for (int t = 0; t < kEntityTypeCount; ++t) {
    const EntityType type = static_cast<EntityType>(t);
    for (Language language : {Language::kDutch, Language::kEnglish}) {
      EXPECT_NE(EntityTypeName(type, language).front(), '[') << EntityTypeKey(type);
      EXPECT_EQ(EntityTypeCount(type, 1, language), "1 " + EntityTypeName(type, language));
      EXPECT_NE(EntityTypeCount(type, 2, language).front(), '[');
    }
  }
}

TEST_F(CaseGateTest, AnonymisesWithStableLabelsAndIsShareable) {
  pb::StoredCase stored = DutchCase();
  auto first = Run(stored);
  ASSERT_TRUE(first.ok()) << first.status().message();
  const pb::CaseReflection& anon = first->stored.anonymised();
  EXPECT_EQ(anon.situation(),
            "Mijn coachee [PERSOON-1] werkt bij de [ORGANISATIE-1].\n"
            "Ze gebruikt de [PERSOON-2] methode.\n"
            "Bel [TELEFOON-1].");
  EXPECT_EQ(anon.next_actions(), "Gesprek met [PERSOON-1] en haar manager [PERSOON-3].");
  EXPECT_TRUE(first->stored.shareable());
  EXPECT_TRUE(first->open.empty());
  EXPECT_EQ(first->stored.anonymised_at(), 1000);
  EXPECT_EQ(first->stored.anonymised_from_hash(), ReflectionHash(stored.reflection()));
  EXPECT_EQ(first->stored.anonymised_from_hash().size(), 32u);
  ASSERT_EQ(first->diffs.size(), 2u);
  EXPECT_EQ(first->diffs[0].field, "situation");
  EXPECT_EQ(first->diffs[0].lines.size(), 3u);
  // The original text is untouched.
  EXPECT_EQ(first->stored.reflection().situation(), stored.reflection().situation());

  // The mapping is stored and reused: labels stay put even when text is added before a name.
  pb::StoredCase again = first->stored;
  again.mutable_reflection()->set_situation("Henk de Boer belde. " +
                                            again.reflection().situation());
  auto second = Run(again);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->stored.anonymised().situation().rfind(
                "[PERSOON-3] belde. Mijn coachee [PERSOON-1]", 0),
            0u)
      << second->stored.anonymised().situation();
  pb::PseudonymMapping mapping;
  ASSERT_TRUE(mapping.ParseFromString(second->stored.pseudonym_mapping()));
  auto map = PseudonymMap::FromProto(mapping);
  ASSERT_TRUE(map.ok());
  const PseudonymMap::Entry* sanne = map->Lookup(EntityType::kPerson, 1);
  ASSERT_NE(sanne, nullptr);
  EXPECT_EQ(sanne->original, "Sanne Wolfswinkel");
}

TEST_F(CaseGateTest, KeptFindingsAreRecordedAndStay) {
  pb::StoredCase stored = DutchCase();
  auto bad = Run(stored, {"Niemand"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Code::kUsage);

  auto kept = Run(stored, {"Feedforward"});
  ASSERT_TRUE(kept.ok()) << kept.status().message();
  EXPECT_EQ(kept->kept_count, 1u);
  ASSERT_EQ(kept->stored.kept_findings_size(), 1);
  const pb::KeptFinding& k = kept->stored.kept_findings(0);
  EXPECT_EQ(k.field(), "situation");
  EXPECT_EQ(k.text(), "Feedforward");
  EXPECT_EQ(k.type(), "person");
  EXPECT_EQ(k.kept_at(), 1000);
  EXPECT_NE(kept->stored.anonymised().situation().find("de Feedforward methode"),
            std::string::npos);
  EXPECT_TRUE(kept->stored.shareable());
  EXPECT_TRUE(IsKept(kept->stored, "Feedforward"));

  // Later runs honour the recorded choice without recording it twice; --unkeep takes it back.
  auto later = Run(kept->stored, {"Feedforward"});
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->stored.kept_findings_size(), 1);
  EXPECT_TRUE(later->newly_kept.empty());
  auto undone = Run(later->stored, {}, {"Feedforward"});
  ASSERT_TRUE(undone.ok());
  EXPECT_EQ(undone->stored.kept_findings_size(), 0);
  EXPECT_EQ(undone->stored.anonymised().situation().find("Feedforward"), std::string::npos);
  auto unknown = Run(undone->stored, {}, {"Feedforward"});
  EXPECT_EQ(unknown.status().code(), Code::kUsage);
}

TEST_F(CaseGateTest, ShareableVersionOnlyForTheCurrentText) {
  pb::StoredCase stored = DutchCase();
  auto never = ShareableVersion(stored, "abcdef0123");
  ASSERT_FALSE(never.ok());
  EXPECT_EQ(never.status().code(), Code::kUser);
  EXPECT_NE(never.status().message().find("kring case anonymise abcdef01"), std::string::npos);

  auto gate = Run(stored);
  ASSERT_TRUE(gate.ok());
  auto version = ShareableVersion(gate->stored);
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(version->situation(), gate->stored.anonymised().situation());

  pb::StoredCase edited = gate->stored;
  edited.mutable_reflection()->set_learned("Sanne leerde iets.");
  auto stale = ShareableVersion(edited, "abcdef0123");
  ASSERT_FALSE(stale.ok());
  EXPECT_NE(stale.status().message().find("changed after it was anonymised"), std::string::npos);
  bool is_stale = false;
  ASSERT_TRUE(AnonymisedVersion(edited, &is_stale).ok());
  EXPECT_TRUE(is_stale);

  pb::StoredCase not_shareable = gate->stored;
  not_shareable.set_shareable(false);
  EXPECT_EQ(ShareableVersion(not_shareable).status().code(), Code::kUser);
}

TEST_F(CaseGateTest, ANameAddedLaterOpensAFindingInTheAnonymisedVersion) {
  pb::StoredCase stored = DutchCase();
  stored.mutable_reflection()->set_learned("Brandt vond het gesprek over zijn werk lastig.");
  auto gate = Run(stored);
  ASSERT_TRUE(gate.ok());
  // "Brandt" is an ordinary Dutch word, and at a line start before an ordinary verb neither the
  // rules nor the learned part take it.
  ASSERT_TRUE(gate->stored.shareable());
  pb::NameLists lists;
  lists.add_always_remove("Brandt");
  auto open = OpenFindings(gate->stored, *anonymiser_, GateOptions(lists, gate->stored));
  ASSERT_TRUE(open.ok());
  ASSERT_EQ(open->size(), 1u);
  EXPECT_EQ((*open)[0].field, "learned");
  EXPECT_EQ((*open)[0].finding.text, "Brandt");
  // Labels themselves never count as open findings.
  auto clean = OpenFindings(gate->stored, *anonymiser_, GateOptions({}, gate->stored));
  ASSERT_TRUE(clean.ok());
  EXPECT_TRUE(clean->empty());
  // Anonymising with the list closes it.
  auto fixed = Run(gate->stored, {}, {}, lists);
  ASSERT_TRUE(fixed.ok());
  EXPECT_TRUE(fixed->stored.shareable());
  EXPECT_EQ(fixed->stored.anonymised().learned(),
            "[PERSOON-4] vond het gesprek over zijn werk lastig.");
}

TEST_F(CaseGateTest, HostileCaseTextIsAUsageErrorNotACrash) {
  pb::StoredCase stored = DutchCase();
  stored.mutable_reflection()->set_notes(std::string("ok \xff\xfe", 5));
  auto gate = Run(stored);
  ASSERT_FALSE(gate.ok());
  EXPECT_EQ(gate.status().code(), Code::kUsage);
  EXPECT_NE(gate.status().message().find("notes"), std::string::npos);
  pb::StoredCase damaged = DutchCase();
  damaged.set_pseudonym_mapping("\xff\xff not a mapping");
  EXPECT_EQ(Run(damaged).status().code(), Code::kIntegrity);
}

TEST_F(CaseGateTest, NameListsEditing) {
  pb::NameLists lists;
  auto added = AddToList(*lists.mutable_always_remove(), *lists.mutable_allow(),
                         {"  Jan   Smit ", "Acme BV", "jan smit"});
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(added->added, (std::vector<std::string>{"Jan Smit", "Acme BV"}));
  EXPECT_EQ(added->already, std::vector<std::string>{"jan smit"});
  // A word moves between the lists rather than being on both.
  auto moved = AddToList(*lists.mutable_allow(), *lists.mutable_always_remove(), {"ACME bv"});
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->moved, std::vector<std::string>{"ACME bv"});
  EXPECT_EQ(lists.always_remove_size(), 1);
  EXPECT_EQ(lists.allow_size(), 1);
  // Bad entries change nothing.
  for (const std::string& bad : {std::string("   "), std::string("tab\x01"), std::string(201, 'a'),
                                 std::string("\xc3\x28")}) {
    auto r = AddToList(*lists.mutable_always_remove(), *lists.mutable_allow(), {"Ok", bad});
    EXPECT_EQ(r.status().code(), Code::kUsage);
  }
  EXPECT_EQ(lists.always_remove_size(), 1);
  Status missing = RemoveFromLists(*lists.mutable_always_remove(), *lists.mutable_allow(),
                                   {"jan smit", "Nobody"});
  EXPECT_EQ(missing.code(), Code::kUser);
  EXPECT_EQ(lists.always_remove_size(), 1);
  EXPECT_TRUE(RemoveFromLists(*lists.mutable_always_remove(), *lists.mutable_allow(),
                              {"jan smit", "acme bv"})
                  .ok());
  EXPECT_EQ(lists.always_remove_size() + lists.allow_size(), 0);
}

TEST_F(CaseGateTest, NameListsAreSealedInTheNode) {
  testing::TempDir dir;
  auto node = Node::Init(dir.File("home"), "correct horse battery", "Anna");
  ASSERT_TRUE(node.ok()) << node.status().message();
  auto empty = LoadNameLists(**node);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->always_remove_size(), 0);
  pb::NameLists lists;
  lists.add_always_remove("Wolfswinkel Consultancy");
  lists.add_allow("Feedforward");
  ASSERT_TRUE(SaveNameLists(**node, lists).ok());
  auto raw = (*node)->store().GetMeta("names");
  ASSERT_TRUE(raw.ok() && raw->has_value());
  EXPECT_EQ((*raw)->find("Wolfswinkel"), std::string::npos);  // sealed, not in clear
  node->reset();
  auto reopened = Node::Open(dir.File("home"), "correct horse battery");
  ASSERT_TRUE(reopened.ok());
  auto loaded = LoadNameLists(**reopened);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->always_remove(0), "Wolfswinkel Consultancy");
  EXPECT_EQ(loaded->allow(0), "Feedforward");
  // A tampered record is an integrity error.
  std::string tampered = **raw;
  tampered[tampered.size() / 2] ^= 1;
  ASSERT_TRUE((*reopened)->store().PutMeta("names", tampered).ok());
  EXPECT_EQ(LoadNameLists(**reopened).status().code(), Code::kIntegrity);
}

}  // namespace
}  // namespace kring

namespace kring {
namespace {

// Every paragraph of the labelled corpus, once anonymised, leaves nothing open: redaction does
// not create new findings (a label next to a word is not a name), so the gate does not block
// ordinary cases.
TEST_F(CaseGateTest, CorpusParagraphsAreShareableAfterAnonymising) {
  size_t paragraphs = 0;
  for (const char* name : {"corpus_nl.txt", "corpus_en.txt"}) {
    std::string raw = testing::ReadFile(std::string(KRING_TEST_DATA_DIR) + "/anonymiser/" + name);
    ASSERT_FALSE(raw.empty()) << name;
    std::string plain;  // "[[person:Jan]]" -> "Jan"; comment lines dropped
    for (size_t i = 0; i < raw.size();) {
      if ((i == 0 || raw[i - 1] == '\n') && raw[i] == '#') {
        i = raw.find('\n', i);
        if (i == std::string::npos) break;
        ++i;
        continue;
      }
      if (raw.compare(i, 2, "[[") == 0) {
        size_t colon = raw.find(':', i), close = raw.find("]]", i);
        if (colon != std::string::npos && close != std::string::npos && colon < close) {
          plain += raw.substr(colon + 1, close - colon - 1);
          i = close + 2;
          continue;
        }
      }
      plain += raw[i++];
    }
    size_t start = 0;
    while (start < plain.size()) {
      size_t end = plain.find("\n\n", start);
      if (end == std::string::npos) end = plain.size();
      std::string paragraph = plain.substr(start, end - start);
      start = end + 2;
      if (paragraph.find_first_not_of("\n ") == std::string::npos) continue;
      pb::StoredCase stored;
      stored.mutable_reflection()->set_title("Casus");
      stored.mutable_reflection()->set_situation(paragraph);
      auto gate = Run(stored);
      ASSERT_TRUE(gate.ok()) << gate.status().message();
      std::string open;
      for (const OpenFinding& o : gate->open) open += " «" + o.finding.text + "»";
      EXPECT_TRUE(gate->stored.shareable())
          << gate->stored.anonymised().situation() << "\nopen:" << open;
      ++paragraphs;
    }
  }
  EXPECT_GE(paragraphs, 60u);
}

}  // namespace
}  // namespace kring
