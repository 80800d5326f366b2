// name_train: trains the anonymiser's learned part (core/anonymise/name_model.h) from the
// development corpora in tests/data/anonymiser/ (kNameModelTrainingFiles, Dutch and English;
// never the held-out ones) and writes core/anonymise/data/name_model.txt. Run through
// scripts/train-name-model.
//
//   name_train --data tests/data/anonymiser --out core/anonymise/data/name_model.txt
//   name_train --data tests/data/anonymiser --cross-validate 5   (choosing options, threshold)
//   name_train --data tests/data/anonymiser --weights 40         (the strongest features)
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/anonymise/name_training.h"
#include "scripts/trainer/model_files.h"

namespace kring {
namespace {

// Per fold, the examples of whole paragraphs: a paragraph's words are never split between
// training and test.
struct Paragraphs {
  std::vector<std::vector<SparseExample>> examples;
  std::vector<std::vector<bool>> left;  // per example: no rule found the word
  std::string files;
};

Paragraphs Load(const Anonymiser& anonymiser, const std::string& dir) {
  Paragraphs out;
  for (std::string_view prefix : kNameModelTrainingFiles) {
    for (const char* language : {"nl", "en"}) {
      const std::string name = std::string(prefix) + language + ".txt";
      const std::string path = dir + "/" + name;
      Result<std::vector<LabelledParagraph>> corpus =
          ParseLabelledCorpus(trainer::ReadFile(path), name);
      if (!corpus.ok()) throw std::runtime_error(corpus.status().message());
      for (size_t k = 0; k < corpus->size(); ++k) {
        std::vector<bool> left;
        Result<std::vector<SparseExample>> e =
            NameTrainingExamples(anonymiser, {(*corpus)[k]}, &left);
        if (!e.ok()) {
          throw std::runtime_error(name + ", paragraph " + std::to_string(k + 1) + ": " +
                                   e.status().message());
        }
        out.examples.push_back(std::move(e).value());
        out.left.push_back(std::move(left));
      }
      out.files += (out.files.empty() ? "" : ", ") + name;
    }
  }
  return out;
}

std::vector<SparseExample> Flatten(const std::vector<std::vector<SparseExample>>& parts) {
  std::vector<SparseExample> all;
  for (const auto& p : parts) all.insert(all.end(), p.begin(), p.end());
  return all;
}

// A number's example (is it an age?): its features start with "age.num" (learned_names.cc).
bool IsNumberExample(const SparseExample& e) {
  return !e.features.empty() && e.features[0].first == "age.num";
}

std::vector<std::string> Names(const SparseExample& e) {
  std::vector<std::string> names;
  for (const auto& f : e.features) names.push_back(f.first);
  return names;
}

}  // namespace
}  // namespace kring

int main(int argc, char** argv) {
  using namespace kring;
  CLI::App app{"Trains the anonymiser's learned part from tests/data/anonymiser/"};
  std::string data_dir, out;
  int folds = 0;
  size_t show_weights = 0;
  bool list = false;
  std::string explain;
  NameTrainingOptions options;
  app.add_option("--data", data_dir, "the folder of the labelled corpora")->required();
  app.add_option("--out", out, "where to write the model");
  app.add_option("--cross-validate", folds, "k-fold cross-validation by paragraph");
  app.add_option("--weights", show_weights, "print the strongest features");
  app.add_flag("--list", list,
               "with --cross-validate: print each word the rules left that is labelled or that "
               "the model takes (development data only)");
  app.add_option("--explain", explain,
                 "print the shipped model's view of each capitalised word and number of a text "
                 "file, and stop");
  app.add_option("--l2", options.fit.l2, "L2 penalty");
  app.add_option("--iterations", options.fit.iterations, "gradient steps");
  app.add_option("--min-count", options.fit.min_count, "words a feature needs to get a weight");
  app.add_option("--threshold", options.threshold, "a name from this probability on");
  CLI11_PARSE(app, argc, argv);
  try {
    Result<Anonymiser> loaded = Anonymiser::Load();
    if (!loaded.ok()) throw std::runtime_error(loaded.status().message());
    if (!explain.empty()) {
      const std::string text = trainer::ReadFile(explain);
      Result<std::vector<NameCandidate>> candidates =
          loaded->NameCandidates(text, AnonymiserOptions{});
      if (!candidates.ok()) throw std::runtime_error(candidates.status().message());
      const NameModel& model = loaded->name_model();
      for (const NameCandidate& c : *candidates) {
        if (c.found_by_rules) continue;
        const char* verdict = c.number ? "AGE " : "NAME";
        std::vector<std::pair<double, std::string>> parts;
        for (const std::string& f : c.features) parts.emplace_back(model.Weight(f), f);
        std::sort(parts.begin(), parts.end(), [](const auto& a, const auto& b) {
          return std::fabs(a.first) > std::fabs(b.first);
        });
        std::printf("%.2f %s %s:", c.probability,
                    c.probability >= model.threshold() ? verdict : "    ",
                    text.substr(c.begin, c.end - c.begin).c_str());
        for (size_t k = 0; k < std::min<size_t>(6, parts.size()); ++k) {
          std::printf(" %s %+.2f", parts[k].second.c_str(), parts[k].first);
        }
        std::printf("\n");
      }
      return 0;
    }
    const Paragraphs data = Load(*loaded, data_dir);
    if (!(options.threshold > 0 && options.threshold < 1)) {
      throw std::runtime_error("--threshold must lie between 0 and 1");
    }
    if (!(options.fit.l2 >= 0) || options.fit.iterations < 1) {
      throw std::runtime_error("--l2 must be 0 or more and --iterations 1 or more");
    }
    const std::vector<SparseExample> all = Flatten(data.examples);
    if (all.empty()) throw std::runtime_error("the training files hold no capitalised words");
    // Per kind (0: capitalised words, 1: numbers): examples, labelled ones, left by the rules.
    size_t count[2] = {}, positives[2] = {}, left[2] = {}, left_positives[2] = {};
    for (size_t i = 0; i < data.examples.size(); ++i) {
      for (size_t j = 0; j < data.examples[i].size(); ++j) {
        const SparseExample& e = data.examples[i][j];
        const int kind = IsNumberExample(e);
        const bool yes = e.label == 1;
        ++count[kind];
        positives[kind] += yes;
        left[kind] += data.left[i][j];
        left_positives[kind] += yes && data.left[i][j];
      }
    }
    std::printf(
        "%zu capitalised words (%zu in a labelled name); the rules left %zu of them (%zu in a "
        "labelled name)\n%zu numbers (%zu in a labelled age); the rules left %zu of them (%zu "
        "in a labelled age)\n%zu paragraphs: %s\n",
        count[0], positives[0], left[0], left_positives[0], count[1], positives[1], left[1],
        left_positives[1], data.examples.size(), data.files.c_str());
    if (folds > 1) {
      // At each threshold, per kind: the labelled ones caught, and the others taken.
      const double thresholds[] = {0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8};
      size_t caught[2][7] = {}, taken[2][7] = {};
      for (int k = 0; k < folds; ++k) {
        std::vector<std::vector<SparseExample>> train;
        for (size_t i = 0; i < data.examples.size(); ++i) {
          if (static_cast<int>(i % static_cast<size_t>(folds)) != k) {
            train.push_back(data.examples[i]);
          }
        }
        const NameModel model = TrainNameModel(Flatten(train), options);
        for (size_t i = 0; i < data.examples.size(); ++i) {
          if (static_cast<int>(i % static_cast<size_t>(folds)) != k) continue;
          for (size_t j = 0; j < data.examples[i].size(); ++j) {
            if (!data.left[i][j]) continue;  // the model judges only what the rules left
            const SparseExample& e = data.examples[i][j];
            const int kind = IsNumberExample(e);
            const double p = model.Probability(Names(e));
            if (list && (e.label == 1 || p >= options.threshold)) {
              std::string shown;
              for (const auto& f : e.features) {
                for (const char* prefix :
                     {"w:", "p:", "n:", "age.v:", "age.p:", "age.pp:", "age.n:"}) {
                  if (f.first.rfind(prefix, 0) == 0) shown += " " + f.first;
                }
              }
              std::printf("%s %.2f%s\n", e.label == 1 ? (kind ? "AGE  " : "NAME ") : "OTHER", p,
                          shown.c_str());
            }
            for (size_t t = 0; t < 7; ++t) {
              if (p < thresholds[t]) continue;
              (e.label == 1 ? caught : taken)[kind][t]++;
            }
          }
        }
      }
      std::printf("%d-fold cross-validation (by paragraph):\n", folds);
      for (int kind = 0; kind < 2; ++kind) {
        const char* what = kind ? "ages" : "names";
        for (size_t t = 0; t < 7; ++t) {
          std::printf(
              "  %s, threshold %.1f: %zu of %zu labelled caught (%.1f %%), %zu others taken "
              "(%.1f %% of the flagged)\n",
              what, thresholds[t], caught[kind][t], left_positives[kind],
              left_positives[kind] ? 100.0 * caught[kind][t] / left_positives[kind] : 0.0,
              taken[kind][t],
              caught[kind][t] + taken[kind][t]
                  ? 100.0 * taken[kind][t] / (caught[kind][t] + taken[kind][t])
                  : 0.0);
        }
      }
    }
    const NameModel model = TrainNameModel(all, options);
    if (show_weights > 0) {
      std::vector<std::pair<double, std::string>> ranked;
      for (const SparseExample& e : all) {
        for (const auto& f : e.features) ranked.emplace_back(model.Weight(f.first), f.first);
      }
      std::sort(ranked.begin(), ranked.end());
      ranked.erase(std::unique(ranked.begin(), ranked.end()), ranked.end());
      for (size_t i = 0; i < std::min(show_weights, ranked.size()); ++i) {
        std::printf("  %+.3f  %s\n", ranked[i].first, ranked[i].second.c_str());
      }
      std::printf("  ...\n");
      for (size_t i = ranked.size() > show_weights ? ranked.size() - show_weights : 0;
           i < ranked.size(); ++i) {
        std::printf("  %+.3f  %s\n", ranked[i].first, ranked[i].second.c_str());
      }
    }
    if (!out.empty()) {
      char settings[160];
      std::snprintf(settings, sizeof settings,
                    "l2 %g, iterations %d, learning rate %g, min "
                    "count %d, keep %g",
                    options.fit.l2, options.fit.iterations, options.fit.learning_rate,
                    options.fit.min_count, options.keep_threshold);
      const std::string text = model.Serialise(
          "The anonymiser's name model, trained by scripts/train-name-model; do not edit by "
          "hand.\nTrained on " +
          data.files + ".\nOptions: " + settings + ". Features: " + std::to_string(model.size()) +
          ".\nA word's log-odds of being a name is the bias plus its features' weights.");
      // The anonymiser refuses a model it cannot read: never write one.
      Result<NameModel> check = NameModel::Parse(text, out);
      if (!check.ok()) throw std::runtime_error("not written: " + check.status().message());
      // A feature the file cannot hold (a '#' at its start reads as a comment) would be lost.
      if (check->size() != model.size()) {
        throw std::runtime_error("not written: the file would lose features");
      }
      trainer::WriteModel(out, text, model.size());
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "name_train: %s\n", e.what());
    return 1;
  }
  return 0;
}
