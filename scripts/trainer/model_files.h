// Reading corpora and writing model files, shared by the two trainers (scripts/focus-train and
// scripts/name-train). Both report a problem by throwing std::runtime_error; their main prints
// it and exits 1.
#pragma once

#include <cstddef>
#include <string>

namespace kring::trainer {

// The whole file at `path`; throws when it cannot be read.
std::string ReadFile(const std::string& path);

// Writes `text` (a model with `features` features) to `path` and says so on stdout; throws when
// the file cannot be written.
void WriteModel(const std::string& path, const std::string& text, size_t features);

}  // namespace kring::trainer
