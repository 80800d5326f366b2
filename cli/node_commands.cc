// kring init, kring whoami.
#include <unistd.h>

#include <iostream>

#include "cli/context.h"
#include "cli/terminal.h"
#include "core/crypto/identity.h"
#include "core/groups/group_writer.h"

namespace kring::cli {

namespace {

// The new alias on the node and, as a signed profile entry, in every group it is a member of;
// all in one transaction.
Status ChangeAlias(Node& node, const std::string& alias) {
  if (alias == node.alias()) {
    std::cout << "Your alias already is " << alias << ".\n";
    return Status::Ok();
  }
  GroupBook book(node);
  KRING_ASSIGN_OR_RETURN(auto ids, book.GroupIds());
  KRING_ASSIGN_OR_RETURN(auto tx, node.store().Begin());
  KRING_RETURN_IF_ERROR(node.SetAlias(alias));
  std::string told;
  for (const std::string& id : ids) {
    KRING_ASSIGN_OR_RETURN(LoadedGroup g, book.Load(id));
    if (g.local.relay() || g.state().FindMember(node.signing_public_key()) == nullptr ||
        g.keys.empty()) {
      continue;
    }
    KRING_ASSIGN_OR_RETURN(pb::Entry entry,
                           UpdateOwnProfile(g.ledger, g.keys, book.Me(), node.signing_secret_key(),
                                            alias, static_cast<uint64_t>(NowMillis())));
    KRING_RETURN_IF_ERROR(book.Append(g, {entry}));
    told += (told.empty() ? "" : ", ") + g.Name();
  }
  KRING_RETURN_IF_ERROR(tx->Commit());
  std::cout << "Your alias is now " << alias << ".\n";
  if (!told.empty()) {
    std::cout << "It reaches " << told << " with the next sync (`kring sync`), signed by you.\n";
  }
  return Status::Ok();
}

}  // namespace

void RegisterNodeCommands(CLI::App& app, Context& ctx) {
  auto* init = app.add_subcommand("init", "Create your Kring node: keys and an encrypted store");
  auto alias = std::make_shared<std::string>();
  init->add_option("--alias", *alias,
                   "The name your groups know you by (asked for when you leave it out)");
  init->footer(
      "The passphrase protects everything Kring stores. It is asked twice without echo, or\n"
      "taken from KRING_PASSPHRASE. If you lose it, your cases cannot be recovered.");
  OnRun(init, ctx, [&ctx, alias]() -> Status {
    KRING_ASSIGN_OR_RETURN(std::string home, ctx.Home());
    if (::access(DatabasePath(home).c_str(), F_OK) == 0) {
      return Status::User("a Kring node already exists in " + home +
                          " (use it as it is, or choose another --home)");
    }
    std::string name = *alias;
    if (name.empty()) {
      // A name is the coach's choice: colleagues see it in every group.
      if (!HaveTerminal()) {
        return Status::Usage(
            "give the name your groups will know you by with --alias, e.g. kring init --alias "
            "\"Anna de Vries\"");
      }
      KRING_ASSIGN_OR_RETURN(name, AskLine("Your name as colleagues will see it in groups: "));
    }
    KRING_RETURN_IF_ERROR(CheckAlias(name));
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
  auto new_alias = std::make_shared<std::string>();
  whoami->add_option("--alias", *new_alias,
                     "Change the name your groups know you by; they learn it with the next sync");
  whoami->add_flag("--export", *export_flag,
                   "Print your public identity as one line to send to a group admin");
  whoami->add_flag("--json", *json_flag, "Machine-readable output");
  OnRun(whoami, ctx, [&ctx, export_flag, json_flag, new_alias]() -> Status {
    if (!new_alias->empty()) KRING_RETURN_IF_ERROR(CheckAlias(*new_alias));
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    if (!new_alias->empty()) return ChangeAlias(*node, *new_alias);
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
