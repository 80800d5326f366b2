#include "net/agent.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/read.hpp>
#include <asio/redirect_error.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>
#include <chrono>
#include <cstdio>

#include "core/i18n/messages.h"
#include "proto/agent.pb.h"

namespace kring {
namespace {

using asio::local::stream_protocol;

constexpr size_t kMaxAgentFrame = 1024;
constexpr auto kAgentDeadline = std::chrono::seconds(2);

std::array<unsigned char, 4> LengthPrefix(size_t n) {
  return {static_cast<unsigned char>(n >> 24), static_cast<unsigned char>(n >> 16),
          static_cast<unsigned char>(n >> 8), static_cast<unsigned char>(n)};
}

size_t ReadLength(const std::array<unsigned char, 4>& b) {
  return (size_t{b[0]} << 24) | (size_t{b[1]} << 16) | (size_t{b[2]} << 8) | size_t{b[3]};
}

// The user id of the process at the other end of a Unix socket, or -1.
long PeerUid(int fd) {
  struct ucred cred {};
  socklen_t len = sizeof(cred);
  if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) return -1;
  return static_cast<long>(cred.uid);
}

void WipeReply(pb::AgentReply& reply) { WipeString(*reply.mutable_store_key()); }

}  // namespace

std::string AgentSocketPath(const std::string& home) { return home + "/agent.sock"; }

AgentListener::AgentListener(stream_protocol::acceptor acceptor, std::string path, AgentHooks hooks)
    : acceptor_(std::move(acceptor)), path_(std::move(path)), hooks_(std::move(hooks)) {}

AgentListener::~AgentListener() { Stop(); }

Result<std::shared_ptr<AgentListener>> AgentListener::Open(asio::any_io_executor executor,
                                                           const std::string& home,
                                                           AgentHooks hooks) {
  const std::string path = AgentSocketPath(home);
  if (path.size() >= sizeof(sockaddr_un::sun_path)) {
    return Status::User(i18n::Tr("agent.path_too_long", {{"path", path}}));
  }
  if (AskAgent(home).reached) {
    return Status::User(i18n::Tr("agent.already_running", {{"home", home}}));
  }
  ::unlink(path.c_str());  // a socket left by a node that is gone
  stream_protocol::acceptor acceptor(executor);
  std::error_code ec;
  // Created 0600 from the start (umask), not chmod'ed after: no moment where others may connect.
  const mode_t old_mask = ::umask(0177);
  acceptor.open(stream_protocol(), ec);
  if (!ec) acceptor.bind(stream_protocol::endpoint(path), ec);
  ::umask(old_mask);
  if (!ec) acceptor.listen(8, ec);
  if (ec) return Status::User(i18n::Tr("agent.bind_failed", {{"path", path}}));
  return std::shared_ptr<AgentListener>(
      new AgentListener(std::move(acceptor), path, std::move(hooks)));
}

void AgentListener::Stop() {
  if (stopped_) return;
  stopped_ = true;
  std::error_code ignored;
  acceptor_.close(ignored);
  ::unlink(path_.c_str());
}

asio::awaitable<void> AgentListener::Run() {
  auto self = shared_from_this();
  while (!stopped_) {
    std::error_code ec;
    stream_protocol::socket socket =
        co_await acceptor_.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (stopped_ || ec == asio::error::operation_aborted) co_return;
      continue;
    }
    asio::co_spawn(acceptor_.get_executor(), Answer(std::move(socket)), asio::detached);
  }
}

asio::awaitable<void> AgentListener::Answer(stream_protocol::socket socket) {
  auto self = shared_from_this();
  // Only this user's processes: the folder is 0700 and the socket 0600 already; the kernel's
  // word on the peer is checked as well.
  if (PeerUid(socket.native_handle()) != static_cast<long>(::geteuid())) co_return;
  asio::steady_timer deadline(socket.get_executor());
  deadline.expires_after(kAgentDeadline);
  deadline.async_wait([&socket](std::error_code e) {
    if (!e) {
      std::error_code ignored;
      socket.close(ignored);
    }
  });
  std::error_code ec;
  std::array<unsigned char, 4> prefix{};
  co_await asio::async_read(socket, asio::buffer(prefix),
                            asio::redirect_error(asio::use_awaitable, ec));
  const size_t length = ReadLength(prefix);
  if (ec || length > kMaxAgentFrame) co_return;
  std::string body(length, '\0');
  co_await asio::async_read(socket, asio::buffer(body),
                            asio::redirect_error(asio::use_awaitable, ec));
  pb::AgentRequest request;
  if (ec || !request.ParseFromString(body)) co_return;
  pb::AgentReply reply;
  if (request.kind() == pb::AgentRequest::LOCK) {
    if (hooks_.lock) hooks_.lock();
  } else {
    std::optional<SecretBytes> key = hooks_.store_key ? hooks_.store_key() : std::nullopt;
    reply.set_unlocked(key.has_value());
    if (key && request.kind() == pb::AgentRequest::STORE_KEY) {
      reply.set_store_key(std::string(key->view()));
    }
  }
  std::string out = reply.SerializeAsString();
  WipeReply(reply);
  const auto length_out = LengthPrefix(out.size());
  std::array<asio::const_buffer, 2> buffers{asio::buffer(length_out), asio::buffer(out)};
  co_await asio::async_write(socket, buffers, asio::redirect_error(asio::use_awaitable, ec));
  WipeString(out);
  deadline.cancel();
}

AgentAnswer AskAgent(const std::string& home, bool lock) {
  AgentAnswer answer;
  const std::string path = AgentSocketPath(home);
  if (path.size() >= sizeof(sockaddr_un::sun_path)) return answer;
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0 || !S_ISSOCK(st.st_mode) || st.st_uid != ::geteuid()) {
    return answer;
  }
  asio::io_context io;
  stream_protocol::socket socket(io);
  pb::AgentRequest request;
  request.set_kind(lock ? pb::AgentRequest::LOCK : pb::AgentRequest::STORE_KEY);
  const std::string out = request.SerializeAsString();
  const auto prefix_out = LengthPrefix(out.size());
  std::array<unsigned char, 4> prefix_in{};
  std::string body;
  bool done = false;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        std::error_code ec;
        co_await socket.async_connect(stream_protocol::endpoint(path),
                                      asio::redirect_error(asio::use_awaitable, ec));
        if (ec) co_return;
        std::array<asio::const_buffer, 2> buffers{asio::buffer(prefix_out), asio::buffer(out)};
        co_await asio::async_write(socket, buffers, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) co_return;
        co_await asio::async_read(socket, asio::buffer(prefix_in),
                                  asio::redirect_error(asio::use_awaitable, ec));
        const size_t length = ReadLength(prefix_in);
        if (ec || length > kMaxAgentFrame) co_return;
        body.resize(length);
        co_await asio::async_read(socket, asio::buffer(body),
                                  asio::redirect_error(asio::use_awaitable, ec));
        if (!ec) done = true;
      },
      asio::detached);
  io.run_for(kAgentDeadline);
  if (!done) {
    WipeString(body);
    return answer;
  }
  // The node that answers must run as this user too (it could be a socket another user left
  // in a folder we were given).
  if (PeerUid(socket.native_handle()) != static_cast<long>(::geteuid())) {
    WipeString(body);
    return answer;
  }
  pb::AgentReply reply;
  const bool parsed = reply.ParseFromString(body);
  WipeString(body);
  if (!parsed) return answer;
  answer.reached = true;
  answer.unlocked = reply.unlocked();
  if (!reply.store_key().empty()) answer.store_key = SecretBytes(reply.store_key());
  WipeReply(reply);
  return answer;
}

}  // namespace kring
