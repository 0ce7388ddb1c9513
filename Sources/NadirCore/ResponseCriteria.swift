/// A set of response criteria: RECIST 1.1 today; iRECIST (iUPD/iCPD) can be added as another
/// conformer without touching the RECIST 1.1 code.
public protocol ResponseCriteria: Sendable {
    /// A short name for reports and audit trails, e.g. `RECIST 1.1`.
    var name: String { get }
    /// Checks the baseline (lesion selection and measurability) and returns every violation.
    func validateBaseline(_ subject: SubjectTumourData) -> [RuleViolation]
    /// Scores every assessment and the best overall response of one subject.
    /// Throws `RuleViolations` when the data cannot be scored under these criteria.
    func evaluate(_ subject: SubjectTumourData) throws(RuleViolations) -> SubjectEvaluation
    /// The same on a subject's observation grid, the form batch paths build without keying
    /// observations by lesion id. Criteria that work on `SubjectTumourData` get this for free.
    func evaluate(_ grid: ObservationGrid) throws(RuleViolations) -> SubjectEvaluation
}

extension ResponseCriteria {
    public func evaluate(_ grid: ObservationGrid) throws(RuleViolations) -> SubjectEvaluation {
        try evaluate(grid.subjectTumourData)
    }
}

/// Parameters that a protocol sets (house style: rules as data where they vary).
public struct RECISTParameters: Hashable, Sendable {
    /// Minimum interval (days) between a CR/PR and the assessment that confirms it
    /// (RECIST 1.1 §4.4.1: "no less than 4 weeks after the criteria for response are first met").
    public var confirmationDays: Int
    /// Minimum time (days) from the reference date for an SD assessment to count towards
    /// best overall response (RECIST 1.1 §4.4.1: "in general not less than 6–8 weeks").
    public var stableDiseaseMinimumDays: Int
    /// Whether CR and PR need confirmation (RECIST 1.1 §4.4.1: required in non-randomised
    /// trials where response is the primary endpoint).
    public var requiresConfirmation: Bool
    /// Score of a lesion "too small to measure" (RECIST 1.1 §4.3.2: 5 mm).
    public var tooSmallToMeasureDefault: Length

    /// When set, only assessments up to this many days after the reference date count towards
    /// the best overall response (e.g. "ORR after 4 or 6 cycles"); a later assessment may still
    /// confirm a response first seen inside the window. `nil`: until progression or cut-off.
    public var bestResponseWindowDays: Int?

    public init(confirmationDays: Int = 28, stableDiseaseMinimumDays: Int = 42,
                requiresConfirmation: Bool = true, tooSmallToMeasureDefault: Length = .mm(5),
                bestResponseWindowDays: Int? = nil) {
        self.confirmationDays = confirmationDays
        self.stableDiseaseMinimumDays = stableDiseaseMinimumDays
        self.requiresConfirmation = requiresConfirmation
        self.tooSmallToMeasureDefault = tooSmallToMeasureDefault
        self.bestResponseWindowDays = bestResponseWindowDays
    }
}

/// One broken rule, naming the subject, the lesion (when one is at fault) and the rule.
public struct RuleViolation: Error, Hashable, Sendable, CustomStringConvertible {
    public var subjectID: String
    public var lesionID: String?
    public var visit: Int?
    /// The rule, with its source, e.g. `RECIST 1.1 §3.2: at most 2 target lesions per organ`.
    public var rule: String
    public var detail: String

    public init(subjectID: String, lesionID: String? = nil, visit: Int? = nil, rule: String, detail: String) {
        self.subjectID = subjectID; self.lesionID = lesionID; self.visit = visit
        self.rule = rule; self.detail = detail
    }

    public var description: String {
        var s = "subject \(subjectID)"
        if let lesionID { s += ", lesion \(lesionID)" }
        if let visit { s += ", visit \(visit)" }
        return "\(s): \(detail) [\(rule)]"
    }
}

/// All the violations found for one subject.
public struct RuleViolations: Error, Hashable, Sendable, CustomStringConvertible {
    public var violations: [RuleViolation]
    public init(_ violations: [RuleViolation]) { self.violations = violations }
    public var description: String { violations.map(\.description).joined(separator: "\n") }
}
