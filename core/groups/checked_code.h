// The text form shared by invitation and mailbox codes: a prefix naming kind and version, then
// base64url of an InvitationCodeFile (payload + a 4-byte BLAKE2b check), so that a typo or a
// cut-off paste is told apart from a code that is refused. Pure.
#pragma once

#include <string>
#include <string_view>

namespace kring {

// `prefix` + base64url(file); the check is BLAKE2b-256(label || payload)'s first 4 bytes.
std::string EncodeCheckedCode(std::string_view prefix, std::string_view label,
                              const std::string& payload);

enum class CodeProblem { kNone, kNotACode, kNewerVersion, kDamaged };
struct DecodedCode {
  CodeProblem problem = CodeProblem::kNotACode;
  std::string payload;
};
// Spaces and line breaks in `text` are ignored. A text starting with `family` (e.g. "kring-join")
// but not `prefix` is a newer version. At most 2048 characters.
DecodedCode DecodeCheckedCode(std::string_view text, std::string_view prefix,
                              std::string_view family, std::string_view label);

}  // namespace kring
