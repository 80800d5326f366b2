#include "core/i18n/messages.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <atomic>

#include "core/i18n/data_files.h"
#include "core/i18n/format.h"
#include "proto/messages.pb.h"

namespace kring::i18n {
namespace {

bool IsNameStart(char c) { return (c >= 'a' && c <= 'z') || c == '_'; }
bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9'); }

// Calls `on_param(name)` for every "{name}" in `text` and `on_text(piece)` for the text between.
template <typename OnText, typename OnParam>
void Scan(std::string_view text, OnText on_text, OnParam on_param) {
  size_t start = 0;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '{' && i + 1 < text.size() && IsNameStart(text[i + 1])) {
      size_t j = i + 1;
      while (j < text.size() && IsNameChar(text[j])) ++j;
      if (j < text.size() && text[j] == '}') {
        on_text(text.substr(start, i - start));
        on_param(text.substr(i + 1, j - i - 1));
        i = j + 1;
        start = i;
        continue;
      }
    }
    ++i;
  }
  on_text(text.substr(start));
}

class Collector : public google::protobuf::io::ErrorCollector {
 public:
  Collector(const std::string& file, std::vector<std::string>* problems)
      : file_(file), problems_(problems) {}
  void AddError(int line, int column, const std::string& message) override {
    problems_->push_back(file_ + ":" + std::to_string(line + 1) + ":" + std::to_string(column + 1) +
                         ": " + message);
  }

 private:
  std::string file_;
  std::vector<std::string>* problems_;
};

std::atomic<Language> g_language{Language::kEnglish};

}  // namespace

std::set<std::string> ParameterNames(std::string_view text) {
  std::set<std::string> names;
  Scan(
      text, [](std::string_view) {}, [&](std::string_view name) { names.emplace(name); });
  return names;
}

Messages Messages::FromFiles(Language language,
                             const std::vector<std::pair<std::string, std::string>>& files) {
  Messages m;
  m.language_ = language;
  for (const auto& [name, content] : files) {
    pb::CatalogueFile file;
    google::protobuf::TextFormat::Parser parser;
    Collector collector(name, &m.problems_);
    parser.RecordErrorsTo(&collector);
    if (!parser.ParseFromString(content, &file)) {
      if (m.problems_.empty()) m.problems_.push_back(name + ": does not parse");
      continue;
    }
    for (const pb::CatalogueMessage& msg : file.message()) {
      CatalogueEntry entry{msg.text(), msg.one(), msg.other()};
      if (msg.id().empty()) {
        m.problems_.push_back(name + ": a message without an id");
        continue;
      }
      const bool plural = !msg.one().empty() || !msg.other().empty();
      if (plural == !msg.text().empty() || (plural && (msg.one().empty() || msg.other().empty()))) {
        m.problems_.push_back(name + ": " + msg.id() +
                              " needs either a text or both plural forms (one, other)");
      }
      if (!m.entries_.emplace(msg.id(), std::move(entry)).second) {
        m.problems_.push_back(name + ": " + msg.id() + " is given twice");
      }
    }
  }
  return m;
}

const Messages& Messages::Of(Language language) {
  static const auto* kCatalogues = [] {
    auto* both = new std::pair<Messages, Messages>();
    for (Language l : {Language::kDutch, Language::kEnglish}) {
      const std::string prefix = std::string(LanguageCode(l)) + ".";
      std::vector<std::pair<std::string, std::string>> files;
      for (const auto& [name, content] : i18n_data::AllDataFiles()) {
        if (name.substr(0, prefix.size()) == prefix && name.ends_with(".txtpb")) {
          files.emplace_back(std::string(name), std::string(content));
        }
      }
      (l == Language::kDutch ? both->first : both->second) = FromFiles(l, files);
    }
    return both;
  }();
  return language == Language::kDutch ? kCatalogues->first : kCatalogues->second;
}

std::string Messages::operator()(std::string_view id, Params params) const {
  return Format(id, std::span<const Param>(params.begin(), params.size()));
}

std::string Messages::Format(std::string_view id, std::span<const Param> params) const {
  auto it = entries_.find(id);
  if (it == entries_.end()) return "[" + std::string(id) + "]";
  const CatalogueEntry& entry = it->second;
  const Arg* count = nullptr;
  for (const Param& p : params) {
    if (p.name == "n") count = &p.value;
  }
  std::string_view text = entry.text;
  if (entry.plural()) {
    const bool one = count != nullptr && std::holds_alternative<int64_t>(count->value()) &&
                     std::get<int64_t>(count->value()) == 1;
    text = one ? entry.one : entry.other;
  }
  std::string out;
  out.reserve(text.size() + 16);
  Scan(
      text, [&](std::string_view piece) { out.append(piece); },
      [&](std::string_view name) {
        for (const Param& p : params) {
          if (p.name != name) continue;
          const auto& v = p.value.value();
          if (const auto* s = std::get_if<std::string>(&v)) {
            out.append(*s);
          } else if (const auto* n = std::get_if<int64_t>(&v)) {
            out.append(FormatInteger(language_, *n));
          } else {
            const auto& d = std::get<Arg::DecimalValue>(v);
            out.append(FormatDecimal(language_, d.value, d.decimals));
          }
          return;
        }
        out.append("{").append(name).append("}");
      });
  return out;
}

void SetLanguage(Language language) { g_language.store(language); }
Language CurrentLanguage() { return g_language.load(); }

std::string Tr(std::string_view id, Params params) {
  return Messages::Of(CurrentLanguage())(id, params);
}

std::string Tr(Language language, std::string_view id, Params params) {
  return Messages::Of(language)(id, params);
}

}  // namespace kring::i18n
