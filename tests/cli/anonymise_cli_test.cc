// The anonymiser gate on the real kring binary in temporary homes: kring case check | anonymise |
// focus, kring case show --anonymised, kring names, and kring anonymise on files and stdin.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/support/test_util.h"

namespace kring {
namespace {

using testing::KringNode;
using testing::ProcessResult;
using testing::ReadFile;
using testing::RunProcess;
using testing::TempDir;
using testing::WriteFile;

constexpr char kDutchCase[] =
    "## Title\nTeamleider onder druk\n\n"
    "## Session date\n2026-11-20\n\n"
    "## Work situation\n"
    "Mijn coachee Sanne Wolfswinkel werkt als teamleider bij de gemeente Utrecht.\n"
    "Haar leidinggevende Henk de Boer wil dat ze de Feedforward methode gebruikt.\n"
    "Bel 06-12345678 of mail sanne@voorbeeld.nl.\n\n"
    "## Next actions\nGesprek met Henk plannen op 12 maart 2027.\n";

constexpr char kEnglishCase[] =
    "## Title\nWard manager under pressure\n\n"
    "## Work situation\n"
    "My client Sarah Thornbury is a ward manager at St Mary's Hospital in Leeds.\n"
    "Felicity met me at the office; she wrote to s.thornbury@example.org.\n\n"
    "## Next actions\nShe will talk to her director about the rota next week.\n";

bool Has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class AnonymiseCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ProcessResult init = node_.Run({"init", "--alias", "Anna"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
  }
  // Creates a case from template text and returns its full id.
  std::string NewCase(const std::string& text) {
    ProcessResult created = node_.Run({"case", "new", "--from", "-"}, {}, text);
    EXPECT_EQ(created.exit_code, 0) << created.err;
    ProcessResult list = node_.Run({"case", "list", "--json"});
    // The newest case is listed last or first; take the id whose title matches.
    std::string title = text.substr(9, text.find('\n', 9) - 9);
    size_t at = list.out.find(title);
    size_t id_at = list.out.rfind("\"id\": \"", at);
    return id_at == std::string::npos ? "" : list.out.substr(id_at + 7, 32);
  }
  std::string CaseStatusOf(const std::string& id) {
    ProcessResult list = node_.Run({"case", "list"});
    size_t at = list.out.find(id.substr(0, 8));
    return at == std::string::npos ? "" : list.out.substr(at, list.out.find('\n', at) - at);
  }
  TempDir dir_;
  KringNode node_{dir_.File("anna")};
};

TEST_F(AnonymiseCliTest, CheckListsFindingsInContextForDutchAndEnglish) {
  std::string nl = NewCase(kDutchCase);
  ProcessResult check = node_.Run({"case", "check", nl.substr(0, 8)});
  ASSERT_EQ(check.exit_code, 0) << check.err;
  EXPECT_TRUE(Has(check.out, "(Dutch)"));
  EXPECT_TRUE(Has(check.out, "Work situation, line 1:  Mijn coachee «Sanne Wolfswinkel» werkt"))
      << check.out;
  EXPECT_TRUE(Has(check.out, "person name — a name after a role word"));
  EXPECT_FALSE(Has(check.out, "confidence")) << check.out;  // engineers' detail: --verbose
  EXPECT_TRUE(Has(node_.Run({"case", "check", nl.substr(0, 8), "--verbose"}).out,
                  "(role+name), confidence 0.80"));
  EXPECT_TRUE(Has(check.out, "Work situation, line 3:  Bel «06-12345678» of mail"));
  EXPECT_TRUE(Has(check.out, "phone number — the shape of a phone number"));
  EXPECT_TRUE(Has(check.out, "Next actions, line 1:  Gesprek met Henk plannen op «12 maart 2027»"));
  EXPECT_TRUE(Has(check.out, "findings in 2 fields:"));
  EXPECT_TRUE(Has(check.out, "person names"));
  EXPECT_TRUE(Has(check.out, "kring case anonymise " + nl.substr(0, 8)));
  // Without a terminal the span is marked with « », never with escape sequences.
  EXPECT_FALSE(Has(check.out, "\x1b["));

  std::string en = NewCase(kEnglishCase);
  ProcessResult en_check = node_.Run({"case", "check", en, "--json"});
  ASSERT_EQ(en_check.exit_code, 0) << en_check.err;
  EXPECT_TRUE(Has(en_check.out, "\"language\": \"en\""));
  EXPECT_TRUE(Has(en_check.out, "\"text\": \"Sarah Thornbury\", \"type\": \"person\""));
  EXPECT_TRUE(Has(en_check.out, "\"text\": \"s.thornbury@example.org\", \"type\": \"email\""));
  EXPECT_TRUE(Has(en_check.out, "\"field\": \"situation\", \"line\": 2"));
  EXPECT_TRUE(Has(en_check.out, "\"shareable\": false"));

  EXPECT_EQ(node_.Run({"case", "check", "deadbeef"}).exit_code, 1);
}

TEST_F(AnonymiseCliTest, AnonymiseStoresAVersionWithoutRealNamesAndStableLabels) {
  std::string id = NewCase(kDutchCase);
  ProcessResult none = node_.Run({"case", "show", id, "--anonymised"});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_TRUE(Has(none.err, "not been anonymised yet"));

  // No terminal and no --yes: nothing is saved.
  ProcessResult refused = node_.Run({"case", "anonymise", id});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(Has(refused.err, "--yes"));
  EXPECT_TRUE(Has(refused.out, "- Mijn coachee Sanne Wolfswinkel werkt"));  // the diff was shown
  EXPECT_TRUE(Has(refused.out, "+ Mijn coachee [PERSOON-1] werkt"));
  EXPECT_EQ(node_.Run({"case", "show", id, "--anonymised"}).exit_code, 1);

  ProcessResult saved = node_.Run({"case", "anonymise", id, "--yes"});
  ASSERT_EQ(saved.exit_code, 0) << saved.err;
  EXPECT_TRUE(Has(saved.out, "it is shareable"));
  ProcessResult shown = node_.Run({"case", "show", id, "--anonymised"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  for (const char* real : {"Sanne", "Wolfswinkel", "Henk", "Boer", "Utrecht", "06-12345678",
                           "sanne@voorbeeld.nl", "12 maart"}) {
    EXPECT_FALSE(Has(shown.out, real)) << real << " leaked:\n" << shown.out;
  }
  EXPECT_TRUE(Has(shown.out, "Mijn coachee [PERSOON-1] werkt"));
  EXPECT_TRUE(Has(shown.out, "Gesprek met [PERSOON-2] plannen"));  // "Henk" = Henk de Boer
  EXPECT_TRUE(Has(CaseStatusOf(id), "shareable"));
  // The coach's own view keeps the real names.
  EXPECT_TRUE(Has(node_.Run({"case", "show", id}).out, "Sanne Wolfswinkel"));

  // A second run gives the same labels; the mapping is sealed, not in the database in clear.
  ASSERT_EQ(node_.Run({"case", "anonymise", id, "--yes"}).exit_code, 0);
  // The text after the heading lines: the second run saves the case again, so its "updated"
  // time may be a minute later.
  const auto body = [](const std::string& out) { return out.substr(out.find("\n\n")); };
  EXPECT_EQ(body(node_.Run({"case", "show", id, "--anonymised"}).out), body(shown.out));
  std::string db = ReadFile(node_.home() + "/kring.db") + ReadFile(node_.home() + "/kring.db-wal");
  EXPECT_FALSE(Has(db, "Wolfswinkel"));
}

TEST_F(AnonymiseCliTest, KeptFindingIsRecordedAndEditingInvalidates) {
  std::string id = NewCase(kDutchCase);
  ProcessResult bad_keep = node_.Run({"case", "anonymise", id, "--keep", "Nergens", "--yes"});
  EXPECT_EQ(bad_keep.exit_code, 2);
  EXPECT_TRUE(Has(bad_keep.err, "matches no finding"));

  ProcessResult kept = node_.Run({"case", "anonymise", id, "--keep", "Feedforward", "--yes"});
  ASSERT_EQ(kept.exit_code, 0) << kept.err;
  EXPECT_TRUE(Has(kept.out, "Kept in Work situation: \"Feedforward\""));
  EXPECT_TRUE(Has(kept.out, "1 kept by you"));
  EXPECT_TRUE(Has(CaseStatusOf(id), "shareable"));
  ProcessResult shown = node_.Run({"case", "show", id, "--anonymised"});
  EXPECT_TRUE(Has(shown.out, "de Feedforward methode"));
  ProcessResult check = node_.Run({"case", "check", id, "--json"});
  EXPECT_TRUE(Has(check.out, "\"text\": \"Feedforward\"")) << check.out;
  EXPECT_TRUE(Has(check.out, "\"kept\": true"));
  EXPECT_TRUE(Has(check.out, "\"shareable\": true"));
  // The choice holds for later runs, until taken back.
  ASSERT_EQ(node_.Run({"case", "anonymise", id, "--yes"}).exit_code, 0);
  EXPECT_TRUE(Has(node_.Run({"case", "show", id, "--anonymised"}).out, "Feedforward"));
  ASSERT_EQ(node_.Run({"case", "anonymise", id, "--unkeep", "Feedforward", "--yes"}).exit_code, 0);
  EXPECT_FALSE(Has(node_.Run({"case", "show", id, "--anonymised"}).out, "Feedforward"));
  ASSERT_EQ(node_.Run({"case", "anonymise", id, "--keep", "Feedforward", "--yes"}).exit_code, 0);

  // Editing the case makes the anonymised version stale: no longer shareable.
  std::string edited = kDutchCase;
  edited.replace(edited.find("Henk plannen"), 4, "Karel");
  WriteFile(dir_.File("edited.md"), edited);
  ASSERT_EQ(node_.Run({"case", "edit", id, "--from", dir_.File("edited.md")}).exit_code, 0);
  EXPECT_FALSE(Has(CaseStatusOf(id), "shareable"));
  ProcessResult after = node_.Run({"case", "check", id, "--json"});
  EXPECT_TRUE(Has(after.out, "\"stale\": true"));
  EXPECT_TRUE(Has(after.out, "\"shareable\": false"));
  ProcessResult stale = node_.Run({"case", "show", id, "--anonymised"});
  EXPECT_EQ(stale.exit_code, 0);
  EXPECT_TRUE(Has(stale.err, "changed after it was anonymised"));
  EXPECT_FALSE(Has(stale.out, "Karel"));  // the older anonymised version
  ASSERT_EQ(node_.Run({"case", "anonymise", id, "--yes"}).exit_code, 0);
  EXPECT_TRUE(Has(CaseStatusOf(id), "shareable"));
  EXPECT_FALSE(Has(node_.Run({"case", "show", id, "--anonymised"}).out, "Karel"));
}

TEST_F(AnonymiseCliTest, NodeListsAddRemoveListAndAlwaysRemoveCatchesAMissedName) {
  std::string id = NewCase(kEnglishCase);
  ProcessResult before = node_.Run({"case", "check", id});
  // A dictionary word at a line start before an ordinary verb: the rules and the learned part
  // both miss it.
  EXPECT_FALSE(Has(before.out, "«Felicity»"));
  ASSERT_EQ(node_.Run({"case", "anonymise", id, "--yes"}).exit_code, 0);
  EXPECT_TRUE(Has(CaseStatusOf(id), "shareable"));

  ProcessResult add = node_.Run({"names", "add", "Felicity", "Contoso Group"});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  EXPECT_TRUE(Has(add.out, "Added to your always-remove names: \"Felicity\", \"Contoso Group\""));
  // The shared-ready version now shows a listed name: shareability is withdrawn.
  EXPECT_TRUE(Has(add.out, "Case " + id.substr(0, 8) + " is no longer shareable"));
  EXPECT_FALSE(Has(CaseStatusOf(id), "shareable"));

  ProcessResult after = node_.Run({"case", "check", id});
  EXPECT_TRUE(Has(after.out, "«Felicity»")) << after.out;
  EXPECT_TRUE(Has(after.out, "on your always-remove list"));
  ASSERT_EQ(node_.Run({"case", "anonymise", id, "--yes"}).exit_code, 0);
  EXPECT_FALSE(Has(node_.Run({"case", "show", id, "--anonymised"}).out, "Felicity"));
  EXPECT_TRUE(Has(CaseStatusOf(id), "shareable"));

  ProcessResult again = node_.Run({"names", "add", "felicity"});
  EXPECT_TRUE(Has(again.out, "Already on your always-remove names: \"felicity\""));
  ProcessResult list = node_.Run({"names", "list"});
  EXPECT_TRUE(Has(list.out, "Always remove (2):\n  Felicity\n  Contoso Group\n")) << list.out;
  ProcessResult json = node_.Run({"names", "list", "--json"});
  EXPECT_EQ(json.out, "{\"always_remove\": [\"Felicity\", \"Contoso Group\"], \"allow\": []}\n");

  ProcessResult unknown = node_.Run({"names", "remove", "Felicity", "Nobody"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_TRUE(Has(unknown.err, "not on your lists: 'Nobody'"));
  ASSERT_EQ(node_.Run({"names", "remove", "Felicity"}).exit_code, 0);
  EXPECT_EQ(node_.Run({"names", "list", "--json"}).out,
            "{\"always_remove\": [\"Contoso Group\"], \"allow\": []}\n");
  EXPECT_EQ(node_.Run({"names", "add", " "}).exit_code, 2);
  EXPECT_EQ(node_.Run({"names", "add", std::string(300, 'x')}).exit_code, 2);
}

TEST_F(AnonymiseCliTest, AllowListAndPerCaseNames) {
  std::string id = NewCase(kDutchCase);
  EXPECT_TRUE(Has(node_.Run({"case", "check", id}).out, "«Feedforward»"));
  ASSERT_EQ(node_.Run({"names", "add", "--allow", "Feedforward"}).exit_code, 0);
  ProcessResult check = node_.Run({"case", "check", id});
  EXPECT_FALSE(Has(check.out, "«Feedforward»")) << check.out;
  ASSERT_EQ(node_.Run({"case", "anonymise", id, "--yes"}).exit_code, 0);
  EXPECT_TRUE(Has(node_.Run({"case", "show", id, "--anonymised"}).out, "de Feedforward methode"));
  EXPECT_TRUE(Has(node_.Run({"names", "list"}).out, "Allowed, never removed (1):\n  Feedforward"));

  // A per-case name the gazetteers miss ("Brandt" is a Dutch verb form; at a line start before an
  // ordinary verb the learned part leaves it too), kept with the case.
  std::string other = NewCase(
      "## Title\nGesprek over samenwerking\n\n## Work situation\nBrandt vond het gesprek over "
      "zijn werk lastig.\n");
  EXPECT_FALSE(Has(node_.Run({"case", "check", other}).out, "«Brandt»"));
  ProcessResult named = node_.Run({"case", "check", other, "--name", "Brandt"});
  EXPECT_TRUE(Has(named.out, "«Brandt»")) << named.out;
  EXPECT_TRUE(Has(named.out, "one of this case's own names"));
  EXPECT_TRUE(Has(node_.Run({"case", "check", other}).out, "«Brandt»"));  // remembered
  EXPECT_FALSE(Has(node_.Run({"case", "check", id}).out, "«Brandt»"));    // only in that case
  ASSERT_EQ(node_.Run({"case", "anonymise", other, "--yes"}).exit_code, 0);
  EXPECT_TRUE(Has(node_.Run({"case", "show", other, "--anonymised"}).out,
                  "[PERSOON-1] vond het gesprek over zijn werk lastig."));
}

TEST_F(AnonymiseCliTest, AnonymiseAnyFileOrStdin) {
  const std::string text =
      "Yesterday I met Sarah Thornbury at St Mary's Hospital. Call +44 20 7946 0958.\n"
      "Sarah wants to delegate more.\n";
  WriteFile(dir_.File("note.txt"), text);
  // No node is needed: run without a home or passphrase.
  std::map<std::string, std::string> no_node = {{"KRING_HOME", dir_.File("nowhere")}};
  ProcessResult file = RunProcess(KRING_BINARY, {"anonymise", dir_.File("note.txt")}, no_node);
  ASSERT_EQ(file.exit_code, 0) << file.err;
  EXPECT_EQ(file.out,
            "Yesterday I met [PERSON-1] at [ORGANISATION-1]. Call [PHONE-1].\n"
            "[PERSON-1] wants to delegate more.\n");
  ProcessResult stdin_run = RunProcess(KRING_BINARY, {"anonymise", "-"}, no_node, text);
  EXPECT_EQ(stdin_run.out, file.out);
  ProcessResult dutch = RunProcess(KRING_BINARY, {"anonymise", "-", "--lang", "nl"}, no_node, text);
  EXPECT_TRUE(Has(dutch.out, "[PERSOON-1]"));
  ProcessResult findings =
      RunProcess(KRING_BINARY, {"anonymise", "--findings", "-"}, no_node, text);
  EXPECT_TRUE(Has(findings.out, "line 1:  Yesterday I met «Sarah Thornbury» at"));
  EXPECT_TRUE(Has(findings.out, "4 findings."));
  ProcessResult json = RunProcess(KRING_BINARY, {"anonymise", "--json", "-"}, no_node, text);
  EXPECT_TRUE(Has(json.out, "\"language\": \"en\", \"count\": 4"));
  EXPECT_TRUE(Has(json.out, "\"redacted\": \"Yesterday I met [PERSON-1]"));

  WriteFile(dir_.File("bad.txt"), "Fine first line\nthen \xC3\x28 broken\n");
  ProcessResult bad = RunProcess(KRING_BINARY, {"anonymise", dir_.File("bad.txt")}, no_node);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(Has(bad.err, "not valid UTF-8 (line 2, column 6")) << bad.err;
  EXPECT_EQ(RunProcess(KRING_BINARY, {"anonymise", dir_.File("missing.txt")}, no_node).exit_code,
            1);
  EXPECT_EQ(RunProcess(KRING_BINARY, {"anonymise", "-", "--lang", "fr"}, no_node, text).exit_code,
            2);
  {
    std::ofstream huge(dir_.File("huge.txt"), std::ios::binary);
    std::string block(1 << 20, 'a');
    for (int i = 0; i < 65; ++i) huge << block;
  }
  ProcessResult too_big = RunProcess(KRING_BINARY, {"anonymise", dir_.File("huge.txt")}, no_node);
  EXPECT_EQ(too_big.exit_code, 2);
  EXPECT_TRUE(Has(too_big.err, "too large"));
  std::filesystem::remove(dir_.File("huge.txt"));

  // With a node and its passphrase, the node's lists apply.
  ASSERT_EQ(node_.Run({"names", "add", "delegate"}).exit_code, 0);
  ProcessResult listed = node_.Run({"anonymise", dir_.File("note.txt")});
  EXPECT_TRUE(Has(listed.out, "[PERSON-1] wants to [PERSON-2] more.")) << listed.out;
  ProcessResult without =
      RunProcess(KRING_BINARY, {"--home", node_.home(), "anonymise", "-"}, {}, text);
  EXPECT_TRUE(Has(without.out, "wants to delegate more"));
  ProcessResult need_pass = RunProcess(
      KRING_BINARY, {"--home", node_.home(), "anonymise", "--with-node-lists", "-"}, {}, text);
  EXPECT_EQ(need_pass.exit_code, 1);
  EXPECT_TRUE(Has(need_pass.err, "KRING_PASSPHRASE"));
}

TEST_F(AnonymiseCliTest, CaseFocusTextAndJson) {
  std::string id = NewCase(kDutchCase);
  // The report speaks the reader's language; the cues are the case's own words.
  ProcessResult text = node_.Run({"case", "focus", id}, {{"KRING_LANG", "nl"}});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_TRUE(Has(text.out, "zinnen"));
  EXPECT_TRUE(Has(text.out, "werk & context"));
  ProcessResult english = node_.Run({"case", "focus", id});
  EXPECT_TRUE(Has(english.out, "sentences")) << english.out;
  EXPECT_TRUE(Has(english.out, "«gemeente»"));
  EXPECT_TRUE(Has(text.out, "«gemeente»"));  // the deciding cue, marked without a terminal
  // Each sentence is listed once, with its label and the reasons for it.
  auto count = [](const std::string& hay, const std::string& needle) {
    size_t n = 0;
    for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count(english.out, "Sanne Wolfswinkel"), 1u) << english.out;
  EXPECT_EQ(count(english.out, "Henk de Boer"), 1u) << english.out;
  EXPECT_TRUE(Has(english.out, "(reasons: ")) << english.out;
  EXPECT_TRUE(Has(text.out, "(redenen: ")) << text.out;
  ProcessResult json = node_.Run({"case", "focus", id, "--json"});
  ASSERT_EQ(json.exit_code, 0);
  EXPECT_EQ(json.out.rfind("{\"language\":\"nl\"", 0), 0u) << json.out.substr(0, 80);
  EXPECT_TRUE(Has(json.out, "\"sentence_count\":"));
  EXPECT_TRUE(Has(json.out, "Sanne"));  // the coach's own text

  EXPECT_EQ(node_.Run({"case", "focus", id, "--anonymised"}).exit_code, 1);
  ASSERT_EQ(node_.Run({"case", "anonymise", id, "--yes"}).exit_code, 0);
  ProcessResult anon = node_.Run({"case", "focus", id, "--anonymised", "--json"});
  ASSERT_EQ(anon.exit_code, 0) << anon.err;
  EXPECT_FALSE(Has(anon.out, "Sanne"));
  EXPECT_TRUE(Has(anon.out, "[PERSOON-1]"));
}

}  // namespace
}  // namespace kring
