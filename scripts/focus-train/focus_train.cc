// focus_train: trains the focus analysis' linear model for one language from the labelled
// corpora in tests/data/focus/ (the files in kFocusTrainingFiles, never the held-out ones) and
// writes core/focus/data/model_<lang>.txt. Run through scripts/train-focus-model.
//
//   focus_train --language nl --data tests/data/focus --out core/focus/data/model_nl.txt
//   focus_train --language en --data tests/data/focus --cross-validate 5   (choosing options)
//   focus_train --language en --data tests/data/focus --evaluate en_heldout3.tsv
//   focus_train --language en --data tests/data/focus --report notes.txt   (the report of a text)
#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/focus/data_files.h"
#include "core/focus/focus.h"
#include "core/focus/focus_report.h"
#include "core/text/data_files.h"
#include "scripts/trainer/model_files.h"

namespace kring {
namespace {

std::vector<LabelledSentence> Load(const std::string& path, const std::string& name) {
  Result<std::vector<LabelledSentence>> parsed =
      ParseLabelledSentences(trainer::ReadFile(path), name);
  if (!parsed.ok()) throw std::runtime_error(parsed.status().message());
  return std::move(parsed).value();
}

FocusAnalyser Analyser(Language language, const std::string& model_text) {
  const std::string code(LanguageCode(language));
  Result<FocusAnalyser> analyser =
      FocusAnalyser::Create(language, *focus_data::DataFile(code + ".txt"),
                            *text_data::DataFile("abbreviations.txt"), model_text);
  if (!analyser.ok()) throw std::runtime_error(analyser.status().message());
  return std::move(analyser).value();
}

// The model trained without the features whose names start with one of `drop` (an ablation:
// what does each kind of feature add?).
FocusModel Train(const FocusAnalyser& analyser, const std::vector<LabelledSentence>& examples,
                 const FocusTrainingOptions& options, const std::vector<std::string>& drop) {
  std::vector<FocusTrainingExample> training;
  for (const LabelledSentence& e : examples) {
    FocusTrainingExample t;
    t.label = e.label;
    for (FocusFeature& f : analyser.Features(e.sentence)) {
      bool keep = true;
      for (const std::string& prefix : drop) keep = keep && f.name.rfind(prefix, 0) != 0;
      if (keep) t.features.push_back(std::move(f));
    }
    training.push_back(std::move(t));
  }
  return TrainFocusModel(training, options);
}

using Confusion = std::array<std::array<int, kFocusLabelCount>, kFocusLabelCount>;

Confusion Evaluate(const FocusAnalyser& analyser, const std::vector<LabelledSentence>& examples) {
  Confusion c{};
  for (const LabelledSentence& e : examples) {
    ++c[static_cast<int>(e.label)][static_cast<int>(analyser.LabelSentence(e.sentence).label)];
  }
  return c;
}

void Print(const std::string& title, const Confusion& c) {
  int total = 0, right = 0, intro_right = 0;
  const int intro = static_cast<int>(FocusLabel::kIntrospection);
  for (int e = 0; e < kFocusLabelCount; ++e) {
    for (int g = 0; g < kFocusLabelCount; ++g) {
      total += c[e][g];
      if (e == g) right += c[e][g];
      if ((e == intro) == (g == intro)) intro_right += c[e][g];
    }
  }
  std::printf("%s: %d sentences, four labels %.1f%%, introspection vs rest %.1f%%\n", title.c_str(),
              total, 100.0 * right / std::max(1, total), 100.0 * intro_right / std::max(1, total));
  std::printf("  %-14s %6s %6s %6s %6s   recall precision\n", "expected\\got", "neutr", "work",
              "action", "intro");
  for (int e = 0; e < kFocusLabelCount; ++e) {
    int row = 0, col = 0;
    for (int g = 0; g < kFocusLabelCount; ++g) {
      row += c[e][g];
      col += c[g][e];
    }
    std::printf("  %-14s %6d %6d %6d %6d   %5.1f%% %5.1f%%\n",
                std::string(FocusLabelName(static_cast<FocusLabel>(e))).c_str(), c[e][0], c[e][1],
                c[e][2], c[e][3], 100.0 * c[e][e] / std::max(1, row),
                100.0 * c[e][e] / std::max(1, col));
  }
}

}  // namespace
}  // namespace kring

int main(int argc, char** argv) {
  using namespace kring;
  CLI::App app{"Trains the focus analysis' model from tests/data/focus/"};
  std::string language_code, data_dir, out;
  std::vector<std::string> evaluate;
  int folds = 0;
  FocusTrainingOptions options;
  app.add_option("--language", language_code, "nl or en")->required();
  app.add_option("--data", data_dir, "the folder of the labelled corpora")->required();
  app.add_option("--out", out, "where to write the model");
  app.add_option("--cross-validate", folds, "k-fold cross-validation on the training files");
  app.add_option("--evaluate", evaluate, "corpus files (in --data) to score the trained model on");
  std::vector<std::string> drop;
  app.add_option("--drop", drop, "leave out features starting with this (w: b: lex: rule: p: s:)");
  bool lexicon_only = false;
  app.add_flag("--lexicon-only", lexicon_only,
               "score --evaluate files with the lexicon alone (the analysis before the model)");
  bool misses = false;
  app.add_flag("--misses", misses,
               "list the sentences --evaluate got wrong (never use it on a held-out file)");
  std::string report;
  app.add_option("--report", report,
                 "print the focus report of a text file with the built-in model, and stop");
  app.add_option("--l2", options.l2, "L2 penalty");
  app.add_option("--iterations", options.iterations, "gradient steps");
  app.add_option("--min-count", options.min_count, "sentences a feature needs to get a weight");
  CLI11_PARSE(app, argc, argv);
  try {
    std::optional<Language> language = ParseLanguageCode(language_code);
    if (!language) throw std::runtime_error("--language must be nl or en");
    if (!report.empty()) {
      std::fputs(RenderFocusText(AnalyseText(trainer::ReadFile(report), *language)).c_str(),
                 stdout);
      return 0;
    }
    std::vector<LabelledSentence> examples;
    std::string files;
    for (std::string_view suffix : kFocusTrainingFiles) {
      const std::string name = language_code + std::string(suffix);
      std::vector<LabelledSentence> part = Load(data_dir + "/" + name, name);
      examples.insert(examples.end(), part.begin(), part.end());
      files += (files.empty() ? "" : ", ") + name + " (" + std::to_string(part.size()) + ")";
    }
    const FocusAnalyser features = Analyser(*language, "");
    if (folds > 1) {
      Confusion all{};
      for (int k = 0; k < folds; ++k) {
        std::vector<LabelledSentence> train, test;
        for (size_t i = 0; i < examples.size(); ++i) {
          (static_cast<int>(i % static_cast<size_t>(folds)) == k ? test : train)
              .push_back(examples[i]);
        }
        FocusModel model = Train(features, train, options, drop);
        Confusion c = Evaluate(Analyser(*language, model.Serialise("")), test);
        for (int e = 0; e < kFocusLabelCount; ++e) {
          for (int g = 0; g < kFocusLabelCount; ++g) all[e][g] += c[e][g];
        }
      }
      Print(language_code + " " + std::to_string(folds) + "-fold cross-validation", all);
    }
    FocusModel model = Train(features, examples, options, drop);
    char settings[160];
    std::snprintf(settings, sizeof settings,
                  "l2 %g, iterations %d, learning rate %g, min count %d, keep %g", options.l2,
                  options.iterations, options.learning_rate, options.min_count,
                  options.keep_threshold);
    const std::string text = model.Serialise(
        "Focus model for language " + language_code +
        ", trained by scripts/train-focus-model; do not edit by hand.\n"
        "Trained on " +
        files + ".\n" + "Options: " + settings + ". Features: " + std::to_string(model.size()) +
        ".\n" + "Weights per label; a sentence's score is the bias plus its features' weights.");
    const FocusAnalyser trained = Analyser(*language, lexicon_only ? std::string() : text);
    Print(language_code + " training files (fit)", Evaluate(trained, examples));
    for (const std::string& name : evaluate) {
      const std::vector<LabelledSentence> set = Load(data_dir + "/" + name, name);
      Print(language_code + " " + name, Evaluate(trained, set));
      if (!misses) continue;
      for (const LabelledSentence& e : set) {
        const FocusSentence got = trained.LabelSentence(e.sentence);
        if (got.label == e.label) continue;
        std::printf("  miss %-13s got %-13s %s\n", std::string(FocusLabelName(e.label)).c_str(),
                    std::string(FocusLabelName(got.label)).c_str(), e.sentence.c_str());
      }
    }
    if (!out.empty()) {
      trainer::WriteModel(out, text, model.size());
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "focus_train: %s\n", e.what());
    return 1;
  }
  return 0;
}
