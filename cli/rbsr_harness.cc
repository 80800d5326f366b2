// rbsr_harness: drives Kring's Negentropy V1 reconciliation over stdin/stdout, one command per
// line, so that other implementations (and the reference's test/fuzz.pl) can be run against it.
// i18n-ok-file: a harness for other implementations, not a tool for coaches.
//
// Input:  item,TS,IDHEX   add an item (before `seal`)
//         seal            no more items
//         initiate        act as client: print the first message
//         msg,HEX         a message from the other side (`msg,` alone is an empty message)
// Output: msg,HEX         the message to send to the other side
//         have,IDHEX      (client) an id only we hold
//         need,IDHEX      (client) an id only the other side holds
//         done            (client) reconciliation is complete
// The environment variable FRAMESIZELIMIT (bytes, 0 = none) bounds every message emitted.
// On any error the harness prints it to stderr and exits with the error's code.
#include <charconv>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "core/crypto/crypto.h"
#include "core/sync/rbsr.h"

namespace kring {
namespace {

std::vector<std::string_view> SplitFields(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    size_t comma = line.find(',', start);
    if (comma == std::string_view::npos) {
      fields.push_back(line.substr(start));
      return fields;
    }
    fields.push_back(line.substr(start, comma - start));
    start = comma + 1;
  }
}

Result<uint64_t> ParseUint64(std::string_view text, std::string_view what) {
  uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
    return Status::Usage(std::string(what) + " is not a whole number: '" + std::string(text) + "'");
  }
  return value;
}

class Harness {
 public:
  explicit Harness(uint64_t frame_size_limit) : frame_size_limit_(frame_size_limit) {}

  Status HandleLine(std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) return Status::Ok();
    std::vector<std::string_view> fields = SplitFields(line);
    const std::string_view command = fields[0];
    if (command == "item") return AddItem(fields);
    if (command == "seal") return Seal();
    if (command == "initiate") return Initiate();
    if (command == "msg") return HandleMessage(fields.size() >= 2 ? fields[1] : "");
    return Status::Usage("unknown command '" + std::string(command) + "'");
  }

 private:
  Status AddItem(const std::vector<std::string_view>& fields) {
    if (fields.size() != 3) return Status::Usage("an item line needs the form item,TS,IDHEX");
    KRING_ASSIGN_OR_RETURN(uint64_t timestamp, ParseUint64(fields[1], "the item timestamp"));
    KRING_ASSIGN_OR_RETURN(std::string id, FromHex(fields[2]));
    return storage_.Insert(timestamp, id);
  }

  Status Seal() {
    KRING_RETURN_IF_ERROR(storage_.Seal());
    rbsr::ReconcilerOptions options;
    options.frame_size_limit = frame_size_limit_;
    KRING_ASSIGN_OR_RETURN(rbsr::Reconciler reconciler,
                           rbsr::Reconciler::Create(&storage_, options));
    reconciler_.emplace(std::move(reconciler));
    return Status::Ok();
  }

  Status Initiate() {
    if (!reconciler_) return Status::Usage("'initiate' needs 'seal' first");
    KRING_ASSIGN_OR_RETURN(std::string message, reconciler_->Initiate());
    return Emit(message);
  }

  Status HandleMessage(std::string_view hex) {
    if (!reconciler_) return Status::Usage("'msg' needs 'seal' first");
    KRING_ASSIGN_OR_RETURN(std::string message, FromHex(hex));
    if (!reconciler_->is_initiator()) {
      KRING_ASSIGN_OR_RETURN(std::string reply, reconciler_->Reconcile(message));
      return Emit(reply);
    }
    std::vector<std::string> have;
    std::vector<std::string> need;
    KRING_ASSIGN_OR_RETURN(std::optional<std::string> next,
                           reconciler_->Reconcile(message, &have, &need));
    for (const std::string& id : have) std::cout << "have," << ToHex(id) << "\n";
    for (const std::string& id : need) std::cout << "need," << ToHex(id) << "\n";
    if (!next) {
      std::cout << "done" << std::endl;
      return Status::Ok();
    }
    return Emit(*next);
  }

  // Checks our own output against the limit too, as the reference harness does.
  Status Emit(const std::string& message) {
    if (frame_size_limit_ != 0 && message.size() > frame_size_limit_) {
      return Status::Integrity("internal error: a message of " + std::to_string(message.size()) +
                               " bytes exceeds the frame-size limit " +
                               std::to_string(frame_size_limit_));
    }
    std::cout << "msg," << ToHex(message) << std::endl;
    return Status::Ok();
  }

  uint64_t frame_size_limit_;
  rbsr::VectorStorage storage_;
  std::optional<rbsr::Reconciler> reconciler_;
};

int Run() {
  if (!InitCrypto()) {
    std::cerr << "rbsr_harness: could not initialise the crypto library\n";
    return static_cast<int>(Code::kIntegrity);
  }
  uint64_t frame_size_limit = 0;
  if (const char* env = std::getenv("FRAMESIZELIMIT"); env != nullptr && *env != '\0') {
    Result<uint64_t> parsed = ParseUint64(env, "FRAMESIZELIMIT");
    if (!parsed.ok()) {
      std::cerr << "rbsr_harness: " << parsed.status().message() << "\n";
      return parsed.status().exit_code();
    }
    frame_size_limit = *parsed;
  }
  Harness harness(frame_size_limit);
  std::string line;
  uint64_t line_number = 0;
  while (std::getline(std::cin, line)) {
    ++line_number;
    Status status = harness.HandleLine(line);
    if (!status.ok()) {
      std::cout.flush();
      std::cerr << "rbsr_harness: line " << line_number << ": " << status.message() << "\n";
      return status.exit_code();
    }
  }
  return 0;
}

}  // namespace
}  // namespace kring

int main() { return kring::Run(); }
