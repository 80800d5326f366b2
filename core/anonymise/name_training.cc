#include "core/anonymise/name_training.h"

#include <optional>

namespace kring {

Result<std::vector<LabelledParagraph>> ParseLabelledCorpus(std::string_view data,
                                                           std::string_view source) {
  std::vector<LabelledParagraph> out;
  LabelledParagraph paragraph;
  size_t line_number = 0;
  auto flush = [&]() {
    if (!paragraph.text.empty()) out.push_back(std::move(paragraph));
    paragraph = LabelledParagraph{};
  };
  for (size_t pos = 0; pos <= data.size();) {
    size_t nl = data.find('\n', pos);
    if (nl == std::string_view::npos) nl = data.size();
    std::string_view line = data.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty() && line[0] == '#') continue;
    if (line.empty()) {
      flush();
      if (nl == data.size()) break;
      continue;
    }
    const std::string where = std::string(source) + " line " + std::to_string(line_number);
    if (!paragraph.text.empty()) paragraph.text.push_back('\n');
    for (size_t i = 0; i < line.size();) {
      if (line.compare(i, 2, "[[") != 0) {
        paragraph.text.push_back(line[i++]);
        continue;
      }
      const size_t colon = line.find(':', i);
      const size_t close = line.find("]]", i);
      if (colon == std::string_view::npos || close == std::string_view::npos || colon > close) {
        return Status::Usage(where + ": a span without its type or its closing ]]");
      }
      std::optional<EntityType> type = EntityTypeFromKey(line.substr(i + 2, colon - i - 2));
      if (!type) return Status::Usage(where + ": a span of an unknown type");
      const std::string_view inner = line.substr(colon + 1, close - colon - 1);
      if (inner.find("[[") != std::string_view::npos) {
        return Status::Usage(where + ": a span inside a span");
      }
      paragraph.spans.push_back(
          {*type, paragraph.text.size(), paragraph.text.size() + inner.size()});
      paragraph.text += inner;
      i = close + 2;
    }
    if (nl == data.size()) break;
  }
  flush();
  return out;
}

Result<std::vector<SparseExample>> NameTrainingExamples(
    const Anonymiser& anonymiser, const std::vector<LabelledParagraph>& paragraphs,
    std::vector<bool>* left_by_rules) {
  std::vector<SparseExample> examples;
  for (const LabelledParagraph& p : paragraphs) {
    KRING_ASSIGN_OR_RETURN(std::vector<NameCandidate> candidates,
                           anonymiser.NameCandidates(p.text, AnonymiserOptions{}));
    for (NameCandidate& c : candidates) {
      SparseExample e;
      bool other_span = false;  // a name in a date, a number in a phone ...: neither yes nor no
      for (const LabelledSpan& s : p.spans) {
        if (!(s.begin < c.end && c.begin < s.end)) continue;
        if (c.number ? s.type == EntityType::kAge
                     : (s.type == EntityType::kPerson || s.type == EntityType::kOrganisation ||
                        s.type == EntityType::kPlace)) {
          e.label = 1;
        } else {
          other_span = true;
        }
      }
      if (other_span && e.label == 0) continue;
      e.features.reserve(c.features.size());
      for (std::string& f : c.features) e.features.emplace_back(std::move(f), 1.0);
      examples.push_back(std::move(e));
      if (left_by_rules != nullptr) left_by_rules->push_back(!c.found_by_rules);
    }
  }
  return examples;
}

NameModel TrainNameModel(const std::vector<SparseExample>& examples,
                         const NameTrainingOptions& options) {
  return NameModel::FromFit(FitSoftmaxRegression(examples, 2, options.fit), options.threshold,
                            options.keep_threshold);
}

}  // namespace kring
