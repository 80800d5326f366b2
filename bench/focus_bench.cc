// Throughput of the focus analysis on a long synthetic reflection, per language, and the time
// to analyse one case of 5 000 words (issue 16's bound: under 20 ms). Prints the figures and the
// machine they were measured on.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "bench/bench_util.h"
#include "core/focus/focus.h"

namespace {

void Measure(kring::Language language, const std::string& paragraph) {
  std::string text;
  while (text.size() < 4'000'000) text += paragraph;
  const kring::FocusAnalyser& analyser = kring::DefaultFocusAnalyser(language);  // load first
  auto start = std::chrono::steady_clock::now();
  kring::FocusProfile profile = analyser.AnalyseText(text);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%s: %.1f MB, %zu sentences in %.3f s = %.2f MB/s, %.0f sentences/s\n",
              std::string(kring::LanguageCode(language)).c_str(), text.size() / 1e6,
              profile.sentences.size(), seconds, text.size() / 1e6 / seconds,
              profile.sentences.size() / seconds);
}

size_t Words(const std::string& text) {
  size_t words = 0;
  bool in_word = false;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

// A case whose sections together hold about 5 000 words, analysed 50 times: median and worst.
void MeasureCase(kring::Language language, const std::string& paragraph) {
  const size_t per_paragraph = Words(paragraph);
  std::string block;
  while (Words(block) + per_paragraph <= 5000 / 5) block += paragraph;
  kring::pb::CaseReflection reflection;
  reflection.set_situation(block);
  reflection.set_context_organisation(block);
  reflection.set_coach_actions(block);
  reflection.set_learned(block);
  reflection.set_next_actions(block);
  const size_t words = 5 * Words(block);
  const kring::FocusAnalyser& analyser = kring::DefaultFocusAnalyser(language);
  std::vector<double> ms;
  size_t sentences = 0;
  for (int run = 0; run < 50; ++run) {
    auto start = std::chrono::steady_clock::now();
    kring::FocusProfile profile = analyser.AnalyseCase(reflection);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                     .count());
    sentences = profile.sentences.size();
  }
  std::sort(ms.begin(), ms.end());
  std::printf("%s: case of %zu words, %zu sentences: median %.2f ms, worst of 50 %.2f ms\n",
              std::string(kring::LanguageCode(language)).c_str(), words, sentences, ms[25],
              ms.back());
}

constexpr char kDutch[] =
    "[PERSOON-1] is teamleider bij een zorginstelling die midden in een reorganisatie zit. "
    "Ze voelt zich onzeker als haar leidinggevende, dhr. [PERSOON-2], de planning wijzigt. "
    "Ik vroeg welke taken ze kan delegeren, bijv. het rooster. Volgende week bespreekt ze "
    "de prioriteiten met het team.\n";
constexpr char kEnglish[] =
    "[PERSON-1] leads a team in a hospital that is going through a merger. She feels "
    "insecure when her manager, Dr. [PERSON-2], changes the schedule. I asked which tasks "
    "she can delegate, e.g. the rota. Next week she will discuss priorities with the team.\n";

}  // namespace

int main() {
  kring::bench::PrintMachine();
  Measure(kring::Language::kDutch, kDutch);
  Measure(kring::Language::kEnglish, kEnglish);
  MeasureCase(kring::Language::kDutch, kDutch);
  MeasureCase(kring::Language::kEnglish, kEnglish);
  kring::bench::PrintPeakRss();
  return 0;
}
