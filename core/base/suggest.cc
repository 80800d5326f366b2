#include "core/base/suggest.h"

#include <algorithm>

#include "core/base/ascii.h"

namespace kring {

size_t EditDistance(std::string_view a_in, std::string_view b_in) {
  const std::string a = LowerAscii(a_in), b = LowerAscii(b_in);
  // Optimal string alignment distance, three rows.
  std::vector<size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    before.swap(previous);
    previous.swap(current);
  }
  return previous[b.size()];
}

std::optional<std::string> ClosestMatch(std::string_view typed,
                                        const std::vector<std::string>& candidates) {
  if (typed.empty()) return std::nullopt;
  const size_t limit = std::min<size_t>(3, std::max<size_t>(1, typed.size() / 3));
  std::optional<std::string> best;
  size_t best_distance = limit + 1;
  for (const std::string& candidate : candidates) {
    const size_t d = EditDistance(typed, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  if (best) return best;
  std::optional<std::string> prefixed;
  const std::string lower = LowerAscii(typed);
  for (const std::string& candidate : candidates) {
    if (LowerAscii(candidate).rfind(lower, 0) != 0) continue;
    if (prefixed) return std::nullopt;  // ambiguous
    prefixed = candidate;
  }
  return prefixed;
}

}  // namespace kring
