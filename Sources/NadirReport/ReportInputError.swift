/// What was wrong with the report's input or its output location.
public enum ReportInputError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Thumbnail bytes do not start with the PNG signature.
    case thumbnailNotPNG(caption: String, byteCount: Int)
    /// The report could not be written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case let .thumbnailNotPNG(caption, byteCount):
            "thumbnail '\(caption)' is not a PNG (\(byteCount) bytes without the PNG signature); render slices as PNG"
        case let .cannotWrite(path, reason):
            "cannot write the report to \(path): \(reason)"
        }
    }
}
