#ifndef LIAISON_CLIBPNG_SHIM_H
#define LIAISON_CLIBPNG_SHIM_H
// libpng (pkg-config libpng; apt: libpng-dev): the PNG encoder of Graphviz maps (CGraphvizPNG), and
// the decoder tests use to compare its pixels with cairo's own PNG writer.
#include <png.h>
#include <string.h>

/// Decodes a PNG in memory to 8-bit RGBA with libpng's simplified API (an opaque image gets alpha
/// 255). With `out == NULL`, only sets `*width` and `*height`. Returns 1 on success, 0 otherwise.
static inline int liaison_png_decode_rgba(const void *data, size_t size, unsigned *width, unsigned *height,
                                          unsigned char *out, size_t capacity) {
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, data, size)) return 0;
    *width = image.width;
    *height = image.height;
    if (!out) { png_image_free(&image); return 1; }
    image.format = PNG_FORMAT_RGBA;
    if (capacity < PNG_IMAGE_SIZE(image)) { png_image_free(&image); return 0; }
    return png_image_finish_read(&image, NULL, out, 0, NULL) ? 1 : 0;
}
#endif
