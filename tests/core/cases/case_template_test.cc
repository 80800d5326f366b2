#include "core/cases/case_template.h"

#include <gtest/gtest.h>

#include "core/i18n/messages.h"

namespace kring {
namespace {

pb::CaseReflection FullCase() {
  pb::CaseReflection r;
  for (const CaseSection& s : CaseSections())
    SetCaseField(r, s.key, "text for " + std::string(s.key));
  r.set_title("Een teamleider in verandering");
  r.set_session_date("2026-11-20");
  r.set_language("nl");
  SetCaseField(r, "tags", "leiderschap, team, leiderschap");
  return r;
}

TEST(CaseTemplateTest, RoundTripsInBothLanguages) {
  pb::CaseReflection r = FullCase();
  EXPECT_EQ(r.tags_size(), 2);  // duplicates dropped
  for (bool dutch : {false, true}) {
    auto parsed = ParseCaseTemplate(RenderCaseTemplate(r, dutch));
    ASSERT_TRUE(parsed.ok()) << parsed.status().message();
    EXPECT_EQ(parsed->SerializeAsString(), r.SerializeAsString()) << "dutch=" << dutch;
  }
}

TEST(CaseTemplateTest, MultiLineSectionsAndCrLf) {
  auto parsed = ParseCaseTemplate(
      "## Title\r\nA case\r\n\r\n## Work situation\r\nLine one\r\n\r\nLine two\r\n## Notes\r\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->situation(), "Line one\n\nLine two");
  EXPECT_EQ(parsed->notes(), "");
}

TEST(CaseTemplateTest, UnknownHeadingNamesTheLine) {
  auto parsed = ParseCaseTemplate("## Title\nx\n\n## Feelings\nsad\n");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), Code::kUsage);
  EXPECT_NE(parsed.status().message().find("line 4"), std::string::npos);
  EXPECT_NE(parsed.status().message().find("Feelings"), std::string::npos);
}

TEST(CaseTemplateTest, RejectsMalformedInput) {
  EXPECT_FALSE(ParseCaseTemplate("").ok());                            // no title
  EXPECT_FALSE(ParseCaseTemplate("stray text\n## Title\nx\n").ok());   // text before heading
  EXPECT_FALSE(ParseCaseTemplate("## Title\nx\n## Title\ny\n").ok());  // duplicate
  EXPECT_FALSE(ParseCaseTemplate("## Title\nx\n## Session date\n2026-02-30\n").ok());
  EXPECT_FALSE(ParseCaseTemplate("## Title\nx\n## Language\nfr\n").ok());
  EXPECT_FALSE(ParseCaseTemplate("## Title\nx\ny\n").ok());      // title spans two lines
  EXPECT_FALSE(ParseCaseTemplate("## Title\n\xff\xfe\n").ok());  // invalid UTF-8
  EXPECT_FALSE(ParseCaseTemplate(std::string(kMaxCaseFileBytes + 1, 'a')).ok());
  auto parsed = ParseCaseTemplate("## Title\nx\n## Session date\n20-11-2026\n");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("Session date"), std::string::npos);
}

TEST(CaseTemplateTest, DatesAreCalendarChecked) {
  EXPECT_TRUE(IsIsoDate("2024-02-29"));
  EXPECT_FALSE(IsIsoDate("2023-02-29"));
  EXPECT_FALSE(IsIsoDate("2023-13-01"));
  EXPECT_FALSE(IsIsoDate("2023-1-01"));
  EXPECT_FALSE(IsIsoDate("abcd-ef-gh"));
}

// Tags render on one line joined by ", "; tags that would turn that line into a comment, carry
// control characters or start with '#' are refused instead of changing on the next edit.
TEST(CaseTemplateTest, RefusesTagsThatWouldNotReadBack) {
  for (const char* tags : {"<!-- a, b", "x, y -->", "ok, x\x01y", "a <!-- b"}) {
    auto parsed = ParseCaseTemplate(std::string("## Title\nx\n## Tags\n") + tags + "\n");
    ASSERT_FALSE(parsed.ok()) << tags;
    EXPECT_EQ(parsed.status().code(), Code::kUsage);
  }
  pb::CaseReflection r = FullCase();
  r.add_tags("#hash");
  EXPECT_FALSE(ValidateCase(r).ok());
  r = FullCase();
  r.add_tags("a, b");
  EXPECT_FALSE(ValidateCase(r).ok());
  EXPECT_TRUE(ValidateCase(FullCase()).ok());
}

// Issue 11 #3: a removed heading never merges its text silently into the part above, and no
// message quotes the case's text.
constexpr char kStory[] = "Mijn coachee Marieke Jansen huilde om haar vader";

TEST(CaseTemplateErrorsTest, ARemovedHeadingUnderTheLanguageIsNamedNotQuoted) {
  pb::CaseReflection r;
  r.set_title("Een casus");
  r.set_language("nl");
  r.set_situation(std::string(kStory) + ".\nTweede regel van het verhaal.");
  std::string text = RenderCaseTemplate(r, /*dutch=*/true);
  const size_t heading = text.find("## Werksituatie\n");
  ASSERT_NE(heading, std::string::npos);
  text.erase(heading, std::string("## Werksituatie\n").size());
  auto parsed = ParseCaseTemplate(text);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), Code::kUsage);
  const std::string message = parsed.status().message();
  EXPECT_EQ(message.find("Marieke"), std::string::npos) << message;
  EXPECT_NE(message.find("'## Taal'"), std::string::npos) << message;
  EXPECT_NE(message.find("'## Werksituatie'"), std::string::npos) << message;
  EXPECT_NE(message.find("removed"), std::string::npos) << message;
}

TEST(CaseTemplateErrorsTest, AHeadingMissingFromATemplateFileIsReportedByName) {
  pb::CaseReflection r;
  r.set_title("A case");
  r.set_situation("The team leader reorganises.");
  r.set_coach_actions(kStory);
  std::string text = RenderCaseTemplate(r, /*dutch=*/false);
  const std::string removed = "## What I did and asked\n";
  text.erase(text.find(removed), removed.size());
  auto parsed = ParseCaseTemplate(text);
  ASSERT_FALSE(parsed.ok());
  const std::string message = parsed.status().message();
  EXPECT_NE(message.find("'## What I did and asked' is missing"), std::string::npos) << message;
  EXPECT_NE(message.find("'## Context: personal drives and circumstances'"), std::string::npos)
      << message;
  EXPECT_EQ(message.find("Marieke"), std::string::npos) << message;
}

TEST(CaseTemplateErrorsTest, AHandWrittenFileMayLeaveOutHeadings) {
  auto parsed = ParseCaseTemplate("## Title\nx\n\n## Next actions\nCall the manager.\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->situation(), "");
  EXPECT_EQ(parsed->next_actions(), "Call the manager.");
}

TEST(CaseTemplateErrorsTest, NoValidationMessageQuotesTheText) {
  for (const std::string& text : {
           "## Title\nx\n## Language\n" + std::string(kStory) + "\n",
           "## Title\nx\n## Session date\n" + std::string(kStory) + "\n",
           "## Title\nx\n## Tags\nwerk, " + std::string(kStory) + " <!-- x\n",
           "## Title\n" + std::string(kStory) + "\n" + std::string(kStory) + "\n",
           "## Title\nx\n## Tags\n" + std::string(300, 'a') + " Marieke\n",
       }) {
    auto parsed = ParseCaseTemplate(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.status().message().find("Marieke"), std::string::npos)
        << parsed.status().message();
  }
  // An unknown heading is named (it is the coach's markup), shortened and made printable.
  auto long_heading = ParseCaseTemplate("## Title\nx\n## " + std::string(100, 'h') + "\x1b[2J\n");
  ASSERT_FALSE(long_heading.ok());
  EXPECT_EQ(long_heading.status().message().find('\x1b'), std::string::npos);
  EXPECT_LT(long_heading.status().message().size(), 200u);
}

// --- the template's language (issue 14) ---------------------------------------------------

// The English template, exactly as every release before the catalogue wrote it.
constexpr char kEnglishTemplate[] =
    "<!-- Kring case reflection. Write under each heading; lines like this one are ignored. Keep "
    "the headings. -->\n"
    "\n## Title\n<!-- A short title that names no one. -->\n"
    "\n## Session date\n<!-- YYYY-MM-DD -->\n"
    "\n## Tags\n<!-- Comma-separated, e.g. leadership, reorganisation. -->\n"
    "\n## Language\n<!-- nl or en; leave empty to detect. -->\n"
    "\n## Work situation\n<!-- What happened in the work? What did the client bring? -->\n"
    "\n## Context: organisation, culture and policy\n"
    "<!-- Organisational culture, structure, policy, resources. -->\n"
    "\n## Context: colleagues and managers\n"
    "<!-- Relations with colleagues, managers, clients. -->\n"
    "\n## Context: changes in the field and society\n"
    "<!-- Developments in the profession, sector or society. -->\n"
    "\n## Context: personal drives and circumstances\n"
    "<!-- How the client's drives and circumstances interplay with the work. -->\n"
    "\n## What I did and asked\n<!-- Your interventions and questions as the coach. -->\n"
    "\n## Inside the client's influence\n<!-- What the client can change themselves. -->\n"
    "\n## Outside the client's influence\n<!-- What lies outside the client's control. -->\n"
    "\n## What was learned\n"
    "<!-- What the client (and you) learned from this work experience. -->\n"
    "\n## Next actions\n<!-- Concrete next steps, who and when. -->\n"
    "\n## The client's learning strategy\n"
    "<!-- How the client learns best and directs their own learning. -->\n"
    "\n## Notes\n<!-- Anything else. -->\n";

TEST(CaseTemplateLanguageTest, TheEnglishTemplateIsUnchanged) {
  EXPECT_EQ(RenderCaseTemplate(pb::CaseReflection(), /*dutch=*/false), kEnglishTemplate);
}

TEST(CaseTemplateLanguageTest, ADutchTemplateIsDutchThroughout) {
  const std::string dutch = RenderCaseTemplate(pb::CaseReflection(), /*dutch=*/true);
  EXPECT_EQ(dutch.rfind("<!-- Kring casusreflectie.", 0), 0u) << dutch;
  EXPECT_NE(dutch.find("\n## Titel\n<!-- Een korte titel zonder namen. -->\n"), std::string::npos)
      << dutch;
  EXPECT_NE(dutch.find("<!-- JJJJ-MM-DD -->"), std::string::npos) << dutch;
  for (const CaseSection& section : CaseSections()) {
    const std::string english_hint = CaseSectionHint(section.key, Language::kEnglish);
    const std::string dutch_hint = CaseSectionHint(section.key, Language::kDutch);
    EXPECT_NE(english_hint, dutch_hint) << section.key;
    EXPECT_EQ(dutch.find(english_hint), std::string::npos) << section.key << "\n" << dutch;
    EXPECT_NE(dutch.find("<!-- " + dutch_hint + " -->"), std::string::npos) << section.key;
    EXPECT_NE(dutch.find("\n## " + std::string(section.dutch) + "\n"), std::string::npos);
  }
  // Saved empty, it says where the title goes in its own words (the message itself is in the
  // process language, English in the tests).
  auto parsed = ParseCaseTemplate(dutch);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message(), "the case has no title: write one under '## Titel'");
  auto english = ParseCaseTemplate(kEnglishTemplate);
  ASSERT_FALSE(english.ok());
  EXPECT_EQ(english.status().message(), "the case has no title: write one under '## Title'");
}

TEST(CaseTemplateLanguageTest, EverySectionHasAHeadingAndAHintInBothLanguages) {
  for (Language language : {Language::kDutch, Language::kEnglish}) {
    for (const CaseSection& section : CaseSections()) {
      const std::string heading = CaseSectionHeading(section.key, language);
      const std::string hint = CaseSectionHint(section.key, language);
      EXPECT_FALSE(heading.empty() || heading.front() == '[') << section.key;
      EXPECT_FALSE(hint.empty() || hint.front() == '[') << section.key;
      EXPECT_EQ(hint.find("-->"), std::string::npos) << section.key;
      // The catalogue's headings are the ones case files have always used.
      EXPECT_EQ(heading, language == Language::kDutch ? section.dutch : section.english);
    }
  }
  EXPECT_EQ(CaseSectionHeading("situation", Language::kDutch), "Werksituatie");
  EXPECT_EQ(CaseSectionHint("situation", Language::kEnglish),
            "What happened in the work? What did the client bring?");
  EXPECT_EQ(CaseSectionHeading("no-such-part", Language::kDutch), "no-such-part");
  EXPECT_EQ(CaseSectionHint("no-such-part", Language::kDutch), "");
}

TEST(CaseTemplateLanguageTest, FilesWithDutchOrEnglishHeadingsBothParse) {
  auto dutch = ParseCaseTemplate(
      "## Titel\nEen teamleider\n\n## Datum sessie\n2026-11-20\n\n## Taal\nnl\n\n"
      "## Werksituatie\nHet team is gereorganiseerd.\n\n"
      "## Context: collega's en leidinggevenden\nWeinig overleg.\n\n"
      "## Binnen de invloed van de cliënt\nHaar planning.\n\n"
      "## Volgende stappen\nDonderdag overleg.\n\n## Notities\n-\n");
  ASSERT_TRUE(dutch.ok()) << dutch.status().message();
  EXPECT_EQ(dutch->title(), "Een teamleider");
  EXPECT_EQ(dutch->session_date(), "2026-11-20");
  EXPECT_EQ(dutch->context_relations(), "Weinig overleg.");
  EXPECT_EQ(dutch->influence_inside(), "Haar planning.");
  EXPECT_EQ(dutch->next_actions(), "Donderdag overleg.");
  auto english = ParseCaseTemplate(
      "## Title\nA team leader\n\n## Session date\n2026-11-20\n\n## Language\nen\n\n"
      "## Work situation\nThe team was reorganised.\n\n"
      "## Context: colleagues and managers\nLittle contact.\n\n"
      "## Inside the client's influence\nHer planning.\n\n"
      "## Next actions\nMeeting on Thursday.\n\n## Notes\n-\n");
  ASSERT_TRUE(english.ok()) << english.status().message();
  EXPECT_EQ(english->title(), "A team leader");
  EXPECT_EQ(english->context_relations(), "Little contact.");
  EXPECT_EQ(english->influence_inside(), "Her planning.");
  // Headings are matched without regard to case, as before.
  auto lower = ParseCaseTemplate("## titel\nx\n## WERKSITUATIE\ny\n");
  ASSERT_TRUE(lower.ok()) << lower.status().message();
  EXPECT_EQ(lower->situation(), "y");
}

TEST(CaseTemplateLanguageTest, ErrorsNameHeadingsInTheFilesLanguage) {
  // A Dutch template file that lost a heading: named in Dutch, explained in the process language.
  pb::CaseReflection r;
  r.set_title("Een casus");
  std::string text = RenderCaseTemplate(r, /*dutch=*/true);
  const std::string removed = "## Wat ik deed en vroeg\n";
  text.erase(text.find(removed), removed.size());
  auto parsed = ParseCaseTemplate(text);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("'## Wat ik deed en vroeg' is missing"),
            std::string::npos)
      << parsed.status().message();
  // Text before any heading in a Dutch template points at the Dutch title heading.
  auto stray = ParseCaseTemplate("<!-- Kring casusreflectie. -->\nlos\n## Titel\nx\n");
  ASSERT_FALSE(stray.ok());
  EXPECT_NE(stray.status().message().find("'## Titel'"), std::string::npos)
      << stray.status().message();
  auto date = ParseCaseTemplate("## Titel\nx\n## Datum sessie\n20-11-2026\n");
  ASSERT_FALSE(date.ok());
  EXPECT_NE(date.status().message().find("'## Datum sessie'"), std::string::npos);
  // In a Dutch process the whole message is Dutch.
  i18n::SetLanguage(Language::kDutch);
  auto in_dutch = ParseCaseTemplate("## Titel\n\n## Werksituatie\nx\n");
  i18n::SetLanguage(Language::kEnglish);
  ASSERT_FALSE(in_dutch.ok());
  EXPECT_EQ(in_dutch.status().message(),
            "de casus heeft geen titel: schrijf er een onder '## Titel'");
}

}  // namespace
}  // namespace kring
