// Throughput of the focus analysis on a long synthetic reflection, per language. Prints the
// figures and the machine they were measured on.
#include <chrono>
#include <cstdio>
#include <string>

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

}  // namespace

int main() {
  kring::bench::PrintMachine();
  Measure(kring::Language::kDutch,
          "[PERSOON-1] is teamleider bij een zorginstelling die midden in een reorganisatie zit. "
          "Ze voelt zich onzeker als haar leidinggevende, dhr. [PERSOON-2], de planning wijzigt. "
          "Ik vroeg welke taken ze kan delegeren, bijv. het rooster. Volgende week bespreekt ze "
          "de prioriteiten met het team.\n");
  Measure(
      kring::Language::kEnglish,
      "[PERSON-1] leads a team in a hospital that is going through a merger. She feels "
      "insecure when her manager, Dr. [PERSON-2], changes the schedule. I asked which tasks "
      "she can delegate, e.g. the rota. Next week she will discuss priorities with the team.\n");
  kring::bench::PrintPeakRss();
  return 0;
}
