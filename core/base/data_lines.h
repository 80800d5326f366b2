// Reading the tab-separated data files Kring compiles in or reads from the repository (lexicons,
// models, labelled corpora): the lines that hold data, and a line's fields.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace kring {

struct DataLine {
  size_t number = 0;  // 1-based, counting every line of the file
  std::string_view text;
};

// The lines of `data` that hold data: a '\r' before the line end is dropped, blank lines and
// lines starting with '#' are skipped.
std::vector<DataLine> DataLines(std::string_view data);

// The fields of a line between tabs; one field when there is no tab.
std::vector<std::string_view> SplitTabs(std::string_view line);

}  // namespace kring
