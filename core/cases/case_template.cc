#include "core/cases/case_template.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "core/base/ascii.h"
#include "core/crypto/identity.h"
#include "core/i18n/messages.h"

namespace kring {
namespace {

constexpr size_t kMaxTags = 32;
constexpr size_t kMaxTagBytes = 64;
constexpr size_t kMaxTitleBytes = 200;

// Mutable access to the string field behind a section key.
std::string* FieldFor(pb::CaseReflection& r, std::string_view key) {
  if (key == "title") return r.mutable_title();
  if (key == "date") return r.mutable_session_date();
  if (key == "language") return r.mutable_language();
  if (key == "situation") return r.mutable_situation();
  if (key == "context-organisation") return r.mutable_context_organisation();
  if (key == "context-relations") return r.mutable_context_relations();
  if (key == "context-field") return r.mutable_context_field();
  if (key == "context-drives") return r.mutable_context_drives();
  if (key == "coach-actions") return r.mutable_coach_actions();
  if (key == "influence-inside") return r.mutable_influence_inside();
  if (key == "influence-outside") return r.mutable_influence_outside();
  if (key == "learned") return r.mutable_learned();
  if (key == "next-actions") return r.mutable_next_actions();
  if (key == "learning-strategy") return r.mutable_learning_strategy();
  if (key == "notes") return r.mutable_notes();
  return nullptr;
}

bool IsCommentLine(std::string_view line);

// Tags are one line of labels: split at commas and line ends; a leading '#' ("#leiderschap") is
// dropped and a comment is no tag, so rendered tags always read back the same (found by fuzzing).
std::vector<std::string> SplitTags(std::string_view list) {
  std::vector<std::string> tags;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find_first_of(",\n", start);
    if (comma == std::string_view::npos) comma = list.size();
    std::string tag = TrimAscii(list.substr(start, comma - start));
    while (!tag.empty() && tag.front() == '#') tag = TrimAscii(std::string_view(tag).substr(1));
    // Checked after the '#'s go: "## <!-- x -->" would otherwise become a tag that renders as a
    // comment line (found by fuzzing).
    if (IsCommentLine(tag)) tag.clear();
    if (!tag.empty() && std::find(tags.begin(), tags.end(), tag) == tags.end()) {
      tags.push_back(tag);
    }
    start = comma + 1;
  }
  return tags;
}

// A heading as the coach typed it, safe to print: control characters become spaces, at most
// 60 bytes (cut at a character boundary).
std::string SanitiseHeading(std::string_view heading) {
  size_t n = std::min<size_t>(heading.size(), 60);
  while (n > 0 && n < heading.size() && (static_cast<unsigned char>(heading[n]) & 0xC0) == 0x80) {
    --n;  // not inside a UTF-8 sequence
  }
  std::string out;
  for (char c : heading.substr(0, n)) {
    out.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c);
  }
  return n < heading.size() ? out + "…" : out;
}

bool IsCommentLine(std::string_view line) {
  std::string t = TrimAscii(line);
  return t.rfind("<!--", 0) == 0 && t.size() >= 7 && t.substr(t.size() - 3) == "-->";
}

}  // namespace

const std::vector<CaseSection>& CaseSections() {
  // i18n-ok: the headings case files are parsed by (the file format); texts are in the catalogue.
  static const std::vector<CaseSection> kSections = {
      {"title", "Title", "Titel"},
      {"date", "Session date", "Datum sessie"},
      {"tags", "Tags", "Tags"},
      {"language", "Language", "Taal"},
      {"situation", "Work situation", "Werksituatie"},
      {"context-organisation", "Context: organisation, culture and policy",
       "Context: organisatie, cultuur en beleid"},
      {"context-relations", "Context: colleagues and managers",
       "Context: collega's en leidinggevenden"},
      {"context-field", "Context: changes in the field and society",
       "Context: ontwikkelingen in vak en samenleving"},
      {"context-drives", "Context: personal drives and circumstances",
       "Context: persoonlijke drijfveren en omstandigheden"},
      {"coach-actions", "What I did and asked", "Wat ik deed en vroeg"},
      {"influence-inside", "Inside the client's influence", "Binnen de invloed van de cliënt"},
      {"influence-outside", "Outside the client's influence", "Buiten de invloed van de cliënt"},
      {"learned", "What was learned", "Wat er geleerd is"},
      {"next-actions", "Next actions", "Volgende stappen"},
      {"learning-strategy", "The client's learning strategy", "Leerstrategie van de cliënt"},
      {"notes", "Notes", "Notities"},
  };
  return kSections;
}

namespace {

// "context-organisation" -> "context_organisation": catalogue ids use underscores.
std::string SectionId(std::string_view key, std::string_view part) {
  std::string id = "cases.section.";
  for (char c : key) id.push_back(c == '-' ? '_' : c);
  id += '.';
  id += part;
  return id;
}

bool IsSection(std::string_view key) {
  for (const CaseSection& s : CaseSections()) {
    if (s.key == key) return true;
  }
  return false;
}

}  // namespace

std::string CaseSectionHeading(std::string_view key, Language language) {
  if (!IsSection(key)) return std::string(key);
  return i18n::Tr(language, SectionId(key, "heading"));
}

std::string CaseSectionHint(std::string_view key, Language language) {
  if (!IsSection(key)) return "";
  return i18n::Tr(language, SectionId(key, "hint"));
}

std::string GetCaseField(const pb::CaseReflection& reflection, std::string_view key) {
  if (key == "tags") {
    std::string joined;
    for (const auto& tag : reflection.tags()) joined += (joined.empty() ? "" : ", ") + tag;
    return joined;
  }
  std::string* field = FieldFor(const_cast<pb::CaseReflection&>(reflection), key);
  return field != nullptr ? *field : std::string();
}

void SetCaseField(pb::CaseReflection& reflection, std::string_view key, std::string value) {
  if (key == "tags") {
    reflection.clear_tags();
    for (auto& tag : SplitTags(value)) reflection.add_tags(std::move(tag));
    return;
  }
  if (std::string* field = FieldFor(reflection, key)) *field = std::move(value);
}

std::string RenderCaseTemplate(const pb::CaseReflection& reflection, bool dutch) {
  const Language language = dutch ? Language::kDutch : Language::kEnglish;
  std::string out = "<!-- " + i18n::Tr(language, "cases.template.comment") + " -->\n";
  for (const CaseSection& section : CaseSections()) {
    out += "\n## ";
    out += CaseSectionHeading(section.key, language);
    out += "\n<!-- ";
    out += CaseSectionHint(section.key, language);
    out += " -->\n";
    std::string value = GetCaseField(reflection, section.key);
    if (!value.empty()) out += value + "\n";
  }
  return out;
}

namespace {

// Parts that hold one line: more lines there mean the heading below was removed, and its text
// would silently become the title, the date, the tags or the language.
bool IsOneLineSection(std::string_view key) {
  return key == "title" || key == "date" || key == "tags" || key == "language";
}

// The language of Kring's template when the file starts with its comment line (`kring case
// template`, the editor), so every heading was there: a missing one was removed by mistake.
std::optional<Language> TemplateLanguage(std::string_view text) {
  const size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return std::nullopt;
  text.remove_prefix(start);
  // The opening words of the comment line, as every release wrote them; the catalogue's too.
  for (Language language : {Language::kEnglish, Language::kDutch}) {
    std::string comment = "<!-- " + i18n::Tr(language, "cases.template.comment");
    comment = comment.substr(0, comment.find('.'));
    if (text.rfind(comment, 0) == 0) return language;
  }
  if (text.rfind("<!-- Kring case reflection", 0) == 0) return Language::kEnglish;  // i18n-ok
  if (text.rfind("<!-- Kring casusreflectie", 0) == 0) return Language::kDutch;     // i18n-ok
  return std::nullopt;
}

size_t CountNonEmptyLines(std::string_view body) {
  size_t count = 0, pos = 0;
  while (pos < body.size()) {
    size_t nl = body.find('\n', pos);
    if (nl == std::string_view::npos) nl = body.size();
    if (!TrimAscii(body.substr(pos, nl - pos)).empty()) ++count;
    pos = nl + 1;
  }
  return count;
}

std::string HeadingOf(const CaseSection& section, Language language) {
  return CaseSectionHeading(section.key, language);
}

// The section after `key` in the template, or nullptr for the last one.
const CaseSection* NextSection(std::string_view key) {
  const auto& sections = CaseSections();
  for (size_t i = 0; i + 1 < sections.size(); ++i) {
    if (sections[i].key == key) return &sections[i + 1];
  }
  return nullptr;
}

// The section a heading line names, in either language, and the language it is written in; a
// heading both languages share ("Tags") is taken to be in `fallback`.
struct HeadingMatch {
  const CaseSection* section = nullptr;
  Language language = Language::kEnglish;
};

HeadingMatch MatchHeading(std::string_view heading, Language fallback) {
  const std::string lower = LowerAscii(heading);
  HeadingMatch match;
  for (const CaseSection& section : CaseSections()) {
    const bool english = lower == LowerAscii(section.english) ||
                         lower == LowerAscii(CaseSectionHeading(section.key, Language::kEnglish));
    const bool dutch = lower == LowerAscii(section.dutch) ||
                       lower == LowerAscii(CaseSectionHeading(section.key, Language::kDutch));
    if (english || dutch) {
      match.section = &section;
      match.language = dutch == english ? fallback : dutch ? Language::kDutch : Language::kEnglish;
    }
  }
  return match;
}

Status ValidateCaseIn(const pb::CaseReflection& r, Language headings);

}  // namespace

// Error messages name lines and headings, never the text under them: a case file holds a
// client's story, and messages end up in terminals, logs and bug reports. The messages are in the
// process language; the headings they name are in the language the file's headings are in.
Result<pb::CaseReflection> ParseCaseTemplate(std::string_view text) {
  using i18n::Tr;
  if (text.size() > kMaxCaseFileBytes) {
    return Status::Usage(Tr("cases.error.file_too_large",
                            {{"kib", text.size() >> 10}, {"max", kMaxCaseFileBytes >> 10}}));
  }
  if (!IsValidUtf8(text)) return Status::Usage(Tr("cases.error.file_not_utf8"));
  const std::optional<Language> template_language = TemplateLanguage(text);
  pb::CaseReflection reflection;
  const CaseSection* current = nullptr;
  size_t current_line = 0;
  Language headings = template_language.value_or(i18n::CurrentLanguage());
  std::vector<std::string_view> seen;
  std::string body;
  Status problem;
  auto flush = [&]() {
    if (current != nullptr && problem.ok() && IsOneLineSection(current->key) &&
        CountNonEmptyLines(body) > 1) {
      const CaseSection* next = NextSection(current->key);
      const size_t lines = CountNonEmptyLines(body);
      problem = Status::Usage(
          next != nullptr ? Tr("cases.error.one_line_heading_removed",
                               {{"line", current_line},
                                {"heading", HeadingOf(*current, headings)},
                                {"n", lines},
                                {"next", HeadingOf(*next, headings)}})
                          : Tr("cases.error.one_line", {{"line", current_line},
                                                        {"heading", HeadingOf(*current, headings)},
                                                        {"n", lines}}));
    }
    if (current != nullptr) SetCaseField(reflection, current->key, TrimAscii(body));
    body.clear();
  };
  size_t line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    // All carriage returns before the line end go (CRLF, and stray CRs from old editors), so a
    // field that ends a line in CRs reads back the same after rendering (found by fuzzing).
    while (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = nl + 1;
    ++line_no;
    if (IsCommentLine(line)) continue;
    // A heading may be indented. Were it not, an indented "## ..." line would be body text that
    // becomes a heading once the field is trimmed and rendered again (found by fuzzing).
    std::string_view unindented = line;
    while (!unindented.empty() && std::isspace(static_cast<unsigned char>(unindented.front()))) {
      unindented.remove_prefix(1);
    }
    if (unindented.rfind("## ", 0) == 0) {
      std::string heading = TrimAscii(unindented.substr(3));
      const HeadingMatch match = MatchHeading(heading, headings);
      if (match.section == nullptr) {
        // The heading line is the coach's own markup, not the case's text: it may be named.
        return Status::Usage(Tr("cases.error.unknown_heading",
                                {{"line", line_no}, {"heading", SanitiseHeading(heading)}}));
      }
      if (std::find(seen.begin(), seen.end(), match.section->key) != seen.end()) {
        return Status::Usage(
            Tr("cases.error.heading_twice",
               {{"line", line_no}, {"heading", HeadingOf(*match.section, match.language)}}));
      }
      flush();
      if (seen.empty()) headings = match.language;
      seen.push_back(match.section->key);
      current = match.section;
      current_line = line_no;
      continue;
    }
    if (current == nullptr) {
      if (TrimAscii(line).empty()) continue;
      return Status::Usage(
          Tr("cases.error.text_before_heading",
             {{"line", line_no}, {"heading", CaseSectionHeading("title", headings)}}));
    }
    body.append(line);
    body.push_back('\n');
  }
  flush();
  KRING_RETURN_IF_ERROR(problem);
  if (template_language) {
    const CaseSection* previous = nullptr;
    for (const CaseSection& section : CaseSections()) {
      if (std::find(seen.begin(), seen.end(), section.key) == seen.end()) {
        return Status::Usage(
            previous != nullptr
                ? Tr("cases.error.heading_missing_after",
                     {{"heading", HeadingOf(section, headings)},
                      {"previous", HeadingOf(*previous, headings)}})
                : Tr("cases.error.heading_missing", {{"heading", HeadingOf(section, headings)}}));
      }
      previous = &section;
    }
  }
  KRING_RETURN_IF_ERROR(ValidateCaseIn(reflection, headings));
  return reflection;
}

bool IsIsoDate(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(date[i]))) return false;
  }
  int y = std::stoi(std::string(date.substr(0, 4)));
  int m = std::stoi(std::string(date.substr(5, 2)));
  int d = std::stoi(std::string(date.substr(8, 2)));
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + ((m == 2 && leap) ? 1 : 0);
}

namespace {

Status ValidateCaseIn(const pb::CaseReflection& r, Language headings) {
  using i18n::Tr;
  if (TrimAscii(r.title()).empty()) {
    return Status::Usage(
        Tr("cases.error.no_title", {{"heading", CaseSectionHeading("title", headings)}}));
  }
  if (r.title().size() > kMaxTitleBytes || r.title().find('\n') != std::string::npos) {
    return Status::Usage(Tr("cases.error.title_too_long", {{"max", kMaxTitleBytes}}));
  }
  if (!r.session_date().empty() && !IsIsoDate(r.session_date())) {
    return Status::Usage(
        Tr("cases.error.bad_date", {{"heading", CaseSectionHeading("date", headings)}}));
  }
  if (!r.language().empty() && r.language() != "nl" && r.language() != "en") {
    return Status::Usage(
        Tr("cases.error.bad_language", {{"heading", CaseSectionHeading("language", headings)}}));
  }
  if (static_cast<size_t>(r.tags_size()) > kMaxTags) {
    return Status::Usage(Tr("cases.error.too_many_tags", {{"max", kMaxTags}}));
  }
  for (int i = 0; i < r.tags_size(); ++i) {
    const std::string& tag = r.tags(i);
    // A tag is a printable label on the one tags line. Control characters could steer a
    // colleague's terminal; comment marks or a comma would not read back as the same tags (tags
    // "<!-- a" and "b -->" render as the comment line "<!-- a, b -->"; found by fuzzing).
    bool control = std::any_of(tag.begin(), tag.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    });
    if (control) {
      return Status::Usage(Tr("cases.error.tag_control", {{"i", i + 1}, {"n", r.tags_size()}}));
    }
    if (tag.size() > kMaxTagBytes) {
      return Status::Usage(Tr("cases.error.tag_too_long",
                              {{"i", i + 1}, {"n", r.tags_size()}, {"max", kMaxTagBytes}}));
    }
    if (tag.find("<!--") != std::string::npos || tag.find("-->") != std::string::npos ||
        tag.find(',') != std::string::npos || tag.empty() || TrimAscii(tag) != tag ||
        tag.front() == '#') {
      return Status::Usage(Tr("cases.error.tag_unusable", {{"i", i + 1}, {"n", r.tags_size()}}));
    }
  }
  for (const CaseSection& section : CaseSections()) {
    if (!IsValidUtf8(GetCaseField(r, section.key))) {
      return Status::Usage(Tr("cases.error.section_not_utf8",
                              {{"heading", CaseSectionHeading(section.key, headings)}}));
    }
  }
  if (r.ByteSizeLong() > kMaxCaseFileBytes) return Status::Usage(Tr("cases.error.too_large"));
  return Status::Ok();
}

}  // namespace

Status ValidateCase(const pb::CaseReflection& r) {
  return ValidateCaseIn(r, i18n::CurrentLanguage());
}

}  // namespace kring
