#ifndef LIAISON_CGRAPHVIZ_SHIM_H
#define LIAISON_CGRAPHVIZ_SHIM_H
// What Swift cannot import from Graphviz directly: C global descriptors (Agdirected…) are
// mutable globals Swift 6 rejects as not concurrency-safe, so they are returned from inline functions.
#include <graphviz/gvc.h>
#include <graphviz/cgraph.h>

static inline Agdesc_t liaison_agdirected(void) { return Agdirected; }
static inline Agdesc_t liaison_agstrictdirected(void) { return Agstrictdirected; }
static inline Agdesc_t liaison_agundirected(void) { return Agundirected; }

#endif
