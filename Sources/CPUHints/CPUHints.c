// Everything is in include/CPUHints.h (static inline); SwiftPM needs a source file in a C target.
#include "CPUHints.h"
