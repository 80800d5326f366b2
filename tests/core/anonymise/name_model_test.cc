// The anonymiser's learned part: the model file, the trainer, the corpus parser, the words it
// judges and the findings it makes, and the shipped model's reproducibility.
#include "core/anonymise/name_model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <memory>
#include <sstream>

#include "core/anonymise/anonymiser.h"
#include "core/anonymise/data_files.h"
#include "core/anonymise/name_training.h"
#include "core/base/softmax_regression.h"

namespace kring {
namespace {

NameModel ParseOk(std::string_view text) {
  Result<NameModel> m = NameModel::Parse(text, "test");
  EXPECT_TRUE(m.ok()) << m.status().message();
  return m.ok() ? std::move(m).value() : NameModel{};
}

TEST(NameModel, ParsesAndWritesTheFileForm) {
  const NameModel m = ParseOk("# a comment\nthreshold\t0.4\nbias\t-2.5\nw:okke\t3.25\np:met\t1\n");
  EXPECT_DOUBLE_EQ(m.threshold(), 0.4);
  EXPECT_EQ(m.size(), 2u);
  EXPECT_DOUBLE_EQ(m.Weight("w:okke"), 3.25);
  EXPECT_DOUBLE_EQ(m.Weight("w:unknown"), 0);
  EXPECT_DOUBLE_EQ(m.LogOdds(std::vector<std::string>{"w:okke", "p:met", "n:zegt"}),
                   -2.5 + 3.25 + 1);
  EXPECT_NEAR(m.Probability({}), 1 / (1 + std::exp(2.5)), 1e-12);
  const std::string text = m.Serialise("line one\nline two");
  EXPECT_EQ(text,
            "# line one\n# line two\nthreshold\t0.4000\nbias\t-2.5000\np:met\t1.0000\n"
            "w:okke\t3.2500\n");
  EXPECT_EQ(ParseOk(text).Serialise("line one\nline two"), text);
}

TEST(NameModel, RefusesMalformedFilesNamingTheLine) {
  for (const char* bad : {
           "threshold\t0.5\n",                           // no bias
           "bias\t0\n",                                  // no threshold
           "threshold\t0.5\nbias\t0\nw:a\tnan\n",        // not a number
           "threshold\t0.5\nbias\t0\nw:a\t5000\n",       // out of range
           "threshold\t0.5\nbias\t0\nw:a\t1\nw:a\t2\n",  // twice
           "threshold\t1.5\nbias\t0\n",                  // not a probability
           "threshold\t0.5\nbias\t0\nbias\t1\n",         // two biases
           "threshold\t0.5\nbias\t0\nw:a\n",             // no weight
       }) {
    Result<NameModel> m = NameModel::Parse(bad, "name_model.txt");
    ASSERT_FALSE(m.ok()) << bad;
    EXPECT_EQ(m.status().code(), Code::kUsage);
    EXPECT_NE(m.status().message().find("name_model.txt"), std::string::npos);
  }
}

TEST(SoftmaxRegression, LearnsASeparableRuleDeterministically) {
  std::vector<SparseExample> examples;
  for (int i = 0; i < 40; ++i) {
    SparseExample e;
    e.label = i % 2;
    e.features = {{e.label ? "name" : "word", 1.0}, {"noise" + std::to_string(i % 5), 1.0}};
    examples.push_back(e);
  }
  const SoftmaxFit fit = FitSoftmaxRegression(examples, 2, {0.01, 200, 0.5, 2});
  const NameModel model = NameModel::FromFit(fit, 0.5, 0.002);
  EXPECT_GT(model.Probability(std::vector<std::string>{"name"}), 0.9);
  EXPECT_LT(model.Probability(std::vector<std::string>{"word"}), 0.1);
  EXPECT_EQ(NameModel::FromFit(FitSoftmaxRegression(examples, 2, {0.01, 200, 0.5, 2}), 0.5, 0.002)
                .Serialise(""),
            model.Serialise(""));
  // min_count: a feature of one example gets no weight.
  examples[0].features.emplace_back("once", 1.0);
  EXPECT_EQ(NameModel::FromFit(FitSoftmaxRegression(examples, 2, {0.01, 200, 0.5, 2}), 0.5, 0)
                .Weight("once"),
            0);
  EXPECT_TRUE(NameModel::FromFit(FitSoftmaxRegression({}, 2), 0.5, 0.002).empty());
}

TEST(LabelledCorpus, ParsesSpansAndRefusesBrokenOnesWithoutTheirText) {
  Result<std::vector<LabelledParagraph>> corpus = ParseLabelledCorpus(
      "# header\n\nGesprek met [[person:Okke]] in\n[[place:Zwolle]].\n\n\nTweede: "
      "[[date:3 mei]]\n",
      "t.txt");
  ASSERT_TRUE(corpus.ok()) << corpus.status().message();
  ASSERT_EQ(corpus->size(), 2u);
  EXPECT_EQ((*corpus)[0].text, "Gesprek met Okke in\nZwolle.");
  ASSERT_EQ((*corpus)[0].spans.size(), 2u);
  EXPECT_EQ((*corpus)[0].spans[1].type, EntityType::kPlace);
  EXPECT_EQ((*corpus)[0].text.substr((*corpus)[0].spans[1].begin, 6), "Zwolle");
  EXPECT_EQ((*corpus)[1].text, "Tweede: 3 mei");
  for (const char* bad : {"met [[person:Geheimnaam\nZwolle", "met [[persoon:Geheimnaam]]",
                          "met [[Geheimnaam]]", "met [[person:[[place:Geheimnaam]]]]"}) {
    Result<std::vector<LabelledParagraph>> r = ParseLabelledCorpus(bad, "t.txt");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.status().message().find("t.txt line 1"), std::string::npos);
    EXPECT_EQ(r.status().message().find("Geheimnaam"), std::string::npos);
  }
}

class LearnedNames : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Anonymiser> a = Anonymiser::Load();
    ASSERT_TRUE(a.ok()) << a.status().message();
    base_ = std::make_unique<Anonymiser>(std::move(a).value());
  }
  // The same lists with a model that knows only the given features (bias -4, threshold 0.5).
  Anonymiser With(const std::string& weights) const {
    return base_->WithNameModel(ParseOk("threshold\t0.5\nbias\t-4\n" + weights));
  }
  static std::string Found(const Anonymiser& a, const std::string& text,
                           AnonymiserOptions options = {}) {
    Result<std::vector<Finding>> found = a.Find(text, options);
    EXPECT_TRUE(found.ok());
    std::string out;
    for (const Finding& f : *found) {
      out += (out.empty() ? "" : "|") + f.text + "/" + std::string(f.rule);
    }
    return out;
  }
  std::unique_ptr<Anonymiser> base_;
};

TEST_F(LearnedNames, LearnsFromEveryCapitalisedWordAndJudgesOnlyWhatTheRulesLeft) {
  // "Brandt" is an ordinary Dutch word (a verb form): the rules leave it; "Jansen" after a
  // title is the rules'.
  const std::string text = "Ik sprak met Brandt en mevrouw Jansen.";
  Result<std::vector<NameCandidate>> candidates = base_->NameCandidates(text, {});
  ASSERT_TRUE(candidates.ok());
  std::string seen;
  for (const NameCandidate& c : *candidates) {
    seen += text.substr(c.begin, c.end - c.begin) + (c.found_by_rules ? "+ " : "- ");
  }
  EXPECT_EQ(seen, "Ik- Brandt- Jansen+ ");
  const NameCandidate& brandt = (*candidates)[1];
  for (const char* feature : {"w:brandt", "p:met", "n:en", "at:mid", "f:common", "mid&common"}) {
    EXPECT_NE(std::find(brandt.features.begin(), brandt.features.end(), feature),
              brandt.features.end())
        << feature;
  }
  EXPECT_TRUE(std::find(brandt.features.begin(), brandt.features.end(), "found") ==
              brandt.features.end());
  EXPECT_EQ(Found(With(""), text), "Jansen/title+name");
  EXPECT_EQ(Found(With("w:brandt\t10\n"), text), "Brandt/learned-name|Jansen/title+name");
}

TEST_F(LearnedNames, TheCoachsWordsAndTheRulesOwnDecisionsStay) {
  const Anonymiser a = With("w:brandt\t10\nw:tabel\t10\nw:daarna\t10\nw:pauze\t10\n");
  AnonymiserOptions rules_only;
  rules_only.learned_names = false;
  EXPECT_EQ(Found(a, "Ik sprak met Brandt.", rules_only), "");
  AnonymiserOptions keep;
  keep.allow = {"brandt"};
  EXPECT_EQ(Found(a, "Ik sprak met Brandt.", keep), "");
  EXPECT_EQ(Found(a, "Zie de Tabel (3) hieronder."), "");
  EXPECT_EQ(Found(a, "Neem vitamine D. Daarna gaan we verder."), "");
  EXPECT_EQ(Found(a, "Agenda\n09:00 - Pauze in de hal"), "");
}

TEST_F(LearnedNames, MonthsAndWeekdaysAreNoNames) {
  const Anonymiser a = With("w:april\t10\nw:monday\t10\nw:brandt\t10\n");
  EXPECT_EQ(Found(a, "We met in April and again since Monday."), "");
  EXPECT_EQ(Found(a, "We met Brandt in April."), "Brandt/learned-name");
}

TEST_F(LearnedNames, ALearnedWordBesideAFoundNameJoinsIt) {
  const Anonymiser a = With("w:brandt\t10\n");
  Result<std::vector<Finding>> found = a.Find("Brandt Jansen zei iets.", {});
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].text, "Brandt Jansen");
  EXPECT_EQ((*found)[0].type, EntityType::kPerson);
  // Where a place stands, a learned word that no list calls a name is a place.
  Result<std::vector<Finding>> place = a.Find("Ze woont nu in Brandt.", {});
  ASSERT_TRUE(place.ok());
  ASSERT_EQ(place->size(), 1u);
  EXPECT_EQ((*place)[0].type, EntityType::kPlace);
}

TEST_F(LearnedNames, InAChatsMessageItJudgesLowerCaseWordsToo) {
  const Anonymiser a = With("w:ellen\t10\n");
  const std::string chat = "09:15 dewi: bel ellen even over de dienst\n";
  std::string found = Found(a, chat);
  EXPECT_NE(found.find("ellen/learned-name"), std::string::npos) << found;
  // Also after a user name that starts the message.
  found = Found(a, "[09:15] kevin.vd.berg: bel ellen even\n");
  EXPECT_NE(found.find("ellen/learned-name"), std::string::npos) << found;
  // Outside a chat a lower-case word is an ordinary word ("ellen" are units of length).
  EXPECT_EQ(Found(a, "Drie ellen stof voor het gordijn."), "");
}

TEST_F(LearnedNames, NamesNextToEachOtherAreOneFinding) {
  const Anonymiser a = With("w:brandt\t10\nw:koek\t10\n");
  EXPECT_EQ(Found(a, "Ik sprak met Brandt de Koek over het werk."), "Brandt de Koek/learned-name");
  EXPECT_EQ(Found(a, "Brandt, en later Koek."), "Brandt/learned-name|Koek/learned-name");
}

TEST_F(LearnedNames, ItJudgesTheNumbersTheRulesLeftAsAges) {
  // "net 2" after a child's name: no age rule takes it, the model may.
  const std::string text = "De jongste, Lina, is net 2. Ze heeft 3 kinderen en werkt 32 uur.";
  Result<std::vector<NameCandidate>> candidates = base_->NameCandidates(text, {});
  ASSERT_TRUE(candidates.ok());
  std::string numbers;
  const NameCandidate* two = nullptr;
  for (const NameCandidate& c : *candidates) {
    if (!c.number) continue;
    numbers += text.substr(c.begin, c.end - c.begin) + (c.found_by_rules ? "+ " : "- ");
    if (text.substr(c.begin, c.end - c.begin) == "2") two = &c;
  }
  EXPECT_EQ(numbers, "2- 3- ");  // "32 uur" has a unit: the rules decided
  ASSERT_NE(two, nullptr);
  for (const char* feature : {"age.num", "age.digits", "age.v:0-3", "age.p:net", "age.pp:is",
                              "age.p&v:net&0-3", "age.n:.", "age.clause_ends"}) {
    EXPECT_NE(std::find(two->features.begin(), two->features.end(), feature), two->features.end())
        << feature;
  }
  // Every feature of a number starts with "age.": none shares a weight with a word's.
  for (const NameCandidate& c : *candidates) {
    for (const std::string& f : c.features) {
      EXPECT_EQ(f.starts_with("age."), c.number) << f;
    }
  }
  EXPECT_EQ(Found(With("age.p:net\t10\n"), "De jongste, Lina, is net 2."),
            "Lina/gazetteer:first-name|2/age-learned");
  AnonymiserOptions rules_only;
  rules_only.learned_names = false;
  EXPECT_EQ(Found(With("age.p:net\t10\n"), "De jongste, Lina, is net 2.", rules_only),
            "Lina/gazetteer:first-name");
  // An age a rule found is a training example with "age.found"; it is not found twice.
  Result<std::vector<NameCandidate>> found = base_->NameCandidates("Hij is 57 en werkt.", {});
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 2u);  // "Hij", "57"
  EXPECT_TRUE((*found)[1].number && (*found)[1].found_by_rules);
  EXPECT_NE(std::find((*found)[1].features.begin(), (*found)[1].features.end(), "age.found"),
            (*found)[1].features.end());
  EXPECT_EQ(Found(With("age.num\t10\n"), "Hij is 57 en werkt."), "57/age-is");
}

TEST_F(LearnedNames, NumbersPartOfAnotherNumberOrFindingAreNotJudged) {
  // A model that takes every number it is asked about.
  const Anonymiser a = With("age.num\t10\n");
  EXPECT_EQ(Found(a, "Ze heeft 3 kinderen."), "3/age-learned");
  EXPECT_EQ(Found(a, "Ze heeft twee kinderen."), "twee/age-learned");
  // Times, decimals, scores, ranges, codes, the article "een", numbers of four digits.
  EXPECT_EQ(Found(a, "Om 10:30 een 6,7 en 26/30, dan 1.5 en 3-4, 2024."), "");
  EXPECT_EQ(Found(a, "Ze had covid-19 in U-12."), "");
  // A number inside a phone number no age rule knows is the other finding's.
  const std::string found = Found(a, "Bel ze op 06 12 34 56 78 vandaag.");
  EXPECT_NE(found.find("phone"), std::string::npos) << found;
  EXPECT_EQ(found.find("age-learned"), std::string::npos) << found;
}

TEST_F(LearnedNames, WhereTheAgeRulesDecidedTheModelDoesNotJudge) {
  const Anonymiser a = With("age.num\t10\n");
  for (const char* text :
       {"Hij werkt 32 uur, 3 per week, 2 x.", "Het is 10 jaar geleden, zes jaar bij ISS.",
        "Op 12 maart, maart 14 en 12, 14 en 16 mei.", "Size 12, 37 M stock left.",
        "Zie bijlage (3) en (4), Amsterdam (3).", "Week 1, 2; kamer 12; Groep 7.",
        "Scores: 12, 14, 16\nTotaal: 5\n", "Medicatie: Oxazepam 10 mg, 2\n",
        "Pols is 88. The room is 12. There are now 30. De groep, Utrecht, is 38.",
        "| Week | Score | Uren |\n| 12 | 45 | 38 |\n"}) {
    const std::string found = Found(a, text);
    EXPECT_EQ(found.find("age-learned"), std::string::npos) << text << ": " << found;
  }
  // A person's "is", a table without a header or under one that names the age: the model's.
  EXPECT_EQ(Found(a, "De jongste is net 4."), "4/age-learned");
  EXPECT_NE(Found(a, "Van Beek, T. | 79 | Ede\n").find("79/age-learned"), std::string::npos);
  EXPECT_NE(Found(a, "Naam | Lft | Plaats\nVan Beek, T. | 79 | Ede\n").find("79/"),
            std::string::npos);
  // The header is the table's own, not an earlier table's of the block.
  const std::string two =
      Found(a, "| Week | Score |\n| 12 | 45 |\n\nToen:\n| Naam | Lft |\n| Jansen | 79 |\n");
  EXPECT_EQ(two.find("45/age-learned"), std::string::npos) << two;
  EXPECT_NE(two.find("79/"), std::string::npos) << two;
  // Money and measures.
  for (const char* text : {"Hartslag 72, saturatie 98.", "Ze scoorde 85.",
                           "De kosten zijn \xE2\x82\xAC"
                           "45."}) {
    const std::string f = Found(a, text);
    EXPECT_EQ(f.find("age-learned"), std::string::npos) << text << ": " << f;
  }
}

// Numbers and initials at the edges of a text, where every look before or after runs out (the
// sanitizer build checks the indices).
TEST_F(LearnedNames, NumbersAndInitialsAtATextsEdges) {
  const Anonymiser a = With("age.num\t10\n");
  for (const char* text : {"5",           "twee",      "(5",       "5)",         "(5)",
                           "is 5",        ": 5",       "| 5",      "5 |",        "5,",
                           ",5",          "5:",        "en 5",     "AB",         "AB:",
                           "- AB:",       "-",         "Present:", "Present: (", "Taken by:",
                           "by: AB",      "AB to",     "AB en",    "AB en CD",   "sinds zijn 5",
                           "her 90",      "her early", "mid-30s",  "|\n5",       "Naam | Lft\n",
                           "a | b\n| 7 |"}) {
    Result<std::vector<Finding>> found = a.Find(text, {});
    EXPECT_TRUE(found.ok()) << text;
    Result<std::vector<NameCandidate>> candidates = a.NameCandidates(text, {});
    EXPECT_TRUE(candidates.ok()) << text;
  }
}

TEST_F(LearnedNames, ANumbersLabelIsAnAgeOrNothing) {
  Result<std::vector<LabelledParagraph>> corpus = ParseLabelledCorpus(
      "Ze heeft [[age:3]] kinderen, 4 katten en [[identifier:5]] honden.\n", "t.txt");
  ASSERT_TRUE(corpus.ok());
  Result<std::vector<SparseExample>> examples = NameTrainingExamples(*base_, *corpus);
  ASSERT_TRUE(examples.ok());
  std::string labels;
  for (const SparseExample& e : *examples) {
    if (e.features.empty() || e.features[0].first != "age.num") continue;
    labels += std::to_string(e.label);
  }
  EXPECT_EQ(labels, "10");  // "3" an age, "4" not; "5" in another span is no example
}

std::string ReadCorpus(const std::string& name) {
  std::ifstream in(std::string(KRING_TEST_DATA_DIR) + "/anonymiser/" + name, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Nobody edits the weights by hand, and nothing from outside is in them: training on the
// repository's development corpora with the shipped threshold gives the shipped model.
TEST_F(LearnedNames, TheShippedModelIsTrainedFromTheDevelopmentCorpora) {
  std::vector<LabelledParagraph> paragraphs;
  for (std::string_view prefix : kNameModelTrainingFiles) {
    for (const char* language : {"nl", "en"}) {
      const std::string name = std::string(prefix) + language + ".txt";
      Result<std::vector<LabelledParagraph>> part = ParseLabelledCorpus(ReadCorpus(name), name);
      ASSERT_TRUE(part.ok()) << part.status().message();
      ASSERT_FALSE(part->empty()) << name;
      paragraphs.insert(paragraphs.end(), part->begin(), part->end());
    }
  }
  Result<std::vector<SparseExample>> examples = NameTrainingExamples(*base_, paragraphs);
  ASSERT_TRUE(examples.ok());
  NameTrainingOptions options;
  options.threshold = base_->name_model().threshold();
  Result<NameModel> retrained =
      NameModel::Parse(TrainNameModel(*examples, options).Serialise(""), "trained");
  ASSERT_TRUE(retrained.ok());
  const NameModel& shipped = base_->name_model();
  // Features near the cut (keep_threshold) may fall either side of it on another platform.
  EXPECT_NEAR(static_cast<double>(retrained->size()), static_cast<double>(shipped.size()), 5)
      << "run scripts/train-name-model after changing the corpora, the rules or the features";
  int differ = 0;
  for (const SparseExample& e : *examples) {
    for (const auto& f : e.features) {
      differ += std::fabs(retrained->Weight(f.first) - shipped.Weight(f.first)) > 2e-4;
    }
  }
  EXPECT_EQ(differ, 0)
      << "run scripts/train-name-model after changing the corpora, the rules or the features";
  EXPECT_NEAR(retrained->LogOdds({}), shipped.LogOdds({}), 2e-4);
}

}  // namespace
}  // namespace kring
