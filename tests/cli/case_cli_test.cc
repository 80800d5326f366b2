// Runs the real kring binary in temporary homes: the coach's everyday commands and every error
// a coach can run into, with the exit codes of CONVENTIONS.md.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/test_util.h"

namespace kring {
namespace {

using testing::KringNode;
using testing::ProcessResult;
using testing::ReadFile;
using testing::TempDir;
using testing::WriteFile;

constexpr char kCaseFile[] =
    "<!-- a comment -->\n"
    "## Title\nTeamleider onder druk\n\n"
    "## Session date\n2026-11-20\n\n"
    "## Tags\nleiderschap, reorganisatie\n\n"
    "## Work situation\nDe teamleider moet een reorganisatie doorvoeren.\n\n"
    "## Next actions\nGesprek met de manager plannen.\n";

class CaseCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ProcessResult init = node_.Run({"init", "--alias", "Anna"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
  }
  std::string FirstCaseId() {
    ProcessResult list = node_.Run({"case", "list", "--json"});
    EXPECT_EQ(list.exit_code, 0) << list.err;
    size_t at = list.out.find("\"id\": \"");
    return at == std::string::npos ? "" : list.out.substr(at + 7, 32);
  }
  TempDir dir_;
  KringNode node_{dir_.File("anna")};
};

TEST_F(CaseCliTest, InitWhoamiAndExistingNode) {
  ProcessResult who = node_.Run({"whoami"});
  EXPECT_EQ(who.exit_code, 0);
  EXPECT_NE(who.out.find("fingerprint:"), std::string::npos);
  ProcessResult exported = node_.Run({"whoami", "--export"});
  EXPECT_EQ(exported.exit_code, 0);
  EXPECT_EQ(exported.out.rfind("kring-id1:", 0), 0u);
  ProcessResult again = node_.Run({"init"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("already exists"), std::string::npos);
}

TEST_F(CaseCliTest, NewFromFileListShowEditDelete) {
  WriteFile(dir_.File("case.md"), kCaseFile);
  ProcessResult created = node_.Run({"case", "new", "--from", dir_.File("case.md")});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  std::string id = FirstCaseId();
  ASSERT_EQ(id.size(), 32u);

  ProcessResult list = node_.Run({"case", "list"});
  EXPECT_NE(list.out.find("Teamleider onder druk"), std::string::npos);
  EXPECT_NE(list.out.find(id.substr(0, 8)), std::string::npos);

  ProcessResult show = node_.Run({"case", "show", id.substr(0, 6)});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("reorganisatie doorvoeren"), std::string::npos);
  EXPECT_NE(show.out.find("## Next actions"), std::string::npos);

  ProcessResult json = node_.Run({"case", "show", id, "--json"});
  EXPECT_NE(json.out.find("\"session_date\":\"2026-11-20\""), std::string::npos) << json.out;

  // Edit through $EDITOR: a script that rewrites the title line.
  WriteFile(dir_.File("editor.sh"),
            "#!/bin/sh\nsed -i 's/^Teamleider onder druk$/Teamleider met nieuwe rol/' \"$1\"\n");
  std::filesystem::permissions(dir_.File("editor.sh"), std::filesystem::perms::owner_all);
  ProcessResult edit =
      node_.Run({"case", "edit", id.substr(0, 8)}, {{"EDITOR", dir_.File("editor.sh")}});
  ASSERT_EQ(edit.exit_code, 0) << edit.err;
  EXPECT_NE(node_.Run({"case", "show", id}).out.find("Teamleider met nieuwe rol"),
            std::string::npos);

  ProcessResult refuse = node_.Run({"case", "delete", id});
  EXPECT_EQ(refuse.exit_code, 1);  // no terminal to confirm on, no --yes
  ProcessResult del = node_.Run({"case", "delete", id, "--yes"});
  EXPECT_EQ(del.exit_code, 0) << del.err;
  EXPECT_NE(node_.Run({"case", "list"}).out.find("No cases yet"), std::string::npos);
}

TEST_F(CaseCliTest, NewWithEditorAndWithFlags) {
  WriteFile(dir_.File("fill.sh"),
            "#!/bin/sh\nsed -i 's/^## Title$/## Title\\nUit de editor/' \"$1\"\n");
  std::filesystem::permissions(dir_.File("fill.sh"), std::filesystem::perms::owner_all);
  ProcessResult created = node_.Run(
      {"case", "new"}, {{"EDITOR", dir_.File("fill.sh")}, {"XDG_RUNTIME_DIR", dir_.path()}});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  ProcessResult flags = node_.Run(
      {"case", "new", "--title", "Via vlaggen", "--situation", "Een situatie", "--tags", "a,b"});
  ASSERT_EQ(flags.exit_code, 0) << flags.err;
  ProcessResult list = node_.Run({"case", "list"});
  EXPECT_NE(list.out.find("Uit de editor"), std::string::npos);
  EXPECT_NE(list.out.find("Via vlaggen"), std::string::npos);
  // The scratch file with plaintext is gone after a successful save.
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
    EXPECT_EQ(entry.path().filename().string().find("kring-case-"), std::string::npos);
  }
}

// Issue 11 #9: without $VISUAL and $EDITOR, Debian's sensible-editor opens the case, and the
// coach is told which editor that is and how to leave it.
TEST_F(CaseCliTest, WithoutEditorVariablesSensibleEditorOpensAndTheCoachIsToldHowToLeave) {
  const std::string bin = dir_.File("bin");
  std::filesystem::create_directory(bin);
  WriteFile(bin + "/sensible-editor",
            "#!/bin/sh\nsed -i 's/^## Title$/## Title\\nVia sensible-editor/' \"$1\"\n");
  std::filesystem::permissions(bin + "/sensible-editor", std::filesystem::perms::owner_all);
  ProcessResult created = node_.Run({"case", "new"}, {{"EDITOR", ""},
                                                      {"VISUAL", ""},
                                                      {"PATH", bin + ":/usr/bin:/bin"},
                                                      {"XDG_RUNTIME_DIR", dir_.path()}});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_NE(created.err.find("Opening the text in sensible-editor"), std::string::npos)
      << created.err;
  EXPECT_NE(created.err.find("Ctrl+X"), std::string::npos) << created.err;
  EXPECT_NE(node_.Run({"case", "list"}).out.find("Via sensible-editor"), std::string::npos);
}

// Issue 11 #10: typos in commands get a suggestion and exit 2; `kring help COMMAND` works.
TEST_F(CaseCliTest, UnknownCommandsSuggestTheClosestAndHelpWorks) {
  ProcessResult top = node_.Run({"caes", "list"});
  EXPECT_EQ(top.exit_code, 2);
  EXPECT_NE(top.err.find("unknown command 'caes' — did you mean 'case'?"), std::string::npos)
      << top.err;
  ProcessResult nested = node_.Run({"case", "nwe"});
  EXPECT_EQ(nested.exit_code, 2);
  EXPECT_NE(nested.err.find("unknown command 'case nwe' — did you mean 'case new'?"),
            std::string::npos)
      << nested.err;
  ProcessResult far = node_.Run({"xyzzy"});
  EXPECT_EQ(far.exit_code, 2);
  EXPECT_NE(far.err.find("unknown command 'xyzzy'"), std::string::npos) << far.err;
  EXPECT_EQ(far.err.find("did you mean"), std::string::npos) << far.err;
  ProcessResult help = node_.Run({"help", "case", "new"});
  EXPECT_EQ(help.exit_code, 0) << help.err;
  EXPECT_NE(help.out.find("case new"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("--title"), std::string::npos) << help.out;
  ProcessResult help_all = node_.Run({"help"});
  EXPECT_EQ(help_all.exit_code, 0);
  EXPECT_NE(help_all.out.find("review"), std::string::npos) << help_all.out;
  ProcessResult help_typo = node_.Run({"help", "reviw"});
  EXPECT_EQ(help_typo.exit_code, 2);
  EXPECT_NE(help_typo.err.find("did you mean 'review'?"), std::string::npos) << help_typo.err;
  // A positional that happens to look like a typo is not mistaken for one.
  EXPECT_EQ(node_.Run({"case", "show", "caes"}).exit_code, 1);
}

TEST_F(CaseCliTest, ErrorsACoachUnderstands) {
  // Wrong passphrase: integrity error, exit 4.
  ProcessResult wrong = node_.Run({"case", "list"}, {{"KRING_PASSPHRASE", "not the passphrase"}});
  EXPECT_EQ(wrong.exit_code, 4);
  EXPECT_NE(wrong.err.find("wrong passphrase"), std::string::npos);

  // No node yet: suggest kring init.
  KringNode nobody(dir_.File("nobody"));
  ProcessResult none = nobody.Run({"case", "list"});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.err.find("kring init"), std::string::npos);

  // Unknown and malformed ids.
  EXPECT_EQ(node_.Run({"case", "show", "deadbeef"}).exit_code, 1);
  EXPECT_EQ(node_.Run({"case", "show", "xyz!"}).exit_code, 1);

  // Malformed case file: the heading is named.
  WriteFile(dir_.File("bad.md"), "## Title\nx\n## Gevoelens\nverdriet\n");
  ProcessResult bad = node_.Run({"case", "new", "--from", dir_.File("bad.md")});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("Gevoelens"), std::string::npos);
  EXPECT_NE(bad.err.find("line 3"), std::string::npos);

  // Oversized, unreadable and binary files.
  WriteFile(dir_.File("big.md"), "## Title\n" + std::string(2 << 20, 'a'));
  EXPECT_EQ(node_.Run({"case", "new", "--from", dir_.File("big.md")}).exit_code, 2);
  EXPECT_EQ(node_.Run({"case", "new", "--from", dir_.File("missing.md")}).exit_code, 1);
  WriteFile(dir_.File("bin.md"), std::string("## Title\n\xff\xfe\x00\x01", 13));
  EXPECT_EQ(node_.Run({"case", "new", "--from", dir_.File("bin.md")}).exit_code, 2);

  // Usage errors.
  EXPECT_EQ(node_.Run({"case", "frobnicate"}).exit_code, 2);
  EXPECT_EQ(node_.Run({"case", "new", "--title", "x", "--date", "gisteren"}).exit_code, 2);

  // Nothing above left a case behind.
  EXPECT_NE(node_.Run({"case", "list"}).out.find("No cases yet"), std::string::npos);
}

TEST_F(CaseCliTest, CaseFromStdin) {
  ProcessResult created = node_.Run({"case", "new", "--from", "-"}, {}, kCaseFile);
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_EQ(FirstCaseId().size(), 32u);
}

TEST_F(CaseCliTest, CorruptAndForeignDatabases) {
  TempDir other;
  std::filesystem::create_directories(other.File("home"));
  WriteFile(other.File("home/kring.db"), std::string(4096, 'z'));
  KringNode corrupt(other.File("home"));
  ProcessResult r = corrupt.Run({"case", "list"});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_NE(r.err.find("not a Kring database"), std::string::npos) << r.err;
  // The file was not overwritten.
  EXPECT_EQ(ReadFile(other.File("home/kring.db")), std::string(4096, 'z'));
}

TEST_F(CaseCliTest, FailedEditorLeavesCaseUnchanged) {
  WriteFile(dir_.File("case.md"), kCaseFile);
  ASSERT_EQ(node_.Run({"case", "new", "--from", dir_.File("case.md")}).exit_code, 0);
  std::string id = FirstCaseId();
  ProcessResult edit = node_.Run({"case", "edit", id}, {{"EDITOR", "false"}});
  EXPECT_EQ(edit.exit_code, 1);
  WriteFile(dir_.File("break.sh"), "#!/bin/sh\necho '## Bogus' >> \"$1\"\n");
  std::filesystem::permissions(dir_.File("break.sh"), std::filesystem::perms::owner_all);
  ProcessResult broken = node_.Run(
      {"case", "edit", id}, {{"EDITOR", dir_.File("break.sh")}, {"XDG_RUNTIME_DIR", dir_.path()}});
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_NE(broken.err.find("kept in"), std::string::npos);
  EXPECT_NE(node_.Run({"case", "show", id}).out.find("Teamleider onder druk"), std::string::npos);
}

}  // namespace
}  // namespace kring

namespace kring {
namespace {

// Issue 11 #11: help speaks in words (no library type tags), the everyday commands of a group
// have an example, and what Kring prints to be copied is quoted for the shell.
TEST(HelpTextTest, WordsNotTypeTagsAndExamplesWhereCoachesNeedThem) {
  testing::TempDir dir;
  testing::KringNode node(dir.File("anna"));
  const std::vector<std::vector<std::string>> commands = {{"init"},
                                                          {"whoami"},
                                                          {"case", "new"},
                                                          {"case", "check"},
                                                          {"case", "anonymise"},
                                                          {"case", "share"},
                                                          {"case", "retract"},
                                                          {"group", "create"},
                                                          {"group", "add"},
                                                          {"group", "read"},
                                                          {"peer", "add"},
                                                          {"peer", "list"},
                                                          {"sync"},
                                                          {"serve"},
                                                          {"ask"},
                                                          {"review"},
                                                          {"inbox"},
                                                          {"audit"},
                                                          {"export"},
                                                          {"import"},
                                                          {"names", "add"}};
  for (const auto& command : commands) {
    std::vector<std::string> args = command;
    args.push_back("--help");
    const testing::ProcessResult help = node.Run(args);
    ASSERT_EQ(help.exit_code, 0) << command[0];
    for (const char* tag : {" TEXT", "INT:", "UINT", "(1x)", "ARGS(", " REQUIRED"}) {
      EXPECT_EQ(help.out.find(tag), std::string::npos) << command[0] << " shows " << tag << "\n"
                                                       << help.out;
    }
  }
  for (const auto& command : std::vector<std::vector<std::string>>{
           {"group", "add"}, {"peer", "add"}, {"sync"}, {"serve"}, {"ask"}, {"audit"}}) {
    std::vector<std::string> args = command;
    args.push_back("--help");
    const std::string out = node.Run(args).out;
    EXPECT_NE(out.find("Example"), std::string::npos) << command[0] << "\n" << out;
    EXPECT_NE(out.find("  kring " + command[0]), std::string::npos) << out;
  }
  // A group name with a space and a quote is printed so that it can be pasted as it is.
  ASSERT_EQ(node.Run({"init", "--alias", "Anna"}).exit_code, 0);
  const testing::ProcessResult created = node.Run({"group", "create", "Anna's kring"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_NE(created.out.find("`kring group add 'Anna'\\''s kring' IDENTITY --role coach`"),
            std::string::npos)
      << created.out;
}

}  // namespace
}  // namespace kring
