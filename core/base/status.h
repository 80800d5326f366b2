// Failures callers must handle are values: a code (which maps to the process exit code) and a
// message written for the coach, not for the engineer.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace kring {

// Exit codes per CONVENTIONS.md.
enum class Code : int {
  kOk = 0,
  kUser = 1,       // the coach asked for something that cannot be done (unknown id, no node ...)
  kUsage = 2,      // malformed command line or input file
  kNetwork = 3,    // a peer or the network failed
  kIntegrity = 4,  // wrong passphrase, tampered or corrupt data, bad signature
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status User(std::string msg) { return Status(Code::kUser, std::move(msg)); }
  static Status Usage(std::string msg) { return Status(Code::kUsage, std::move(msg)); }
  static Status Network(std::string msg) { return Status(Code::kNetwork, std::move(msg)); }
  static Status Integrity(std::string msg) { return Status(Code::kIntegrity, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  int exit_code() const { return static_cast<int>(code_); }
  const std::string& message() const { return message_; }

  // Adds context in front of the message: "reading case.md: heading 3 is unknown".
  Status WithContext(const std::string& context) const {
    if (ok()) return *this;
    return Status(code_, context + ": " + message_);
  }

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : value_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(value_); }
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(value_); }
  T& value() & { return std::get<T>(value_); }
  const T& value() const& { return std::get<T>(value_); }
  T&& value() && { return std::get<T>(std::move(value_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> value_;
};

}  // namespace kring

// Propagates a failed Status out of the current function.
#define KRING_RETURN_IF_ERROR(expr)                \
  do {                                             \
    ::kring::Status kring_status_ = (expr);        \
    if (!kring_status_.ok()) return kring_status_; \
  } while (0)

#define KRING_CONCAT_INNER(a, b) a##b
#define KRING_CONCAT(a, b) KRING_CONCAT_INNER(a, b)
// KRING_ASSIGN_OR_RETURN(auto x, Foo()); assigns the value or returns the failed Status.
#define KRING_ASSIGN_OR_RETURN(lhs, expr) \
  KRING_ASSIGN_OR_RETURN_IMPL(KRING_CONCAT(kring_result_, __LINE__), lhs, expr)
#define KRING_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return tmp.status();               \
  lhs = std::move(tmp).value()
