#include "core/base/data_lines.h"

#include <gtest/gtest.h>

namespace kring {
namespace {

TEST(DataLinesTest, SkipsBlankAndCommentLinesAndCountsEveryLine) {
  const std::vector<DataLine> lines = DataLines("# head\r\n\nwork\t1\tx\r\n  \n#\nlast");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].number, 3u);
  EXPECT_EQ(lines[0].text, "work\t1\tx");
  EXPECT_EQ(lines[1].number, 4u);  // spaces are data: the parser says what is wrong with them
  EXPECT_EQ(lines[2].number, 6u);
  EXPECT_EQ(lines[2].text, "last");
  EXPECT_TRUE(DataLines("").empty());
  EXPECT_TRUE(DataLines("\n\r\n#x\n").empty());
}

TEST(DataLinesTest, SplitsFieldsAtTabs) {
  EXPECT_EQ(SplitTabs("a\tb\t\tc"), (std::vector<std::string_view>{"a", "b", "", "c"}));
  EXPECT_EQ(SplitTabs("one"), (std::vector<std::string_view>{"one"}));
  EXPECT_EQ(SplitTabs(""), (std::vector<std::string_view>{""}));
  EXPECT_EQ(SplitTabs("x\t"), (std::vector<std::string_view>{"x", ""}));
}

}  // namespace
}  // namespace kring
