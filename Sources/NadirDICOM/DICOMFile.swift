import CDcmtkShim
import Foundation

/// One DICOM file opened through DCMTK. Holds a DCMTK handle, so it is deliberately not `Sendable`:
/// a `DICOMFile` is used by one thread at a time (different files may be read in parallel).
/// Read what you need into value types (`InstanceHeader`, `SliceImage`) and let the file go.
public final class DICOMFile {
    /// How much of the file to parse.
    public enum ReadMode: Sendable {
        /// Stop before Pixel Data (7FE0,0010): what `nadir scan` needs, and what it costs.
        case headerOnly
        /// The whole file; Pixel Data is read from disk lazily when a frame is decoded.
        case full
    }

    public let path: String
    public let mode: ReadMode
    private let handle: OpaquePointer

    /// Opens `path`. Throws `DICOMError.unreadable` for anything DCMTK cannot parse, and checks the
    /// cases DCMTK reports confusingly (a directory, an empty file) first so the message says what
    /// is actually wrong.
    public init(path: String, mode: ReadMode = .full) throws(DICOMError) {
        DICOMToolkit.ensureInitialised()
        self.path = path
        self.mode = mode
        // One stat() instead of Foundation's file checks: this runs once per file in a scan.
        var st = stat()
        if stat(path, &st) == 0 {
            if (st.st_mode & S_IFMT) == S_IFDIR { throw .unreadable(file: path, reason: "is a directory") }
            if (st.st_mode & S_IFMT) == S_IFREG && st.st_size == 0 { throw .unreadable(file: path, reason: "empty file") }
        }
        guard let h = nadir_dcm_open(path, mode == .headerOnly ? Int32(NADIR_DCM_HEADER_ONLY) : Int32(NADIR_DCM_FULL)) else {
            let dcmtk = Self.lastError()
            // DCMTK's text for a non-DICOM file ("I/O suspension or premature end of stream") reads
            // like truncation; say plainly when the Part 10 "DICM" prefix is absent too.
            if !Self.hasPart10Prefix(path) && FileManager.default.isReadableFile(atPath: path) {
                throw .unreadable(file: path, reason: "not a DICOM file (no \"DICM\" at byte 128) or truncated raw data set (DCMTK: \(dcmtk))")
            }
            throw .unreadable(file: path, reason: dcmtk)
        }
        handle = h
    }

    deinit { nadir_dcm_close(handle) }

    /// True when bytes 128..<132 are "DICM" (PS3.10 §7.1 preamble + prefix).
    static func hasPart10Prefix(_ path: String) -> Bool {
        guard let fh = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? fh.close() }
        guard let head = try? fh.read(upToCount: 132), head.count == 132 else { return false }
        return head.suffix(4).elementsEqual(Array("DICM".utf8))
    }

    static func lastError() -> String {
        guard let c = nadir_dcm_last_error() else { return "unknown DCMTK error" }
        let s = String(cString: c)
        return s.isEmpty ? "unknown DCMTK error" : s
    }

    /// The value of `tag` as DCMTK reads it, multiple values joined by `\`, leading and trailing
    /// spaces trimmed; `nil` when absent or empty. `deep` also looks inside sequences (first
    /// occurrence), which is where enhanced multi-frame objects keep e.g. Pixel Spacing.
    public func string(_ tag: DICOMTag, deep: Bool = false) throws(DICOMError) -> String? {
        let d: Int32 = deep ? 1 : 0
        // Most values fit a 128-byte stack buffer; longer ones are fetched again at full length.
        let result: String?? = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 128) { buffer in
            guard let base = buffer.baseAddress else { return .some(nil) }
            let n = nadir_dcm_get_string(handle, tag.group, tag.element, d, base, 128)
            if n == NADIR_DCM_MISSING { return .some(nil) }
            if n < 0 || n >= 128 { return nil }
            return .some(Self.trimmed(UnsafeBufferPointer(start: base, count: n)))
        }
        if let r = result { return r }
        var big = [CChar](repeating: 0, count: 1)
        var n = nadir_dcm_get_string(handle, tag.group, tag.element, d, &big, big.count)
        if n >= 0 {
            big = [CChar](repeating: 0, count: n + 1)
            n = nadir_dcm_get_string(handle, tag.group, tag.element, d, &big, big.count)
        }
        if n == NADIR_DCM_MISSING { return nil }
        if n < 0 { throw .invalidValue(file: path, tag: tag, reason: Self.lastError()) }
        return big.withUnsafeBufferPointer { Self.trimmed(UnsafeBufferPointer(rebasing: $0.prefix(n))) }
    }

    /// Leading and trailing spaces (and NUL padding) removed; nil when nothing is left. Done on the
    /// bytes because Foundation's trimmingCharacters dominated a scan's profile.
    static func trimmed(_ bytes: UnsafeBufferPointer<CChar>) -> String? {
        var lo = 0, hi = bytes.count
        while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0 { lo += 1 }
        while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0 { hi -= 1 }
        guard hi > lo else { return nil }
        return UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[lo ..< hi]).withMemoryRebound(to: UInt8.self) {
            String(decoding: $0, as: UTF8.self)
        }
    }

    /// Numeric values of `tag` (DS, IS and binary numeric VRs); `nil` when absent or empty.
    public func numbers(_ tag: DICOMTag, deep: Bool = false) throws(DICOMError) -> [Double]? {
        let d: Int32 = deep ? 1 : 0
        // Up to 16 values on the stack (covers every attribute a scan reads); more are re-fetched.
        let n = withUnsafeTemporaryAllocation(of: Double.self, capacity: 16) { buffer -> (Int, [Double]?) in
            guard let base = buffer.baseAddress else { return (NADIR_DCM_ERROR, nil) }
            let n = nadir_dcm_get_float64(handle, tag.group, tag.element, d, base, 16)
            return (n, n >= 0 && n <= 16 ? Array(UnsafeBufferPointer(start: base, count: n)) : nil)
        }
        if n.0 == NADIR_DCM_MISSING { return nil }
        if n.0 < 0 { throw .invalidValue(file: path, tag: tag, reason: Self.lastError()) }
        if let values = n.1 { return values }
        var buffer = [Double](repeating: 0, count: n.0)
        let m = nadir_dcm_get_float64(handle, tag.group, tag.element, d, &buffer, buffer.count)
        if m < 0 { throw .invalidValue(file: path, tag: tag, reason: Self.lastError()) }
        return Array(buffer.prefix(m))
    }

    /// The first numeric value of `tag`.
    public func number(_ tag: DICOMTag, deep: Bool = false) throws(DICOMError) -> Double? {
        try numbers(tag, deep: deep)?.first
    }

    /// The first value of `tag` as an integer; throws if it is not a whole number.
    public func integer(_ tag: DICOMTag, deep: Bool = false) throws(DICOMError) -> Int? {
        guard let d = try number(tag, deep: deep) else { return nil }
        guard d.isFinite, d.rounded() == d, abs(d) < 1e15 else {
            throw .invalidValue(file: path, tag: tag, reason: "\(d) is not an integer")
        }
        return Int(d)
    }

    /// Numeric values of every occurrence of `tag`, including inside sequences, in dataset order
    /// (e.g. Image Position (Patient) of each frame of an enhanced multi-frame object).
    public func allNumbers(_ tag: DICOMTag) throws(DICOMError) -> [Double]? {
        let count = nadir_dcm_get_float64_all(handle, tag.group, tag.element, nil, 0)
        if count == NADIR_DCM_MISSING { return nil }
        if count < 0 { throw .invalidValue(file: path, tag: tag, reason: Self.lastError()) }
        var buffer = [Double](repeating: 0, count: count)
        let n = nadir_dcm_get_float64_all(handle, tag.group, tag.element, &buffer, buffer.count)
        if n < 0 { throw .invalidValue(file: path, tag: tag, reason: Self.lastError()) }
        return Array(buffer.prefix(n))
    }

    /// Number of frames (1 for single-frame objects).
    public var frameCount: Int {
        let n = nadir_dcm_frame_count(handle)
        return n < 1 ? 1 : n
    }

    /// Decodes one frame (0-based) and returns its stored values, row-major, before the Modality LUT.
    /// Uncompressed, RLE, JPEG (baseline, extended, lossless) and JPEG-LS are decoded by DCMTK;
    /// anything else (JPEG 2000, colour) throws `DICOMError.pixelData`.
    public func storedValues(frame: Int) throws(DICOMError) -> (rows: Int, columns: Int, values: [Double]) {
        guard mode == .full else {
            throw .pixelData(file: path, frame: frame, reason: "file was opened header-only")
        }
        let frames = frameCount
        guard frame >= 0, frame < frames else {
            throw .frameOutOfRange(file: path, frame: frame, frames: frames)
        }
        if try string(.transferSyntaxUID) == "1.2.840.10008.1.2.2", try integer(.bitsAllocated) == 32 {
            // Explicit VR Big Endian (retired) with 32-bit pixels in OW: readers disagree on the word
            // order (DCMTK swaps 16-bit words, pydicom reads 32-bit big-endian values; on pydicom's
            // rtdose_expb.dcm DCMTK's values have their 16-bit halves exchanged relative to the
            // little-endian original). Refuse rather than return values that may be wrong.
            throw .pixelData(file: path, frame: frame, reason: "32-bit pixels in Explicit VR Big Endian (retired) are ambiguous between readers; convert the file to little endian")
        }
        var rows: UInt = 0
        var columns: UInt = 0
        let count = nadir_dcm_get_frame(handle, UInt(frame), nil, 0, &rows, &columns)
        if count < 0 {
            var reason = Self.lastError()
            if let ts = try? string(.transferSyntaxUID), TransferSyntax.decodable[ts] == nil {
                // DCMTK's own text ("Missing attribute") hides the real cause: no codec.
                reason = "transfer syntax \(ts) (\(TransferSyntax.name(ts) ?? "unknown")) cannot be decoded (DCMTK: \(reason))"
            }
            throw .pixelData(file: path, frame: frame, reason: reason)
        }
        var values = [Double](repeating: 0, count: count)
        let n = nadir_dcm_get_frame(handle, UInt(frame), &values, values.count, &rows, &columns)
        if n < 0 { throw .pixelData(file: path, frame: frame, reason: Self.lastError()) }
        return (Int(rows), Int(columns), values)
    }
}
