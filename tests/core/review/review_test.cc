// The pure parts of reviewing: the review form and its validation, the states of feedback
// requests in the inbox, and the audit input built from a group view.
#include <gtest/gtest.h>

#include "core/i18n/messages.h"
#include "core/review/audit.h"
#include "core/review/audit_input.h"
#include "core/review/inbox.h"
#include "core/review/review_form.h"
#include "tests/support/group_fixture.h"
#include "tests/support/scoped_time_zone.h"

namespace kring {
namespace {

using testing::kMinute;
using testing::kT0;

constexpr int64_t kDay = 86'400'000;

// ------------------------------------------------------------------------------- form

TEST(ReviewFormTest, ParsesScores) {
  auto scores = ParseScores(" 4, 3 ,5,4");
  ASSERT_TRUE(scores.ok()) << scores.status().message();
  EXPECT_EQ(*scores, (std::array<uint32_t, 4>{4, 3, 5, 4}));
  for (const char* bad : {"", "4,3,5", "4,3,5,4,1", "0,1,2,3", "4,3,6,4", "a,b,c,d", "4,,5,4",
                          "44,3,5,4", "-1,3,5,4", "4;3;5;4"}) {
    auto r = ParseScores(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.status().exit_code(), 2) << bad;
    }
  }
}

TEST(ReviewFormTest, ParsesTheFocusAnswer) {
  EXPECT_EQ(*ParseFocused("Yes"), pb::FOCUSED_YES);
  EXPECT_EQ(*ParseFocused(" partly\n"), pb::FOCUSED_PARTLY);
  EXPECT_EQ(*ParseFocused("nee"), pb::FOCUSED_NO);
  EXPECT_FALSE(ParseFocused("maybe").ok());
  EXPECT_FALSE(ParseFocused("").ok());
}

TEST(ReviewFormTest, FlagsNeedEveryPart) {
  ReviewFlags flags{"4,3,5,4", "yes", "Clear work context", "Ask about influence", ""};
  auto body = ReviewFromFlags(flags);
  ASSERT_TRUE(body.ok()) << body.status().message();
  EXPECT_EQ(body->self_direction(), 4u);
  EXPECT_EQ(body->focused(), pb::FOCUSED_YES);
  EXPECT_EQ(body->suggestion(), "Ask about influence");

  auto without = [&](auto change) {
    ReviewFlags f = flags;
    change(f);
    auto r = ReviewFromFlags(f);
    return r.ok() ? std::string("accepted") : r.status().message();
  };
  EXPECT_NE(without([](ReviewFlags& f) { f.scores.clear(); }).find("--scores"), std::string::npos);
  EXPECT_NE(without([](ReviewFlags& f) { f.focused.clear(); }).find("--focused"),
            std::string::npos);
  EXPECT_NE(without([](ReviewFlags& f) { f.strengths = "  "; }).find("strengths"),
            std::string::npos);
  EXPECT_NE(without([](ReviewFlags& f) { f.suggestion.clear(); }).find("suggestion"),
            std::string::npos);
  EXPECT_NE(without([](ReviewFlags& f) { f.questions = std::string(5000, 'x'); }).find("too long"),
            std::string::npos);
  EXPECT_NE(without([](ReviewFlags& f) { f.strengths = "ok \xff\xfe"; }).find("UTF-8"),
            std::string::npos);
}

TEST(ReviewFormTest, ValidateRefusesBodiesFromElsewhere) {
  pb::ReviewBody body;
  SetReviewScores(body, {4, 3, 5, 4});
  body.set_focused(pb::FOCUSED_NO);
  body.set_strengths("s");
  body.set_suggestion("t");
  EXPECT_TRUE(ValidateReview(body).ok());
  body.set_self_direction(9);
  EXPECT_EQ(ValidateReview(body).exit_code(), 2);
  body.set_self_direction(1);
  body.set_focused(static_cast<pb::Focused>(7));
  EXPECT_FALSE(ValidateReview(body).ok());
}

constexpr char kFilledForm[] =
    "<!-- a comment\n spanning lines with ## Scores inside -->\n"
    "## Scores\n"
    "Reflection on professional action: 4\n"
    "context versus own choices:3\n"
    "Learning from work experience: 5\n"
    "Self-direction in learning: 2\n"
    "\n## Work-focused\n<!-- yes / partly / no -->\npartly\n"
    "\n## Strengths\nA clear description\nof the organisation.\n"
    "\n## Suggestion\nAsk what the client can influence.\n"
    "\n## Questions\n\n";

TEST(ReviewFormTest, ParsesAFilledInForm) {
  auto body = ParseReviewForm(kFilledForm);
  ASSERT_TRUE(body.ok()) << body.status().message();
  EXPECT_EQ(ReviewScores(*body), (std::array<uint32_t, 4>{4, 3, 5, 2}));
  EXPECT_EQ(body->focused(), pb::FOCUSED_PARTLY);
  EXPECT_EQ(body->strengths(), "A clear description\nof the organisation.");
  EXPECT_EQ(body->suggestion(), "Ask what the client can influence.");
  EXPECT_EQ(body->questions(), "");
}

TEST(ReviewFormTest, TheEmptyTemplateIsNotAReview) {
  const std::string tmpl = RenderReviewTemplate("case 3fa2c1d0 'Team' in Noord");
  EXPECT_NE(tmpl.find("case 3fa2c1d0 'Team' in Noord"), std::string::npos);
  auto r = ParseReviewForm(tmpl);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("Reflection on professional action"), std::string::npos)
      << r.status().message();
}

TEST(ReviewFormTest, FormErrorsNameTheLine) {
  struct Case {
    std::string text;
    std::string says;
  };
  const std::vector<Case> cases = {
      {"hello\n## Scores\n", "line 1"},
      {"## Scores\nReflection: 4\n## Mood\n", "line 3: unknown heading"},
      {"## Scores\nReflection: 4\nReflection: 5\n",
       "line 3: 'Reflection on professional action' "
       "is scored twice"},
      {"## Scores\nReflection 4\n", "line 2: write each score"},
      {"## Scores\nHappiness: 4\n", "line 2: unknown principle"},
      {"## Scores\nReflection: 7\n", "line 2: the score for"},
      {"<!-- never closed\n## Scores\n", "never closed"},
      {"## Scores\n## scores\n", "appears twice"},
      {std::string(kFilledForm).replace(std::string(kFilledForm).rfind("partly"), 6, "often"),
       "not 'often'"},
  };
  for (const Case& c : cases) {
    auto r = ParseReviewForm(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.status().exit_code(), 2);
    EXPECT_NE(r.status().message().find(c.says), std::string::npos)
        << c.text << " -> " << r.status().message();
  }
  EXPECT_FALSE(ParseReviewForm(std::string(kMaxReviewFormBytes + 1, '#')).ok());
  // Hostile bytes do not crash the parser.
  std::string junk;
  for (int i = 0; i < 4096; ++i) junk.push_back(static_cast<char>((i * 131) % 256));
  EXPECT_FALSE(ParseReviewForm(junk).ok());
}

// The English template is what it always was, byte for byte.
TEST(ReviewFormTest, TheEnglishTemplateIsUnchanged) {
  EXPECT_EQ(RenderReviewTemplate("case 3fa2c1d0 'Team' in Noord", Language::kEnglish),
            "<!-- Review of case 3fa2c1d0 'Team' in Noord.\n"
            "     Fill in each part below the headings. Save and close the editor to sign and "
            "store\n"
            "     the review; close it unchanged to cancel. Comments like this one are ignored. "
            "-->\n"
            "\n"
            "## Scores\n"
            "<!-- From 1 (hardly) to 5 (fully), after each colon. -->\n"
            "Reflection on professional action: \n"
            "Context versus own choices: \n"
            "Learning from work experience: \n"
            "Self-direction in learning: \n"
            "\n"
            "## Work-focused\n"
            "<!-- Did the session stay work- and learning-focused? yes / partly / no -->\n"
            "\n"
            "\n"
            "## Strengths\n"
            "<!-- What went well in this session? -->\n"
            "\n"
            "\n"
            "## Suggestion\n"
            "<!-- One suggestion for the coach. -->\n"
            "\n"
            "\n"
            "## Questions\n"
            "<!-- Optional: the questions you would have asked. -->\n"
            "\n");
  EXPECT_EQ(RenderReviewTemplate("x"), RenderReviewTemplate("x", Language::kEnglish));
}

// Fills in a rendered template: a score after each label, an answer under each heading.
std::string FillIn(std::string form, const std::vector<std::string>& labels,
                   const std::vector<std::pair<std::string, std::string>>& answers) {
  const std::array<const char*, 4> scores = {"4", "3", "5", "2"};
  for (size_t i = 0; i < labels.size(); ++i) {
    const size_t at = form.find(labels[i] + ": \n");
    EXPECT_NE(at, std::string::npos) << labels[i];
    if (at != std::string::npos) form.insert(at + labels[i].size() + 2, scores[i]);
  }
  for (const auto& [heading, answer] : answers) {
    const size_t at = form.find("## " + heading + "\n");
    EXPECT_NE(at, std::string::npos) << heading;
    if (at == std::string::npos) continue;
    const size_t end_of_hint = form.find("-->\n", at) + 4;
    form.insert(end_of_hint, answer + "\n");
  }
  return form;
}

TEST(ReviewFormTest, TheDutchFormHasDutchHeadingsAndParses) {
  const std::string form = RenderReviewTemplate("casus 3fa2c1d0 'Team' in Noord", Language::kDutch);
  for (const char* part :
       {"<!-- Review van casus 3fa2c1d0 'Team' in Noord.", "## Scores\n", "## Werkgericht\n",
        "## Sterke punten\n", "## Suggestie\n", "## Vragen\n",
        "Reflectie op professioneel handelen: \n", "ja / deels / nee"}) {
    EXPECT_NE(form.find(part), std::string::npos) << part << "\n" << form;
  }
  for (const char* english : {"## Strengths", "## Work-focused", "Fill in", "Reflection"}) {
    EXPECT_EQ(form.find(english), std::string::npos) << english;
  }
  const std::string filled =
      FillIn(form,
             {"Reflectie op professioneel handelen", "Invloed van context en eigen keuzes",
              "Leren van werkervaringen", "Zelfsturing in leren"},
             {{"Werkgericht", "deels"},
              {"Sterke punten", "Heldere beschrijving van de organisatie."},
              {"Suggestie", "Vraag door op wat de cliënt kan beïnvloeden."}});
  auto body = ParseReviewForm(filled);
  ASSERT_TRUE(body.ok()) << body.status().message() << "\n" << filled;
  EXPECT_EQ(ReviewScores(*body), (std::array<uint32_t, 4>{4, 3, 5, 2}));
  EXPECT_EQ(body->focused(), pb::FOCUSED_PARTLY);
  EXPECT_EQ(body->strengths(), "Heldere beschrijving van de organisatie.");
  EXPECT_EQ(body->suggestion(), "Vraag door op wat de cliënt kan beïnvloeden.");
  EXPECT_EQ(body->questions(), "");
  // The empty Dutch template is not a review either, and says so in the process's language.
  auto empty = ParseReviewForm(form);
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("Reflection on professional action"), std::string::npos)
      << empty.status().message();
}

// A Dutch coach may get an English form and the other way round: either language's headings and
// labels parse, whatever language the process speaks.
TEST(ReviewFormTest, HeadingsOfBothLanguagesParse) {
  const std::string dutch_by_hand =
      "## Scores\n"
      "Reflectie: 4\n"
      "Invloed van context en eigen keuzes: 3\n"
      "leren van werkervaringen: 5\n"
      "Zelfsturing in leren: 2\n"
      "## Werkgericht\nja\n"
      "## Sterke punten\nGoed gestructureerd.\n"
      "## Suggestie\nMeer context.\n"
      "## Vragen\nWat kon de cliënt zelf beïnvloeden?\n";
  const std::string mixed =
      "## Scores\n"
      "Reflection on professional action: 4\n"
      "Context versus own choices: 3\n"
      "Leren van werkervaringen: 5\n"
      "Self-direction in learning: 2\n"
      "## Bleef de sessie gericht op werk?\nnee\n"
      "## Strengths\nClear.\n"
      "## Suggestie\nMore context.\n";
  for (Language process : {Language::kEnglish, Language::kDutch}) {
    i18n::SetLanguage(process);
    auto a = ParseReviewForm(dutch_by_hand);
    auto b = ParseReviewForm(kFilledForm);
    auto c = ParseReviewForm(mixed);
    auto english_form = ParseReviewForm(
        FillIn(RenderReviewTemplate("x", Language::kEnglish),
               {"Reflection on professional action", "Context versus own choices",
                "Learning from work experience", "Self-direction in learning"},
               {{"Work-focused", "ja"}, {"Strengths", "Helder."}, {"Suggestion", "Meer."}}));
    i18n::SetLanguage(Language::kEnglish);
    ASSERT_TRUE(a.ok()) << a.status().message();
    EXPECT_EQ(ReviewScores(*a), (std::array<uint32_t, 4>{4, 3, 5, 2}));
    EXPECT_EQ(a->focused(), pb::FOCUSED_YES);
    EXPECT_EQ(a->questions(), "Wat kon de cliënt zelf beïnvloeden?");
    ASSERT_TRUE(b.ok()) << b.status().message();
    EXPECT_EQ(b->focused(), pb::FOCUSED_PARTLY);
    ASSERT_TRUE(c.ok()) << c.status().message();
    EXPECT_EQ(ReviewScores(*c), (std::array<uint32_t, 4>{4, 3, 5, 2}));
    EXPECT_EQ(c->focused(), pb::FOCUSED_NO);
    EXPECT_EQ(c->suggestion(), "More context.");
    ASSERT_TRUE(english_form.ok()) << english_form.status().message();
    EXPECT_EQ(english_form->focused(), pb::FOCUSED_YES);
  }
}

TEST(ReviewFormTest, ErrorsSpeakTheProcessLanguage) {
  i18n::SetLanguage(Language::kDutch);
  auto score = ParseReviewForm("## Scores\nReflectie: 7\n");
  auto heading = ParseReviewForm("## Scores\nReflectie: 4\n## Stemming\n");
  auto flags = ReviewFromFlags(ReviewFlags{"4,3,5,4", "", "", "", ""});
  i18n::SetLanguage(Language::kEnglish);
  ASSERT_FALSE(score.ok());
  EXPECT_EQ(score.status().message(),
            "regel 2: de score voor 'Reflectie op professioneel handelen' moet een heel getal van "
            "1 tot 5 zijn, niet '7'");
  ASSERT_FALSE(heading.ok());
  EXPECT_EQ(heading.status().message(),
            "regel 3: onbekend kopje '## Stemming': het formulier heeft Scores, Werkgericht, "
            "Sterke punten, Suggestie en Vragen");
  ASSERT_FALSE(flags.ok());
  EXPECT_NE(flags.status().message().find("--focused ja|deels|nee"), std::string::npos);
  EXPECT_EQ(FocusedText(pb::FOCUSED_PARTLY, Language::kDutch), "deels");
  EXPECT_EQ(FocusedText(pb::FOCUSED_PARTLY, Language::kEnglish), "partly");
  EXPECT_EQ(FocusedName(pb::FOCUSED_PARTLY), "partly");
}

// ------------------------------------------------------------------------------- inbox

std::string Key(char c) { return std::string(32, c); }
std::string Id(char c) { return std::string(32, c); }

RequestView Request(char id, const std::string& from, uint64_t at,
                    const std::vector<std::string>& to, const std::string& due = "") {
  RequestView q;
  q.id = Id(id);
  q.requester = from;
  q.created_at = at;
  q.readable = true;
  for (const auto& k : to) q.body.add_recipient_keys(k);
  q.body.set_whole_group(to.empty());
  q.body.set_question("What do you see?");
  q.body.set_due_date(due);
  return q;
}

ReviewView Review(char id, const std::string& by, uint64_t at, const std::string& answers = "") {
  ReviewView r;
  r.id = Id(id);
  r.reviewer = by;
  r.created_at = at;
  r.readable = true;
  r.body = testing::SampleReview();
  r.body.set_suggestion("More context");
  r.body.set_feedback_request_id(answers);
  return r;
}

TEST(InboxTest, RequestStates) {
  const std::string bram = Key('b'), cleo = Key('c'), anna = Key('a');
  SharedCaseView c;
  c.id = Id('1');
  c.author = bram;
  c.readable = true;
  c.requests.push_back(Request('q', bram, kT0, {cleo}, "2025-06-15"));
  const RequestView& q = c.requests[0];
  EXPECT_TRUE(IsAddressedTo(q, cleo));
  EXPECT_FALSE(IsAddressedTo(q, anna));
  EXPECT_FALSE(IsAddressedTo(Request('w', bram, kT0, {}), bram));  // not to the asker
  EXPECT_TRUE(IsAddressedTo(Request('w', bram, kT0, {}), anna));

  const int64_t due_day = *ParseUtcDay("2025-06-15");
  EXPECT_EQ(StateOf(c, q, cleo, due_day + kDay - 1), RequestState::kOpen);  // the due day counts
  EXPECT_EQ(StateOf(c, q, cleo, due_day + kDay), RequestState::kOverdue);
  EXPECT_EQ(RequestToAnswer(c, cleo), &q);
  EXPECT_EQ(RequestToAnswer(c, anna), nullptr);

  // A review by Cleo written before the request does not answer it; one after it does.
  c.reviews.push_back(Review('r', cleo, kT0 - kMinute));
  EXPECT_EQ(StateOf(c, q, cleo, kT0), RequestState::kOpen);
  c.reviews.push_back(Review('s', cleo, kT0 + kMinute));
  EXPECT_EQ(StateOf(c, q, cleo, due_day + 2 * kDay), RequestState::kAnswered);
  EXPECT_EQ(AnswerBy(c, q, cleo)->id, Id('s'));
  EXPECT_EQ(RequestToAnswer(c, cleo), nullptr);

  // Naming the request answers it whatever the clocks say; it does not answer another one.
  SharedCaseView d = c;
  d.reviews = {Review('t', cleo, kT0 - kMinute, Id('q'))};
  d.requests.push_back(Request('p', bram, kT0 + 2 * kMinute, {cleo}));
  EXPECT_EQ(StateOf(d, d.requests[0], cleo, kT0), RequestState::kAnswered);
  EXPECT_EQ(StateOf(d, d.requests[1], cleo, kT0), RequestState::kOpen);
  EXPECT_EQ(RequestToAnswer(d, cleo)->id, Id('p'));
}

TEST(InboxTest, CollectsSortsAndRenders) {
  const std::string bram = Key('b'), cleo = Key('c');
  LoadedGroup group(Id('g'));
  GroupView view;
  SharedCaseView mine;  // Cleo's own case, reviewed by Bram
  mine.id = Id('1');
  mine.author = cleo;
  mine.readable = true;
  mine.reflection.set_title("Eigen casus");
  mine.reviews.push_back(Review('r', bram, kT0));
  mine.reviews.push_back(Review('s', cleo, kT0));  // her own note is not "came back"
  SharedCaseView theirs;
  theirs.id = Id('2');
  theirs.author = bram;
  theirs.readable = true;
  theirs.reflection.set_title("Team\x1b[31m onder druk");
  theirs.requests.push_back(Request('x', bram, kT0, {cleo}));                    // open, no due
  theirs.requests.push_back(Request('y', bram, kT0 + 1, {cleo}, "2025-01-01"));  // overdue
  theirs.requests.push_back(Request('z', bram, kT0 + 2, {}, "2025-01-02"));      // overdue
  SharedCaseView withdrawn = theirs;
  withdrawn.id = Id('3');
  withdrawn.retracted = true;
  view.cases = {mine, theirs, withdrawn};

  Inbox inbox;
  CollectInbox(group, view, cleo, kT0 + kDay, inbox);
  SortInbox(inbox);
  ASSERT_EQ(inbox.requests.size(), 3u);
  EXPECT_EQ(inbox.requests[0].request_id, Id('y'));
  EXPECT_EQ(inbox.requests[0].state, RequestState::kOverdue);
  EXPECT_EQ(inbox.requests[1].request_id, Id('z'));
  EXPECT_EQ(inbox.requests[2].state, RequestState::kOpen);
  ASSERT_EQ(inbox.reviews.size(), 1u);
  EXPECT_EQ(inbox.reviews[0].reviewer, Fingerprint(bram));

  const std::string text = RenderInboxText(inbox);
  EXPECT_EQ(text.find('\x1b'), std::string::npos);  // terminal escapes in titles are removed
  EXPECT_LT(text.find("OVERDUE"), text.find("open"));
  EXPECT_NE(text.find("Reviews of your cases (1)"), std::string::npos);
  const std::string json = RenderInboxJson(inbox);
  EXPECT_NE(json.find("\"state\": \"overdue\""), std::string::npos);
  EXPECT_NE(json.find("\\u001b"), std::string::npos);
  EXPECT_NE(json.find("\"scores\": [4, 3, 4, 5]"), std::string::npos) << json;

  const std::string dutch = RenderInboxText(inbox, Language::kDutch);
  EXPECT_NE(dutch.find("Gevraagd aan jou (3)\n  TE LAAT  uiterlijk 2025-01-01  "),
            std::string::npos)
      << dutch;
  EXPECT_NE(dutch.find("casus " + ShortId(Id('2')) + " 'Team [31m onder druk'"), std::string::npos)
      << dutch;
  EXPECT_NE(dutch.find("antwoord met: kring review \""), std::string::npos) << dutch;
  EXPECT_NE(dutch.find("Reviews van jouw casussen (1)"), std::string::npos) << dutch;
  EXPECT_NE(dutch.find(": scores 4/3/4/5, werkgericht: ja\n"), std::string::npos) << dutch;
  for (const char* english : {"Asked of you", "OVERDUE", "due ", "asked on", "answer with",
                              "Reviews of your", "work-focused"}) {
    EXPECT_EQ(dutch.find(english), std::string::npos) << english << "\n" << dutch;
  }

  Inbox empty;
  EXPECT_NE(RenderInboxText(empty).find("Asked of you: nothing."), std::string::npos);
  EXPECT_NE(RenderInboxText(empty, Language::kDutch).find("Gevraagd aan jou: niets."),
            std::string::npos);
  EXPECT_EQ(RenderInboxJson(empty), "{\"requests\": [], \"reviews\": []}\n");
}

// Coaches read the inbox in their own time zone, like every other date Kring shows them; the
// JSON stays in UTC.
TEST(InboxTest, ShowsLocalTimesToPeopleAndUtcToScripts) {
  testing::ScopedTimeZone tz(testing::kCentralEuropeanTime);
  const int64_t winter = *ParseUtcDay("2026-01-31") + 14 * 3'600'000 + 5 * kMinute;  // CET
  const int64_t summer = *ParseUtcDay("2026-07-01") + 12 * 3'600'000;                // CEST
  Inbox inbox;
  InboxRequest q;
  q.group_name = "Noord";
  q.case_id = Id('2');
  q.request_id = Id('x');
  q.requester = "Bram";
  q.asked_at_ms = winter;
  q.answered_at_ms = summer;
  q.state = RequestState::kAnswered;
  inbox.requests.push_back(q);
  InboxReview r;
  r.group_name = "Noord";
  r.case_id = Id('1');
  r.review_id = Id('r');
  r.reviewer = "Bram";
  r.created_at_ms = *ParseUtcDay("2026-12-31") + 23 * 3'600'000 + 30 * kMinute;  // new year here
  r.body = testing::SampleReview();
  inbox.reviews.push_back(r);

  const std::string text = RenderInboxText(inbox);
  EXPECT_NE(text.find("Bram asked on 31 January 2026, 15:05 "), std::string::npos) << text;
  EXPECT_NE(text.find("you answered on 1 July 2026, 14:00\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  1 January 2027, 00:30  Noord"), std::string::npos) << text;
  const std::string dutch = RenderInboxText(inbox, Language::kDutch);
  EXPECT_NE(dutch.find("Bram vroeg op 31 januari 2026 15:05 "), std::string::npos) << dutch;
  EXPECT_NE(dutch.find("  1 januari 2027 00:30  Noord"), std::string::npos) << dutch;
  EXPECT_EQ(text.find("UTC"), std::string::npos) << text;
  const std::string json = RenderInboxJson(inbox);
  EXPECT_NE(json.find("\"asked_at\": \"2026-01-31T14:05:00Z\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"answered_at\": \"2026-07-01T12:00:00Z\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"created_at\": \"2026-12-31T23:30:00Z\""), std::string::npos) << json;
}

TEST(InboxTest, Dates) {
  EXPECT_EQ(*ParseUtcDay("1970-01-02"), kDay);
  EXPECT_EQ(*ParseUtcDay("2000-03-01") - *ParseUtcDay("2000-02-28"), 2 * kDay);  // leap year
  EXPECT_FALSE(ParseUtcDay("2023-02-29").ok());
  EXPECT_FALSE(ParseUtcDay("2023-1-01").ok());
  EXPECT_FALSE(ParseUtcDay("").ok());
  const int64_t now = *ParseUtcDay("2026-03-10") + 5 * 3'600'000;
  EXPECT_TRUE(ValidateDueDate("2026-03-10", now).ok());  // today is fine
  EXPECT_EQ(ValidateDueDate("2026-03-09", now).exit_code(), 2);
  EXPECT_EQ(ValidateDueDate("10-03-2026", now).exit_code(), 2);
}

// ------------------------------------------------------------------------------- audit input

TEST(AuditInputTest, OnlySupervisorsAndAdminsAudit) {
  testing::Coach anna("Anna"), bram("Bram"), cleo("Cleo"), dirk("Dirk");
  auto created = testing::Unwrap(CreateGroup("Noord", anna.id(), anna.secret(), kT0));
  LoadedGroup group(created.group_id);
  testing::MustAdmit(group.ledger, created.entries);
  EpochKeys keys = testing::KeysOf(group.ledger, anna);
  testing::MustAdmit(group.ledger,
                     testing::Unwrap(AddMember(group.ledger, keys, anna.id(), anna.secret(),
                                               bram.identity(), pb::ROLE_COACH, kT0 + 1)));
  testing::MustAdmit(group.ledger,
                     testing::Unwrap(AddMember(group.ledger, keys, anna.id(), anna.secret(),
                                               cleo.identity(), pb::ROLE_SUPERVISOR, kT0 + 2)));
  EXPECT_TRUE(CheckMayAudit(group, anna.key()).ok());
  EXPECT_TRUE(CheckMayAudit(group, cleo.key()).ok());
  Status coach = CheckMayAudit(group, bram.key());
  EXPECT_EQ(coach.exit_code(), 1);
  EXPECT_NE(coach.message().find("only supervisors and admins can audit a group"),
            std::string::npos);
  EXPECT_EQ(CheckMayAudit(group, dirk.key()).exit_code(), 1);
  group.local.set_relay(true);
  EXPECT_EQ(CheckMayAudit(group, anna.key()).exit_code(), 1);
}

TEST(AuditInputTest, BuildsTheInputFromTheView) {
  const std::string bram = Key('b'), cleo = Key('c'), anna = Key('a');
  LoadedGroup group(Id('g'));
  group.names.group_name = "Noord";
  group.names.alias_by_key[bram] = "Bram";
  group.names.alias_by_key[cleo] = "Cleo";
  GroupView view;
  SharedCaseView work;
  work.id = Id('1');
  work.author = bram;
  work.shared_at = kT0;
  work.readable = true;
  work.reflection.set_title("[PERSOON-1] en het team");
  work.reflection.set_language("nl");
  work.reflection.set_situation("De organisatie gaat reorganiseren en het beleid verandert.");
  work.reflection.set_next_actions("Volgende week plan ik een gesprek met de manager.");
  work.requests.push_back(Request('q', bram, kT0 + kMinute, {cleo, anna}, "2025-06-15"));
  work.reviews.push_back(Review('r', cleo, kT0 + 3 * kMinute));
  ReviewView broken = Review('s', cleo, kT0 + 4 * kMinute);
  broken.body.set_self_direction(9);  // signed by other software: left out, with a note
  work.reviews.push_back(broken);
  work.reviews.push_back(Review('t', bram, kT0 + 2 * kMinute));  // the author's own: no answer
  SharedCaseView gone;
  gone.id = Id('2');
  gone.author = bram;
  gone.shared_at = kT0 + kDay;
  gone.retracted = true;
  SharedCaseView sealed;
  sealed.id = Id('3');
  sealed.author = cleo;
  sealed.shared_at = kT0;
  view.cases = {work, gone, sealed};

  AuditRequestOptions options;
  options.now_ms = static_cast<int64_t>(kT0) + 2 * kDay;
  BuiltAuditInput built = BuildAuditInput(group, view, options);
  const AuditInput& in = built.input;
  EXPECT_EQ(in.group_name, "Noord");
  ASSERT_EQ(in.cases.size(), 2u);
  EXPECT_EQ(in.cases[0].case_id_short, ShortId(Id('1')));
  EXPECT_EQ(in.cases[0].title, "[PERSOON-1] en het team");
  EXPECT_EQ(in.cases[0].author_alias, "Bram");
  EXPECT_EQ(in.cases[0].author_fingerprint, Fingerprint(bram));
  EXPECT_TRUE(in.cases[0].focus_work_focused);
  EXPECT_FALSE(in.cases[0].focus_drifting);
  EXPECT_TRUE(in.cases[1].retracted);
  EXPECT_EQ(in.cases[1].title, "");
  ASSERT_EQ(in.reviews.size(), 1u);
  EXPECT_EQ(in.reviews[0].reviewer_alias, "Cleo");
  EXPECT_EQ(in.reviews[0].scores, (std::array<int, 4>{4, 3, 4, 5}));
  // The broken review, the author's own review and the case without a key.
  ASSERT_EQ(built.notes.size(), 3u);
  ASSERT_EQ(in.requests.size(), 1u);
  EXPECT_EQ(in.requests[0].recipients, (std::vector<std::string>{"Cleo", Fingerprint(anna)}));
  ASSERT_TRUE(in.requests[0].first_answer_at_ms.has_value());
  EXPECT_EQ(*in.requests[0].first_answer_at_ms, static_cast<int64_t>(kT0 + 3 * kMinute));
  EXPECT_EQ(*in.requests[0].due_ms, *ParseUtcDay("2025-06-16") - 1);
  // All time by default: from the first day with activity to the day after today.
  EXPECT_EQ(in.since_ms % kDay, 0);
  EXPECT_LE(in.since_ms, static_cast<int64_t>(kT0));
  EXPECT_GT(in.since_ms + kDay, static_cast<int64_t>(kT0));
  EXPECT_GT(in.until_ms, options.now_ms);

  auto report = BuildAudit(in);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->cases, 1);
  EXPECT_EQ(report->withdrawn, 1);
  EXPECT_EQ(report->reviews, 1);
  EXPECT_EQ(report->response.answered, 1);

  // Limited to one coach, and to a period.
  options.coach_key = cleo;
  EXPECT_FALSE(BuildAudit(BuildAuditInput(group, view, options).input).ok());  // no cases of hers
  options.coach_key = bram;
  EXPECT_TRUE(BuildAudit(BuildAuditInput(group, view, options).input).ok());
  options.coach_key.reset();
  options.since_ms = *ParseUtcDay("2001-01-01");
  options.until_ms = *ParseUtcDay("2001-02-01");
  auto empty = BuildAudit(BuildAuditInput(group, view, options).input);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().exit_code(), 1);
}

TEST(AuditInputTest, TheMemoGivesTheSameFocusAndAnalysesAChangedTextAgain) {
  pb::CaseReflection work;
  work.set_language("en");
  work.set_situation("The team is reorganised and the new policy moves the planning to the teams.");
  pb::CaseReflection inward = work;
  inward.set_coach_actions(
      "I asked how she felt about her childhood and why she thinks so little of herself. We "
      "explored her feelings about her father and her fears from the past.");
  AuditFocusMemo memo;
  for (const pb::CaseReflection* r : {&work, &inward}) {
    const AuditFocus direct = FocusForAudit(*r);
    const AuditFocus& kept = memo.Get(*r);
    EXPECT_EQ(kept.drifting, direct.drifting);
    EXPECT_EQ(kept.introspection_share, direct.introspection_share);
    EXPECT_EQ(kept.reason_keys, direct.reason_keys);
    EXPECT_EQ(kept.reasons_nl, direct.reasons_nl);
  }
  // Two texts, two answers.
  EXPECT_LT(memo.Get(work).introspection_share, memo.Get(inward).introspection_share);
  EXPECT_EQ(memo.size(), 2u);
  memo.Get(work);
  EXPECT_EQ(memo.size(), 2u);  // seen: not analysed again

  // BuildAuditInput with the memo gives what it gives without.
  LoadedGroup group(Id('g'));
  GroupView view;
  SharedCaseView c;
  c.id = Id('1');
  c.author = Key('b');
  c.shared_at = kT0;
  c.readable = true;
  c.reflection = inward;
  view.cases = {c};
  AuditRequestOptions options;
  options.now_ms = static_cast<int64_t>(kT0) + kDay;
  AuditFocusMemo fresh;
  const AuditCase with = BuildAuditInput(group, view, options, &fresh).input.cases.at(0);
  const AuditCase without = BuildAuditInput(group, view, options).input.cases.at(0);
  EXPECT_TRUE(with.focus_drifting);
  EXPECT_EQ(with.focus_drifting, without.focus_drifting);
  EXPECT_EQ(with.focus_drift_reasons, without.focus_drift_reasons);
  EXPECT_EQ(fresh.size(), 1u);
}

TEST(AuditInputTest, CasesWhoseIdsShareTheirFirstEightCharactersStayApart) {
  const std::string bram = Key('b'), cleo = Key('c');
  LoadedGroup group(Id('g'));
  group.names.alias_by_key[bram] = "Bram";
  group.names.alias_by_key[cleo] = "Cleo";
  GroupView view;
  for (char last : {'1', '2'}) {
    SharedCaseView c;
    c.id = std::string(4, '\xab') + std::string(27, '\x01') + std::string(1, last);
    c.author = bram;
    c.shared_at = kT0;
    c.readable = true;
    c.reflection.set_title("Casus");
    c.reflection.set_language("nl");
    c.reflection.set_next_actions("Volgende week plan ik een gesprek met de manager.");
    c.reviews.push_back(Review(last, cleo, kT0 + kMinute));
    view.cases.push_back(c);
  }
  AuditRequestOptions options;
  options.now_ms = static_cast<int64_t>(kT0) + kDay;
  const AuditInput in = BuildAuditInput(group, view, options).input;
  ASSERT_EQ(in.cases.size(), 2u);
  EXPECT_NE(in.cases[0].case_id_short, in.cases[1].case_id_short);
  EXPECT_EQ(in.cases[0].case_id_short.size(), 64u);  // they differ only in the last byte
  ASSERT_EQ(in.reviews.size(), 2u);
  EXPECT_EQ(in.reviews[1].case_id_short, in.cases[1].case_id_short);
  auto report = BuildAudit(in);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->cases, 2);
  EXPECT_EQ(report->reviews, 2);
  // The usual case: eight characters.
  view.cases.pop_back();
  EXPECT_EQ(BuildAuditInput(group, view, options).input.cases[0].case_id_short.size(), 8u);
}

}  // namespace
}  // namespace kring
