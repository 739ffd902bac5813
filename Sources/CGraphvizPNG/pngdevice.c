// A Graphviz device plugin that writes the page cairo drew as PNG, with libpng.
//
// Why not Graphviz's own "png:cairo" device: it hands the page to cairo_surface_write_to_png_stream,
// which leaves libpng at its defaults — adaptive filtering (every row tried with all five filters)
// and zlib level 6. On the demo network's map (2 344 × 1 725 pixels) that encoding took 239 ms of a
// 0.41–0.61 s `render --out map.png` (perf: 42 % of the process in zlib and libpng). The same pixels
// unfiltered at zlib level 3 take 36–48 ms and the file is 27 % smaller (673 KB against 919 KB): a
// map is mostly long runs of flat colour, which deflate's matches already cover, so filters only
// cost time. Measured with libpng 1.6.39 on that page (best of 3, noisy 2-core machine): no filter
// at levels 1–3 35–48 ms (696–673 KB), level 6 78 ms (589 KB); Sub at level 3 72 ms (775 KB); Up
// at level 1 41 ms (829 KB); Paeth at level 1 57 ms (812 KB); adaptive at level 1 160 ms (818 KB).
// A small map can come out larger than cairo's: README's field-trip map is 58 KB against 49 KB.
//
// The pixels are cairo's: the page is the premultiplied ARGB32 image surface Graphviz's cairo
// renderer drew (the one its webp and gd devices take), un-premultiplied with cairo's own rounding,
// and written as RGB when every pixel is opaque, RGBA otherwise — as cairo's writer decides.
#include <graphviz/gvc.h>
#include <graphviz/gvplugin.h>
#include <graphviz/gvplugin_device.h>
#include <png.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "CGraphvizPNG.h"

// Graphviz's output call for plugins (lib/gvc/gvio.h, exported by libgvc but not installed with its
// headers): appends to gvRenderData's buffer or to the output file.
extern size_t gvwrite(GVJ_t *job, const char *s, size_t len);

typedef struct {
    unsigned char *bytes;
    size_t length, capacity;
    char message[200];
} encoded_png;

static void append(png_structp png, png_bytep data, size_t length) {
    encoded_png *out = png_get_io_ptr(png);
    if (out->length + length > out->capacity) {
        size_t capacity = out->capacity ? out->capacity : 1 << 16;
        while (capacity < out->length + length) capacity *= 2;
        unsigned char *grown = realloc(out->bytes, capacity);
        if (!grown) png_error(png, "out of memory");
        out->bytes = grown;
        out->capacity = capacity;
    }
    memcpy(out->bytes + out->length, data, length);
    out->length += length;
}

static void flush(png_structp png) { (void)png; }

static void failed(png_structp png, png_const_charp message) {
    encoded_png *out = png_get_error_ptr(png);
    snprintf(out->message, sizeof out->message, "%s", message ? message : "unknown error");
    png_longjmp(png, 1);
}

static void warned(png_structp png, png_const_charp message) { (void)png; (void)message; }

/// Cairo's un-premultiplication (cairo-png.c, unpremultiply_data): c · 255 / α, rounded half up.
static void unpremultiply(const uint32_t *row, unsigned char *out, unsigned width, int alpha) {
    for (unsigned x = 0; x < width; x++) {
        uint32_t p = row[x];
        unsigned a = p >> 24, r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
        if (a != 255 && a != 0) {
            r = (r * 255 + a / 2) / a;
            g = (g * 255 + a / 2) / a;
            b = (b * 255 + a / 2) / a;
        } else if (a == 0) {
            r = g = b = 0;
        }
        *out++ = (unsigned char)r;
        *out++ = (unsigned char)g;
        *out++ = (unsigned char)b;
        if (alpha) *out++ = (unsigned char)a;
    }
}

/// Encodes the page into `out`; returns 0 on success, with `out->message` set otherwise.
static int encode(const uint32_t *pixels, unsigned width, unsigned height, encoded_png *out) {
    int opaque = 1;
    for (size_t i = 0, n = (size_t)width * height; i < n && opaque; i++) opaque = (pixels[i] >> 24) == 255;
    unsigned char *row = malloc((size_t)width * 4);
    if (!row) {
        snprintf(out->message, sizeof out->message, "out of memory");
        return -1;
    }
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, out, failed, warned);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!png || !info) {
        png_destroy_write_struct(&png, &info);
        free(row);
        snprintf(out->message, sizeof out->message, "libpng could not start");
        return -1;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(row);
        return -1;
    }
    png_set_write_fn(png, out, append, flush);
    png_set_IHDR(png, info, width, height, 8, opaque ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGB_ALPHA,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
    png_set_compression_level(png, 3);
    png_write_info(png, info);
    for (unsigned y = 0; y < height; y++) {
        unpremultiply(pixels + (size_t)y * width, row, width, !opaque);
        png_write_row(png, row);
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    free(row);
    return 0;
}

/// The device's format call: Graphviz's cairo renderer has drawn the page into `job->imagedata`
/// (4 · width bytes a row). On failure nothing is written and the reason goes to Graphviz's error
/// channel, so the caller sees an empty result and the message.
static void liaison_png_format(GVJ_t *job) {
    if (!job->imagedata || job->width == 0 || job->height == 0) {
        agerr(AGERR, "PNG: cairo drew no page\n");
        return;
    }
    encoded_png out = {0};
    if (encode((const uint32_t *)job->imagedata, job->width, job->height, &out) == 0) {
        if (gvwrite(job, (const char *)out.bytes, out.length) != out.length)
            agerr(AGERR, "PNG: could not write the image\n");
    } else {
        agerr(AGERR, "PNG: %s\n", out.message);
    }
    free(out.bytes);
}

static gvdevice_engine_t liaison_png_engine = {NULL, liaison_png_format, NULL};

// The features of Graphviz's own cairo PNG device, so pages have the same size (96 dpi, no margin).
static gvdevice_features_t liaison_png_features = {
    GVDEVICE_BINARY_FORMAT | GVDEVICE_DOES_TRUECOLOR,
    {0., 0.},
    {0., 0.},
    {96., 96.},
};

static gvplugin_installed_t liaison_devices[] = {
    {0, "png:cairo", 0, &liaison_png_engine, &liaison_png_features},
    {0, NULL, 0, NULL, NULL},
};

static gvplugin_api_t liaison_apis[] = {
    {API_device, liaison_devices},
    {(api_t)0, NULL},
};

static char liaison_package[] = "liaison";

static gvplugin_library_t liaison_library = {liaison_package, liaison_apis};

void liaison_add_png_device(void *gvc) { gvAddLibrary((GVC_t *)gvc, &liaison_library); }
