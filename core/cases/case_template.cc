#include "core/cases/case_template.h"

#include <algorithm>
#include <cctype>

#include "core/base/ascii.h"
#include "core/crypto/identity.h"

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
  static const std::vector<CaseSection> kSections = {
      {"title", "Title", "Titel", "A short title that names no one."},
      {"date", "Session date", "Datum sessie", "YYYY-MM-DD"},
      {"tags", "Tags", "Tags", "Comma-separated, e.g. leadership, reorganisation."},
      {"language", "Language", "Taal", "nl or en; leave empty to detect."},
      {"situation", "Work situation", "Werksituatie",
       "What happened in the work? What did the client bring?"},
      {"context-organisation", "Context: organisation, culture and policy",
       "Context: organisatie, cultuur en beleid",
       "Organisational culture, structure, policy, resources."},
      {"context-relations", "Context: colleagues and managers",
       "Context: collega's en leidinggevenden", "Relations with colleagues, managers, clients."},
      {"context-field", "Context: changes in the field and society",
       "Context: ontwikkelingen in vak en samenleving",
       "Developments in the profession, sector or society."},
      {"context-drives", "Context: personal drives and circumstances",
       "Context: persoonlijke drijfveren en omstandigheden",
       "How the client's drives and circumstances interplay with the work."},
      {"coach-actions", "What I did and asked", "Wat ik deed en vroeg",
       "Your interventions and questions as the coach."},
      {"influence-inside", "Inside the client's influence", "Binnen de invloed van de cliënt",
       "What the client can change themselves."},
      {"influence-outside", "Outside the client's influence", "Buiten de invloed van de cliënt",
       "What lies outside the client's control."},
      {"learned", "What was learned", "Wat er geleerd is",
       "What the client (and you) learned from this work experience."},
      {"next-actions", "Next actions", "Volgende stappen", "Concrete next steps, who and when."},
      {"learning-strategy", "The client's learning strategy", "Leerstrategie van de cliënt",
       "How the client learns best and directs their own learning."},
      {"notes", "Notes", "Notities", "Anything else."},
  };
  return kSections;
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
  std::string out =
      dutch ? "<!-- Kring casusreflectie. Schrijf onder elke kop; regels als deze worden "
              "genegeerd. Laat de koppen staan. -->\n"
            : "<!-- Kring case reflection. Write under each heading; lines like this one are "
              "ignored. Keep the headings. -->\n";
  for (const CaseSection& section : CaseSections()) {
    out += "\n## ";
    out += dutch ? section.dutch : section.english;
    out += "\n<!-- ";
    out += section.hint;
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

// A file that started as Kring's template (`kring case template`, the editor) begins with its
// comment line, so every heading was there: a missing one was removed by mistake.
bool StartsAsTemplate(std::string_view text) {
  const size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return false;
  text.remove_prefix(start);
  return text.rfind("<!-- Kring case reflection", 0) == 0 ||
         text.rfind("<!-- Kring casusreflectie", 0) == 0;
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

std::string HeadingOf(const CaseSection& section, bool dutch) {
  return "'## " + std::string(dutch ? section.dutch : section.english) + "'";
}

// The section after `key` in the template, or nullptr for the last one.
const CaseSection* NextSection(std::string_view key) {
  const auto& sections = CaseSections();
  for (size_t i = 0; i + 1 < sections.size(); ++i) {
    if (sections[i].key == key) return &sections[i + 1];
  }
  return nullptr;
}

}  // namespace

// Error messages name lines and headings, never the text under them: a case file holds a
// client's story, and messages end up in terminals, logs and bug reports.
Result<pb::CaseReflection> ParseCaseTemplate(std::string_view text) {
  if (text.size() > kMaxCaseFileBytes) {
    return Status::Usage("the case file is too large (" + std::to_string(text.size() >> 10) +
                         " KiB; at most 1024 KiB)");
  }
  if (!IsValidUtf8(text)) {
    return Status::Usage("the case file is not valid UTF-8 text (save it as UTF-8)");
  }
  pb::CaseReflection reflection;
  const CaseSection* current = nullptr;
  size_t current_line = 0;
  bool dutch_headings = false;
  std::vector<std::string_view> seen;
  std::string body;
  Status problem;
  auto flush = [&]() {
    if (current != nullptr && problem.ok() && IsOneLineSection(current->key) &&
        CountNonEmptyLines(body) > 1) {
      const CaseSection* next = NextSection(current->key);
      problem = Status::Usage(
          "line " + std::to_string(current_line) + ": " + HeadingOf(*current, dutch_headings) +
          " should hold one line but holds " + std::to_string(CountNonEmptyLines(body)) +
          (next != nullptr ? "; was the heading " + HeadingOf(*next, dutch_headings) +
                                 " below it removed? Put it back"
                           : "; keep it to one line"));
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
      std::string lower = LowerAscii(heading);
      const CaseSection* match = nullptr;
      bool dutch = false;
      for (const CaseSection& section : CaseSections()) {
        if (lower == LowerAscii(section.english) || lower == LowerAscii(section.dutch)) {
          match = &section;
          dutch = lower == LowerAscii(section.dutch) && lower != LowerAscii(section.english);
        }
      }
      if (match == nullptr) {
        // The heading line is the coach's own markup, not the case's text: it may be named.
        return Status::Usage("line " + std::to_string(line_no) + ": unknown heading '## " +
                             SanitiseHeading(heading) +
                             "' (keep the headings of `kring case template`)");
      }
      if (std::find(seen.begin(), seen.end(), match->key) != seen.end()) {
        return Status::Usage("line " + std::to_string(line_no) + ": the heading " +
                             HeadingOf(*match, dutch) + " appears twice");
      }
      flush();
      if (seen.empty()) dutch_headings = dutch;
      seen.push_back(match->key);
      current = match;
      current_line = line_no;
      continue;
    }
    if (current == nullptr) {
      if (TrimAscii(line).empty()) continue;
      return Status::Usage("line " + std::to_string(line_no) +
                           ": text before the first heading; every part of a case belongs under "
                           "a heading such as '## Title'");
    }
    body.append(line);
    body.push_back('\n');
  }
  flush();
  KRING_RETURN_IF_ERROR(problem);
  if (StartsAsTemplate(text)) {
    const CaseSection* previous = nullptr;
    for (const CaseSection& section : CaseSections()) {
      if (std::find(seen.begin(), seen.end(), section.key) == seen.end()) {
        return Status::Usage("the heading " + HeadingOf(section, dutch_headings) + " is missing" +
                             (previous != nullptr
                                  ? " (it comes after " + HeadingOf(*previous, dutch_headings) +
                                        ", whose part would take its text)"
                                  : "") +
                             ". Put the heading back, with nothing under it if that part is empty");
      }
      previous = &section;
    }
  }
  KRING_RETURN_IF_ERROR(ValidateCase(reflection));
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

Status ValidateCase(const pb::CaseReflection& r) {
  if (TrimAscii(r.title()).empty()) {
    return Status::Usage("the case has no title: write one under '## Title'");
  }
  if (r.title().size() > kMaxTitleBytes || r.title().find('\n') != std::string::npos) {
    return Status::Usage("the title must be one line of at most 200 characters");
  }
  if (!r.session_date().empty() && !IsIsoDate(r.session_date())) {
    return Status::Usage(
        "the session date is not a date like 2026-11-20 (under '## Session date')");
  }
  if (!r.language().empty() && r.language() != "nl" && r.language() != "en") {
    return Status::Usage("the language must be nl, en or empty (under '## Language')");
  }
  if (static_cast<size_t>(r.tags_size()) > kMaxTags) {
    return Status::Usage("a case can have at most 32 tags");
  }
  for (int i = 0; i < r.tags_size(); ++i) {
    const std::string& tag = r.tags(i);
    const std::string which =
        "tag " + std::to_string(i + 1) + " of " + std::to_string(r.tags_size());
    // A tag is a printable label on the one tags line. Control characters could steer a
    // colleague's terminal; comment marks or a comma would not read back as the same tags (tags
    // "<!-- a" and "b -->" render as the comment line "<!-- a, b -->"; found by fuzzing).
    bool control = std::any_of(tag.begin(), tag.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    });
    if (control) return Status::Usage(which + " contains a control character; use plain words");
    if (tag.size() > kMaxTagBytes) {
      return Status::Usage(which + " is too long (at most " + std::to_string(kMaxTagBytes) +
                           " bytes)");
    }
    if (tag.find("<!--") != std::string::npos || tag.find("-->") != std::string::npos ||
        tag.find(',') != std::string::npos || tag.empty() || TrimAscii(tag) != tag ||
        tag.front() == '#') {
      return Status::Usage(which +
                           " cannot be used: tags are words without commas or '<!--' / '-->'");
    }
  }
  for (const CaseSection& section : CaseSections()) {
    if (!IsValidUtf8(GetCaseField(r, section.key))) {
      return Status::Usage("the section '" + std::string(section.english) +
                           "' is not valid UTF-8 text");
    }
  }
  if (r.ByteSizeLong() > kMaxCaseFileBytes) return Status::Usage("the case is too large");
  return Status::Ok();
}

}  // namespace kring
