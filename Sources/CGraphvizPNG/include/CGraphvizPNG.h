#ifndef LIAISON_CGRAPHVIZPNG_H
#define LIAISON_CGRAPHVIZPNG_H

/// The Graphviz format that renders with cairo and encodes with this device: "png:cairo:liaison".
#define LIAISON_PNG_FORMAT "png:cairo:liaison"

/// Adds the "liaison" plugin package to a Graphviz context (a `GVC_t *`): one device, "png:cairo",
/// that takes the page cairo drew (premultiplied ARGB32, as Graphviz's webp and gd devices take it)
/// and writes it as PNG with libpng — the same pixels as cairo's own PNG writer, encoded unfiltered
/// at zlib level 3 instead of libpng's adaptive filtering at level 6 (see pngdevice.c).
/// Call once per context, with the Graphviz lock held.
void liaison_add_png_device(void *gvc);

#endif
