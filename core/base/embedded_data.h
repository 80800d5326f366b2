// Data files (gazetteers, lexicons, word lists) compiled into the binary; see cmake/embed.cmake.
// Each domain with a data/ folder gets a generated header `core/<domain>/data_files.h` whose
// DataFile(name) looks a file up in that domain's own table, so a domain reads only its own data.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <utility>

namespace kring {

// One embedded file: its name relative to the domain's data/ folder, and its bytes.
using EmbeddedFileRecord = std::pair<std::string_view, std::string_view>;

// The contents of `name` in `table`, or nullopt when no such file was embedded.
std::optional<std::string_view> FindEmbeddedFile(std::span<const EmbeddedFileRecord> table,
                                                 std::string_view name);

}  // namespace kring
