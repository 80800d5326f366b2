// Three real nodes (temp homes) exchanging bundles with the kring binary: Anna (admin) creates
// the group, Bram (coach) shares a case and asks Cleo and Anna for feedback, Cleo (supervisor)
// answers with a review, Bram sees it come back, and the supervisor and the admin audit the
// group in every format. Also every bad input the issue lists: clear errors, nothing stored.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "tests/support/test_util.h"

namespace kring {
namespace {

using testing::KringNode;
using testing::ProcessResult;
using testing::ReadFile;
using testing::TempDir;
using testing::WriteFile;

constexpr char kGroup[] = "Intervisie Noord";

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

using google::protobuf::Struct;
using google::protobuf::Value;

// A JSON object parsed into a protobuf Struct; an empty one (and a test failure) when the text is
// not a JSON object.
Struct ParseJson(const std::string& json) {
  Struct parsed;
  auto status = google::protobuf::util::JsonStringToMessage(json, &parsed);
  EXPECT_TRUE(status.ok()) << status.ToString() << "\n" << json;
  return parsed;
}

const Value& Field(const Struct& object, const std::string& name) {
  static const Value kMissing;
  auto it = object.fields().find(name);
  EXPECT_NE(it, object.fields().end()) << "no field " << name;
  return it == object.fields().end() ? kMissing : it->second;
}

// The review by `alias` in `kring group read --json` output, or nullptr.
const Struct* ReviewBy(const Struct& read, const std::string& alias) {
  for (const Value& review : Field(read, "reviews").list_value().values()) {
    if (Field(review.struct_value(), "reviewer").string_value() == alias) {
      return &review.struct_value();
    }
  }
  return nullptr;
}

class ReviewCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(anna_.Run({"init", "--alias", "Anna"}).exit_code, 0);
    ASSERT_EQ(bram_.Run({"init", "--alias", "Bram"}).exit_code, 0);
    ASSERT_EQ(cleo_.Run({"init", "--alias", "Cleo"}).exit_code, 0);
    Ok(anna_, {"group", "create", kGroup});
    Ok(anna_, {"group", "add", kGroup, Identity(bram_), "--role", "coach"});
    Ok(anna_, {"group", "add", kGroup, Identity(cleo_), "--role", "supervisor"});
    Send(anna_, bram_);
    Send(anna_, cleo_);
  }

  ProcessResult Ok(const KringNode& node, const std::vector<std::string>& args,
                   const std::map<std::string, std::string>& env = {}) {
    ProcessResult r = node.Run(args, env);
    EXPECT_EQ(r.exit_code, 0) << "kring " << args[0] << " " << (args.size() > 1 ? args[1] : "")
                              << ": " << r.err;
    return r;
  }

  void Send(const KringNode& from, const KringNode& to) {
    std::string file = dir_.File("bundle-" + std::to_string(++bundles_));
    Ok(from, {"export", "--group", kGroup, "--out", file});
    Ok(to, {"import", file});
  }

  std::string Identity(const KringNode& node) {
    std::string id = Ok(node, {"whoami", "--export"}).out;
    while (!id.empty() && id.back() == '\n') id.pop_back();
    return id;
  }

  // Bram writes, anonymises and shares a case; returns the shared entry's short id.
  std::string BramSharesCase() {
    ProcessResult made = Ok(bram_, {"case", "new", "--title", "Teamleider onder druk", "--language",
                                    "nl", "--situation",
                                    "De teamleider moet een reorganisatie doorvoeren. Het beleid "
                                    "van de organisatie verandert.",
                                    "--next-actions", "Volgende week een gesprek met de manager."});
    local_case_ = made.out.substr(made.out.find("Saved case ") + 11, 8);
    Ok(bram_, {"case", "anonymise", local_case_, "--yes"});
    ProcessResult shared = Ok(bram_, {"case", "share", local_case_, "--group", kGroup});
    size_t at = shared.out.find("as entry ");
    EXPECT_NE(at, std::string::npos) << shared.out;
    return shared.out.substr(at + 9, 8);
  }

  // How many entries of the group a node holds (to prove that refused commands stored nothing).
  std::string Entries(const KringNode& node) {
    std::string out = Ok(node, {"group", "list", "--json"}).out;
    size_t at = out.find("\"entries\": ");
    return at == std::string::npos ? "" : out.substr(at + 11, out.find('}', at) - at - 11);
  }

  TempDir dir_;
  KringNode anna_{dir_.File("anna")};
  KringNode bram_{dir_.File("bram")};
  KringNode cleo_{dir_.File("cleo")};
  std::string local_case_;
  int bundles_ = 0;
};

TEST_F(ReviewCliTest, AskReviewInboxCaseShowAndAudit) {
  const std::string shared = BramSharesCase();

  // Requests: to members only; --to or --whole-group; only the author asks.
  const std::string before = Entries(bram_);
  ProcessResult stranger = bram_.Run({"ask", kGroup, local_case_, "--to", "Cleo", "--to", "Zora",
                                      "--question", "Bleef ik bij het werk?"});
  EXPECT_EQ(stranger.exit_code, 1);
  EXPECT_TRUE(Has(stranger.err, "no member 'Zora'")) << stranger.err;
  EXPECT_TRUE(Has(stranger.err, "nothing was asked")) << stranger.err;
  EXPECT_EQ(bram_.Run({"ask", kGroup, shared, "--question", "x"}).exit_code, 2);
  EXPECT_EQ(bram_.Run({"ask", kGroup, shared, "--whole-group", "--to", "Cleo", "--question", "x"})
                .exit_code,
            2);
  EXPECT_EQ(
      bram_.Run({"ask", kGroup, shared, "--to", "Cleo", "--question", "x", "--due", "2024-02-30"})
          .exit_code,
      2);
  EXPECT_EQ(Entries(bram_), before);
  // By the local case id.
  ProcessResult asked = Ok(bram_, {"ask", kGroup, local_case_, "--to", "Cleo", "--to", "Anna",
                                   "--question", "Bleef ik bij het werk?", "--due", "2099-12-31"});
  EXPECT_TRUE(Has(asked.out, "Asked Cleo, Anna for feedback on case " + shared)) << asked.out;
  Send(bram_, cleo_);
  Send(bram_, anna_);
  ProcessResult not_author = cleo_.Run({"ask", kGroup, shared, "--to", "Anna", "--question", "x"});
  EXPECT_EQ(not_author.exit_code, 1);
  EXPECT_TRUE(Has(not_author.err, "only the author")) << not_author.err;

  // Cleo's inbox: the open request.
  ProcessResult inbox = Ok(cleo_, {"inbox"});
  EXPECT_TRUE(Has(inbox.out, "open  due 2099-12-31  Intervisie Noord  case " + shared))
      << inbox.out;
  EXPECT_TRUE(Has(inbox.out, "Bram asked")) << inbox.out;
  EXPECT_TRUE(Has(inbox.out, "Bleef ik bij het werk?")) << inbox.out;
  EXPECT_TRUE(Has(Ok(cleo_, {"inbox", "--json"}).out, "\"state\": \"open\""));

  // Bad reviews: nothing stored.
  const std::string cleo_before = Entries(cleo_);
  ProcessResult range = cleo_.Run({"review", kGroup, shared, "--scores", "4,3,6,4", "--focused",
                                   "yes", "--strengths", "s", "--suggestion", "t"});
  EXPECT_EQ(range.exit_code, 2);
  EXPECT_TRUE(Has(range.err, "from 1 to 5")) << range.err;
  EXPECT_EQ(cleo_
                .Run({"review", kGroup, shared, "--scores", "4,3,5,4", "--focused", "maybe",
                      "--strengths", "s", "--suggestion", "t"})
                .exit_code,
            2);
  ProcessResult missing = cleo_.Run(
      {"review", kGroup, shared, "--scores", "4,3,5,4", "--focused", "yes", "--strengths", "s"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(Has(missing.err, "suggestion")) << missing.err;
  ProcessResult unknown = cleo_.Run({"review", kGroup, "ffffffff", "--scores", "4,3,5,4",
                                     "--focused", "yes", "--strengths", "s", "--suggestion", "t"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_TRUE(Has(unknown.err, "no shared case 'ffffffff'")) << unknown.err;
  ProcessResult own = bram_.Run({"review", kGroup, shared, "--scores", "4,3,5,4", "--focused",
                                 "yes", "--strengths", "s", "--suggestion", "t"});
  EXPECT_EQ(own.exit_code, 1);
  EXPECT_EQ(Entries(cleo_), cleo_before);

  // Cleo reviews with flags; it answers Bram's request by itself.
  ProcessResult review =
      Ok(cleo_,
         {"review", kGroup, shared, "--scores", "4,3,5,4", "--focused", "partly", "--strengths",
          "Duidelijke werkcontext", "--suggestion", "Vraag door op de invloed van de teamleider",
          "--questions", "Wat kun je zelf beinvloeden?\n\"En wat niet?\""});
  EXPECT_TRUE(Has(review.out, "Focus analysis of case " + shared)) << review.out;
  EXPECT_LT(review.out.find("Focus analysis"), review.out.find("Signed and stored"));
  EXPECT_TRUE(Has(review.out, "(answers request ")) << review.out;

  // Anna reviews through the editor form.
  WriteFile(dir_.File("form.md"),
            "## Scores\nReflection on professional action: 3\nContext versus own choices: 4\n"
            "Learning from work experience: 3\nSelf-direction in learning: 2\n\n"
            "## Work-focused\nyes\n\n## Strengths\nGoed gestructureerd.\n\n"
            "## Suggestion\nMeer aandacht voor leerdoelen.\n\n## Questions\n\n");
  WriteFile(dir_.File("editor.sh"), "#!/bin/sh\ncp '" + dir_.File("form.md") + "' \"$1\"\n");
  std::filesystem::permissions(dir_.File("editor.sh"), std::filesystem::perms::owner_all);
  ProcessResult by_form =
      Ok(anna_, {"review", kGroup, shared}, {{"EDITOR", dir_.File("editor.sh")}});
  EXPECT_TRUE(Has(by_form.out, "(answers request ")) << by_form.out;

  Send(cleo_, bram_);
  Send(anna_, bram_);
  Send(cleo_, anna_);
  Send(anna_, cleo_);

  // Bram sees the reviews come back: inbox, case show, group read.
  ProcessResult bram_inbox = Ok(bram_, {"inbox"});
  EXPECT_TRUE(Has(bram_inbox.out, "by Cleo: scores 4/3/5/4, work-focused: partly"))
      << bram_inbox.out;
  EXPECT_TRUE(Has(bram_inbox.out, "by Anna: scores 3/4/3/2, work-focused: yes")) << bram_inbox.out;
  ProcessResult show = Ok(bram_, {"case", "show", local_case_});
  EXPECT_TRUE(Has(show.out, "## Reviews in Intervisie Noord")) << show.out;
  EXPECT_TRUE(Has(show.out, "strengths: Duidelijke werkcontext")) << show.out;
  EXPECT_TRUE(Has(show.out, "suggestion: Vraag door op de invloed van de teamleider"));
  EXPECT_TRUE(Has(show.out, "questions they would have asked: Wat kun je zelf beinvloeden?"));
  EXPECT_TRUE(Has(show.out, "stayed work- and learning-focused: partly"));
  EXPECT_TRUE(
      Has(Ok(cleo_, {"group", "read", kGroup, shared}).out, "Meer aandacht voor leerdoelen"));

  // The same reviews in `group read --json`, for scripts: every field, text unmangled.
  const Struct read = ParseJson(Ok(bram_, {"group", "read", kGroup, shared, "--json"}).out);
  EXPECT_EQ(Field(read, "id").string_value().rfind(shared, 0), 0u);
  EXPECT_EQ(Field(Field(read, "reflection").struct_value(), "title").string_value(),
            "Teamleider onder druk");
  EXPECT_EQ(Field(read, "reviews").list_value().values_size(), 2);
  const Struct* cleo = ReviewBy(read, "Cleo");
  ASSERT_NE(cleo, nullptr);
  std::string cleo_fingerprint = Ok(cleo_, {"whoami"}).out;
  EXPECT_TRUE(Has(cleo_fingerprint, Field(*cleo, "reviewer_fingerprint").string_value()))
      << cleo_fingerprint;
  EXPECT_FALSE(Field(*cleo, "reviewer_fingerprint").string_value().empty());
  EXPECT_TRUE(Field(*cleo, "readable").bool_value());
  const Struct& scores = Field(*cleo, "scores").struct_value();
  EXPECT_EQ(Field(scores, "reflection_on_action").number_value(), 4);
  EXPECT_EQ(Field(scores, "context_versus_choices").number_value(), 3);
  EXPECT_EQ(Field(scores, "learning_from_experience").number_value(), 5);
  EXPECT_EQ(Field(scores, "self_direction").number_value(), 4);
  EXPECT_EQ(Field(*cleo, "focused").string_value(), "partly");
  EXPECT_EQ(Field(*cleo, "strengths").string_value(), "Duidelijke werkcontext");
  EXPECT_EQ(Field(*cleo, "suggestion").string_value(),
            "Vraag door op de invloed van de teamleider");
  EXPECT_EQ(Field(*cleo, "questions").string_value(),
            "Wat kun je zelf beinvloeden?\n\"En wat niet?\"");
  EXPECT_EQ(Field(*cleo, "answers_request").kind_case(), Value::kStringValue);
  const std::string created = Field(*cleo, "created_at").string_value();
  EXPECT_EQ(created.size(), 20u) << created;  // 2026-01-31T14:05:09Z
  EXPECT_EQ(created.back(), 'Z') << created;
  const Struct* anna = ReviewBy(read, "Anna");
  ASSERT_NE(anna, nullptr);
  EXPECT_EQ(Field(*anna, "focused").string_value(), "yes");
  EXPECT_EQ(Field(*anna, "suggestion").string_value(), "Meer aandacht voor leerdoelen.");
  EXPECT_EQ(Field(*anna, "questions").string_value(), "");
  EXPECT_EQ(Field(Field(*anna, "scores").struct_value(), "self_direction").number_value(), 2);

  // The request now shows as answered for Cleo and Anna.
  EXPECT_TRUE(Has(Ok(cleo_, {"inbox"}).out, "answered  due 2099-12-31"));
  EXPECT_TRUE(Has(Ok(anna_, {"inbox", "--json"}).out, "\"state\": \"answered\""));

  // Audit: the supervisor, every format; the HTML as a private file.
  const std::string html = dir_.File("report.html");
  ProcessResult written =
      Ok(cleo_, {"audit", "--group", kGroup, "--format", "html", "--out", html});
  EXPECT_TRUE(Has(written.out, "report.html")) << written.out;
  const std::string page = ReadFile(html);
  EXPECT_TRUE(Has(page, "<svg")) << page.substr(0, 200);
  EXPECT_TRUE(Has(page, "Intervisie Noord"));
  EXPECT_FALSE(Has(page, "Duidelijke werkcontext"));  // no review text in any report
  struct stat st {};
  ASSERT_EQ(::stat(html.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ProcessResult table = Ok(cleo_, {"audit", "--group", kGroup});
  EXPECT_TRUE(Has(table.out, "Reviews written")) << table.out;
  EXPECT_TRUE(Has(table.out, "1 answered")) << table.out;
  EXPECT_TRUE(Has(Ok(cleo_, {"audit", "--group", kGroup, "--format", "md"}).out, "| Bram"));
  EXPECT_TRUE(Has(Ok(cleo_, {"audit", "--group", kGroup, "--format", "json"}).out,
                  "\"group\": \"Intervisie Noord\""));
  EXPECT_TRUE(Has(Ok(cleo_, {"audit", "--group", kGroup, "--format", "csv", "--coach", "Bram"}).out,
                  "section,coach,month,case,measure,value"));
  EXPECT_TRUE(
      Has(Ok(anna_, {"audit", "--group", kGroup, "--since", "2000-01-01"}).out, "Audit report"));

  // Refusals.
  ProcessResult coach = bram_.Run({"audit", "--group", kGroup});
  EXPECT_EQ(coach.exit_code, 1);
  EXPECT_TRUE(Has(coach.err, "only supervisors and admins can audit a group")) << coach.err;
  ProcessResult empty =
      cleo_.Run({"audit", "--group", kGroup, "--since", "2001-01-01", "--until", "2001-02-01"});
  EXPECT_EQ(empty.exit_code, 1);
  EXPECT_TRUE(Has(empty.err, "no shared cases between 2001-01-01")) << empty.err;
  EXPECT_EQ(cleo_.Run({"audit", "--group", kGroup, "--format", "pdf"}).exit_code, 2);
  EXPECT_EQ(cleo_.Run({"audit", "--group", kGroup, "--since", "2001-13-01"}).exit_code, 2);
  EXPECT_EQ(cleo_.Run({"audit", "--group", "Elders"}).exit_code, 1);
  EXPECT_EQ(cleo_.Run({"audit", "--group", kGroup, "--coach", "Zora"}).exit_code, 1);
}

// Issue 11 #1: every free text that leaves Bram's or Cleo's node passes the gate. Names typed in
// the question, the review's three texts, a revision note and a retraction reason never reach
// another node: not in the feed, the inbox, `group read` (also --json) or the audit in any format.
TEST_F(ReviewCliTest, NoNameInAnyFreeTextReachesAnotherNode) {
  const std::vector<std::string> names = {"Marieke", "Jansen", "Pieter", "Groot", "Sjoerd"};
  auto expect_no_name = [&](const std::string& where, const std::string& text) {
    for (const std::string& name : names) {
      EXPECT_FALSE(Has(text, name)) << where << " shows " << name << ":\n" << text;
    }
  };
  ProcessResult made =
      Ok(bram_, {"case", "new", "--title", "Teamleider onder druk", "--language", "nl",
                 "--situation", "Mijn coachee Marieke Jansen moet een reorganisatie doorvoeren.",
                 "--next-actions", "Volgende week een gesprek met de manager."});
  local_case_ = made.out.substr(made.out.find("Saved case ") + 11, 8);
  Ok(bram_, {"case", "anonymise", local_case_, "--yes"});
  ProcessResult first = Ok(bram_, {"case", "share", local_case_, "--group", kGroup});
  const std::string shared = first.out.substr(first.out.find("as entry ") + 9, 8);

  // Without --yes and without a terminal the question is not shared; with it, it is, under the
  // case's own label for her.
  const std::string before = Entries(bram_);
  const std::vector<std::string> ask = {"ask",
                                        kGroup,
                                        local_case_,
                                        "--to",
                                        "Cleo",
                                        "--question",
                                        "Hoe had ik Marieke Jansen beter kunnen helpen?"};
  ProcessResult unconfirmed = bram_.Run(ask);
  EXPECT_EQ(unconfirmed.exit_code, 1) << unconfirmed.err;
  EXPECT_TRUE(Has(unconfirmed.err, "--yes")) << unconfirmed.err;
  EXPECT_TRUE(Has(unconfirmed.out, "+ Hoe had ik [PERSOON-1] beter kunnen helpen?"))
      << unconfirmed.out;
  EXPECT_EQ(Entries(bram_), before);
  std::vector<std::string> confirmed = ask;
  confirmed.push_back("--yes");
  Ok(bram_, confirmed);
  Send(bram_, cleo_);
  Send(bram_, anna_);
  ProcessResult cleo_inbox = Ok(cleo_, {"inbox"});
  EXPECT_TRUE(Has(cleo_inbox.out, "Hoe had ik [PERSOON-1] beter kunnen helpen?")) << cleo_inbox.out;

  // Cleo's review names people in all three texts; refused unconfirmed, shared anonymised.
  const std::vector<std::string> review = {"review",
                                           kGroup,
                                           shared,
                                           "--scores",
                                           "4,3,5,4",
                                           "--focused",
                                           "yes",
                                           "--strengths",
                                           "Goed hoe je Marieke hielp",
                                           "--suggestion",
                                           "Betrek Pieter de Groot van het team erbij",
                                           "--questions",
                                           "Wat wil Marieke Jansen zelf? Bel haar op 06-12345678."};
  const std::string cleo_before = Entries(cleo_);
  EXPECT_EQ(cleo_.Run(review).exit_code, 1);
  EXPECT_EQ(Entries(cleo_), cleo_before);
  std::vector<std::string> review_yes = review;
  review_yes.push_back("--yes");
  ProcessResult reviewed = Ok(cleo_, review_yes);
  EXPECT_TRUE(Has(reviewed.out, "+ Betrek [PERSOON-3] van het team erbij")) << reviewed.out;
  Send(cleo_, bram_);
  Send(cleo_, anna_);

  // A revision note and a retraction reason with names.
  Ok(bram_, {"case", "share", local_case_, "--group", kGroup, "--note",
             "Aangevuld na overleg met Marieke Jansen", "--yes"});
  Send(bram_, anna_);
  Send(bram_, cleo_);
  for (const KringNode* node : {&anna_, &cleo_}) {
    expect_no_name("group feed", Ok(*node, {"group", "feed", kGroup}).out);
    expect_no_name("inbox", Ok(*node, {"inbox"}).out);
    expect_no_name("inbox --json", Ok(*node, {"inbox", "--json"}).out);
    expect_no_name("group read", Ok(*node, {"group", "read", kGroup, shared}).out);
    expect_no_name("group read --json", Ok(*node, {"group", "read", kGroup, shared, "--json"}).out);
    for (const char* format : {"table", "md", "json", "csv", "html"}) {
      expect_no_name(std::string("audit ") + format,
                     Ok(*node, {"audit", "--group", kGroup, "--format", format}).out);
    }
  }
  EXPECT_TRUE(Has(Ok(anna_, {"group", "read", kGroup, shared}).out, "[PERSOON-1]"));

  Ok(bram_, {"case", "retract", local_case_, "--reason", "Sjoerd Jansen trok zijn toestemming in",
             "--yes"});
  Send(bram_, anna_);
  expect_no_name("group feed after the retraction", Ok(anna_, {"group", "feed", kGroup}).out);
  expect_no_name("group list", Ok(anna_, {"group", "list", "--json"}).out);
}

// Issue 11 #5: a second review by the same reviewer is a revision that replaces the first; the
// audit counts reviewers, not submissions, and names who reviewed each case.
TEST_F(ReviewCliTest, ASecondReviewByTheSameReviewerReplacesTheFirst) {
  const std::string shared = BramSharesCase();
  Send(bram_, cleo_);
  Send(bram_, anna_);
  auto review = [&](const std::string& strengths) {
    return std::vector<std::string>{"review",
                                    kGroup,
                                    shared,
                                    "--scores",
                                    "4,3,5,4",
                                    "--focused",
                                    "yes",
                                    "--strengths",
                                    strengths,
                                    "--suggestion",
                                    "Vraag door op de context"};
  };
  Ok(cleo_, review("Eerste indruk"));
  const std::string before = Entries(cleo_);
  ProcessResult unconfirmed = cleo_.Run(review("Tweede indruk"));
  EXPECT_EQ(unconfirmed.exit_code, 1) << unconfirmed.err;
  EXPECT_TRUE(Has(unconfirmed.out, "a new review replaces that one")) << unconfirmed.out;
  EXPECT_EQ(Entries(cleo_), before);
  std::vector<std::string> confirmed = review("Tweede indruk");
  confirmed.push_back("--yes");
  Ok(cleo_, confirmed);
  Ok(anna_, review("Sterke vragen"));
  Send(cleo_, bram_);
  Send(anna_, bram_);
  Send(cleo_, anna_);

  const Struct read = ParseJson(Ok(bram_, {"group", "read", kGroup, shared, "--json"}).out);
  ASSERT_EQ(Field(read, "reviews").list_value().values_size(), 2);
  const Struct* cleo = ReviewBy(read, "Cleo");
  ASSERT_NE(cleo, nullptr);
  EXPECT_EQ(Field(*cleo, "strengths").string_value(), "Tweede indruk");
  EXPECT_TRUE(Has(Ok(bram_, {"group", "feed", kGroup}).out, "Cleo revised their review of"));

  const std::string table = Ok(anna_, {"audit", "--group", kGroup}).out;
  EXPECT_TRUE(Has(table, "Who reviewed each case")) << table;
  const size_t row = table.find(shared.substr(0, 8), table.find("Who reviewed each case"));
  ASSERT_NE(row, std::string::npos) << table;
  const std::string line = table.substr(row, table.find('\n', row) - row);
  EXPECT_TRUE(Has(line, "Cleo, Anna")) << line;
  const std::string json = Ok(anna_, {"audit", "--group", kGroup, "--format", "json"}).out;
  EXPECT_TRUE(Has(json, "\"reviews\": 2")) << json;
  EXPECT_TRUE(Has(json, "\"reviewers\": [\"Cleo\", \"Anna\"]")) << json;
}

TEST_F(ReviewCliTest, RetractedCasesAndNonMembersCannotBeReviewed) {
  const std::string shared = BramSharesCase();
  Send(bram_, cleo_);
  Ok(bram_, {"case", "retract", local_case_});
  Send(bram_, cleo_);
  const std::string before = Entries(cleo_);
  ProcessResult withdrawn = cleo_.Run({"review", kGroup, shared, "--scores", "4,3,5,4", "--focused",
                                       "yes", "--strengths", "s", "--suggestion", "t"});
  EXPECT_EQ(withdrawn.exit_code, 1);
  EXPECT_TRUE(Has(withdrawn.err, "withdrawn by its author")) << withdrawn.err;
  EXPECT_EQ(Entries(cleo_), before);
  ProcessResult ask = bram_.Run({"ask", kGroup, local_case_, "--to", "Cleo", "--question", "x"});
  EXPECT_EQ(ask.exit_code, 1);

  // Dirk is no member: the group is unknown to his node.
  KringNode dirk(dir_.File("dirk"));
  ASSERT_EQ(dirk.Run({"init", "--alias", "Dirk"}).exit_code, 0);
  ProcessResult outsider = dirk.Run({"review", kGroup, shared, "--scores", "4,3,5,4", "--focused",
                                     "yes", "--strengths", "s", "--suggestion", "t"});
  EXPECT_EQ(outsider.exit_code, 1);
  EXPECT_TRUE(Has(outsider.err, "no group called")) << outsider.err;
}

}  // namespace
}  // namespace kring
