// The anonymiser's assembling pass: validated identifiers (identifiers.cc) and the word rules
// (block_scanner.h) per block, then overlaps resolved into one sorted list of findings.
#include "core/anonymise/anonymiser.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string>
#include <unordered_set>

#include "core/anonymise/block_scanner.h"
#include "core/anonymise/data_files.h"
#include "core/anonymise/identifiers.h"
#include "core/base/utf8.h"
#include "core/i18n/messages.h"

namespace kring {
namespace {

using anonymiser_internal::BlockScanner;
using anonymiser_internal::BuildCoachLists;
using anonymiser_internal::CoachLists;
using anonymiser_internal::ScanBuffers;

constexpr size_t kBlockSize = 1 << 16;

// Keeps the longest of overlapping findings (ties: higher confidence), stretched over the
// others' bytes so that no part of one stays behind ("12 Stonegate" and "Stonegate Road" are
// "12 Stonegate Road"), and moves them to *out, shifted by `offset`. Sorts `findings` in place.
void ResolveOverlaps(std::vector<Finding>& findings, std::string_view block, size_t offset,
                     std::vector<Finding>* out) {
  std::sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    return a.end > b.end;
  });
  const size_t first = out->size();
  for (Finding& f : findings) {
    f.begin += offset;
    f.end += offset;
    if (out->size() > first && f.begin < out->back().end) {
      Finding& prev = out->back();
      const size_t fl = f.end - f.begin, pl = prev.end - prev.begin;
      const size_t begin = prev.begin, end = std::max(prev.end, f.end);
      if (fl > pl || (fl == pl && f.confidence > prev.confidence)) prev = std::move(f);
      if (prev.begin != begin || prev.end != end) {
        prev.begin = begin;
        prev.end = end;
        prev.text = std::string(block.substr(begin - offset, end - begin));
      }
      continue;
    }
    out->push_back(std::move(f));
  }
}

// Block boundaries: at a line break after kBlockSize bytes, else at a space, never inside a
// UTF-8 sequence. Names never span lines, so the rules see whole paragraphs.
size_t BlockEnd(std::string_view text, size_t start) {
  if (text.size() - start <= kBlockSize) return text.size();
  size_t limit = std::min(text.size(), start + 16 * kBlockSize);
  size_t nl = text.find('\n', start + kBlockSize);
  if (nl != std::string_view::npos && nl < limit) return nl + 1;
  size_t cut = start + kBlockSize;
  size_t space = text.rfind(' ', cut);
  if (space != std::string_view::npos && space > start) return space + 1;
  while (cut > start + 1 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return cut;
}

bool IsDigitByte(char c) { return c >= '0' && c <= '9'; }

bool NameByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) >= 0x80;
}

// Calls fn with each word of t (letters, with dashes inside) in lower case, in *lower.
template <typename Fn>
void ForEachLowerWord(std::string_view t, std::string* lower, Fn fn) {
  for (size_t k = 0; k < t.size();) {
    if (!NameByte(t[k])) {
      ++k;
      continue;
    }
    size_t e = k;
    while (e < t.size() && (NameByte(t[e]) || t[e] == '-')) ++e;
    lower->clear();
    AppendLower(t.substr(k, e - k), lower);
    fn(*lower);
    k = e;
  }
}

// A name found once is removed wherever else it stands in the text, in any case: "Jorrit
// Kloosterboer ... later belde jorrit nog", a surname in a table, a first name in a quick
// note's lower case. Seeds are the words of person findings the rules were sure of (from 0.6),
// three letters or more, that no word list knows as an ordinary word, function word, particle,
// title or role. *all is sorted and without overlaps, and stays so.
void PropagateNames(std::string_view text, const Gazetteer& g,
                    const std::vector<std::string>& allowed, std::vector<Finding>* all) {
  constexpr uint32_t kOrdinary = Gazetteer::kCommon | Gazetteer::kStopword | Gazetteer::kPrefix |
                                 Gazetteer::kTitle | Gazetteer::kRoleCue;
  std::unordered_set<std::string, StringViewHash, std::equal_to<>> seeds;
  // Names that are also ordinary words ("Hope", "Will", "Ties"), found where a name stands
  // ("his daughter Hope", "Will (11)"): removed elsewhere only where they are capitalised, so
  // that "given up hope" keeps its word.
  std::unordered_set<std::string, StringViewHash, std::equal_to<>> capital_seeds;
  std::string lower;
  for (const Finding& f : *all) {
    if (f.type != EntityType::kPerson || f.confidence < 0.6) continue;
    const std::string_view t = text.substr(f.begin, f.end - f.begin);
    ForEachLowerWord(t, &lower, [&](const std::string& word) {
      const uint32_t flags = g.Flags(word);
      if (word.size() < 3) return;
      if ((flags & kOrdinary) == 0) {
        seeds.insert(word);
      } else if ((flags & (kOrdinary & ~Gazetteer::kCommon)) == 0 && f.confidence >= 0.7) {
        capital_seeds.insert(word);
      }
    });
  }
  // A word the coach keeps stays kept everywhere.
  for (const std::string& entry : allowed) {
    ForEachLowerWord(entry, &lower, [&](const std::string& word) {
      seeds.erase(word);
      capital_seeds.erase(word);
    });
  }
  if (seeds.empty() && capital_seeds.empty()) return;
  // Most words are told apart from every seed by their length and first letter alone, before
  // they are lower-cased and looked up.
  size_t shortest = SIZE_MAX, longest = 0;
  uint32_t initials = 0;  // ASCII first letters of the seeds; bit 26 for any other first byte
  for (const auto* set : {&seeds, &capital_seeds}) {
    for (const std::string& seed : *set) {
      shortest = std::min(shortest, seed.size());
      longest = std::max(longest, seed.size());
      initials |= seed[0] >= 'a' && seed[0] <= 'z' ? 1u << (seed[0] - 'a') : 1u << 26;
    }
  }
  auto may_be_seed = [&](char first, size_t size) {
    if (size + 2 < shortest || size > longest + 2)
      return false;  // a capital may be longer in UTF-8
    const char c = first >= 'A' && first <= 'Z' ? static_cast<char>(first | 0x20) : first;
    return (initials & (c >= 'a' && c <= 'z' ? 1u << (c - 'a') : 1u << 26)) != 0;
  };
  std::vector<Finding> more;
  size_t next = 0;  // the first finding that may still overlap
  for (size_t k = 0; k < text.size();) {
    if (!NameByte(text[k]) || (k > 0 && (NameByte(text[k - 1]) || IsDigitByte(text[k - 1])))) {
      ++k;
      continue;
    }
    size_t e = k;
    while (e < text.size() && (NameByte(text[e]) || text[e] == '-')) ++e;
    while (e > k && text[e - 1] == '-') --e;
    while (next < all->size() && (*all)[next].end <= k) ++next;
    const bool covered = next < all->size() && (*all)[next].begin < e;
    const bool glued = e < text.size() && (IsDigitByte(text[e]) || text[e] == '@');
    if (!covered && !glued && e - k >= 3 && e - k <= 40 && may_be_seed(text[k], e - k)) {
      // ASCII words (most) are lowered on the stack.
      char buffer[40];
      std::string_view key;
      const std::string_view word = text.substr(k, e - k);
      if (std::all_of(word.begin(), word.end(),
                      [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
        for (size_t j = 0; j < word.size(); ++j) {
          const char c = word[j];
          buffer[j] = c >= 'A' && c <= 'Z' ? static_cast<char>(c | 0x20) : c;
        }
        key = std::string_view(buffer, word.size());
      } else {
        lower.clear();
        AppendLower(word, &lower);
        key = lower;
      }
      const bool capital =
          static_cast<unsigned char>(text[k]) >= 0x80 || (text[k] >= 'A' && text[k] <= 'Z');
      if (seeds.find(key) != seeds.end() ||
          (capital && capital_seeds.find(key) != capital_seeds.end())) {
        AddFinding(text, k, e, EntityType::kPerson, "same-name", 0.7, &more);
      }
    }
    k = e + (e == k);
  }
  if (more.empty()) return;
  std::vector<Finding> merged;
  merged.reserve(all->size() + more.size());
  std::merge(std::make_move_iterator(all->begin()), std::make_move_iterator(all->end()),
             std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()),
             std::back_inserter(merged),
             [](const Finding& a, const Finding& b) { return a.begin < b.begin; });
  *all = std::move(merged);
}

}  // namespace

TextPosition LocateOffset(std::string_view text, size_t offset) {
  TextPosition pos;
  offset = std::min(offset, text.size());
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++pos.line;
      pos.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++pos.column;
    }
  }
  return pos;
}

Result<Anonymiser> Anonymiser::Load() {
  KRING_ASSIGN_OR_RETURN(Gazetteer g, Gazetteer::LoadEmbedded());
  std::optional<std::string_view> model_text = anonymise_data::DataFile("name_model.txt");
  if (!model_text) {
    return Status::Integrity(
        i18n::Tr("anonymiser.error.word_list_missing", {{"name", "name_model.txt"}}));
  }
  KRING_ASSIGN_OR_RETURN(NameModel model, NameModel::Parse(*model_text, "name_model.txt"));
  return Anonymiser(std::make_shared<const Gazetteer>(std::move(g)),
                    std::make_shared<const NameModel>(std::move(model)));
}

Result<std::vector<Finding>> Anonymiser::Find(std::string_view text,
                                              const AnonymiserOptions& options) const {
  return Scan(text, options, nullptr);
}

Result<std::vector<NameCandidate>> Anonymiser::NameCandidates(
    std::string_view text, const AnonymiserOptions& options) const {
  AnonymiserOptions rules_only = options;
  rules_only.learned_names = false;
  std::vector<NameCandidate> candidates;
  KRING_RETURN_IF_ERROR(Scan(text, rules_only, &candidates).status());
  return candidates;
}

Result<std::vector<Finding>> Anonymiser::Scan(std::string_view text,
                                              const AnonymiserOptions& options,
                                              std::vector<NameCandidate>* candidates) const {
  if (std::optional<size_t> bad = FindInvalidUtf8(text)) {
    TextPosition pos = LocateOffset(text, *bad);
    return Status::Usage(i18n::Tr("anonymiser.error.text_not_utf8",
                                  {{"line", pos.line}, {"column", pos.column}, {"byte", *bad}}));
  }
  for (const auto* list : {&options.always_remove, &options.case_names, &options.allow}) {
    for (const std::string& entry : *list) {
      if (FindInvalidUtf8(entry)) {
        return Status::Usage(i18n::Tr("anonymiser.error.list_not_utf8"));
      }
    }
  }
  const CoachLists lists = BuildCoachLists(*gazetteer_, options);
  std::vector<Finding> all;
  std::vector<Finding> block_findings;
  ScanBuffers buffers;
  for (size_t start = 0; start < text.size();) {
    size_t end = BlockEnd(text, start);
    std::string_view block = text.substr(start, end - start);
    block_findings.clear();
    FindStructuredIdentifiers(block, &block_findings);
    FindCuedIdentifiers(block, &block_findings);
    FindTableColumns(block, &block_findings);
    FindUserNames(block, start == 0 || text[start - 1] == '\n', &block_findings);
    std::vector<std::pair<size_t, size_t>> structured;
    structured.reserve(block_findings.size());
    for (const Finding& f : block_findings) structured.emplace_back(f.begin, f.end);
    BlockScanner scanner(*gazetteer_, lists, block, &block_findings, buffers);
    scanner.Run(structured);
    if (!lists.allow.empty()) {
      std::erase_if(block_findings, [&](const Finding& f) {
        bool from_list = f.rule == "always-remove" || f.rule == "case-name";
        return !from_list && scanner.IsAllowedSpan(f.begin, f.end);
      });
    }
    const size_t first_candidate = candidates != nullptr ? candidates->size() : 0;
    if (options.learned_names || candidates != nullptr) {
      scanner.LearnedNames(
          options.learned_names && !name_model_->empty() ? name_model_.get() : nullptr,
          &block_findings, candidates);
    }
    if (candidates != nullptr) {
      for (size_t c = first_candidate; c < candidates->size(); ++c) {
        (*candidates)[c].begin += start;
        (*candidates)[c].end += start;
        if (!name_model_->empty()) {
          (*candidates)[c].probability = name_model_->Probability((*candidates)[c].features);
        }
      }
    }
    // Findings never cross a block, so overlaps are resolved per block: small sorts, and the
    // blocks' results are already in order.
    ResolveOverlaps(block_findings, block, start, &all);
    start = end;
  }
  PropagateNames(text, *gazetteer_, options.allow, &all);
  return all;
}

}  // namespace kring
