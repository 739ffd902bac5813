#ifndef LIAISON_CGRAPHVIZ_SHIM_H
#define LIAISON_CGRAPHVIZ_SHIM_H
// What Swift cannot import from Graphviz directly: C global descriptors (Agdirected…) are
// mutable globals Swift 6 rejects as not concurrency-safe, so they are returned from inline functions;
// the layout records (ND_coord, GD_bb…) are macros over Graphviz's private structs, so they are read
// through inline functions too. Call every one of them under the Graphviz lock.
#include <graphviz/gvc.h>
#include <graphviz/cgraph.h>

static inline Agdesc_t liaison_agdirected(void) { return Agdirected; }
static inline Agdesc_t liaison_agstrictdirected(void) { return Agstrictdirected; }
static inline Agdesc_t liaison_agundirected(void) { return Agundirected; }

/// An edge's ends (macros in Graphviz 2.x).
static inline Agnode_t *liaison_agtail(Agedge_t *e) { return agtail(e); }
static inline Agnode_t *liaison_aghead(Agedge_t *e) { return aghead(e); }

/// A laid-out node's centre, in points (valid between gvLayout and gvFreeLayout).
static inline double liaison_node_x(Agnode_t *n) { return ND_coord(n).x; }
static inline double liaison_node_y(Agnode_t *n) { return ND_coord(n).y; }
/// A laid-out node's size, in inches.
static inline double liaison_node_width(Agnode_t *n) { return ND_width(n); }
static inline double liaison_node_height(Agnode_t *n) { return ND_height(n); }
/// A laid-out graph's (or cluster's) bounding box, in points: lower-left x, y, upper-right x, y.
static inline double liaison_graph_bb(Agraph_t *g, int which) {
    boxf b = GD_bb(g);
    switch (which) { case 0: return b.LL.x; case 1: return b.LL.y; case 2: return b.UR.x; default: return b.UR.y; }
}

/// A node's external label (`xlabel`), after layout: whether it has one, its size in points (as
/// Graphviz measured the text), and placing it at a centre of our choosing (or not drawing it).
/// The renderer draws an external label only when `set` is true, at `pos`.
static inline int liaison_xlabel_exists(Agnode_t *n) { return ND_xlabel(n) != NULL; }
static inline double liaison_xlabel_width(Agnode_t *n) { return ND_xlabel(n)->dimen.x; }
static inline double liaison_xlabel_height(Agnode_t *n) { return ND_xlabel(n)->dimen.y; }
static inline void liaison_xlabel_place(Agnode_t *n, double x, double y) {
    ND_xlabel(n)->pos.x = x;
    ND_xlabel(n)->pos.y = y;
    ND_xlabel(n)->set = 1;
}
static inline void liaison_xlabel_hide(Agnode_t *n) { ND_xlabel(n)->set = 0; }
/// The graph's own label (e.g. a legend): whether it has one, its centre and size in points.
static inline int liaison_graph_label_exists(Agraph_t *g) { return GD_label(g) != NULL; }
static inline double liaison_graph_label(Agraph_t *g, int which) {
    textlabel_t *l = GD_label(g);
    switch (which) { case 0: return l->pos.x; case 1: return l->pos.y; case 2: return l->dimen.x; default: return l->dimen.y; }
}
/// Grows the graph's bounding box (the canvas) to hold what was placed after layout.
static inline void liaison_graph_set_bb(Agraph_t *g, double llx, double lly, double urx, double ury) {
    GD_bb(g).LL.x = llx; GD_bb(g).LL.y = lly; GD_bb(g).UR.x = urx; GD_bb(g).UR.y = ury;
}

#endif
