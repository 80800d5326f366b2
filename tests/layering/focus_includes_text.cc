// Must compile: the control for focus_includes_groups.cc, with the same include path and an
// include that core/focus is allowed (core/text).
#include "core/text/tokeniser.h"
