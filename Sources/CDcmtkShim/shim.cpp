// shim.cpp: DCMTK behind the small C API of include/dcmshim.h.
//
// Rules kept throughout: no C++ exception and no OFCondition crosses the extern "C" boundary
// (every entry point has a catch-all and converts failures to a return code plus a thread-local
// message); DCMTK's logger is silenced unless the caller asks for it.
#include "dcmshim.h"

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dctk.h"
#include "dcmtk/dcmdata/dcrledrg.h"
#include "dcmtk/dcmdata/dcrleerg.h"
#include "dcmtk/dcmimgle/dcmimage.h"
#include "dcmtk/dcmimgle/dipixel.h"
#include "dcmtk/dcmjpeg/djdecode.h"
#include "dcmtk/dcmjpls/djdecode.h"
#include "dcmtk/oflog/oflog.h"

#include "dcmtk/dcmdata/dcistrmb.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cstring>
#include <exception>
#include <mutex>
#include <new>
#include <string>
#include <vector>

struct nadir_dcm {
    DcmFileFormat file;
    bool full = false;
};

namespace {

thread_local std::string lastError;

void setError(const std::string &message) { lastError = message; }

void setError(const char *context, const OFCondition &cond) {
    lastError = std::string(context) + ": " + cond.text();
}

std::once_flag codecsOnce;

// Runs body, turning any escaping C++ exception into the given failure value.
template <typename R, typename F> R guarded(R failure, F body) {
    try {
        return body();
    } catch (const std::bad_alloc &) {
        setError("out of memory");
    } catch (const std::exception &e) {
        setError(std::string("DCMTK raised an exception: ") + e.what());
    } catch (...) {
        setError("DCMTK raised an unknown exception");
    }
    return failure;
}

// Group 0002 lives in the File Meta Information, everything else in the dataset.
DcmItem *itemFor(nadir_dcm *h, uint16_t group) {
    if (group == 0x0002) return h->file.getMetaInfo();
    return h->file.getDataset();
}

// The element for a tag: top level first; with deep, the first occurrence inside sequences.
DcmElement *findElement(nadir_dcm *h, uint16_t group, uint16_t element, bool deep) {
    DcmItem *item = itemFor(h, group);
    if (item == nullptr) return nullptr;
    DcmElement *el = nullptr;
    const DcmTagKey key(group, element);
    if (item->findAndGetElement(key, el, OFFalse).good() && el != nullptr) return el;
    if (deep && item->findAndGetElement(key, el, OFTrue).good() && el != nullptr) return el;
    return nullptr;
}

// The data dictionary's VR for an element's tag (what the standard says it should be).
DcmEVR dictionaryVR(DcmElement *el) {
    DcmTag tag(el->getTag().getXTag());
    return tag.getEVR();
}

// Elements written with VR UN (e.g. by a converter that lost the VR) keep their raw value bytes;
// DCMTK prints those as hex. For a tag whose dictionary VR is textual, the bytes are the text.
bool unknownVRText(DcmElement *el, OFString &out) {
    if (el->ident() != EVR_UN) return false;
    const DcmEVR dict = dictionaryVR(el);
    switch (dict) {
    case EVR_AE: case EVR_AS: case EVR_CS: case EVR_DA: case EVR_DS: case EVR_DT: case EVR_IS:
    case EVR_LO: case EVR_LT: case EVR_PN: case EVR_SH: case EVR_ST: case EVR_TM: case EVR_UC:
    case EVR_UI: case EVR_UR: case EVR_UT:
        break;
    default:
        return false;
    }
    Uint8 *bytes = nullptr;
    if (el->getUint8Array(bytes).bad() || bytes == nullptr) return false;
    std::string text(reinterpret_cast<const char *>(bytes), el->getLength());
    while (!text.empty() && (text.back() == ' ' || text.back() == '\0')) text.pop_back();
    out = text.c_str();
    return true;
}

// Appends every numeric value of one element; false (with the error set) if a value is not numeric.
bool appendNumbers(DcmElement *el, std::vector<double> &values) {
    OFString unText;
    if (unknownVRText(el, unText)) {
        // Split the recovered DS/IS text on '\' like a normal multi-valued string.
        size_t start = 0;
        while (start <= unText.length()) {
            size_t end = unText.find('\\', start);
            if (end == OFString_npos) end = unText.length();
            OFString part = unText.substr(start, end - start);
            OFBool ok = OFFalse;
            const double v = OFStandard::atof(part.c_str(), &ok);
            if (!ok) {
                setError(std::string("value '") + part.c_str() + "' is not a number");
                return false;
            }
            values.push_back(v);
            start = end + 1;
        }
        return true;
    }
    const unsigned long vm = el->getVM();
    const DcmEVR vr = el->ident();
    const bool textual = (vr == EVR_DS || vr == EVR_IS);
    for (unsigned long i = 0; i < vm; ++i) {
        Float64 d = 0;
        if (!textual && el->getFloat64(d, i).good()) {
            values.push_back(d);
            continue;
        }
        OFString s;
        if (el->getOFString(s, i, OFTrue).bad()) {
            setError(std::string("cannot read value ") + std::to_string(i + 1));
            return false;
        }
        OFBool ok = OFFalse;
        const double v = OFStandard::atof(s.c_str(), &ok);
        if (!ok) {
            setError(std::string("value '") + s.c_str() + "' is not a number");
            return false;
        }
        values.push_back(v);
    }
    return true;
}

// Header-only read from memory: the first 16 KiB of the file are read with read(2) and parsed
// from a DcmInputBufferStream, which avoids DCMTK's stdio stream (fread/ftello/feof with stdio's
// per-call locking dominated a scan's profile). Returns false when this fast path cannot decide
// (header longer than the chunk, any parse error, I/O trouble): the caller then reads the file the
// normal way, so error messages stay exactly DCMTK's.
bool headerFromMemory(nadir_dcm *h, const char *path) {
    // Typical CT/MR headers are 2-10 KiB; a bigger chunk only copies pixel bytes nobody parses.
    static const size_t chunk = 16 * 1024;
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat st;
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) {
        ::close(fd);
        return false;
    }
    const size_t want = static_cast<size_t>(st.st_size) < chunk ? static_cast<size_t>(st.st_size) : chunk;
    std::vector<unsigned char> buffer(want);
    size_t have = 0;
    while (have < want) {
        const ssize_t n = ::read(fd, buffer.data() + have, want - have);
        if (n <= 0) break;
        have += static_cast<size_t>(n);
    }
    ::close(fd);
    if (have != want) return false;
    DcmInputBufferStream stream;
    stream.setBuffer(buffer.data(), static_cast<offile_off_t>(have));
    if (have == static_cast<size_t>(st.st_size)) stream.setEos();
    h->file.transferInit();
    OFCondition cond = h->file.readUntilTag(stream, EXS_Unknown, EGL_noChange, DCM_MaxReadLength, DCM_PixelData);
    h->file.transferEnd();
    stream.releaseBuffer();
    if (cond.good()) return true;
    h->file.clear();
    return false;
}

} // namespace

extern "C" {

void nadir_dcm_init(int verbose) {
    guarded(0, [&] {
        std::call_once(codecsOnce, [] {
            DcmRLEDecoderRegistration::registerCodecs();
            DcmRLEEncoderRegistration::registerCodecs();
            DJDecoderRegistration::registerCodecs();
            DJLSDecoderRegistration::registerCodecs();
        });
        OFLogger::LogLevel level = OFLogger::FATAL_LOG_LEVEL;
        if (verbose == 1) level = OFLogger::WARN_LOG_LEVEL;
        if (verbose >= 2) level = OFLogger::DEBUG_LOG_LEVEL;
        OFLog::configure(level);
        return 0;
    });
}

const char *nadir_dcm_last_error(void) { return lastError.c_str(); }

nadir_dcm *nadir_dcm_open(const char *path, int mode) {
    return guarded<nadir_dcm *>(nullptr, [&]() -> nadir_dcm * {
        lastError.clear();
        if (path == nullptr) {
            setError("no path");
            return nullptr;
        }
        nadir_dcm *h = new nadir_dcm();
        OFCondition cond;
        if (mode == NADIR_DCM_HEADER_ONLY) {
            if (headerFromMemory(h, path)) return h;
            delete h;
            h = new nadir_dcm();
            cond = h->file.loadFileUntilTag(path, EXS_Unknown, EGL_noChange, DCM_MaxReadLength,
                                            ERM_autoDetect, DCM_PixelData);
        } else {
            cond = h->file.loadFile(path, EXS_Unknown, EGL_noChange, DCM_MaxReadLength, ERM_autoDetect);
            h->full = true;
        }
        if (cond.bad()) {
            setError(cond.text());
            delete h;
            return nullptr;
        }
        return h;
    });
}

nadir_dcm *nadir_dcm_create(void) {
    return guarded<nadir_dcm *>(nullptr, [&]() -> nadir_dcm * {
        nadir_dcm *h = new nadir_dcm();
        h->full = true;
        return h;
    });
}

void nadir_dcm_close(nadir_dcm *handle) {
    guarded(0, [&] {
        delete handle;
        return 0;
    });
}

long nadir_dcm_get_string(nadir_dcm *h, uint16_t group, uint16_t element, int deep, char *buf, size_t len) {
    return guarded<long>(NADIR_DCM_ERROR, [&]() -> long {
        if (h == nullptr) { setError("no handle"); return NADIR_DCM_ERROR; }
        DcmElement *el = findElement(h, group, element, deep != 0);
        if (el == nullptr || el->getLength() == 0) return NADIR_DCM_MISSING;
        OFString value;
        // Sequences and binary VRs have no string form here: report them as errors, not crashes.
        if (el->isLeaf() == OFFalse) { setError("attribute is a sequence"); return NADIR_DCM_ERROR; }
        if (!unknownVRText(el, value)) {
            OFCondition cond = el->getOFStringArray(value, OFTrue);
            if (cond.bad()) { setError("cannot read value", cond); return NADIR_DCM_ERROR; }
        }
        if (buf != nullptr && len > 0) {
            const size_t n = value.length() < len - 1 ? value.length() : len - 1;
            std::memcpy(buf, value.c_str(), n);
            buf[n] = '\0';
        }
        return static_cast<long>(value.length());
    });
}

long nadir_dcm_get_float64(nadir_dcm *h, uint16_t group, uint16_t element, int deep, double *out, size_t max) {
    return guarded<long>(NADIR_DCM_ERROR, [&]() -> long {
        if (h == nullptr) { setError("no handle"); return NADIR_DCM_ERROR; }
        DcmElement *el = findElement(h, group, element, deep != 0);
        if (el == nullptr || el->getLength() == 0) return NADIR_DCM_MISSING;
        if (el->isLeaf() == OFFalse) { setError("attribute is a sequence"); return NADIR_DCM_ERROR; }
        std::vector<double> values;
        if (!appendNumbers(el, values)) return NADIR_DCM_ERROR;
        for (size_t i = 0; i < values.size() && i < max && out != nullptr; ++i) out[i] = values[i];
        return static_cast<long>(values.size());
    });
}

long nadir_dcm_get_float64_all(nadir_dcm *h, uint16_t group, uint16_t element, double *out, size_t max) {
    return guarded<long>(NADIR_DCM_ERROR, [&]() -> long {
        if (h == nullptr) { setError("no handle"); return NADIR_DCM_ERROR; }
        DcmItem *item = itemFor(h, group);
        if (item == nullptr) return NADIR_DCM_MISSING;
        DcmStack stack;
        // findAndGetElements walks the whole tree (sequences included) in dataset order.
        if (item->findAndGetElements(DcmTagKey(group, element), stack).bad()) return NADIR_DCM_MISSING;
        std::vector<double> values;
        // The stack pops in reverse: collect first, then restore dataset order.
        std::vector<DcmElement *> elements;
        while (!stack.empty()) {
            DcmObject *obj = stack.pop();
            if (obj != nullptr && obj->isLeaf()) elements.push_back(static_cast<DcmElement *>(obj));
        }
        for (auto it = elements.rbegin(); it != elements.rend(); ++it) {
            if ((*it)->getLength() == 0) continue;
            if (!appendNumbers(*it, values)) return NADIR_DCM_ERROR;
        }
        if (values.empty()) return NADIR_DCM_MISSING;
        for (size_t i = 0; i < values.size() && i < max && out != nullptr; ++i) out[i] = values[i];
        return static_cast<long>(values.size());
    });
}

long nadir_dcm_frame_count(nadir_dcm *h) {
    return guarded<long>(NADIR_DCM_ERROR, [&]() -> long {
        if (h == nullptr) { setError("no handle"); return NADIR_DCM_ERROR; }
        Sint32 frames = 1;
        if (h->file.getDataset()->findAndGetSint32(DCM_NumberOfFrames, frames).bad() || frames < 1) frames = 1;
        return static_cast<long>(frames);
    });
}

long nadir_dcm_get_frame(nadir_dcm *h, unsigned long frame, double *out, size_t max,
                         unsigned long *rows, unsigned long *columns) {
    return guarded<long>(NADIR_DCM_ERROR, [&]() -> long {
        if (h == nullptr) { setError("no handle"); return NADIR_DCM_ERROR; }
        if (!h->full) { setError("opened header-only: no pixel data"); return NADIR_DCM_ERROR; }
        DcmDataset *ds = h->file.getDataset();
        if (!ds->tagExists(DCM_PixelData)) { setError("no Pixel Data (7FE0,0010)"); return NADIR_DCM_ERROR; }
        // Stored values only: the Modality LUT (Rescale Slope/Intercept) is applied by the caller in
        // double precision, so fractional slopes are not rounded to DCMTK's integer intermediate type.
        const unsigned long flags = CIF_UsePartialAccessToPixelData | CIF_IgnoreModalityTransformation;
        DicomImage image(ds, ds->getOriginalXfer(), flags, frame, 1);
        if (image.getStatus() != EIS_Normal) {
            setError(std::string("cannot decode pixels: ") + DicomImage::getString(image.getStatus()));
            return NADIR_DCM_ERROR;
        }
        if (!image.isMonochrome()) {
            setError("not a monochrome image (colour images are not supported)");
            return NADIR_DCM_ERROR;
        }
        const DiPixel *pixel = image.getInterData();
        if (pixel == nullptr || pixel->getData() == nullptr) {
            setError("cannot decode pixels: no pixel data after decoding");
            return NADIR_DCM_ERROR;
        }
        const unsigned long w = image.getWidth();
        const unsigned long hgt = image.getHeight();
        const unsigned long count = w * hgt;
        if (pixel->getCount() < count) {
            setError("cannot decode pixels: fewer pixels than Rows x Columns");
            return NADIR_DCM_ERROR;
        }
        if (rows != nullptr) *rows = hgt;
        if (columns != nullptr) *columns = w;
        if (out == nullptr) return static_cast<long>(count);
        if (max < count) { setError("output buffer too small"); return NADIR_DCM_ERROR; }
        const void *data = pixel->getData();
        switch (pixel->getRepresentation()) {
        case EPR_Uint8: for (unsigned long i = 0; i < count; ++i) out[i] = static_cast<const Uint8 *>(data)[i]; break;
        case EPR_Sint8: for (unsigned long i = 0; i < count; ++i) out[i] = static_cast<const Sint8 *>(data)[i]; break;
        case EPR_Uint16: for (unsigned long i = 0; i < count; ++i) out[i] = static_cast<const Uint16 *>(data)[i]; break;
        case EPR_Sint16: for (unsigned long i = 0; i < count; ++i) out[i] = static_cast<const Sint16 *>(data)[i]; break;
        case EPR_Uint32: for (unsigned long i = 0; i < count; ++i) out[i] = static_cast<const Uint32 *>(data)[i]; break;
        case EPR_Sint32: for (unsigned long i = 0; i < count; ++i) out[i] = static_cast<const Sint32 *>(data)[i]; break;
        default: setError("unknown pixel representation"); return NADIR_DCM_ERROR;
        }
        return static_cast<long>(count);
    });
}

int nadir_dcm_put_string(nadir_dcm *h, uint16_t group, uint16_t element, const char *value) {
    return guarded<int>(NADIR_DCM_ERROR, [&]() -> int {
        if (h == nullptr || value == nullptr) { setError("no handle or value"); return NADIR_DCM_ERROR; }
        OFCondition cond = h->file.getDataset()->putAndInsertString(DcmTagKey(group, element), value, OFTrue);
        if (cond.bad()) { setError("cannot insert attribute", cond); return NADIR_DCM_ERROR; }
        return 0;
    });
}

int nadir_dcm_put_uint16(nadir_dcm *h, uint16_t group, uint16_t element, uint16_t value) {
    return guarded<int>(NADIR_DCM_ERROR, [&]() -> int {
        if (h == nullptr) { setError("no handle"); return NADIR_DCM_ERROR; }
        OFCondition cond = h->file.getDataset()->putAndInsertUint16(DcmTagKey(group, element), value, 0, OFTrue);
        if (cond.bad()) { setError("cannot insert attribute", cond); return NADIR_DCM_ERROR; }
        return 0;
    });
}

int nadir_dcm_put_pixels16(nadir_dcm *h, const uint16_t *pixels, size_t count) {
    return guarded<int>(NADIR_DCM_ERROR, [&]() -> int {
        if (h == nullptr || pixels == nullptr) { setError("no handle or pixels"); return NADIR_DCM_ERROR; }
        OFCondition cond = h->file.getDataset()->putAndInsertUint16Array(
            DCM_PixelData, reinterpret_cast<const Uint16 *>(pixels), static_cast<unsigned long>(count), OFTrue);
        if (cond.bad()) { setError("cannot insert Pixel Data", cond); return NADIR_DCM_ERROR; }
        return 0;
    });
}

int nadir_dcm_save(nadir_dcm *h, const char *path) {
    return guarded<int>(NADIR_DCM_ERROR, [&]() -> int {
        if (h == nullptr || path == nullptr) { setError("no handle or path"); return NADIR_DCM_ERROR; }
        OFCondition cond = h->file.saveFile(path, EXS_LittleEndianExplicit, EET_ExplicitLength,
                                            EGL_recalcGL, EPD_noChange, 0, 0, EWM_createNewMeta);
        if (cond.bad()) { setError("cannot save", cond); return NADIR_DCM_ERROR; }
        return 0;
    });
}

size_t nadir_zlib_bound(size_t n) { return static_cast<size_t>(compressBound(static_cast<uLong>(n))); }

long nadir_zlib_compress(const uint8_t *in, size_t n, uint8_t *out, size_t cap) {
    return guarded<long>(NADIR_DCM_ERROR, [&]() -> long {
        uLongf outLen = static_cast<uLongf>(cap);
        const int rc = compress2(out, &outLen, in, static_cast<uLong>(n), 9);
        if (rc != Z_OK) { setError(std::string("zlib compress2 failed: ") + std::to_string(rc)); return NADIR_DCM_ERROR; }
        return static_cast<long>(outLen);
    });
}

uint32_t nadir_crc32(uint32_t crc, const uint8_t *data, size_t n) {
    return static_cast<uint32_t>(::crc32(static_cast<uLong>(crc), data, static_cast<uInt>(n)));
}

} // extern "C"
