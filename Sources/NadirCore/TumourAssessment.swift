/// All lesion observations of one subject at one visit.
///
/// The assessment date is the earliest imaging date of the visit: when scans of one visit
/// span several days, the response (in particular progression, FDA 2018 endpoints guidance)
/// is dated to the first of them.
public struct TumourAssessment: Hashable, Sendable {
    /// `VISITNUM`: 0 is baseline.
    public var visit: Int
    public var date: CalendarDate
    /// Observations keyed by lesion id.
    public var observations: [String: LesionObservation]
    /// Slice thickness (mm) of the images a target was measured on at this visit, when known;
    /// used at baseline for the measurability rule (RECIST 1.1 §3.1.1, Appendix II).
    public var sliceThickness: [String: Length]

    public init(visit: Int, date: CalendarDate, observations: [String: LesionObservation] = [:],
                sliceThickness: [String: Length] = [:]) {
        self.visit = visit; self.date = date; self.observations = observations
        self.sliceThickness = sliceThickness
    }

    public var isBaseline: Bool { visit == 0 }
}

/// Everything the engine needs about one subject: lesions, assessments and the date that
/// durations are counted from.
public struct SubjectTumourData: Hashable, Sendable {
    /// `USUBJID`.
    public var subjectID: String
    public var lesions: [Lesion]
    /// Assessments in any order; the engine sorts them by visit.
    public var assessments: [TumourAssessment]
    /// Treatment start (`RFSTDTC`); when `nil`, the baseline assessment date is used.
    public var referenceDate: CalendarDate?

    public init(subjectID: String, lesions: [Lesion], assessments: [TumourAssessment],
                referenceDate: CalendarDate? = nil) {
        self.subjectID = subjectID; self.lesions = lesions; self.assessments = assessments
        self.referenceDate = referenceDate
    }
}
