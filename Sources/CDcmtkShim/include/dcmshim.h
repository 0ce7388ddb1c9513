/*
 * dcmshim.h: the only interface between Nadir's Swift code and DCMTK.
 *
 * Pure C on purpose: Swift imports it as a plain Clang module, so DCMTK's C++ headers never reach
 * Swift and no C++ interop is needed. Every function catches every C++ exception and reports a
 * failure through its return value; the reason is then available from nadir_dcm_last_error(),
 * which is thread-local (each thread sees the error of its own last call).
 *
 * Threading: a handle may be used by one thread at a time; different handles may be used from
 * different threads concurrently. Call nadir_dcm_init() before the first use (it is idempotent).
 */
#ifndef NADIR_DCMSHIM_H
#define NADIR_DCMSHIM_H
#include <stddef.h>
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif

/** Opaque handle: a DICOM file (DcmFileFormat) in memory, read from disk or built for writing. */
typedef struct nadir_dcm nadir_dcm;

/** Read modes for nadir_dcm_open. */
enum {
    NADIR_DCM_HEADER_ONLY = 0, /* stop parsing before Pixel Data (7FE0,0010) */
    NADIR_DCM_FULL = 1         /* whole file; Pixel Data read lazily on first access */
};

/** Status codes shared by the getters. */
enum {
    NADIR_DCM_MISSING = -1, /* attribute absent (or present but empty) */
    NADIR_DCM_ERROR = -2    /* failure; see nadir_dcm_last_error() */
};

/** Registers the RLE, JPEG and JPEG-LS decoders (and the RLE encoder) once per process, and sets
 *  DCMTK's log level: verbose = 0 silences DCMTK's logger (fatal only), 1 shows warnings and errors,
 *  2 shows everything down to debug. May be called again to change the log level. */
void nadir_dcm_init(int verbose);

/** Text of the last failure on the calling thread ("" if none). Valid until the next shim call on
 *  the same thread. */
const char *nadir_dcm_last_error(void);

/** Opens a file. Returns NULL on failure (missing, unreadable, not DICOM, truncated, ...). */
nadir_dcm *nadir_dcm_open(const char *path, int mode);

/** A new, empty object for writing (see nadir_dcm_put_* and nadir_dcm_save). */
nadir_dcm *nadir_dcm_create(void);

void nadir_dcm_close(nadir_dcm *handle);

/** All values of an attribute as DCMTK reads them, multiple values joined by '\'. Looks in the
 *  file meta information for group 0002, in the main dataset otherwise; with deep != 0 the first
 *  occurrence inside sequences is used when the attribute is not at the top level.
 *  Returns the full length of the value (excluding the NUL; the copy in buf is truncated to
 *  len - 1 bytes when buf is too small), NADIR_DCM_MISSING or NADIR_DCM_ERROR. */
long nadir_dcm_get_string(nadir_dcm *handle, uint16_t group, uint16_t element, int deep,
                          char *buf, size_t len);

/** Numeric values (DS, IS, US, SS, UL, SL, FL, FD, ...) of one attribute, first occurrence.
 *  Returns the value multiplicity (values beyond max are not copied), NADIR_DCM_MISSING or
 *  NADIR_DCM_ERROR (e.g. a DS value that is not a number). */
long nadir_dcm_get_float64(nadir_dcm *handle, uint16_t group, uint16_t element, int deep,
                           double *out, size_t max);

/** Numeric values of every occurrence of an attribute anywhere in the dataset (including inside
 *  sequences, in dataset order), concatenated: e.g. Image Position (Patient) of every frame of an
 *  enhanced multi-frame object. Returns the total count, NADIR_DCM_MISSING or NADIR_DCM_ERROR. */
long nadir_dcm_get_float64_all(nadir_dcm *handle, uint16_t group, uint16_t element,
                               double *out, size_t max);

/** Decodes one frame (0-based) of a monochrome image and copies its stored values (before the
 *  Modality LUT: the caller applies Rescale Slope/Intercept) as doubles. rows and columns receive
 *  the frame size. Needs a handle opened with NADIR_DCM_FULL. Returns the number of pixels,
 *  or NADIR_DCM_ERROR (colour image, undecodable transfer syntax, truncated Pixel Data, ...).
 *  Pass out = NULL to learn the size only. */
long nadir_dcm_get_frame(nadir_dcm *handle, unsigned long frame, double *out, size_t max,
                         unsigned long *rows, unsigned long *columns);

/** Number of frames DCMTK sees in the image (1 for single-frame), or NADIR_DCM_ERROR. */
long nadir_dcm_frame_count(nadir_dcm *handle);

/** Writing: inserts or replaces an attribute in the dataset, VR from DCMTK's data dictionary.
 *  Strings use '\' between multiple values. Return 0 or NADIR_DCM_ERROR. */
int nadir_dcm_put_string(nadir_dcm *handle, uint16_t group, uint16_t element, const char *value);
int nadir_dcm_put_uint16(nadir_dcm *handle, uint16_t group, uint16_t element, uint16_t value);
/** Pixel Data (7FE0,0010) as OW from 16-bit words (signed values are passed as their bit pattern). */
int nadir_dcm_put_pixels16(nadir_dcm *handle, const uint16_t *pixels, size_t count);

/** Saves with a fresh File Meta Information header, Explicit VR Little Endian, explicit lengths.
 *  Output depends only on the dataset, so the same dataset always gives the same bytes. */
int nadir_dcm_save(nadir_dcm *handle, const char *path);

/** zlib helpers for the PNG encoder: a zlib stream (RFC 1950) of in[0..n) at level 9 into out.
 *  Returns the compressed size or NADIR_DCM_ERROR (e.g. cap too small). */
long nadir_zlib_compress(const uint8_t *in, size_t n, uint8_t *out, size_t cap);
size_t nadir_zlib_bound(size_t n);
/** CRC-32 (ISO 3309, as PNG chunks use) continuing from crc (start with 0). */
uint32_t nadir_crc32(uint32_t crc, const uint8_t *data, size_t n);

#ifdef __cplusplus
}
#endif
#endif
