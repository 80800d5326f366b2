// What Padmé padding (core/groups/padding.h) costs and hides, on entry bodies of the sizes Kring
// writes: feedback requests and retractions (tens to hundreds of bytes), reviews (hundreds to a
// few thousand), cases (one to tens of kilobytes). For each kind: the mean and worst overhead in
// bytes of the encrypted body, and how many distinct sizes a relay sees among 10 000 bodies of
// random lengths, padded and not (log2 of it: the bits of the size that leak). Deterministic
// (fixed seed).
#include <cmath>
#include <cstdio>
#include <random>
#include <set>
#include <string>

#include "bench/bench_util.h"
#include "core/groups/padding.h"
#include "entry.pb.h"

namespace {

struct Kind {
  const char* name;
  size_t min_text;
  size_t max_text;
};

template <typename Body, typename Fill>
void Measure(const Kind& kind, Fill fill) {
  std::mt19937_64 random(42);
  // Log-uniform text lengths: short and long bodies both common.
  std::uniform_real_distribution<double> log_length(std::log(kind.min_text),
                                                    std::log(kind.max_text));
  std::set<size_t> plain_sizes, padded_sizes;
  double total_plain = 0, total_padded = 0, worst = 0;
  constexpr int kBodies = 10000;
  for (int i = 0; i < kBodies; ++i) {
    Body body;
    fill(body, static_cast<size_t>(std::exp(log_length(random))));
    const size_t plain = body.ByteSizeLong();
    kring::PadBody(body);
    const size_t padded = body.ByteSizeLong();
    plain_sizes.insert(plain);
    padded_sizes.insert(padded);
    total_plain += static_cast<double>(plain);
    total_padded += static_cast<double>(padded);
    worst = std::max(worst, static_cast<double>(padded - plain) / static_cast<double>(plain));
  }
  std::printf(
      "%-17s %6zu-%-6zu B  overhead mean %5.2f%%  worst %5.2f%%  distinct sizes %5zu -> %3zu "
      "(%.1f -> %.1f bits)\n",
      kind.name, kind.min_text, kind.max_text, 100.0 * (total_padded - total_plain) / total_plain,
      100.0 * worst, plain_sizes.size(), padded_sizes.size(), std::log2(plain_sizes.size()),
      std::log2(padded_sizes.size()));
}

}  // namespace

int main() {
  kring::bench::PrintMachine();
  Measure<kring::pb::RetractionBody>({"retraction", 10, 400},
                                     [](auto& b, size_t n) { b.set_reason(std::string(n, 'r')); });
  Measure<kring::pb::FeedbackRequestBody>({"feedback request", 20, 800}, [](auto& b, size_t n) {
    b.add_recipient_keys(std::string(32, 'k'));
    b.set_question(std::string(n, 'q'));
    b.set_due_date("2026-12-31");
  });
  Measure<kring::pb::ReviewBody>({"review", 100, 4000}, [](auto& b, size_t n) {
    b.set_reflection_on_action(4);
    b.set_focused(kring::pb::FOCUSED_YES);
    b.set_strengths(std::string(n / 2, 's'));
    b.set_suggestion(std::string(n - n / 2, 'x'));
  });
  Measure<kring::pb::CaseBody>({"case", 800, 40000}, [](auto& b, size_t n) {
    b.mutable_reflection()->set_title("Teamleider onder druk");
    b.mutable_reflection()->set_situation(std::string(n, 'c'));
  });
  kring::bench::PrintPeakRss();
  return 0;
}
