// "Did you mean …?" for what coaches type: the closest of a list of known words by edit
// distance, for command names, group names and the like.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kring {

// Levenshtein distance between a and b, ignoring ASCII case (insert, delete, substitute: 1 each;
// two swapped neighbours count 1 too, the commonest typo).
size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `typed`, if it is close enough to be what was meant: at most a third
// of its length away (and at most 3), or `typed` is a prefix of exactly one candidate.
std::optional<std::string> ClosestMatch(std::string_view typed,
                                        const std::vector<std::string>& candidates);

}  // namespace kring
