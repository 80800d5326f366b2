// The learned part of the focus analysis: the model file, training, and that the shipped models
// are exactly what scripts/train-focus-model makes from the corpora in the repository.
#include "core/focus/focus_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/focus/data_files.h"
#include "core/focus/focus.h"

namespace kring {
namespace {

TEST(FocusModelTest, ParsesAndRejectsModelFiles) {
  Result<FocusModel> ok =
      FocusModel::Parse("# comment\nbias\t0.5\t0\t-0.25\t0\nw:feel\t-1\t-1\t-1\t3\n", "test");
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->size(), 1u);
  EXPECT_DOUBLE_EQ(ok->bias()[0], 0.5);
  ASSERT_NE(ok->Weights("w:feel"), nullptr);
  EXPECT_DOUBLE_EQ((*ok->Weights("w:feel"))[static_cast<int>(FocusLabel::kIntrospection)], 3);
  EXPECT_EQ(ok->Weights("w:unknown"), nullptr);

  for (const char* bad : {
           "w:feel\t1\t1\t1\t1\n",                                  // no bias
           "bias\t0\t0\t0\n",                                       // three columns
           "bias\t0\t0\t0\t0\nbias\t0\t0\t0\t0\n",                  // two biases
           "bias\t0\t0\t0\t0\nw:a\t1\t1\t1\t1\nw:a\t1\t1\t1\t1\n",  // a feature twice
           "bias\t0\t0\t0\tx\n",                                    // not a number
           "bias\t0\t0\t0\tnan\n",                                  // not finite
           "bias\t0\t0\t0\t1e9\n",                                  // absurd
           "bias\t0\t0\t0\t0\n\t1\t1\t1\t1\n",                      // no feature name
       }) {
    Result<FocusModel> parsed = FocusModel::Parse(bad, "focus/model_en.txt");
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_NE(parsed.status().message().find("focus/model_en.txt"), std::string::npos);
  }
}

TEST(FocusModelTest, SerialiseRoundTripsToFourDecimals) {
  FocusModel model;
  model.set_bias({0.123456, -0.5, 0, 0.376544});
  model.set_weights("w:b", {1, -1, 0.00004, -0.00004});
  model.set_weights("w:a", {0.25, 0.25, -0.25, -0.25});
  const std::string text = model.Serialise("line one\nline two");
  EXPECT_EQ(text.rfind("# line one\n# line two\n", 0), 0u) << text;
  EXPECT_LT(text.find("w:a"), text.find("w:b"));  // sorted: the file does not depend on hashing
  EXPECT_EQ(text.find("-0.0000"), std::string::npos);
  Result<FocusModel> back = FocusModel::Parse(text, "test");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_NEAR(back->bias()[0], 0.1235, 1e-9);
  EXPECT_EQ(back->Serialise("line one\nline two"), text);
}

// Four clusters of made-up words: training must separate them, and give the same model twice.
std::vector<FocusTrainingExample> ToyExamples() {
  std::vector<FocusTrainingExample> examples;
  const char* words[kFocusLabelCount][3] = {{"minutes", "room", "notes"},
                                            {"manager", "policy", "team"},
                                            {"next", "plan", "asked"},
                                            {"childhood", "mother", "herself"}};
  for (int round = 0; round < 6; ++round) {
    for (int l = 0; l < kFocusLabelCount; ++l) {
      FocusTrainingExample e;
      e.label = static_cast<FocusLabel>(l);
      e.features.push_back({std::string("w:") + words[l][round % 3], 1, 0, 0});
      e.features.push_back({std::string("w:") + words[l][(round + 1) % 3], 1, 0, 0});
      e.features.push_back({"w:the", 1, 0, 0});  // in every sentence: no label's word
      examples.push_back(std::move(e));
    }
  }
  return examples;
}

TEST(FocusModelTest, TrainingSeparatesLabelsAndIsDeterministic) {
  const std::vector<FocusTrainingExample> examples = ToyExamples();
  const FocusModel model = TrainFocusModel(examples);
  for (const FocusTrainingExample& e : examples) {
    const LabelScores scores = model.Scores(e.features);
    int best = 0;
    for (int l = 1; l < kFocusLabelCount; ++l) {
      if (scores[l] > scores[best]) best = l;
    }
    EXPECT_EQ(best, static_cast<int>(e.label)) << e.features[0].name;
  }
  // A word seen with every label learns (almost) nothing.
  ASSERT_NE(model.Weights("w:childhood"), nullptr);
  const LabelScores* the = model.Weights("w:the");
  if (the != nullptr) {
    for (double w : *the) EXPECT_LT(std::fabs(w), 0.05);
  }
  EXPECT_EQ(TrainFocusModel(examples).Serialise(""), model.Serialise(""));
  // min_count: a feature in fewer sentences gets no weight at all.
  FocusTrainingOptions strict;
  strict.min_count = 100;
  EXPECT_TRUE(TrainFocusModel(examples, strict).empty());
  EXPECT_TRUE(TrainFocusModel(std::vector<FocusTrainingExample>{}).empty());
}

TEST(FocusModelTest, LabelledSentencesParseAndBadLinesAreNamed) {
  Result<std::vector<LabelledSentence>> ok =
      ParseLabelledSentences("# c\n\nwork\tThe ward is short of staff.\r\n", "x.tsv");
  ASSERT_TRUE(ok.ok());
  ASSERT_EQ(ok->size(), 1u);
  EXPECT_EQ((*ok)[0].label, FocusLabel::kWorkContext);
  EXPECT_EQ((*ok)[0].sentence, "The ward is short of staff.");
  EXPECT_FALSE(ParseLabelledSentences("work The ward.\n", "x.tsv").ok());
  Result<std::vector<LabelledSentence>> bad = ParseLabelledSentences("wrk\tx\n", "x.tsv");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("x.tsv line 1"), std::string::npos);
}

std::string ReadCorpus(const std::string& name) {
  std::ifstream in(std::string(KRING_TEST_DATA_DIR) + "/focus/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Nobody edits the weights by hand, and nothing from outside is in them: training on the
// repository's corpora gives the shipped model, weight for weight.
void ExpectShippedModelIsReproducible(Language language) {
  const std::string code(LanguageCode(language));
  std::vector<LabelledSentence> examples;
  for (std::string_view suffix : kFocusTrainingFiles) {
    const std::string name = code + std::string(suffix);
    Result<std::vector<LabelledSentence>> part = ParseLabelledSentences(ReadCorpus(name), name);
    ASSERT_TRUE(part.ok()) << part.status().message();
    examples.insert(examples.end(), part->begin(), part->end());
  }
  const FocusModel trained = TrainFocusModel(DefaultFocusAnalyser(language), examples);
  Result<FocusModel> shipped =
      FocusModel::Parse(*focus_data::DataFile("model_" + code + ".txt"), "shipped");
  ASSERT_TRUE(shipped.ok());
  Result<FocusModel> retrained = FocusModel::Parse(trained.Serialise(""), "trained");
  ASSERT_TRUE(retrained.ok());
  EXPECT_EQ(retrained->size(), shipped->size())
      << code << ": run scripts/train-focus-model after changing the corpora or the features";
  for (int l = 0; l < kFocusLabelCount; ++l) {
    EXPECT_NEAR(retrained->bias()[l], shipped->bias()[l], 2e-4);
  }
  int differ = 0;
  for (const LabelledSentence& e : examples) {
    for (const FocusFeature& f : DefaultFocusAnalyser(language).Features(e.sentence)) {
      const LabelScores* a = retrained->Weights(f.name);
      const LabelScores* b = shipped->Weights(f.name);
      if ((a == nullptr) != (b == nullptr)) {
        ++differ;
        continue;
      }
      if (a == nullptr) continue;
      for (int l = 0; l < kFocusLabelCount; ++l) differ += std::fabs((*a)[l] - (*b)[l]) > 2e-4;
    }
  }
  EXPECT_EQ(differ, 0) << code << ": run scripts/train-focus-model";
}

TEST(FocusModelTest, ShippedDutchModelIsWhatTheCorporaGive) {
  ExpectShippedModelIsReproducible(Language::kDutch);
}
TEST(FocusModelTest, ShippedEnglishModelIsWhatTheCorporaGive) {
  ExpectShippedModelIsReproducible(Language::kEnglish);
}

}  // namespace
}  // namespace kring
