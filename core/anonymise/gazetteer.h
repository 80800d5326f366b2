// The anonymiser's word lists (core/anonymise/data/*.txt), folded into one hash map from a
// lower-case word to a set of flags, so each token costs a single look-up.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/base/status.h"

namespace kring {

struct StringViewHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// An open-addressing hash table from short words to flags, each key stored inside its 32-byte
// slot: a look-up costs one cache line in the common case, where a node-based map costs three.
// Every token of a case is looked up once, so this is on the anonymiser's hot path.
class WordTable {
 public:
  static constexpr size_t kInlineBytes = 27;
  // Makes room for about `n` words without rehashing.
  void Reserve(size_t n) {
    size_t capacity = 16;
    while (capacity < n * 2) capacity <<= 1;
    if (capacity > slots_.size()) Rehash(capacity);
  }
  // Adds a word (at most kInlineBytes) or ORs `flags` into the word's flags. Building the table
  // in place, without a node-based map first, keeps loading the lists within its budget.
  void Insert(std::string_view word, uint32_t flags) {
    if (word.empty() || word.size() > kInlineBytes) return;
    if ((count_ + 1) * 2 > slots_.size()) Rehash(slots_.empty() ? 16 : slots_.size() * 2);
    size_t i = Hash(word) & mask_;
    for (;; i = (i + 1) & mask_) {
      Slot& slot = slots_[i];
      if (slot.length == 0) break;
      if (slot.length == word.size() && std::memcmp(slot.key, word.data(), word.size()) == 0) {
        slot.flags |= flags;
        return;
      }
    }
    slots_[i].flags = flags;
    slots_[i].length = static_cast<uint8_t>(word.size());
    std::memcpy(slots_[i].key, word.data(), word.size());
    ++count_;
  }
  size_t size() const { return count_; }
  uint32_t Find(std::string_view word) const {
    if (slots_.empty() || word.empty()) return 0;
    for (size_t i = Hash(word) & mask_;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.length == 0) return 0;
      if (slot.length == word.size() && std::memcmp(slot.key, word.data(), word.size()) == 0) {
        return slot.flags;
      }
    }
  }

 private:
  struct Slot {
    uint32_t flags = 0;
    uint8_t length = 0;  // 0: empty
    char key[kInlineBytes] = {};
  };
  static_assert(sizeof(Slot) == 32);
  // FNV-1a with a final mix; words are short, so a byte loop is cheap.
  static size_t Hash(std::string_view s) {
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    return static_cast<size_t>(h ^ (h >> 29));
  }
  void Rehash(size_t capacity) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
    for (const Slot& slot : old) {
      if (slot.length == 0) continue;
      size_t i = Hash(std::string_view(slot.key, slot.length)) & mask_;
      while (slots_[i].length != 0) i = (i + 1) & mask_;
      slots_[i] = slot;
    }
  }
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t count_ = 0;
};

class Gazetteer {
 public:
  enum Flag : uint32_t {
    kFirstName = 1u << 0,
    kSurname = 1u << 1,
    kPlace = 1u << 2,
    kOrgHead = 1u << 3,       // "gemeente", "stichting", "university"
    kOrgSuffix = 1u << 4,     // "bv", "ltd", "council", "hospital"
    kOrgKnown = 1u << 5,      // "rabobank", "uwv"
    kTitle = 1u << 6,         // "mevrouw", "dhr", "mrs"
    kRoleCue = 1u << 7,       // "collega", "client", "manager"
    kPrefix = 1u << 8,        // "van", "de", "ter"
    kStopword = 1u << 9,      // function words
    kCommon = 1u << 10,       // dictionary words and non-identifying proper nouns
    kPhraseStart = 1u << 11,  // first word of a multi-word entry (places, organisations)
    kStopwordNl = 1u << 12,
    kStopwordEn = 1u << 13,
    // From a hand-typed name or place list (not a generated one): trusted also where the word is
    // an ordinary word too and stands at a sentence start.
    kListed = 1u << 14,
    // A place that is also an ordinary word ("Best", "Made", "Street"): a place only right
    // after a word that introduces one ("in Best", "from Street").
    kPlaceWord = 1u << 15,
    // A number written as a word ("zes", "ninety-one"; number_words.h).
    kNumberWord = 1u << 16,
    // A known organisation whose name is also an ordinary word ("Action", "Next", "Three"): an
    // organisation only where one stands ("bij Action", "Employer: Next").
    kOrgWord = 1u << 17,
  };

  // Loads the embedded lists; fails only when the binary was built without them.
  static Result<Gazetteer> LoadEmbedded();

  // Flags of a lower-case word (0 when unknown).
  uint32_t Flags(std::string_view lower) const {
    if (lower.size() <= WordTable::kInlineBytes) return table_.Find(lower);
    auto it = long_words_.find(lower);
    return it == long_words_.end() ? 0 : it->second;
  }
  // Flags of a lower-case multi-word entry with single spaces ("den haag", "abn amro").
  uint32_t PhraseFlags(std::string_view lower) const {
    auto it = phrases_.find(lower);
    return it == phrases_.end() ? 0 : it->second;
  }
  size_t size() const { return table_.size() + long_words_.size() + phrases_.size(); }

  // Street rules (street_words.txt): a Dutch street name ends in "straat", "laan", ...; an
  // English one ends in a street type such as "Road" or "Lane".
  bool IsDutchStreetName(std::string_view lower) const;
  // A Dutch street word on its own ("markt", "dijk"), not an abbreviation ("str", "ln").
  bool IsDutchStreetWord(std::string_view lower) const;
  bool IsEnglishStreetType(std::string_view lower) const {
    return street_types_en_.find(lower) != street_types_en_.end();
  }

  // Adds every entry of a list file (one per line, '#' comments) with the given flags.
  void AddList(std::string_view contents, uint32_t flags);

 private:
  void Add(std::string_view entry, uint32_t flags);
  void AddEntries(std::string_view contents, uint32_t flags);  // without rebuilding table_
  void AddStreetWords(std::string_view contents);

  std::vector<std::string> street_suffixes_nl_;
  std::unordered_map<std::string, bool, StringViewHash, std::equal_to<>> street_types_en_;

  // Words longer than WordTable::kInlineBytes (few); the others are in table_.
  std::unordered_map<std::string, uint32_t, StringViewHash, std::equal_to<>> long_words_;
  WordTable table_;  // every word up to 27 bytes: one cache line per look-up
  std::unordered_map<std::string, uint32_t, StringViewHash, std::equal_to<>> phrases_;
};

}  // namespace kring
