import Foundation

/// One patient's page: the lesion table across timepoints, best overall response, thumbnails.
public struct PatientProfile: Hashable, Sendable {
    /// USUBJID.
    public var subjectID: String
    /// ARM, if the study has more than one.
    public var arm: String?
    /// A short line under the heading, e.g. "64 y, F; adenocarcinoma of the lung; 2 prior lines".
    public var details: String?
    public var bestOverallResponse: ResponseCategory?
    /// e.g. "confirmed at week 12" or "SD minimum duration not met".
    public var bestOverallResponseNote: String?
    /// Lesions in the order their rows should appear (targets, non-targets, new).
    public var lesions: [LesionRecord]
    /// Assessments in time order, baseline first.
    public var assessments: [AssessmentRecord]
    public var thumbnails: [ScanThumbnail]

    public init(subjectID: String, arm: String? = nil, details: String? = nil,
                bestOverallResponse: ResponseCategory?, bestOverallResponseNote: String? = nil,
                lesions: [LesionRecord], assessments: [AssessmentRecord], thumbnails: [ScanThumbnail] = []) {
        self.subjectID = subjectID
        self.arm = arm
        self.details = details
        self.bestOverallResponse = bestOverallResponse
        self.bestOverallResponseNote = bestOverallResponseNote
        self.lesions = lesions
        self.assessments = assessments
        self.thumbnails = thumbnails
    }
}

/// RECIST 1.1 lesion category at identification (TU.TUSTRESC: TARGET / NON-TARGET / NEW).
public enum LesionCategory: String, Hashable, Sendable, CaseIterable, Codable {
    case target = "TARGET"
    case nonTarget = "NON-TARGET"
    case new = "NEW"
}

/// A lesion row of the table.
public struct LesionRecord: Hashable, Sendable {
    /// TU.TULNKID, e.g. "T01", "NT02", "NEW01".
    public var lesionID: String
    public var category: LesionCategory
    /// TU.TULOC, e.g. "LIVER, RIGHT LOBE".
    public var location: String

    public init(lesionID: String, category: LesionCategory, location: String) {
        self.lesionID = lesionID
        self.category = category
        self.location = location
    }
}

/// A lesion's result at one assessment.
public enum LesionResult: Hashable, Sendable {
    /// Longest diameter (short axis for lymph nodes), millimetres (TR.TRSTRESN, TRSTRESU = mm).
    case diameter(Double)
    /// Qualitative state of a non-target or new lesion, as in TR.TRSTRESC
    /// ("PRESENT", "ABSENT", "UNEQUIVOCAL PROGRESSION", "EQUIVOCAL").
    case state(String)
    /// Assessed but not evaluable.
    case notEvaluable
}

/// Whether new lesions were seen at an assessment (RECIST 1.1 §4.3.3).
public enum NewLesionFinding: String, Hashable, Sendable, CaseIterable, Codable {
    case absent = "No"
    case present = "Yes"
    case equivocal = "Equivocal"
}

/// One column of the lesion table: a tumour assessment visit and its responses.
public struct AssessmentRecord: Hashable, Sendable {
    /// VISIT, e.g. "Baseline", "Week 6".
    public var visit: String
    /// Assessment date, ISO 8601, as given.
    public var date: String?
    /// Study day relative to first dose (--DY), if known.
    public var studyDay: Int?
    /// Results keyed by `LesionRecord.lesionID`; a missing key is shown as "—" (not assessed).
    public var lesionResults: [String: LesionResult]
    /// Sum of target-lesion diameters, mm.
    public var sumOfDiameters: Double?
    public var percentChangeFromBaseline: Double?
    /// % change from the smallest sum so far (nadir, including baseline): the PD criterion.
    public var percentChangeFromNadir: Double?
    public var targetResponse: ResponseCategory?
    public var nonTargetResponse: ResponseCategory?
    public var newLesions: NewLesionFinding?
    public var overallResponse: ResponseCategory?

    public init(visit: String, date: String? = nil, studyDay: Int? = nil, lesionResults: [String: LesionResult],
                sumOfDiameters: Double? = nil, percentChangeFromBaseline: Double? = nil,
                percentChangeFromNadir: Double? = nil, targetResponse: ResponseCategory? = nil,
                nonTargetResponse: ResponseCategory? = nil, newLesions: NewLesionFinding? = nil,
                overallResponse: ResponseCategory? = nil) {
        self.visit = visit
        self.date = date
        self.studyDay = studyDay
        self.lesionResults = lesionResults
        self.sumOfDiameters = sumOfDiameters
        self.percentChangeFromBaseline = percentChangeFromBaseline
        self.percentChangeFromNadir = percentChangeFromNadir
        self.targetResponse = targetResponse
        self.nonTargetResponse = nonTargetResponse
        self.newLesions = newLesions
        self.overallResponse = overallResponse
    }
}

/// A slice thumbnail (rendered by the DICOM module) shown on the patient page, embedded as a
/// `data:image/png;base64,` URI so the report stays one self-contained file.
public struct ScanThumbnail: Hashable, Sendable {
    /// e.g. "Week 6 — T01 liver, series 3 image 42".
    public var caption: String
    public let pngData: Data

    /// The 8-byte PNG signature (PNG spec §5.2).
    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Rejects anything that is not a PNG, so the report never embeds bytes a browser would
    /// sniff as another type.
    public init(caption: String, pngData: Data) throws(ReportInputError) {
        guard pngData.count > 8, Array(pngData.prefix(8)) == ScanThumbnail.pngSignature else {
            throw .thumbnailNotPNG(caption: caption, byteCount: pngData.count)
        }
        self.caption = caption
        self.pngData = pngData
    }

    public var dataURI: String { "data:image/png;base64," + pngData.base64EncodedString() }
}
