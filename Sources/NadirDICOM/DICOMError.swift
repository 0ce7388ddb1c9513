/// Every way reading or writing DICOM can fail, as a value naming the file and, where it applies,
/// the attribute. No C++ status or exception from DCMTK reaches Swift in any other form.
public enum DICOMError: Error, Sendable, Hashable, CustomStringConvertible {
    /// DCMTK could not open or parse the file (missing, unreadable, empty, not DICOM, truncated
    /// inside the header, a directory). `reason` is DCMTK's own `OFCondition` text where it has one.
    case unreadable(file: String, reason: String)
    /// A required attribute is absent or empty.
    case missingAttribute(file: String, tag: DICOMTag)
    /// An attribute is present but its value is unusable (not a number, wrong multiplicity, ...).
    case invalidValue(file: String, tag: DICOMTag, reason: String)
    /// Pixel Data could not be decoded (unsupported transfer syntax such as JPEG 2000, colour image,
    /// truncated pixel data).
    case pixelData(file: String, frame: Int, reason: String)
    /// A frame index outside 0..<frames.
    case frameOutOfRange(file: String, frame: Int, frames: Int)
    /// The directory to scan does not exist or is not a directory.
    case notADirectory(path: String)
    /// Writing a file (DICOM, PNG, truth) failed.
    case writeFailed(file: String, reason: String)
    /// A directory does not match the SampleScans generator's output.
    case sampleMismatch(file: String, reason: String)

    /// The file (or directory) the error is about.
    public var file: String {
        switch self {
        case .unreadable(let f, _), .missingAttribute(let f, _), .invalidValue(let f, _, _),
             .pixelData(let f, _, _), .frameOutOfRange(let f, _, _), .writeFailed(let f, _),
             .sampleMismatch(let f, _):
            return f
        case .notADirectory(let p):
            return p
        }
    }

    /// The message without the file name (the scan's `errors[].error` field; the file is beside it).
    public var reason: String {
        switch self {
        case .unreadable(_, let r): return "cannot read as DICOM: \(r)"
        case .missingAttribute(_, let t): return "missing required attribute \(t)"
        case .invalidValue(_, let t, let r): return "invalid \(t): \(r)"
        case .pixelData(_, let frame, let r): return "frame \(frame): \(r)"
        case .frameOutOfRange(_, let frame, let frames):
            return "frame \(frame) out of range: the image has \(frames) frame\(frames == 1 ? "" : "s") (0-based)"
        case .notADirectory: return "not a directory"
        case .writeFailed(_, let r): return "cannot write: \(r)"
        case .sampleMismatch(_, let r): return "differs from the SampleScans generator's output: \(r)"
        }
    }

    public var description: String { "\(file): \(reason)" }
}
