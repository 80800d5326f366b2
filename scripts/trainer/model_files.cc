#include "scripts/trainer/model_files.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace kring::trainer {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) throw std::runtime_error("cannot read " + path);
  return out.str();
}

void WriteModel(const std::string& path, const std::string& text, size_t features) {
  std::ofstream file(path, std::ios::binary);
  file << text;
  if (!file.flush()) throw std::runtime_error("cannot write " + path);
  std::printf("wrote %s: %zu features\n", path.c_str(), features);
}

}  // namespace kring::trainer
