// The anonymiser's assembling pass: validated identifiers (identifiers.cc) and the word rules
// (block_scanner.h) per block, then overlaps resolved into one sorted list of findings.
#include "core/anonymise/anonymiser.h"

#include <algorithm>

#include "core/anonymise/block_scanner.h"
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

// Keeps the longest of overlapping findings (ties: higher confidence) and moves them to *out,
// shifted by `offset`. Sorts `findings` in place.
void ResolveOverlaps(std::vector<Finding>& findings, size_t offset, std::vector<Finding>* out) {
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
      size_t fl = f.end - f.begin, pl = prev.end - prev.begin;
      if (fl > pl || (fl == pl && f.confidence > prev.confidence)) prev = std::move(f);
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
  return Anonymiser(std::make_shared<const Gazetteer>(std::move(g)));
}

Result<std::vector<Finding>> Anonymiser::Find(std::string_view text,
                                              const AnonymiserOptions& options) const {
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
    // Findings never cross a block, so overlaps are resolved per block: small sorts, and the
    // blocks' results are already in order.
    ResolveOverlaps(block_findings, start, &all);
    start = end;
  }
  return all;
}

}  // namespace kring
