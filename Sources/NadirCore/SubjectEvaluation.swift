/// The scored result of one post-baseline assessment.
public struct TimepointResponse: Hashable, Sendable {
    public var visit: Int
    public var date: CalendarDate
    /// Sum of diameters (RECIST 1.1 §4.3.1) over the evaluable targets; `nil` when the subject
    /// has no targets or no target was measured at this visit.
    public var sumOfDiameters: Length?
    /// Whether every target was evaluable, so that the sum is complete (a partial sum is only
    /// used to prove progression, never as a nadir).
    public var sumIsComplete: Bool
    public var target: TargetResponse
    public var nonTarget: NonTargetResponse
    /// Unequivocal new lesion at this visit, or an equivocal one confirmed later (RECIST 1.1
    /// §4.3.2: progression dated to the first appearance).
    public var newLesionProgression: Bool
    public var overall: OverallResponse

    public init(visit: Int, date: CalendarDate, sumOfDiameters: Length?, sumIsComplete: Bool,
                target: TargetResponse, nonTarget: NonTargetResponse, newLesionProgression: Bool,
                overall: OverallResponse) {
        self.visit = visit; self.date = date; self.sumOfDiameters = sumOfDiameters
        self.sumIsComplete = sumIsComplete; self.target = target; self.nonTarget = nonTarget
        self.newLesionProgression = newLesionProgression; self.overall = overall
    }
}

/// Everything the engine concludes for one subject.
public struct SubjectEvaluation: Hashable, Sendable {
    public var subjectID: String
    public var baselineDate: CalendarDate
    /// Treatment start, or the baseline date when none was given.
    public var referenceDate: CalendarDate
    public var baselineSum: Length?
    /// Post-baseline assessments in visit order.
    public var timepoints: [TimepointResponse]
    /// Best overall response under the criteria's parameters (with or without confirmation).
    public var bestOverallResponse: OverallResponse
    /// The assessment that determined the best overall response, when there is one.
    public var bestResponseVisit: Int?

    public init(subjectID: String, baselineDate: CalendarDate, referenceDate: CalendarDate,
                baselineSum: Length?, timepoints: [TimepointResponse],
                bestOverallResponse: OverallResponse, bestResponseVisit: Int?) {
        self.subjectID = subjectID; self.baselineDate = baselineDate
        self.referenceDate = referenceDate; self.baselineSum = baselineSum
        self.timepoints = timepoints; self.bestOverallResponse = bestOverallResponse
        self.bestResponseVisit = bestResponseVisit
    }

    /// The first assessment with overall PD, if any.
    public var firstProgression: TimepointResponse? {
        timepoints.first { $0.overall == .progressiveDisease }
    }
}
