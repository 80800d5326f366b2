#include "app/web_server.h"

#include <google/protobuf/struct.pb.h>

#include <algorithm>
#include <charconv>

#include "app/web_files.h"
#include "core/i18n/messages.h"
#include "proto/app.pb.h"

namespace kring::app {
namespace {

using i18n::Tr;

// On every answer: nothing from elsewhere, no framing, no sniffing, no caching, no referrer.
void SecurityHeaders(httplib::Response& res) {
  // i18n-ok: HTTP protocol text (header names, policies, markup)
  res.set_header("Content-Security-Policy",
                 // i18n-ok: HTTP protocol text (header names, policies, markup)
                 "default-src 'self'; img-src 'self' data:; frame-ancestors 'self'; "
                 // i18n-ok: HTTP protocol text (header names, policies, markup)
                 "base-uri 'none'; form-action 'self'; object-src 'none'");
  res.set_header("X-Content-Type-Options", "nosniff");
  // i18n-ok: HTTP protocol text (header names, policies, markup)
  res.set_header("Referrer-Policy", "no-referrer");
  // i18n-ok: HTTP protocol text (header names, policies, markup)
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Frame-Options", "SAMEORIGIN");
  // i18n-ok: HTTP protocol text (header names, policies, markup)
  res.set_header("Cross-Origin-Opener-Policy", "same-origin");
  // i18n-ok: HTTP protocol text (header names, policies, markup)
  res.set_header("Cross-Origin-Resource-Policy", "same-origin");
}

void JsonError(httplib::Response& res, int status, const std::string& message) {
  pb::app::Done done;
  done.set_message(message);
  res.status = status;
  res.set_content(ToJson(done), "application/json");
}

// A page for a browser that has no session: where to find the address to open. No data.
std::string NoSessionPage() {
  // i18n-ok: HTTP protocol text (header names, policies, markup)
  return "<!doctype html><html lang=\"" + std::string(LanguageCode(i18n::CurrentLanguage())) +
         // i18n-ok: HTTP protocol text (header names, policies, markup)
         "\"><head><meta charset=\"utf-8\"><title>Kring</title></head><body><h1>Kring</h1><p>" +
         Tr("web.no_session") + "</p></body></html>";
}

std::string_view ContentType(std::string_view name) {
  if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (name.ends_with(".css")) return "text/css; charset=utf-8";
  if (name.ends_with(".svg")) return "image/svg+xml";
  if (name.ends_with(".html")) return "text/html; charset=utf-8";
  return "application/octet-stream";
}

bool SafeMethod(const std::string& method) { return method == "GET" || method == "HEAD"; }

}  // namespace

Status ParseJson(std::string_view json, google::protobuf::Message* message) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), message, options);
  // The parser's words name the offending input; the page gets a plain refusal instead.
  if (!status.ok()) return Status::Usage(Tr("web.bad_request"));
  return Status::Ok();
}

std::string ToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  std::string out;
  (void)google::protobuf::util::MessageToJsonString(message, &out, options);
  return out;
}

Status ParseQuery(const httplib::Params& params, google::protobuf::Message* message) {
  google::protobuf::Struct fields;
  for (const auto& [key, value] : params) (*fields.mutable_fields())[key].set_string_value(value);
  return ParseJson(ToJson(fields), message);
}

Api::Answer Api::Failure(const Status& status) {
  int code = 500;
  switch (status.code()) {
    case Code::kUsage:
      code = 400;
      break;
    case Code::kUser:
      code = 422;
      break;
    case Code::kNetwork:
      code = 502;
      break;
    default:
      code = 500;
  }
  pb::app::Done done;
  done.set_message(status.message());
  Answer answer;
  answer.status = code;
  answer.json = ToJson(done);
  return answer;
}

Result<size_t> ListLimit(int32_t asked) {
  if (asked < 0) return Status::Usage(Tr("web.list.bad_limit"));
  return static_cast<size_t>(asked == 0 ? kListShown : asked);
}

Api::Answer Api::TooLarge() {
  pb::app::Done done;
  done.set_message(Tr("web.too_large"));
  Answer answer;
  answer.status = 413;
  answer.json = ToJson(done);
  return answer;
}

void Api::Add(const std::string& path, bool post, RawHandler handler) {
  // The Api is gone once the routes are made: the route holds the app, not the Api.
  auto route = [&app = app_, handler = std::move(handler)](const httplib::Request& req,
                                                           httplib::Response& res) {
    // A page polling in the background does not keep the node unlocked.
    if (req.get_header_value("X-Kring-Background") != "1") app.host().Touch(Clock::now());
    std::optional<Answer> answer =
        app.host().OnNode<Answer>([&](NodeSession& session) { return handler(session, req); });
    if (!answer) {
      JsonError(res, 423, Tr("web.locked"));
      return;
    }
    res.status = answer->status;
    if (!answer->csp.empty()) {
      // In place of the app's policy, not beside it: a browser enforces every policy it gets.
      // i18n-ok: HTTP protocol text (header names, policies, markup)
      res.headers.erase("Content-Security-Policy");
      // i18n-ok: HTTP protocol text (header names, policies, markup)
      res.set_header("Content-Security-Policy", answer->csp);
    }
    if (!answer->filename.empty()) {
      // i18n-ok: HTTP protocol text (header names, policies, markup)
      res.set_header("Content-Disposition", "attachment; filename=\"" + answer->filename + "\"");
    }
    res.set_content(answer->json, answer->content_type);
  };
  if (post) {
    app_.server().Post(path, route);
  } else {
    app_.server().Get(path, route);
  }
}

WebApp::WebApp(AppHost& host, WebOptions options) : host_(host), options_(std::move(options)) {}

WebApp::~WebApp() { Stop(); }

Status WebApp::Bind() {
  server_.new_task_queue = [] { return new httplib::ThreadPool(4); };
  // The larger bound, for group files; every JSON route refuses more than max_body_bytes.
  server_.set_payload_max_length(std::max(options_.max_body_bytes, options_.max_upload_bytes));
  server_.set_read_timeout(options_.read_timeout_seconds, 0);
  server_.set_write_timeout(options_.write_timeout_seconds, 0);
  server_.set_keep_alive_timeout(5);
  server_.set_keep_alive_max_count(100);
  int port = options_.port;
  if (port == 0) {
    port = server_.bind_to_any_port(options_.host);
    if (port <= 0) return Status::Network(Tr("web.bind_failed", {{"address", options_.host}}));
  } else if (!server_.bind_to_port(options_.host, port)) {
    return Status::Network(
        Tr("web.bind_failed", {{"address", options_.host + ":" + std::to_string(port)}}));
  }
  port_ = static_cast<uint16_t>(port);
  GuardOptions guard;
  guard.host = options_.host;
  guard.port = port_;
  guard_ = std::make_unique<WebGuard>(guard, Clock::now());
  Routes();
  return Status::Ok();
}

std::string WebApp::LaunchUrl() const {
  return "http://" + options_.host + ":" + std::to_string(port_) +
         "/?token=" + guard_->launch_token();
}

void WebApp::Run() { server_.listen_after_bind(); }

void WebApp::Stop() {
  if (server_.is_running()) server_.stop();
}

void WebApp::Routes() {
  server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    SecurityHeaders(res);
    if (req.headers.size() > options_.max_headers) {
      res.status = 431;
      return httplib::Server::HandlerResponse::Handled;
    }
    // Before the body is read: only a group file (/api/import) may be larger than a page's JSON.
    // i18n-ok: HTTP protocol text (header names, policies, markup)
    const std::string length_header = req.get_header_value("Content-Length");
    uint64_t length = 0;
    std::from_chars(length_header.data(), length_header.data() + length_header.size(), length);
    if (req.path != "/api/import" && length > options_.max_body_bytes) {
      JsonError(res, 413, Tr("web.too_large"));
      return httplib::Server::HandlerResponse::Handled;
    }
    const auto now = Clock::now();
    // i18n-ok: HTTP protocol text (header names, policies, markup)
    const std::string host_header = req.get_header_value("Host");
    if (!guard_->HostAllowed(host_header)) {
      JsonError(res, 421, Tr("web.bad_host"));
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.path == "/" && req.has_param("token")) {
      // The launch token, traded once for a session cookie; the address bar then drops it.
      std::optional<WebSession> session = guard_->Exchange(req.get_param_value("token"), now);
      if (!session) {
        res.status = 403;
        res.set_content(NoSessionPage(), "text/html; charset=utf-8");
        return httplib::Server::HandlerResponse::Handled;
      }
      // i18n-ok: HTTP protocol text (header names, policies, markup)
      res.set_header("Set-Cookie", WebGuard::SessionCookie(*session));
      res.status = 303;
      // i18n-ok: HTTP protocol text (header names, policies, markup)
      res.set_header("Location", "/");
      return httplib::Server::HandlerResponse::Handled;
    }
    const Refusal refusal =
        // i18n-ok: HTTP protocol text (header names, policies, markup)
        guard_->Check(host_header, req.get_header_value("Cookie"), req.get_header_value("Origin"),
                      req.get_header_value("X-Kring-CSRF"), SafeMethod(req.method), now);
    if (refusal != Refusal::kNone) {
      if (refusal == Refusal::kNoSession && req.path == "/") {
        res.status = 401;
        res.set_content(NoSessionPage(), "text/html; charset=utf-8");
      } else {
        JsonError(res, HttpStatusOf(refusal),
                  Tr("web.refused." + std::string(RefusalName(refusal))));
      }
      return httplib::Server::HandlerResponse::Handled;
    }
    host_.LockIfIdle(now);
    return httplib::Server::HandlerResponse::Unhandled;
  });

  // The pages' assets (app/web), compiled in: nothing is loaded from elsewhere.
  auto asset = [](std::string name) {
    return [name](const httplib::Request&, httplib::Response& res) {
      std::optional<std::string_view> file = web_data::DataFile(name);
      if (!file) {
        res.status = 404;
        return;
      }
      res.set_content(std::string(*file), std::string(ContentType(name)));
    };
  };
  server_.Get("/", asset("index.html"));
  for (const auto& [name, bytes] : web_data::AllDataFiles()) {
    if (name != "index.html") server_.Get("/" + std::string(name), asset(std::string(name)));
  }
  Api api(*this);
  AddNodeRoutes(api, *this);
  AddCaseRoutes(api);
  AddGroupRoutes(api);
  AddPeerRoutes(api);
  server_.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    JsonError(res, res.status, Tr(res.status == 413 ? "web.too_large" : "web.not_found"));
  });
}

}  // namespace kring::app
