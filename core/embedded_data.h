// Data files (gazetteers, lexicons) compiled into the binary; see cmake/embed.cmake.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace kring {

// The contents of core/data/<name>, or nullopt when no such file was embedded.
std::optional<std::string_view> EmbeddedFile(std::string_view name);
std::vector<std::string_view> EmbeddedFileNames();

}  // namespace kring
