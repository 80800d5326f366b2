// kring serve and kring relay setup: a long-lived node (cli/node_server.h) that stops cleanly on
// SIGINT/SIGTERM, and answers this user's commands with its key (net/agent.h) so they need no
// passphrase while it runs.
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/signal_set.hpp>
#include <csignal>
#include <iostream>

#include "cli/node_server.h"
#include "cli/peer_sync.h"
#include "core/i18n/messages.h"
#include "net/agent.h"

namespace kring::cli {
namespace {

using i18n::Tr;

// kring serve and kring relay setup: the node, hardened, unlocked and serving until a signal.
Status RunServer(Context& ctx, const ServeOptions& options) {
  DisableCoreDumps();
  // Whoever reads our stdout may stop (ServeProcess does after the first line): a write then
  // fails instead of ending the node.
  ::signal(SIGPIPE, SIG_IGN);
  RaiseFileLimit();
  KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
  asio::io_context io;
  NodeServer server(*node, options, io);
  KRING_RETURN_IF_ERROR(server.Start());
  // Commands of this user need no passphrase while the node runs, until `kring lock`; the
  // node itself keeps syncing (it has no page to unlock it again).
  bool agent_locked = false;
  AgentHooks hooks;
  hooks.store_key = [&]() -> std::optional<SecretBytes> {
    if (agent_locked) return std::nullopt;
    return node->store_key_for_agent().Clone();
  };
  hooks.lock = [&] {
    agent_locked = true;
    LogLine(Tr("serve.agent_locked"));
  };
  auto agent = AgentListener::Open(io.get_executor(), node->home(), std::move(hooks));
  if (agent.ok()) {
    asio::co_spawn(io, (*agent)->Run(), asio::detached);
  } else {
    LogLine(agent.status().message());
  }
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](std::error_code error, int) {
    if (error) return;
    LogLine(Tr("serve.stopping"));
    server.Stop();
    if (agent.ok()) (*agent)->Stop();
    io.stop();
  });
  io.run();
  return Status::Ok();
}

}  // namespace

void RegisterMailboxCommands(CLI::App& app, Context& ctx) {
  CLI::App* relay = app.get_subcommand("relay");
  auto* setup = relay->add_subcommand("setup", Tr("relay.setup.help"));
  setup->footer(Tr("relay.setup.footer"));
  auto options = std::make_shared<ServeOptions>();
  options->relay = true;
  options->mailbox = true;
  setup->add_option("--listen", options->listen, Tr("serve.help.listen"));
  setup->add_option("--address", options->addresses, Tr("relay.help.address"))
      ->option_text(Tr("help.value.address"));
  OnRun(setup, ctx, [&ctx, options]() -> Status { return RunServer(ctx, *options); });

  auto* code = relay->add_subcommand("code", Tr("relay.code.help"));
  auto addresses = std::make_shared<std::vector<std::string>>();
  auto renew = std::make_shared<bool>(false);
  code->add_option("--address", *addresses, Tr("relay.help.address"))
      ->option_text(Tr("help.value.address"));
  code->add_flag("--new", *renew, Tr("relay.code.help.new"));
  OnRun(code, ctx, [&ctx, addresses, renew]() -> Status {
    KRING_ASSIGN_OR_RETURN(std::string home, ctx.Home());
    // Before the node is opened (docs/decisions.md, 18).
    const std::optional<std::string> listened = ReadNodeSetting(home, "serve.listen");
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    KRING_ASSIGN_OR_RETURN(std::string shown,
                           MailboxCodeText(*node, *addresses, listened, /*serving=*/false, *renew));
    std::cout << shown;
    return Status::Ok();
  });
}

void RegisterServeCommand(CLI::App& app, Context& ctx) {
  auto* serve = app.add_subcommand("serve", Tr("serve.help"));
  serve->footer(Tr("serve.footer"));
  auto options = std::make_shared<ServeOptions>();
  serve->add_option("--listen", options->listen, Tr("serve.help.listen"));
  serve->add_flag("--relay", options->relay, Tr("serve.help.relay"));
  serve->add_flag("--announce", options->announce, Tr("serve.help.announce"));
  serve->add_flag("--accept-only", options->accept_only, Tr("serve.help.accept_only"));
  serve->add_option("--interval", options->interval_seconds, Tr("serve.help.interval"))
      ->check(CLI::Range(1, 86400));
  serve->add_option("--max-connections", options->max_connections, Tr("serve.help.max_connections"))
      ->check(CLI::Range(1, 4096));
  serve->add_option("--max-handshakes", options->max_handshakes, Tr("serve.help.max_handshakes"))
      ->check(CLI::Range(1, 4096));
  serve
      ->add_option("--handshake-timeout", options->handshake_timeout_seconds,
                   Tr("serve.help.handshake_timeout"))
      ->check(CLI::Range(1, 600));
  serve->add_option("--idle-timeout", options->idle_timeout_seconds, Tr("serve.help.idle_timeout"))
      ->check(CLI::Range(1, 3600));
  OnRun(serve, ctx, [&ctx, options]() -> Status { return RunServer(ctx, *options); });
}

}  // namespace kring::cli
