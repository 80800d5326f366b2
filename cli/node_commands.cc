// kring init, kring whoami.
#include <unistd.h>

#include <iostream>

#include "cli/context.h"
#include "cli/terminal.h"
#include "core/crypto/identity.h"

namespace kring::cli {

void RegisterNodeCommands(CLI::App& app, Context& ctx) {
  auto* init = app.add_subcommand("init", "Create your Kring node: keys and an encrypted store");
  auto alias = std::make_shared<std::string>();
  init->add_option("--alias", *alias, "The name your group knows you by (default: your login)");
  init->footer(
      "The passphrase protects everything Kring stores. It is asked twice without echo, or\n"
      "taken from KRING_PASSPHRASE. If you lose it, your cases cannot be recovered.");
  OnRun(init, ctx, [&ctx, alias]() -> Status {
    KRING_ASSIGN_OR_RETURN(std::string home, ctx.Home());
    std::string name = *alias;
    if (name.empty()) {
      const char* user = std::getenv("USER");
      name = user != nullptr && *user ? user : "coach";
    }
    KRING_RETURN_IF_ERROR(CheckAlias(name));
    if (::access(DatabasePath(home).c_str(), F_OK) == 0) {
      return Status::User("a Kring node already exists in " + home +
                          " (use it as it is, or choose another --home)");
    }
    KRING_ASSIGN_OR_RETURN(SecretBytes passphrase,
                           ReadPassphrase("Choose a passphrase: ", /*confirm=*/true));
    KRING_ASSIGN_OR_RETURN(auto node, Node::Init(home, passphrase.view(), name));
    std::cout << "Created your Kring node in " << home << "\n"
              << "  alias:       " << node->alias() << "\n"
              << "  fingerprint: " << node->fingerprint() << "\n"
              << "Next: write a case with `kring case new`, or send `kring whoami --export` to "
                 "your group's admin.\n";
    return Status::Ok();
  });

  auto* whoami = app.add_subcommand("whoami", "Show your fingerprint and public identity");
  auto export_flag = std::make_shared<bool>(false);
  auto json_flag = std::make_shared<bool>(false);
  whoami->add_flag("--export", *export_flag,
                   "Print your public identity as one line to send to a group admin");
  whoami->add_flag("--json", *json_flag, "Machine-readable output");
  OnRun(whoami, ctx, [&ctx, export_flag, json_flag]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    pb::PublicIdentity identity =
        MakePublicIdentity(node->signing_public_key(), node->sealing_public_key(),
                           node->signing_secret_key(), node->alias());
    std::string exported = EncodePublicIdentity(identity);
    if (*export_flag) {
      std::cout << exported << "\n";
    } else if (*json_flag) {
      std::cout << "{\"alias\": " << JsonString(node->alias())
                << ", \"fingerprint\": " << JsonString(node->fingerprint())
                << ", \"signing_key\": " << JsonString(ToHex(node->signing_public_key()))
                << ", \"identity\": " << JsonString(exported) << "}\n";
    } else {
      std::cout << "alias:       " << node->alias() << "\n"
                << "fingerprint: " << node->fingerprint() << "\n"
                << "node:        " << node->home() << "\n"
                << "Compare the fingerprint aloud when you join a group; send the line from\n"
                << "`kring whoami --export` to the group's admin.\n";
    }
    return Status::Ok();
  });
}

}  // namespace kring::cli
