// Throughput of Anonymiser::Find + Redact on a large generated Dutch/English text, next to a
// plain RE2 scan of the same text with one simple e-mail regex as the reference. Each step is
// timed by the wall clock and by the process's CPU time: on a shared machine the wall clock also
// counts time spent waiting for the CPU, while CPU time is what one core needs ("per core").
#include <re2/re2.h>
#include <time.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>

#include "bench/bench_util.h"
#include "core/anonymise/anonymiser.h"
#include "core/anonymise/pseudonyms.h"

namespace {

std::string Generate(size_t bytes) {
  const char* kSentences[] = {
      "Mijn coachee Sanne Wolfswinkel werkt als teamleider bij de gemeente Utrecht. ",
      "Tijdens de sessie op 12 maart 2024 spraken we over haar leidinggevende Henk de Boer. ",
      "Ze wil leren om scherper te prioriteren en minder mee te gaan in de waan van de dag. ",
      "Bel me op 06-12345678 of mail naar j.devries@coachpraktijk.nl als het niet lukt. ",
      "My client Sarah Thornbury is a ward manager at St Mary's Hospital in Leeds. ",
      "She wants to delegate more without losing oversight of the quality of care. ",
      "The client is aged 47 and works for the NHS in Bristol as a service improvement lead. ",
      "Het kantoor zit aan de Kerkstraat 12a, 7511 AB Enschede, naast de bibliotheek.\n",
      "We explored what lies inside her influence and what the organisation decides.\n",
  };
  std::string text;
  text.reserve(bytes + 200);
  size_t i = 0;
  while (text.size() < bytes) text += kSentences[(i++ * 7) % 9];
  return text;
}

double CpuNow() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Wall and CPU seconds since construction.
struct Timer {
  std::chrono::steady_clock::time_point wall = std::chrono::steady_clock::now();
  double cpu = CpuNow();
  double Wall() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count();
  }
  double Cpu() const { return CpuNow() - cpu; }
};

void Row(const char* name, double wall, double cpu, double mb, const std::string& note = "") {
  std::printf("%-22s %7.3f s %8.1f MB/s   cpu %7.3f s %8.1f MB/s  %s\n", name, wall, mb / wall, cpu,
              mb / cpu, note.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  // anonymiser_bench [MB] [FILE]: FILE (e.g. the labelled corpus) repeated instead of the
  // generated sentences.
  size_t mb = argc > 1 ? std::stoul(argv[1]) : 50;
  std::string text;
  if (argc > 2) {
    std::ifstream in(argv[2], std::ios::binary);
    std::string contents((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (contents.empty()) {
      std::fprintf(stderr, "cannot read %s\n", argv[2]);
      return 1;
    }
    while (text.size() < (mb << 20)) text += contents + "\n";
  } else {
    text = Generate(mb << 20);
  }
  double size_mb = static_cast<double>(text.size()) / (1 << 20);

  Timer timer;
  kring::Result<kring::Anonymiser> anonymiser = kring::Anonymiser::Load();
  if (!anonymiser.ok()) {
    std::fprintf(stderr, "%s\n", anonymiser.status().message().c_str());
    return 1;
  }
  const double load_wall = timer.Wall(), load_cpu = timer.Cpu();

  timer = Timer();
  kring::Result<std::vector<kring::Finding>> findings = anonymiser->Find(text, {});
  const double find_wall = timer.Wall(), find_cpu = timer.Cpu();
  if (!findings.ok()) {
    std::fprintf(stderr, "%s\n", findings.status().message().c_str());
    return 1;
  }
  // The rules alone, without the learned part (name_model.h): what judging the words the rules
  // leave costs.
  kring::AnonymiserOptions rules_only;
  rules_only.learned_names = false;
  timer = Timer();
  kring::Result<std::vector<kring::Finding>> rule_findings = anonymiser->Find(text, rules_only);
  const double rules_wall = timer.Wall(), rules_cpu = timer.Cpu();
  if (!rule_findings.ok()) return 1;

  timer = Timer();
  kring::PseudonymMap map;
  std::string redacted = kring::Redact(text, *findings, map, kring::Language::kDutch);
  const double redact_wall = timer.Wall(), redact_cpu = timer.Cpu();

  RE2 email("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
  timer = Timer();
  re2::StringPiece input(text);
  size_t matches = 0;
  while (RE2::FindAndConsume(&input, email)) ++matches;
  const double re2_wall = timer.Wall(), re2_cpu = timer.Cpu();

  kring::bench::PrintMachine();
  std::printf("text: %.1f MB generated reflection text, single thread\n", size_mb);
  std::printf("%-22s %7.3f s %13s   cpu %7.3f s\n", "load word lists", load_wall, "", load_cpu);
  Row("Find", find_wall, find_cpu, size_mb, "(" + std::to_string(findings->size()) + " findings)");
  Row("Find, rules only", rules_wall, rules_cpu, size_mb,
      "(" + std::to_string(rule_findings->size()) + " findings)");
  Row("Redact", redact_wall, redact_cpu, size_mb);
  Row("Find + Redact", find_wall + redact_wall, find_cpu + redact_cpu, size_mb);
  // A digest of every finding's span and type: equal digests mean an optimisation kept the
  // results exactly.
  uint64_t digest = 1469598103934665603ull;
  for (const kring::Finding& f : *findings) {
    for (uint64_t v : {static_cast<uint64_t>(f.begin), static_cast<uint64_t>(f.end),
                       static_cast<uint64_t>(f.type)}) {
      digest = (digest ^ v) * 1099511628211ull;
    }
  }
  std::printf("findings digest: %016llx\n", static_cast<unsigned long long>(digest));
  Row("reference RE2 e-mail", re2_wall, re2_cpu, size_mb,
      "(" + std::to_string(matches) + " matches)");
  kring::bench::PrintPeakRss();
  return 0;
}
