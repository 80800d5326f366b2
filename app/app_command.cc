#include "app/app_command.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/redirect_error.hpp>
#include <asio/signal_set.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <thread>

#include "app/app_host.h"
#include "app/web_server.h"
#include "cli/node_server.h"
#include "cli/peer_sync.h"
#include "core/i18n/messages.h"
#include "net/agent.h"

extern char** environ;

namespace kring::app {
namespace {

using i18n::Tr;

struct AppOptions {
  std::string listen = "127.0.0.1:7421";
  std::string peer_listen = "0.0.0.0:7420";
  bool no_browser = false;
  bool unlock = false;  // unlock at start (the prompt, KRING_PASSPHRASE or a running node)
  int interval_seconds = 300;
  int lock_after_seconds = 0;  // 0: the coach's setting (Settings), else 30 minutes
};

constexpr int kDefaultLockMinutes = 30;

// Opens the address in the coach's browser with xdg-open, without waiting for it; stdout and
// stderr of the browser go nowhere (the address holds the one-time token).
void OpenBrowser(const std::string& url) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  const char* argv[] = {"xdg-open", url.c_str(), nullptr};
  pid_t pid = 0;
  if (posix_spawnp(&pid, "xdg-open", &actions, nullptr, const_cast<char* const*>(argv), environ) !=
      0) {
    cli::LogLine(Tr("web.no_browser"));
  } else {
    std::thread([pid] {
      int status = 0;
      ::waitpid(pid, &status, 0);
    }).detach();
  }
  posix_spawn_file_actions_destroy(&actions);
}

std::chrono::seconds LockAfter(const AppOptions& options, const std::string& home) {
  if (options.lock_after_seconds > 0) return std::chrono::seconds(options.lock_after_seconds);
  int minutes = kDefaultLockMinutes;
  if (auto setting = ReadNodeSetting(home, "app.lock_minutes")) {
    try {
      minutes = std::clamp(std::stoi(*setting), 1, 24 * 60);
    } catch (const std::exception&) {
      minutes = kDefaultLockMinutes;
    }
  }
  return std::chrono::minutes(minutes);
}

// The agent and the idle timer, on a thread of their own for as long as the app runs.
asio::awaitable<void> IdleLoop(asio::io_context& io, AppHost& host) {
  asio::steady_timer timer(io);
  for (;;) {
    timer.expires_after(std::chrono::seconds(5));
    std::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    host.LockIfIdle(AppHost::Clock::now());
  }
}

Status RunApp(cli::Context& ctx, const AppOptions& options) {
  cli::DisableCoreDumps();
  ::signal(SIGPIPE, SIG_IGN);
  cli::RaiseFileLimit();
  KRING_ASSIGN_OR_RETURN(std::string home, ctx.Home());
  KRING_ASSIGN_OR_RETURN(auto host_port, cli::ParseHostPort(options.listen));
  if (host_port.first != "127.0.0.1" && host_port.first != "::1" &&
      host_port.first != "localhost") {
    // Without TLS and with a cookie as the only key, the app belongs on this computer only.
    return Status::Usage(Tr("web.listen_not_loopback", {{"address", options.listen}}));
  }
  if (host_port.first == "localhost") host_port.first = "127.0.0.1";

  cli::ServeOptions serve;
  serve.listen = options.peer_listen;
  serve.interval_seconds = options.interval_seconds;
  serve.quiet_stdout = true;
  AppHost host(home, serve, LockAfter(options, home));
  const bool unlock_now = options.unlock || std::getenv("KRING_PASSPHRASE") != nullptr;
  // Without a node the page starts with the first run (name, passphrase, language); only an
  // unlock asked for at the start needs one already.
  if (unlock_now && !host.has_node()) return Status::User(Tr("web.no_node", {{"home", home}}));
  if (unlock_now) {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    KRING_RETURN_IF_ERROR(host.Adopt(std::move(node)));
  }

  WebOptions web_options;
  web_options.host = host_port.first;
  web_options.port = host_port.second;
  WebApp web(host, web_options);
  KRING_RETURN_IF_ERROR(web.Bind());
  // The first line, read by people and by scripts: the address to open (one-time token).
  std::printf("%s\n", Tr("web.open", {{"url", web.LaunchUrl()}}).c_str());
  std::printf("%s\n", Tr("web.open_hint").c_str());
  std::fflush(stdout);

  asio::io_context io;
  AgentHooks hooks;
  hooks.store_key = [&host]() { return host.StoreKeyForAgent(); };
  hooks.lock = [&host]() { host.Lock(); };
  // The agent's socket lives in the node's home: opened now, or when the first run on the page
  // has made the home (then before the page hears that the node is made, so that a command
  // typed right after needs no passphrase either).
  std::shared_ptr<AgentListener> agent;
  auto open_agent = [&]() {
    if (agent) return;
    auto opened = AgentListener::Open(io.get_executor(), home, hooks);
    if (!opened.ok()) {
      cli::LogLine(opened.status().message());
      return;
    }
    agent = *opened;
    asio::co_spawn(io, agent->Run(), asio::detached);
  };
  if (host.has_node()) open_agent();
  host.SetOnCreated([&]() {
    auto opened = std::make_shared<std::promise<void>>();
    std::future<void> done = opened->get_future();
    asio::post(io, [&open_agent, opened]() {
      open_agent();
      opened->set_value();
    });
    done.wait_for(std::chrono::seconds(10));
  });
  asio::co_spawn(io, IdleLoop(io, host), asio::detached);
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](std::error_code error, int) {
    if (error) return;
    cli::LogLine(Tr("serve.stopping"));
    web.Stop();
  });
  std::thread agent_thread([&io] { io.run(); });

  if (!options.no_browser) OpenBrowser(web.LaunchUrl());
  web.Run();  // until a signal

  host.SetOnCreated(nullptr);
  host.Lock();
  asio::post(io, [&] {
    if (agent) agent->Stop();
    io.stop();
  });
  agent_thread.join();
  return Status::Ok();
}

}  // namespace

void RegisterAppCommand(CLI::App& app, cli::Context& ctx) {
  auto* command = app.add_subcommand("app", Tr("web.help"));
  command->footer(Tr("web.help.footer"));
  auto options = std::make_shared<AppOptions>();
  command->add_option("--listen", options->listen, Tr("web.help.listen"))
      ->option_text(Tr("help.value.address"));
  command->add_option("--peer-listen", options->peer_listen, Tr("web.help.peer_listen"))
      ->option_text(Tr("help.value.address"));
  command->add_flag("--no-browser", options->no_browser, Tr("web.help.no_browser"));
  command->add_flag("--unlock", options->unlock, Tr("web.help.unlock"));
  command->add_option("--interval", options->interval_seconds, Tr("serve.help.interval"))
      ->check(CLI::Range(1, 86400));
  // For tests and demos: lock after this many seconds without use (the coach sets minutes).
  command->add_option("--lock-after-seconds", options->lock_after_seconds)
      ->check(CLI::Range(1, 86400))
      ->group("");
  cli::OnRun(command, ctx, [&ctx, options]() -> Status { return RunApp(ctx, *options); });
}

}  // namespace kring::app
