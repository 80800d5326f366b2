#include "cli/app.h"

#include <google/protobuf/stubs/logging.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "cli/context.h"
#include "cli/terminal.h"
#include "core/base/json.h"
#include "core/crypto/crypto.h"

namespace kring::cli {

Result<std::unique_ptr<Node>> Context::OpenNode() const {
  KRING_ASSIGN_OR_RETURN(std::string home, Home());
  if (::access(DatabasePath(home).c_str(), F_OK) != 0) {
    return Status::User("there is no Kring node in " + home + " yet: create one with `kring init`");
  }
  KRING_ASSIGN_OR_RETURN(SecretBytes passphrase,
                         ReadPassphrase("Passphrase for " + home + ": ", /*confirm=*/false));
  return Node::Open(home, passphrase.view());
}

std::string JsonString(std::string_view s) { return JsonQuote(s); }

Result<std::optional<CaseRecord>> LocalCaseOfEntry(Node& node, std::string_view entry_id) {
  KRING_ASSIGN_OR_RETURN(std::vector<CaseRecord> cases, node.ListCases());
  for (CaseRecord& record : cases) {
    for (const pb::SharedCopy& copy : record.stored.shared()) {
      if (copy.entry_id() == entry_id) return std::optional<CaseRecord>(std::move(record));
    }
  }
  return std::optional<CaseRecord>();
}

int Run(int argc, char** argv) {
  // Protobuf reports malformed input (e.g. invalid UTF-8 in a peer's or a pasted text field) on
  // stderr in developer terms. Kring reports every such refusal itself, in words a coach can act
  // on; and a peer must not be able to write lines of its choosing into our logs.
  google::protobuf::SetLogHandler(nullptr);
  if (!InitCrypto()) {
    std::cerr << "kring: the system's random number source is unavailable\n";
    return 4;
  }
  CLI::App app{
      "Kring: intervision and supervision for coaches.\n"
      "Write case reflections, anonymise them, share them with your intervision group and\n"
      "review each other's work. Everything is stored encrypted on your own machine."};
  app.name("kring");
  app.require_subcommand(1);
  app.set_version_flag("--version", "kring 0.1.0");
  Context ctx;
  app.add_option("--home", ctx.home_flag,
                 "The node's folder (default: $KRING_HOME, else $XDG_DATA_HOME/kring)");
  RegisterNodeCommands(app, ctx);
  RegisterCaseCommands(app, ctx);
  RegisterGroupCommands(app, ctx);
  RegisterAnonymiseCommands(app, ctx);
  RegisterReviewCommands(app, ctx);
  RegisterSyncCommands(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (!ctx.action) {
    std::cerr << app.help();
    return 2;
  }
  Status status = ctx.action();
  if (!status.ok()) {
    std::cerr << "kring: " << status.message() << "\n";
    return status.exit_code();
  }
  return 0;
}

}  // namespace kring::cli
