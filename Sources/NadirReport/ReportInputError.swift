/// What was wrong with the report's input or its output location.
public enum ReportInputError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Thumbnail bytes do not start with the PNG signature.
    case thumbnailNotPNG(caption: String, byteCount: Int)
    /// The columns of a Kaplan–Meier table differ in length (time, n.risk, n.event, n.censor, surv, lower, upper).
    case columnLengthMismatch(stratum: String, lengths: [Int])
    /// The report could not be written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case let .thumbnailNotPNG(caption, byteCount):
            "thumbnail '\(caption)' is not a PNG (\(byteCount) bytes without the PNG signature); render slices as PNG"
        case let .columnLengthMismatch(stratum, lengths):
            "Kaplan–Meier table for stratum '\(stratum)' has columns of different lengths \(lengths) (time, n.risk, n.event, n.censor, surv, lower, upper)"
        case let .cannotWrite(path, reason):
            "cannot write the report to \(path): \(reason)"
        }
    }
}
