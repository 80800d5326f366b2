// Must NOT compile: core/focus may use text and base only (core/CMakeLists.txt), so the group
// book is not on its include path. Built only by the layering test (tests/CMakeLists.txt).
#include "core/groups/group_book.h"
