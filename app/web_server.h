// The app's HTTP side (cpp-httplib, Debian's libcpp-httplib-dev): binds the loopback address,
// puts every request through the WebGuard (app/web_guard.h), serves the pages' assets compiled
// into the binary and the JSON API (proto/app.proto), and adds the security headers to every
// answer. Handlers that need the node run on the node's thread (AppHost::OnNode).
#pragma once

#include <google/protobuf/message.h>
#include <google/protobuf/util/json_util.h>
#include <httplib.h>

#include <functional>
#include <memory>
#include <string>

#include "app/app_host.h"
#include "app/web_guard.h"
#include "core/base/status.h"
#include "core/cases/text_gate.h"
#include "core/focus/focus.h"
#include "proto/app.pb.h"

namespace kring::app {

struct WebOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 7421;  // 0: any free port
  // A page's JSON request; a group file brought in (/api/import) may be larger.
  size_t max_body_bytes = size_t{2} << 20;
  size_t max_upload_bytes = size_t{64} << 20;
  size_t max_headers = 64;
  int read_timeout_seconds = 10;
  int write_timeout_seconds = 10;
};

// Parses a request body (JSON) or query (GET) into a message; kUsage when it does not fit.
Status ParseJson(std::string_view json, google::protobuf::Message* message);
std::string ToJson(const google::protobuf::Message& message);
// A GET's query parameters as the fields of `message` (every field a string).
Status ParseQuery(const httplib::Params& params, google::protobuf::Message* message);

// Long lists (cases, a group's shared cases, the inbox) show this many until the coach asks for
// more. How many a request asks for: 0 gives kListShown, a negative number is kUsage.
inline constexpr int kListShown = 100;
Result<size_t> ListLimit(int32_t asked);

class WebApp;

// Registers typed JSON routes. A route's handler gets the node (the page answers 423 "locked"
// when there is none) and the parsed request; a failed Result becomes 400/404/500 with its
// message, which never holds case text (CONVENTIONS.md).
class Api {
 public:
  explicit Api(WebApp& app) : app_(app) {}

  template <typename Req, typename Reply>
  void Get(const std::string& path, std::function<Result<Reply>(NodeSession&, const Req&)> fn) {
    Add(path, /*post=*/false, Wrap<Req, Reply>(std::move(fn)));
  }
  template <typename Req, typename Reply>
  void Post(const std::string& path, std::function<Result<Reply>(NodeSession&, const Req&)> fn) {
    Add(path, /*post=*/true, Wrap<Req, Reply>(std::move(fn)));
  }

  // What a typed handler becomes: (node, request body or query) -> status, JSON.
  struct Answer {
    int status = 200;
    std::string json;
    std::string content_type = "application/json";
    std::string filename;  // set: a download
    std::string csp;       // set: this answer's own Content-Security-Policy (the audit report)
  };
  using RawHandler = std::function<Answer(NodeSession&, const httplib::Request&)>;
  void Add(const std::string& path, bool post, RawHandler handler);

  static Answer Failure(const Status& status);
  static Answer TooLarge();  // 413

 private:
  template <typename Req, typename Reply>
  static RawHandler Wrap(std::function<Result<Reply>(NodeSession&, const Req&)> fn) {
    return [fn = std::move(fn)](NodeSession& session, const httplib::Request& r) -> Answer {
      if (r.body.size() > WebOptions().max_body_bytes) return TooLarge();
      Req request;
      Status parsed =
          r.method == "GET" ? ParseQuery(r.params, &request) : ParseJson(r.body, &request);
      if (!parsed.ok()) return Failure(parsed);
      Result<Reply> reply = fn(session, request);
      if (!reply.ok()) return Failure(reply.status());
      Answer answer;
      answer.json = ToJson(*reply);
      return answer;
    };
  }
  WebApp& app_;
};

class WebApp {
 public:
  WebApp(AppHost& host, WebOptions options);
  ~WebApp();

  // Binds the address (a taken port fails with kNetwork) and sets up the guard.
  Status Bind();
  uint16_t port() const { return port_; }
  // "http://127.0.0.1:7421/?token=…": what `kring app` prints and opens.
  std::string LaunchUrl() const;
  // Serves until Stop() (from another thread or a signal handler's thread).
  void Run();
  void Stop();

  AppHost& host() { return host_; }
  WebGuard& guard() { return *guard_; }
  httplib::Server& server() { return server_; }

 private:
  void Routes();
  AppHost& host_;
  WebOptions options_;
  httplib::Server server_;
  std::unique_ptr<WebGuard> guard_;
  uint16_t port_ = 0;
};

// The focus analysis for a page (also under a shared case and the review form).
pb::app::FocusView FocusViewOf(const FocusProfile& profile);
// How the free-text gate shows itself on a page: its findings go into `shown`; the texts are
// shared only when `confirmed` (or nothing was found) and nothing would still leak.
std::function<Status(const TextGateResult&)> PagePresenter(bool confirmed,
                                                           pb::app::GateView* shown);

// The routes of each page (app/api_*.cc).
void AddNodeRoutes(Api& api, WebApp& app);
void AddCaseRoutes(Api& api);
void AddGroupRoutes(Api& api);
void AddPeerRoutes(Api& api);

}  // namespace kring::app
