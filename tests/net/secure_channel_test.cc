// Real loopback sockets: a Listener serving an echo session, legitimate clients over Dial(),
// and hostile clients written against the raw socket. Every hostile client must be cut off
// with a logged reason, and a legitimate client must still be served afterwards.
#include "net/secure_channel.h"

#include <gtest/gtest.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/crypto/handshake.h"
#include "net.pb.h"
#include "net/frame.h"
#include "net/listener.h"

namespace kring {
namespace {

using namespace std::chrono_literals;
using asio::ip::tcp;
constexpr auto kNoThrow = asio::experimental::as_tuple(asio::use_awaitable);

class SecureChannelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto());
    server_id_ = std::make_shared<SigningKeyPair>(GenerateSigningKeyPair());
    member_id_ = std::make_shared<SigningKeyPair>(GenerateSigningKeyPair());
    stranger_id_ = std::make_shared<SigningKeyPair>(GenerateSigningKeyPair());
  }

  ChannelOptions ServerChannelOptions() {
    ChannelOptions o;
    o.identity = server_id_;
    // The server shares a group with the member only.
    o.accept_peer = [key = member_id_->public_key](std::string_view peer) { return peer == key; };
    // Generous, so a loaded machine cannot make a legitimate handshake miss it; the tests that
    // are about timeouts shorten it.
    o.handshake_timeout = 5s;
    o.idle_timeout = 5s;
    o.write_timeout = 5s;
    return o;
  }

  ChannelOptions ClientOptions(std::shared_ptr<SigningKeyPair> who) {
    ChannelOptions o;
    o.identity = std::move(who);
    o.accept_peer = [key = server_id_->public_key](std::string_view peer) { return peer == key; };
    o.handshake_timeout = 5s;
    o.idle_timeout = 5s;
    o.write_timeout = 5s;
    return o;
  }

  void StartServer(std::function<void(ListenerOptions&)> tweak = nullptr) {
    ListenerOptions options;
    options.channel = ServerChannelOptions();
    options.log = [this](const std::string& line) { log_.push_back(line); };
    if (tweak) tweak(options);
    auto listener = Listener::Open(io_.get_executor(), {asio::ip::make_address("127.0.0.1"), 0},
                                   options, [this](auto ch) { return Echo(std::move(ch)); });
    ASSERT_TRUE(listener.ok()) << listener.status().message();
    listener_ = *listener;
    port_ = listener_->local_endpoint().port();
    asio::co_spawn(io_, listener_->Run(), asio::detached);
  }

  // The server's session: echoes every message until the peer says goodbye.
  asio::awaitable<void> Echo(std::shared_ptr<SecureChannel> channel) {
    for (;;) {
      auto message = co_await channel->Receive();
      if (!message.ok()) {
        log_.push_back(message.status().message());
        co_return;
      }
      if (!message->has_value()) {
        (void)co_await channel->Close();
        co_return;
      }
      Status sent = co_await channel->Send(**message);
      if (!sent.ok()) co_return;
    }
  }

  // Runs the scenario on the single io_context thread; fails instead of hanging.
  void Run(std::function<asio::awaitable<void>()> scenario) {
    asio::steady_timer guard(io_, 60s);
    bool finished = false;
    asio::co_spawn(io_, scenario(), [&](std::exception_ptr error) {
      finished = true;
      guard.cancel();
      if (listener_) listener_->Stop();
      if (error) {
        try {
          std::rethrow_exception(error);
        } catch (const std::exception& e) {
          ADD_FAILURE() << "scenario threw: " << e.what();
        }
      }
    });
    guard.async_wait([&](std::error_code ec) {
      if (!ec) {
        ADD_FAILURE() << "scenario did not finish";
        io_.stop();
      }
    });
    io_.run();
    EXPECT_TRUE(finished);
    if (std::getenv("KRING_TEST_SHOW_LOG") != nullptr)
      std::printf("server log:\n%s", LogText().c_str());
  }

  asio::awaitable<void> Sleep(std::chrono::milliseconds d) {
    asio::steady_timer t(co_await asio::this_coro::executor, d);
    co_await t.async_wait(kNoThrow);
  }

  // Waits (bounded) for a server log line containing `text`.
  asio::awaitable<bool> LogShows(std::string text) {
    for (int i = 0; i < 500; ++i) {
      for (const auto& line : log_) {
        if (line.find(text) != std::string::npos) co_return true;
      }
      co_await Sleep(10ms);
    }
    ADD_FAILURE() << "no log line contains \"" << text << "\"; log:\n" << LogText();
    co_return false;
  }

  std::string LogText() const {
    std::string all;
    for (const auto& line : log_) all += "  " + line + "\n";
    return all;
  }

  asio::awaitable<tcp::socket> RawConnect() {
    tcp::socket socket(co_await asio::this_coro::executor);
    co_await socket.async_connect({asio::ip::make_address("127.0.0.1"), port_},
                                  asio::use_awaitable);
    co_return socket;
  }

  asio::awaitable<void> RawWrite(tcp::socket& socket, std::string bytes) {
    co_await asio::async_write(socket, asio::buffer(bytes), asio::use_awaitable);
  }

  // True when the server closes the connection (within a bound), whatever it sent before.
  asio::awaitable<bool> ServerHangsUp(tcp::socket& socket) {
    asio::steady_timer timer(co_await asio::this_coro::executor, 5s);
    std::array<char, 4096> buf;
    for (;;) {
      using asio::experimental::awaitable_operators::operator||;
      auto outcome = co_await (socket.async_read_some(asio::buffer(buf), kNoThrow) ||
                               timer.async_wait(kNoThrow));
      if (outcome.index() == 1) co_return false;
      if (std::get<0>(std::get<0>(outcome))) co_return true;  // EOF or reset
    }
  }

  // A client that completes a genuine session: sends `count` messages and expects the echoes.
  asio::awaitable<void> LegitClientWorks(int count = 3) {
    auto channel = co_await Dial("127.0.0.1", port_, ClientOptions(member_id_));
    EXPECT_TRUE(channel.ok()) << channel.status().message() << "\nserver log:\n" << LogText();
    if (!channel.ok()) co_return;
    EXPECT_EQ((*channel)->peer_signing_key(), server_id_->public_key);
    for (int i = 0; i < count; ++i) {
      const std::string text = "reflection " + std::to_string(i);
      EXPECT_TRUE((co_await (*channel)->Send(text)).ok());
      auto echo = co_await (*channel)->Receive();
      EXPECT_TRUE(echo.ok() && echo->has_value() && **echo == text);
    }
    EXPECT_TRUE((co_await (*channel)->Close()).ok());
    auto end = co_await (*channel)->Receive();
    EXPECT_TRUE(end.ok() && !end->has_value()) << "the server says goodbye too";
  }

  // Runs the real handshake state machine by hand over a raw socket, recording what we sent.
  struct RawSession {
    explicit RawSession(tcp::socket s) : socket(std::move(s)) {}
    tcp::socket socket;
    FrameReader reader;
    std::vector<std::string> sent;
    std::optional<ChannelCipher> cipher;
  };
  asio::awaitable<std::unique_ptr<RawSession>> RawHandshake() {
    // (No co_await inside a braced initializer: g++ 12 miscompiles that.)
    tcp::socket socket = co_await RawConnect();
    auto s = std::make_unique<RawSession>(std::move(socket));
    Handshake hs(HandshakeRole::kInitiator, {member_id_, [](std::string_view) { return true; }});
    s->sent.push_back(hs.Start().value());
    EXPECT_TRUE((co_await WriteFrame(s->socket, s->sent.back(), DeadlineIn(5s))).ok());
    while (!hs.complete()) {
      auto frame = co_await s->reader.Read(s->socket, DeadlineIn(5s));
      EXPECT_TRUE(frame.ok()) << frame.status().message();
      if (!frame.ok()) co_return s;
      auto step = hs.Receive(*frame);
      EXPECT_TRUE(step.ok()) << step.status().message();
      if (!step.ok()) co_return s;
      if (!step->send.empty()) {
        s->sent.push_back(step->send);
        EXPECT_TRUE((co_await WriteFrame(s->socket, s->sent.back(), DeadlineIn(5s))).ok());
      }
    }
    s->cipher.emplace(hs.TakeCipher().value());
    co_return s;
  }

  asio::io_context io_;
  std::shared_ptr<SigningKeyPair> server_id_, member_id_, stranger_id_;
  std::vector<std::string> log_;
  std::shared_ptr<Listener> listener_;
  uint16_t port_ = 0;
};

TEST_F(SecureChannelTest, ManyMessagesBothWays) {
  StartServer();
  Run([&]() -> asio::awaitable<void> {
    auto dialed = co_await Dial("127.0.0.1", port_, ClientOptions(member_id_));
    EXPECT_TRUE(dialed.ok()) << dialed.status().message();
    if (!dialed.ok()) co_return;
    std::shared_ptr<SecureChannel> channel = *dialed;
    constexpr int kCount = 2000;
    auto message = [](int i) { return std::string(1 + (i * 7919) % 70000, char('a' + i % 26)); };
    // Full duplex: a sender coroutine runs while this one receives the echoes.
    bool sender_ok = true;
    asio::co_spawn(
        co_await asio::this_coro::executor,
        [&]() -> asio::awaitable<void> {
          for (int i = 0; i < kCount; ++i) sender_ok &= (co_await channel->Send(message(i))).ok();
          sender_ok &= (co_await channel->Close()).ok();
        },
        asio::detached);
    int received = 0;
    for (;;) {
      auto echo = co_await channel->Receive();
      EXPECT_TRUE(echo.ok()) << echo.status().message();
      if (!echo.ok() || !echo->has_value()) break;
      EXPECT_EQ(**echo, message(received));
      ++received;
    }
    EXPECT_EQ(received, kCount);
    EXPECT_TRUE(sender_ok);
    EXPECT_EQ(listener_->stats().sessions_started, 1u);
  });
}

TEST_F(SecureChannelTest, MessageAboveTheLimitIsRefusedLocally) {
  StartServer();
  Run([&]() -> asio::awaitable<void> {
    auto options = ClientOptions(member_id_);
    options.max_frame_bytes = 1024;
    auto channel = co_await Dial("127.0.0.1", port_, options);
    EXPECT_TRUE(channel.ok());
    if (!channel.ok()) co_return;
    Status too_big = co_await (*channel)->Send(std::string(2000, 'x'));
    EXPECT_FALSE(too_big.ok());
    EXPECT_TRUE((co_await (*channel)->Send("still fine")).ok());
  });
}

TEST_F(SecureChannelTest, GarbageIsDisconnected) {
  StartServer();
  Run([&]() -> asio::awaitable<void> {
    auto http = co_await RawConnect();
    co_await RawWrite(http, "GET / HTTP/1.1\r\nHost: kring\r\n\r\n");
    EXPECT_TRUE(co_await ServerHangsUp(http));
    EXPECT_TRUE(co_await LogShows("more than the limit"));

    auto noise = co_await RawConnect();
    co_await RawWrite(noise, EncodeFrame("\x12\x34 this is not protobuf \xff\xfe"));
    EXPECT_TRUE(co_await ServerHangsUp(noise));
    EXPECT_TRUE(co_await LogShows("not a Kring handshake message"));
    co_await LegitClientWorks();
  });
}

TEST_F(SecureChannelTest, OversizedLengthPrefixIsDisconnected) {
  StartServer();
  Run([&]() -> asio::awaitable<void> {
    auto socket = co_await RawConnect();
    co_await RawWrite(socket, std::string("\x7f\xff\xff\xff", 4));
    EXPECT_TRUE(co_await ServerHangsUp(socket));
    EXPECT_TRUE(co_await LogShows("more than the limit of 4.0 MiB"));
    co_await LegitClientWorks();
  });
}

TEST_F(SecureChannelTest, TruncatedFrameIsDisconnected) {
  StartServer();
  Run([&]() -> asio::awaitable<void> {
    auto socket = co_await RawConnect();
    co_await RawWrite(socket, std::string("\0\0\0\x64", 4) + "only a part");
    socket.shutdown(tcp::socket::shutdown_send);
    EXPECT_TRUE(co_await ServerHangsUp(socket));
    EXPECT_TRUE(co_await LogShows("middle of a frame"));
    co_await LegitClientWorks();
  });
}

TEST_F(SecureChannelTest, StallMidHandshakeTimesOut) {
  StartServer([](ListenerOptions& o) { o.channel.handshake_timeout = 200ms; });
  Run([&]() -> asio::awaitable<void> {
    auto socket = co_await RawConnect();
    Handshake hs(HandshakeRole::kInitiator, {member_id_, [](std::string_view) { return true; }});
    co_await RawWrite(socket, EncodeFrame(hs.Start().value()));
    // ... and never sends message 3. Also a connection that never says anything at all.
    auto silent = co_await RawConnect();
    EXPECT_TRUE(co_await ServerHangsUp(socket));
    EXPECT_TRUE(co_await ServerHangsUp(silent));
    EXPECT_TRUE(co_await LogShows("did not finish within 200 ms"));
    EXPECT_EQ(listener_->stats().handshakes_failed, 2u);
    co_await LegitClientWorks();
  });
}

TEST_F(SecureChannelTest, UnknownKeyIsRefusedOnBothSides) {
  StartServer();
  Run([&]() -> asio::awaitable<void> {
    auto channel = co_await Dial("127.0.0.1", port_, ClientOptions(stranger_id_));
    EXPECT_FALSE(channel.ok());
    EXPECT_NE(channel.status().message().find("refused us"), std::string::npos)
        << channel.status().message();
    EXPECT_NE(channel.status().message().find("peer 127.0.0.1:" + std::to_string(port_)),
              std::string::npos)
        << channel.status().message();
    EXPECT_TRUE(co_await LogShows("refused: its key " + Fingerprint(stranger_id_->public_key) +
                                  " is not a member of any of your groups"));
    EXPECT_EQ(listener_->stats().sessions_started, 0u);
    co_await LegitClientWorks();
  });
}

TEST_F(SecureChannelTest, ClientRefusesAServerItDoesNotKnow) {
  StartServer();
  Run([&]() -> asio::awaitable<void> {
    auto options = ClientOptions(member_id_);
    options.accept_peer = [](std::string_view) { return false; };
    auto channel = co_await Dial("127.0.0.1", port_, options);
    EXPECT_FALSE(channel.ok());
    EXPECT_NE(channel.status().message().find("not a member of any of your groups"),
              std::string::npos);
    EXPECT_TRUE(co_await LogShows("refused us"));
  });
}

TEST_F(SecureChannelTest, ReplayedHandshakeIsDisconnected) {
  StartServer();
  Run([&]() -> asio::awaitable<void> {
    auto recorded = co_await RawHandshake();
    EXPECT_TRUE(recorded->cipher.has_value()) << "the recorded handshake itself succeeded";
    EXPECT_EQ(recorded->sent.size(), 2u);
    if (recorded->sent.size() != 2) co_return;

    // Replay the recorded messages 1 and 3 on a new connection, as an eavesdropper would.
    auto replay = co_await RawConnect();
    FrameReader reader;
    co_await RawWrite(replay, EncodeFrame(recorded->sent[0]));
    auto fresh_m2 = co_await reader.Read(replay, DeadlineIn(5s));
    EXPECT_TRUE(fresh_m2.ok());
    co_await RawWrite(replay, EncodeFrame(recorded->sent[1]));
    EXPECT_TRUE(co_await ServerHangsUp(replay));
    EXPECT_TRUE(co_await LogShows("did not decrypt"));
    co_await LegitClientWorks();
  });
}

TEST_F(SecureChannelTest, ForgedApplicationFrameIsDisconnected) {
  StartServer();
  Run([&]() -> asio::awaitable<void> {
    auto session = co_await RawHandshake();
    EXPECT_TRUE(session->cipher.has_value());
    if (!session->cipher) co_return;
    std::string sealed = session->cipher->Seal("genuine").value();
    sealed[3] ^= 0x20;
    co_await RawWrite(session->socket, EncodeFrame(sealed));
    EXPECT_TRUE(co_await ServerHangsUp(session->socket));
    EXPECT_TRUE(co_await LogShows("failed its integrity check"));
    co_await LegitClientWorks();
  });
}

TEST_F(SecureChannelTest, CutConnectionIsReportedAsTruncation) {
  StartServer();
  Run([&]() -> asio::awaitable<void> {
    auto session = co_await RawHandshake();
    EXPECT_TRUE(session->cipher.has_value());
    if (!session->cipher) co_return;
    co_await RawWrite(session->socket, EncodeFrame(session->cipher->Seal("half a story").value()));
    session->socket.shutdown(tcp::socket::shutdown_send);  // no goodbye
    EXPECT_TRUE(co_await LogShows("without saying goodbye"));
    co_await LegitClientWorks();
  });
}

TEST_F(SecureChannelTest, IdlePeerIsDisconnected) {
  StartServer([](ListenerOptions& o) { o.channel.idle_timeout = 300ms; });
  Run([&]() -> asio::awaitable<void> {
    auto session = co_await RawHandshake();
    EXPECT_TRUE(session->cipher.has_value());
    EXPECT_TRUE(co_await ServerHangsUp(session->socket));
    EXPECT_TRUE(co_await LogShows("sent nothing for 300 ms"));
    co_await LegitClientWorks();
  });
}

TEST_F(SecureChannelTest, FloodOfSilentConnectionsDoesNotLockOutAMember) {
  StartServer([](ListenerOptions& o) {
    o.max_pending_handshakes = 16;
    o.channel.handshake_timeout = 10s;  // the flood would hold every slot for this long
  });
  Run([&]() -> asio::awaitable<void> {
    std::vector<tcp::socket> flood;
    for (int i = 0; i < 200; ++i) flood.push_back(co_await RawConnect());
    co_await Sleep(50ms);  // let the server accept them all
    co_await LegitClientWorks();
    const ListenerStats stats = listener_->stats();
    EXPECT_GE(stats.accepted, 201u);
    EXPECT_GE(stats.evicted, 180u);
    EXPECT_LE(stats.pending, 16u);
    EXPECT_EQ(stats.sessions_started, 1u);
    EXPECT_TRUE(co_await LogShows("dropping the oldest to make room"));
  });
}

TEST_F(SecureChannelTest, BusyServerSaysSo) {
  StartServer([](ListenerOptions& o) { o.max_sessions = 1; });
  Run([&]() -> asio::awaitable<void> {
    auto first = co_await Dial("127.0.0.1", port_, ClientOptions(member_id_));
    EXPECT_TRUE(first.ok());
    co_await Sleep(20ms);
    auto second = co_await Dial("127.0.0.1", port_, ClientOptions(member_id_));
    EXPECT_FALSE(second.ok());
    EXPECT_NE(second.status().message().find("busy"), std::string::npos)
        << second.status().message();
    EXPECT_TRUE(co_await LogShows("sessions running"));
  });
}

TEST_F(SecureChannelTest, DialReportsAnUnreachablePeer) {
  StartServer();
  const uint16_t closed_port = port_;
  listener_->Stop();
  listener_.reset();
  Run([&]() -> asio::awaitable<void> {
    co_await Sleep(10ms);
    auto channel = co_await Dial("127.0.0.1", closed_port, ClientOptions(member_id_), 2000ms);
    EXPECT_FALSE(channel.ok());
    EXPECT_EQ(channel.status().code(), Code::kNetwork);
    EXPECT_NE(channel.status().message().find("could not connect"), std::string::npos)
        << channel.status().message();
  });
}

}  // namespace
}  // namespace kring
