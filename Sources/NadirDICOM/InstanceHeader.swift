/// The header attributes Nadir needs from one DICOM instance, read without Pixel Data.
/// Values are as DCMTK reads them (trimmed); `nil` means absent or empty.
public struct InstanceHeader: Sendable, Hashable {
    public var file: String
    public var transferSyntaxUID: String?
    public var sopClassUID: String?
    public var sopInstanceUID: String
    public var patientID: String?
    public var patientName: String?
    public var studyInstanceUID: String?
    public var studyDate: String?
    public var studyTime: String?
    public var studyDescription: String?
    public var seriesInstanceUID: String
    public var seriesNumber: Int?
    public var seriesDescription: String?
    public var modality: String?
    public var instanceNumber: Int?
    public var frameOfReferenceUID: String?
    public var sliceThickness: Double?
    public var spacingBetweenSlices: Double?
    public var pixelSpacing: PixelSpacing?
    public var rows: Int?
    public var columns: Int?
    public var numberOfFrames: Int
    /// Image Position (Patient) of every frame (one entry for single-frame objects), mm.
    public var imagePositionPatient: [[Double]]
    /// Image Orientation (Patient): row direction cosines then column direction cosines.
    public var imageOrientationPatient: [Double]?
    public var rescaleSlope: Double?
    public var rescaleIntercept: Double?
    public var clinicalTrialTimePointID: String?

    /// Reads the header of `path` (Pixel Data is not parsed in `.headerOnly` mode).
    ///
    /// Beyond what DCMTK checks, SOP Instance UID and Series Instance UID are required: a file cut
    /// exactly at an element boundary parses "successfully" with the rest of its attributes
    /// missing, and a non-DICOM file may parse as a raw dataset of nonsense; both lack these.
    public static func read(path: String, mode: DICOMFile.ReadMode = .headerOnly) throws(DICOMError) -> InstanceHeader {
        let f = try DICOMFile(path: path, mode: mode)
        return try read(from: f)
    }

    public static func read(from f: DICOMFile) throws(DICOMError) -> InstanceHeader {
        try read(from: f, interner: nil)
    }

    /// `interner` shares the storage of values that repeat across a series (UIDs, descriptions,
    /// orientation), which keeps a large scan's memory close to one path per file.
    static func read(from f: DICOMFile, interner: Interner?) throws(DICOMError) -> InstanceHeader {
        let i = interner ?? Interner()
        guard let sop = try f.string(.sopInstanceUID) else {
            throw .missingAttribute(file: f.path, tag: .sopInstanceUID)
        }
        guard let series = try f.string(.seriesInstanceUID) else {
            throw .missingAttribute(file: f.path, tag: .seriesInstanceUID)
        }
        let frames = try f.integer(.numberOfFrames) ?? 1
        // Enhanced multi-frame objects keep geometry in functional group sequences: fall back to the
        // first occurrence inside them (shared groups come before per-frame groups in the dataset).
        let spacingValues = try f.numbers(.pixelSpacing, deep: true)
        var spacing: PixelSpacing?
        if let v = spacingValues {
            guard let s = PixelSpacing(values: v) else {
                throw .invalidValue(file: f.path, tag: .pixelSpacing, reason: "expected two positive values, got \(v)")
            }
            spacing = s
        }
        var positions: [[Double]] = []
        if let p = try f.numbers(.imagePositionPatient) {
            guard p.count == 3 else {
                throw .invalidValue(file: f.path, tag: .imagePositionPatient, reason: "expected 3 values, got \(p.count)")
            }
            positions = [p]
        } else if let all = try f.allNumbers(.imagePositionPatient), all.count % 3 == 0 {
            positions = stride(from: 0, to: all.count, by: 3).map { Array(all[$0 ..< $0 + 3]) }
        }
        var orientation = try f.numbers(.imageOrientationPatient, deep: true)
        if let o = orientation, o.count != 6 {
            throw .invalidValue(file: f.path, tag: .imageOrientationPatient, reason: "expected 6 values, got \(o.count)")
        }
        if orientation?.allSatisfy({ $0 == 0 }) == true { orientation = nil }
        return InstanceHeader(
            file: f.path,
            transferSyntaxUID: i.intern(try f.string(.transferSyntaxUID)),
            sopClassUID: i.intern(try f.string(.sopClassUID)),
            sopInstanceUID: sop,
            patientID: i.intern(try f.string(.patientID)),
            patientName: i.intern(try f.string(.patientName)),
            studyInstanceUID: i.intern(try f.string(.studyInstanceUID)),
            studyDate: i.intern(try f.string(.studyDate)),
            studyTime: i.intern(try f.string(.studyTime)),
            studyDescription: i.intern(try f.string(.studyDescription)),
            seriesInstanceUID: i.intern(series) ?? series,
            seriesNumber: try f.integer(.seriesNumber),
            seriesDescription: i.intern(try f.string(.seriesDescription)),
            modality: i.intern(try f.string(.modality)),
            instanceNumber: try f.integer(.instanceNumber),
            frameOfReferenceUID: i.intern(try f.string(.frameOfReferenceUID)),
            sliceThickness: try f.number(.sliceThickness, deep: true),
            spacingBetweenSlices: try f.number(.spacingBetweenSlices, deep: true),
            pixelSpacing: spacing,
            rows: try f.integer(.rows),
            columns: try f.integer(.columns),
            numberOfFrames: max(1, frames),
            imagePositionPatient: positions,
            imageOrientationPatient: i.intern(orientation),
            rescaleSlope: try f.number(.rescaleSlope, deep: true),
            rescaleIntercept: try f.number(.rescaleIntercept, deep: true),
            clinicalTrialTimePointID: i.intern(try f.string(.clinicalTrialTimePointID))
        )
    }

    /// The slice normal: row direction × column direction (PS3.3 C.7.6.2.1.1).
    public var sliceNormal: [Double]? {
        guard let o = imageOrientationPatient, o.count == 6 else { return nil }
        return Geometry.cross(Array(o[0 ..< 3]), Array(o[3 ..< 6]))
    }
}

/// Small vector helpers for patient-coordinate geometry.
enum Geometry {
    static func cross(_ a: [Double], _ b: [Double]) -> [Double] {
        [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let s = values.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}

/// Hands out one shared copy of each distinct value (per scan worker; not Sendable on purpose).
final class Interner {
    private var strings = Set<String>()
    private var arrays = Set<[Double]>()

    func intern(_ s: String?) -> String? {
        guard let s else { return nil }
        if let i = strings.firstIndex(of: s) { return strings[i] }
        strings.insert(s)
        return s
    }

    func intern(_ a: [Double]?) -> [Double]? {
        guard let a else { return nil }
        if let i = arrays.firstIndex(of: a) { return arrays[i] }
        arrays.insert(a)
        return a
    }
}
