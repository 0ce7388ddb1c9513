/// One subject's observations as a matrix: one row per assessment in visit order, one column per
/// lesion in the order of `lesions`. This is the form the engine scores; every rule reads it by
/// index instead of looking lesion ids up again and again.
///
/// Two ways to build one:
/// - from a `SubjectTumourData` (assessments with observations keyed by lesion id), which is
///   what interactive callers have: `ObservationGrid(subject)`;
/// - row by row, for batch paths that already know each lesion's column (`nadir rescore`):
///   `appendAssessment(visit:date:)` then `self[row, lesion] = …`, which allocates nothing per
///   observation.
///
/// Whatever the source, `evaluate` checks that every observation matches its lesion's role,
/// that diameters are not negative and that merges point at another target (RECIST 1.1 §4.3).
public struct ObservationGrid: Sendable {
    public let subjectID: String
    public let lesions: [Lesion]
    /// Treatment start (`RFSTDTC`); `nil`: the baseline assessment date is the reference.
    public var referenceDate: CalendarDate?
    /// `VISITNUM` of each row.
    public private(set) var visits: [Int] = []
    /// Assessment date of each row.
    public private(set) var dates: [CalendarDate] = []
    /// Row-major: row `k`, lesion `i` is `cells[k * lesions.count + i]`.
    public private(set) var cells: [LesionObservation?] = []
    /// Slice thickness of the image each lesion was measured on at baseline, when known
    /// (RECIST 1.1 §3.1.1 and Appendix II: the measurability minimum depends on it).
    public var baselineSliceThickness: [Length?]
    /// Observations for lesions that are not in `lesions` (found when built from ids).
    var unknownLesions: [RuleViolation] = []

    public init(subjectID: String, lesions: [Lesion], referenceDate: CalendarDate? = nil, expectedAssessments: Int = 0) {
        self.subjectID = subjectID; self.lesions = lesions; self.referenceDate = referenceDate
        baselineSliceThickness = [Length?](repeating: nil, count: lesions.count)
        visits.reserveCapacity(expectedAssessments)
        dates.reserveCapacity(expectedAssessments)
        cells.reserveCapacity(expectedAssessments * lesions.count)
    }

    /// The grid of a subject given as assessments keyed by lesion id; rows sorted by visit.
    public init(_ subject: SubjectTumourData) {
        self.init(subjectID: subject.subjectID, lesions: subject.lesions, referenceDate: subject.referenceDate,
                  expectedAssessments: subject.assessments.count)
        let inOrder = zip(subject.assessments, subject.assessments.dropFirst()).allSatisfy { $0.visit < $1.visit }
        let assessments = inOrder ? subject.assessments : subject.assessments.sorted { $0.visit < $1.visit }
        for a in assessments {
            let k = appendAssessment(visit: a.visit, date: a.date)
            for (lesionID, observation) in a.observations {
                guard let i = column(of: lesionID) else {
                    unknownLesions.append(RuleViolation(subjectID: subjectID, lesionID: lesionID, visit: a.visit, rule: Rules.observationKind,
                                                        detail: "observation for a lesion that is not identified (no TU record)"))
                    continue
                }
                self[k, i] = observation
            }
            if a.isBaseline {
                for (lesionID, thickness) in a.sliceThickness { if let i = column(of: lesionID) { baselineSliceThickness[i] = thickness } }
            }
        }
    }

    /// Number of assessments (rows).
    public var assessmentCount: Int { visits.count }

    /// The column of a lesion id. A subject has a handful of lesions: comparing ids beats
    /// hashing them.
    public func column(of lesionID: String) -> Int? { lesions.firstIndex { $0.id == lesionID } }

    /// Adds an empty row for an assessment and returns its index. Rows are expected in visit
    /// order (the engine does not re-sort a grid).
    @discardableResult
    public mutating func appendAssessment(visit: Int, date: CalendarDate) -> Int {
        visits.append(visit)
        dates.append(date)
        cells.append(contentsOf: repeatElement(nil, count: lesions.count))
        return visits.count - 1
    }

    /// Moves a row's date (e.g. to the earliest imaging date of a visit that spans days).
    public mutating func setDate(_ date: CalendarDate, ofRow row: Int) { dates[row] = date }

    public subscript(row: Int, lesion: Int) -> LesionObservation? {
        get { cells[row &* lesions.count &+ lesion] }
        set { cells[row &* lesions.count &+ lesion] = newValue }
    }

    /// The row of the baseline assessment (`VISITNUM` 0), if there is one.
    public var baselineRow: Int? { visits.firstIndex(of: 0) }

    /// Back to assessments keyed by lesion id (for criteria that work on `SubjectTumourData`).
    public var subjectTumourData: SubjectTumourData {
        var assessments: [TumourAssessment] = []
        for k in 0..<assessmentCount {
            var a = TumourAssessment(visit: visits[k], date: dates[k])
            for (i, lesion) in lesions.enumerated() {
                if let o = self[k, i] { a.observations[lesion.id] = o }
                if visits[k] == 0, let t = baselineSliceThickness[i] { a.sliceThickness[lesion.id] = t }
            }
            assessments.append(a)
        }
        return SubjectTumourData(subjectID: subjectID, lesions: lesions, assessments: assessments, referenceDate: referenceDate)
    }

    /// Columns of the lesions with one role.
    func columns(of role: LesionRole) -> [Int] {
        var out: [Int] = []
        for (i, l) in lesions.enumerated() where l.role == role { out.append(i) }
        return out
    }

    /// Every observation matches its lesion's role, no diameter is negative and a merge points
    /// at another target lesion (RECIST 1.1 §4.3); plus observations of unknown lesions.
    /// Sorted by visit, lesion and detail so that messages come out the same every run.
    func kindViolations() -> [RuleViolation] {
        var violations = unknownLesions
        let n = lesions.count
        for k in 0..<assessmentCount {
            for i in 0..<n {
                guard let observation = cells[k * n + i] else { continue }
                let lesion = lesions[i]
                switch (lesion.role, observation) {
                case (.target, .target(let t)):
                    switch t {
                    case .measured(let v) where v < .zero:
                        violations.append(RuleViolation(subjectID: subjectID, lesionID: lesion.id, visit: visits[k], rule: Rules.positiveDiameter,
                                                        detail: "negative diameter"))
                    case .fragments(let parts) where parts.contains(where: { $0 < .zero }):
                        violations.append(RuleViolation(subjectID: subjectID, lesionID: lesion.id, visit: visits[k], rule: Rules.positiveDiameter,
                                                        detail: "negative diameter"))
                    case .mergedInto(let other):
                        if other == lesion.id || column(of: other).map({ lesions[$0].role }) != .target {
                            violations.append(RuleViolation(subjectID: subjectID, lesionID: lesion.id, visit: visits[k], rule: Rules.mergeTarget,
                                                            detail: "merged into '\(other)', which is not another target lesion"))
                        }
                    default: break
                    }
                case (.nonTarget, .nonTarget), (.new, .new): break
                default:
                    violations.append(RuleViolation(subjectID: subjectID, lesionID: lesion.id, visit: visits[k], rule: Rules.observationKind,
                                                    detail: "a \(lesion.role.rawValue) lesion cannot have this kind of observation"))
                }
            }
        }
        if violations.count > 1 {
            violations.sort { ($0.visit ?? 0, $0.lesionID ?? "", $0.detail) < ($1.visit ?? 0, $1.lesionID ?? "", $1.detail) }
        }
        return violations
    }
}
