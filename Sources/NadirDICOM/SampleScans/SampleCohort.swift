/// The fixed synthetic cohort behind `nadir samples generate`: who, when, which lesions, how big.
///
/// Everything here is a constant, so the generated files are reproducible byte for byte. Lesions are
/// ellipsoids with axes along the patient x (left), y (posterior) and z (superior) directions; the
/// longest in-plane diameter is along x and the short axis along y, both on the slice through the
/// lesion centre (which lies on a slice centre and on a pixel centre).
public struct SamplePatient: Sendable, Hashable {
    public enum Anatomy: String, Sendable, Hashable { case chest, abdomen }

    public var patientID: String
    public var patientName: String
    public var patientSex: String
    public var patientBirthDate: String
    /// The RECIST 1.1 course the diameters are designed to produce (responder / progressor / stable).
    public var intendedCourse: String
    public var anatomy: Anatomy
    public var sliceThickness: Double
    public var sliceCount: Int
    /// z of the first (most inferior) slice centre, mm.
    public var firstSliceZ: Double
    public var baselineDate: String
    public var timepointCount: Int
    public var lesions: [SampleLesion]
}

public struct SampleLesion: Sendable, Hashable {
    public var lesionID: String
    public var site: String
    /// Lymph node: RECIST 1.1 measures its short axis (§3.1.1).
    public var nodal: Bool
    /// Attenuation of the lesion, HU.
    public var hu: Double
    /// Centre as (row, column) pixel indices and slice index (0 = most inferior).
    public var row: Int
    public var column: Int
    public var slice: Int
    /// (longest diameter, short axis) in mm at each timepoint, baseline first.
    public var diameters: [(long: Double, short: Double)]

    public static func == (a: SampleLesion, b: SampleLesion) -> Bool {
        a.lesionID == b.lesionID && a.site == b.site && a.row == b.row && a.column == b.column && a.slice == b.slice
            && a.diameters.map(\.long) == b.diameters.map(\.long) && a.diameters.map(\.short) == b.diameters.map(\.short)
    }

    public func hash(into h: inout Hasher) { h.combine(lesionID) }

    /// Craniocaudal extent (mm) of the ellipsoid at timepoint `t`: the mean of the two in-plane
    /// diameters, a plausible roughly spherical lesion.
    public func craniocaudal(_ t: Int) -> Double { (diameters[t].long + diameters[t].short) / 2 }
}

public enum SampleCohort {
    /// Image matrix and in-plane geometry shared by all series: a 250 mm reconstruction diameter on
    /// 128 × 128 pixels (a coarse, targeted reconstruction that keeps the committed set small).
    public static let matrix = 128
    public static let pixelSpacing = 250.0 / 128.0  // 1.953125 mm, exact in binary
    /// Days between timepoints (every 8 weeks, a common trial schedule).
    public static let intervalDays = 56
    /// Root of every UID: the 2.25 arc (ITU-T X.667) under a UUID generated once for Nadir's samples,
    /// so the UIDs are globally unique yet fixed.
    public static let uidRoot = "2.25.27823990023181100753293051764683400755"

    public static let patients: [SamplePatient] = [
        SamplePatient(
            patientID: "NADIR-001", patientName: "SAMPLE^RESPONDER", patientSex: "F", patientBirthDate: "19620314",
            intendedCourse: "responder", anatomy: .chest, sliceThickness: 5, sliceCount: 10, firstSliceZ: -180,
            baselineDate: "20240115", timepointCount: 4,
            lesions: [
                SampleLesion(lesionID: "T01", site: "lung, right lower lobe", nodal: false, hu: 35, row: 59, column: 33, slice: 6,
                             diameters: [(32, 22), (24, 17), (18, 13), (16, 11)]),
                SampleLesion(lesionID: "T02", site: "lymph node, subcarinal", nodal: true, hu: 40, row: 69, column: 64, slice: 3,
                             diameters: [(24, 18), (19, 13), (15, 10), (13, 8)]),
            ]),
        SamplePatient(
            patientID: "NADIR-002", patientName: "SAMPLE^PROGRESSOR", patientSex: "M", patientBirthDate: "19550902",
            intendedCourse: "progressor", anatomy: .abdomen, sliceThickness: 5, sliceCount: 10, firstSliceZ: -320,
            baselineDate: "20240205", timepointCount: 3,
            lesions: [
                SampleLesion(lesionID: "T01", site: "liver, segment VII", nodal: false, hu: 20, row: 56, column: 33, slice: 4,
                             diameters: [(25, 20), (28, 22), (34, 27)]),
                SampleLesion(lesionID: "T02", site: "liver, segment IV", nodal: false, hu: 20, row: 74, column: 51, slice: 6,
                             diameters: [(14, 11), (16, 12), (19, 15)]),
            ]),
        SamplePatient(
            patientID: "NADIR-003", patientName: "SAMPLE^STABLE", patientSex: "F", patientBirthDate: "19700621",
            intendedCourse: "stable", anatomy: .abdomen, sliceThickness: 2.5, sliceCount: 16, firstSliceZ: -320,
            baselineDate: "20240304", timepointCount: 3,
            lesions: [
                SampleLesion(lesionID: "T01", site: "liver, segment VI", nodal: false, hu: 20, row: 64, column: 36, slice: 6,
                             diameters: [(22, 18), (21, 17), (23, 19)]),
                SampleLesion(lesionID: "T02", site: "lymph node, left para-aortic", nodal: true, hu: 40, row: 83, column: 79, slice: 10,
                             diameters: [(22, 16), (21, 15), (22, 16)]),
            ]),
    ]

    /// Patient x (mm) of the centre of pixel column `c`; the matrix is centred on the isocentre.
    public static func x(column c: Double) -> Double { (c - Double(matrix - 1) / 2) * pixelSpacing }
    /// Patient y (mm) of the centre of pixel row `r`.
    public static func y(row r: Double) -> Double { (r - Double(matrix - 1) / 2) * pixelSpacing }

    /// Timepoint label as Clinical Trial Time Point ID (0012,0050) carries it.
    public static func timepointID(_ t: Int) -> String { t == 0 ? "BASELINE" : "WEEK \(t * intervalDays / 7)" }

    public static func studyDate(_ p: SamplePatient, _ t: Int) -> String {
        guard let base = DicomDate.dayNumber(p.baselineDate) else { return p.baselineDate }
        return DicomDate.string(dayNumber: base + t * intervalDays)
    }

    static func patientNumber(_ p: SamplePatient) -> Int {
        (patients.firstIndex(of: p) ?? 0) + 1
    }

    public static func studyInstanceUID(_ p: SamplePatient, _ t: Int) -> String { "\(uidRoot).1.\(patientNumber(p)).\(t + 1)" }
    public static func seriesInstanceUID(_ p: SamplePatient, _ t: Int) -> String { "\(uidRoot).2.\(patientNumber(p)).\(t + 1).1" }
    public static func frameOfReferenceUID(_ p: SamplePatient, _ t: Int) -> String { "\(uidRoot).4.\(patientNumber(p)).\(t + 1)" }
    public static func sopInstanceUID(_ p: SamplePatient, _ t: Int, instance: Int) -> String {
        "\(uidRoot).3.\(patientNumber(p)).\(t + 1).\(instance)"
    }

    /// Instances are numbered in acquisition order, head to feet (the usual helical direction), so
    /// Instance Number 1 is the most superior slice; slice index 0 is the most inferior.
    public static func instanceNumber(_ p: SamplePatient, slice: Int) -> Int { p.sliceCount - slice }

    public static func sliceZ(_ p: SamplePatient, slice: Int) -> Double { p.firstSliceZ + Double(slice) * p.sliceThickness }

    /// Path of a file relative to the SampleScans directory.
    public static func relativePath(_ p: SamplePatient, _ t: Int, slice: Int) -> String {
        let tp = timepointID(t).replacingOccurrences(of: " ", with: "")
        let n = instanceNumber(p, slice: slice)
        return "\(p.patientID)/\(studyDate(p, t))-\(tp)/IM\(n < 10 ? "00" : n < 100 ? "0" : "")\(n).dcm"
    }
}
