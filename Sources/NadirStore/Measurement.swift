import GRDB
import NadirCore

/// Where on the images a measurement was made (DICOM identifiers as the standard names them).
public struct ImageReference: Sendable, Hashable {
    public var seriesInstanceUID: String
    public var sopInstanceUID: String?
    /// 1-based frame number in a multi-frame instance; nil for a single-frame image.
    public var frame: Int?
    public init(seriesInstanceUID: String, sopInstanceUID: String? = nil, frame: Int? = nil) {
        self.seriesInstanceUID = seriesInstanceUID; self.sopInstanceUID = sopInstanceUID; self.frame = frame
    }
}

/// The two caliper end points, in image pixel coordinates (x = column, y = row, as DICOM
/// SCOORD values: the top-left corner of the top-left pixel is (0, 0)).
public struct Caliper: Sendable, Hashable {
    public var x1: Double, y1: Double, x2: Double, y2: Double
    public init(x1: Double, y1: Double, x2: Double, y2: Double) { self.x1 = x1; self.y1 = y1; self.x2 = x2; self.y2 = y2 }
}

/// A lesion as its reader identified it (SDTM TU): role, site and nodal flag.
public struct LesionDefinition: Sendable, Hashable {
    public var role: LesionRole
    public var site: String
    public var isNodal: Bool
    public init(role: LesionRole, site: String, isNodal: Bool) { self.role = role; self.site = site; self.isNodal = isNodal }
}

/// What a reader records for one lesion on one read.
public struct MeasurementInput: Sendable, Hashable {
    public var lesionID: String
    public var kind: MeasurementKind
    /// The diameter (LD or SA), exact in micrometres.
    public var value: Length?
    /// For LD/SA without a value: `TOO SMALL TO MEASURE`, `NOT EVALUABLE` or `MERGED`;
    /// for STATE: `PRESENT`, `ABSENT`, `UNEQUIVOCAL PROGRESSION`, `NOT EVALUABLE`, `EQUIVOCAL`.
    public var state: String?
    /// For `MERGED`: the target lesion it coalesced into (RECIST 1.1 §4.3.2).
    public var mergedInto: String?
    public var image: ImageReference?
    public var caliper: Caliper?
    /// Identifies the lesion on first use (otherwise it must already be identified).
    public var definition: LesionDefinition?

    public init(lesionID: String, kind: MeasurementKind, value: Length? = nil, state: String? = nil, mergedInto: String? = nil,
                image: ImageReference? = nil, caliper: Caliper? = nil, definition: LesionDefinition? = nil) {
        self.lesionID = lesionID; self.kind = kind; self.value = value; self.state = state; self.mergedInto = mergedInto
        self.image = image; self.caliper = caliper; self.definition = definition
    }

    static let targetStates: Set<String> = ["TOO SMALL TO MEASURE", "NOT EVALUABLE", "MERGED"]
    static let lesionStates: Set<String> = ["PRESENT", "ABSENT", "UNEQUIVOCAL PROGRESSION", "NOT EVALUABLE", "EQUIVOCAL"]
}

/// One stored measurement version.
public struct Measurement: Sendable, Hashable {
    public var id: Int64
    public var readID: Int64
    public var lesionID: String
    /// For a fragment of a split target (RECIST 1.1 §4.3.2): the fragment's own label; `lesionID` is the parent.
    public var fragment: String?
    public var version: Int
    public var kind: MeasurementKind
    public var value: Length?
    public var state: String?
    public var mergedInto: String?
    public var image: ImageReference?
    public var caliper: Caliper?
    public var readerID: String
    public var recordedAt: String
    public var reason: String?
}

/// A measurement row as stored, in the canonical forms the audit trail hashes. Rows are read
/// through the `measurementProvenance` view (`MeasurementSnapshot.select`), so a row of a bulk
/// import has its reader and time from its import batch, exactly as a v1 row stored them.
struct MeasurementSnapshot {
    var id: Int64, readId: Int64, lesionRef: Int64, version: Int64
    var kind: String, value: Int64?, state: String?, mergedInto: String?, fragment: String
    var series: String?, sop: String?, frame: Int64?
    var x1: Double?, y1: Double?, x2: Double?, y2: Double?
    var sliceThickness: Int64?
    var readerId: String, recordedAt: String, reason: String?, importBatch: Int64?

    /// `SELECT * FROM measurementProvenance`: every column of a row, with its reader and time.
    static let select = "SELECT * FROM measurementProvenance"

    /// A NULL where the schema requires a value (only possible if the file was edited outside
    /// Nadir) reads as 0 or "": the row then differs from its audit record instead of stopping
    /// the verification.
    init(row: Row) {
        id = row["id"] ?? 0; readId = row["readId"] ?? 0; lesionRef = row["lesionRef"] ?? 0; version = row["version"] ?? 0
        kind = row["kind"] ?? ""; value = row["value"]; state = row["state"]; mergedInto = row["mergedInto"]; fragment = row["fragment"] ?? ""
        series = row["seriesInstanceUID"]; sop = row["sopInstanceUID"]; frame = row["frame"]
        x1 = row["x1"]; y1 = row["y1"]; x2 = row["x2"]; y2 = row["y2"]; sliceThickness = row["sliceThickness"]
        readerId = row["readerId"] ?? ""; recordedAt = row["recordedAt"] ?? ""; reason = row["reason"]; importBatch = row["importBatch"]
    }

    /// The audited snapshot of an interactive row. `sliceThickness` appears only when set (only
    /// imported rows carry one), so snapshots audited before v2 still compare equal.
    var json: JSON {
        var fields: [String: JSON] = [
            "id": .int(id), "readId": .int(readId), "lesionRef": .int(lesionRef), "version": .int(version),
            "kind": .string(kind), "value": .optional(value), "state": .optional(state), "mergedInto": .optional(mergedInto), "fragment": .string(fragment),
            "seriesInstanceUID": .optional(series), "sopInstanceUID": .optional(sop), "frame": .optional(frame),
            "x1": .optional(x1), "y1": .optional(y1), "x2": .optional(x2), "y2": .optional(y2),
            "readerId": .string(readerId), "recordedAt": .string(recordedAt), "reason": .optional(reason),
        ]
        if let sliceThickness { fields["sliceThickness"] = .int(sliceThickness) }
        return .object(fields)
    }

    var measurement: (lesionRef: Int64, value: Measurement) {
        let image = series.map { ImageReference(seriesInstanceUID: $0, sopInstanceUID: sop, frame: frame.map(Int.init)) }
        var caliper: Caliper? = nil
        if let x1, let y1, let x2, let y2 { caliper = Caliper(x1: x1, y1: y1, x2: x2, y2: y2) }
        return (lesionRef, Measurement(id: id, readID: readId, lesionID: "", fragment: fragment.isEmpty ? nil : fragment, version: Int(version),
                                       kind: MeasurementKind(rawValue: kind) ?? .state, value: value.map { Length(micrometres: $0) },
                                       state: state, mergedInto: mergedInto, image: image, caliper: caliper,
                                       readerID: readerId, recordedAt: recordedAt, reason: reason))
    }
}

/// The SHA-256 of a bulk import's measurement rows, one line per row in id order:
/// `id|readId|lesionRef|version|kind|value|state|mergedInto|fragment|seriesInstanceUID|sopInstanceUID|frame|readerId|recordedAt`,
/// NULL as an empty field, then `|sliceThickness` when one is set (so lines of rows without one,
/// every row written before v2, are unchanged), then a newline. Cheaper than JSON and equally
/// unambiguous: imported rows hold no free text but state codes and ids, none containing '|'.
/// The import writes the lines from the rows it inserts (`ImportDigest`), the verifier from
/// the rows it reads back (`ReadingStore.importedRowDigests`); both through this one writer.
/// Lines are gathered in a 64 KiB buffer so that SHA-256 compresses whole blocks.
struct MeasurementLineDigest {
    private var h = SHA256()
    private var buffer: [UInt8] = []

    init() { buffer.reserveCapacity(1 << 16 + 1024) }

    /// A decimal integer.
    mutating func number(_ v: Int64) {
        if v < 0 { buffer.append(0x2D) }
        var m = v.magnitude
        let start = buffer.count
        repeat { buffer.append(UInt8(48 + m % 10)); m /= 10 } while m > 0
        buffer[start...].reverse()
    }

    mutating func bytes<C: Collection>(_ b: C) where C.Element == UInt8 { buffer.append(contentsOf: b) }

    /// The field separator `|`.
    mutating func separator() { buffer.append(0x7C) }

    /// Ends the row's line.
    mutating func endLine() {
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    private mutating func flush() {
        buffer.withUnsafeBytes { h.update(buffer: $0) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// The digest as lower-case hex.
    mutating func finish() -> String {
        flush()
        return SHA256.hexString(h.finalize())
    }
}
