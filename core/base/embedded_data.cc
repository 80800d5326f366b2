#include "core/base/embedded_data.h"

namespace kring {

std::optional<std::string_view> FindEmbeddedFile(std::span<const EmbeddedFileRecord> table,
                                                 std::string_view name) {
  for (const auto& [file_name, data] : table) {
    if (file_name == name) return data;
  }
  return std::nullopt;
}

}  // namespace kring
