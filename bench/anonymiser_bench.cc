// Throughput of Anonymiser::Find + Redact on a large generated Dutch/English text, next to a
// plain RE2 scan of the same text with one simple e-mail regex as the reference.
#include <re2/re2.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>

#include "core/anonymiser.h"
#include "core/pseudonyms.h"

namespace {

std::string CpuModel() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  return "unknown";
}

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

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  size_t mb = argc > 1 ? std::stoul(argv[1]) : 50;
  std::string text = Generate(mb << 20);
  double size_mb = static_cast<double>(text.size()) / (1 << 20);

  auto t0 = std::chrono::steady_clock::now();
  kring::Result<kring::Anonymiser> anonymiser = kring::Anonymiser::Load();
  if (!anonymiser.ok()) {
    std::fprintf(stderr, "%s\n", anonymiser.status().message().c_str());
    return 1;
  }
  double load = Seconds(t0);

  t0 = std::chrono::steady_clock::now();
  kring::Result<std::vector<kring::Finding>> findings = anonymiser->Find(text, {});
  double find = Seconds(t0);
  t0 = std::chrono::steady_clock::now();
  kring::PseudonymMap map;
  std::string redacted = kring::Redact(text, *findings, map, kring::Language::kDutch);
  double redact = Seconds(t0);

  RE2 email("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
  t0 = std::chrono::steady_clock::now();
  re2::StringPiece input(text);
  size_t matches = 0;
  while (RE2::FindAndConsume(&input, email)) ++matches;
  double re2_time = Seconds(t0);

  std::printf("machine: %u cores (nproc), %s\n", std::thread::hardware_concurrency(),
              CpuModel().c_str());
  std::printf("text: %.1f MB generated reflection text, single thread\n", size_mb);
  std::printf("load word lists:       %8.3f s\n", load);
  std::printf("Find:                  %8.3f s  %7.1f MB/s  (%zu findings)\n", find, size_mb / find,
              findings->size());
  std::printf("Redact:                %8.3f s  %7.1f MB/s\n", redact, size_mb / redact);
  std::printf("Find + Redact:         %8.3f s  %7.1f MB/s\n", find + redact,
              size_mb / (find + redact));
  std::printf("reference RE2 e-mail:  %8.3f s  %7.1f MB/s  (%zu matches)\n", re2_time,
              size_mb / re2_time, matches);
  return 0;
}
