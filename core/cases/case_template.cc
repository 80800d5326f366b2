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
  std::vector<std::string_view> seen;
  std::string body;
  auto flush = [&]() {
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
      for (const CaseSection& section : CaseSections()) {
        if (lower == LowerAscii(section.english) || lower == LowerAscii(section.dutch))
          match = &section;
      }
      if (match == nullptr) {
        return Status::Usage("line " + std::to_string(line_no) + ": unknown heading '## " +
                             heading + "' (keep the headings of `kring case template`)");
      }
      if (std::find(seen.begin(), seen.end(), match->key) != seen.end()) {
        return Status::Usage("line " + std::to_string(line_no) + ": the heading '## " + heading +
                             "' appears twice");
      }
      flush();
      seen.push_back(match->key);
      current = match;
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
    return Status::Usage("the session date '" + r.session_date() +
                         "' is not a date like 2026-11-20 (under '## Session date')");
  }
  if (!r.language().empty() && r.language() != "nl" && r.language() != "en") {
    return Status::Usage("the language must be 'nl', 'en' or empty, not '" + r.language() + "'");
  }
  if (static_cast<size_t>(r.tags_size()) > kMaxTags) {
    return Status::Usage("a case can have at most 32 tags");
  }
  for (const auto& tag : r.tags()) {
    // A tag is a printable label on the one tags line. Control characters could steer a
    // colleague's terminal; comment marks or a comma would not read back as the same tags (tags
    // "<!-- a" and "b -->" render as the comment line "<!-- a, b -->"; found by fuzzing).
    bool control = std::any_of(tag.begin(), tag.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    });
    if (control) return Status::Usage("a tag contains a control character; use plain words");
    if (tag.size() > kMaxTagBytes) return Status::Usage("the tag '" + tag + "' is too long");
    if (tag.find("<!--") != std::string::npos || tag.find("-->") != std::string::npos ||
        tag.find(',') != std::string::npos || tag.empty() || TrimAscii(tag) != tag ||
        tag.front() == '#') {
      return Status::Usage("the tag '" + tag +
                           "' cannot be used: tags are words without commas or '<!--' / '-->'");
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
