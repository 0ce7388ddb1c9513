/// RECIST 1.1: Eisenhauer EA et al., "New response evaluation criteria in solid tumours:
/// revised RECIST guideline (version 1.1)", Eur J Cancer 2009;45:228–247, with the RECIST
/// committee's 2016 clarification (Schwartz LH et al., "RECIST 1.1 — Update and clarification:
/// From the RECIST committee", Eur J Cancer 2016;62:132–137).
///
/// Every rule lives in its own small function below, named after the rule and citing its
/// section; `docs/recist.md` lists them with the tests that check each one.
public struct RECIST11: ResponseCriteria {
    public var parameters: RECISTParameters
    public var name: String { "RECIST 1.1" }

    public init(parameters: RECISTParameters = RECISTParameters()) { self.parameters = parameters }

    public func evaluate(_ subject: SubjectTumourData) throws(RuleViolations) -> SubjectEvaluation {
        try evaluate(ObservationGrid(subject))
    }

    /// Scores a subject given as an observation grid (rows in visit order).
    public func evaluate(_ grid: ObservationGrid) throws(RuleViolations) -> SubjectEvaluation {
        var violations = validateBaseline(grid)
        guard grid.assessmentCount > 0, grid.visits[0] == 0 else {
            // validateBaseline reported a missing baseline; a visit before it is not a baseline either.
            if violations.isEmpty {
                violations.append(RuleViolation(subjectID: grid.subjectID, visit: grid.visits.first, rule: Rules.baselineRequired,
                                                detail: "the first assessment is not the baseline (VISITNUM 0)"))
            }
            throw RuleViolations(violations)
        }
        let baselineDate = grid.dates[0]
        // One row per visit, in visit order: every rule below walks the rows in time order.
        for k in 1..<grid.assessmentCount where grid.visits[k] <= grid.visits[k - 1] {
            violations.append(RuleViolation(
                subjectID: grid.subjectID, visit: grid.visits[k], rule: Rules.oneAssessmentPerVisit,
                detail: grid.visits[k] == grid.visits[k - 1] ? "two assessments with the same visit number"
                    : "assessment of visit \(grid.visits[k]) comes after visit \(grid.visits[k - 1])"))
        }
        // Dates: no follow-up assessment may precede baseline.
        for k in 1..<grid.assessmentCount where grid.dates[k] < baselineDate {
            violations.append(RuleViolation(
                subjectID: grid.subjectID, visit: grid.visits[k], rule: Rules.afterBaseline,
                detail: "assessment dated \(grid.dates[k]) is before the baseline assessment (\(baselineDate))"))
        }
        violations += grid.kindViolations()
        guard violations.isEmpty else { throw RuleViolations(violations) }

        let targets = grid.columns(of: .target)
        let nonTargets = grid.columns(of: .nonTarget)
        let newLesions = grid.columns(of: .new)
        let newLesionProgressionRows = newLesions.isEmpty ? [] : newLesionProgression(newLesions, grid)
        var timepoints: [TimepointResponse] = []
        timepoints.reserveCapacity(grid.assessmentCount - 1)

        let baselineSum = targets.isEmpty ? nil : targetSum(targets, grid, row: 0).available
        var nadir = baselineSum
        for k in 1..<grid.assessmentCount {
            var sum: Length? = nil
            var complete = false
            let target: TargetResponse
            if targets.isEmpty {
                target = .notApplicable
            } else {
                let s = targetSum(targets, grid, row: k)
                sum = s.anyEvaluable ? s.available : nil
                complete = s.complete
                target = targetResponse(s, baselineSum: baselineSum ?? .zero, nadir: nadir ?? .zero)
                // RECIST 1.1 §4.3.1: the nadir is the smallest sum on study, baseline included;
                // only a complete sum can be a nadir.
                if complete, let current = nadir, s.available < current { nadir = s.available }
            }
            let nonTarget = nonTargetResponse(nonTargets, grid, row: k)
            let newPD = !newLesionProgressionRows.isEmpty && newLesionProgressionRows[k]
            let overall = overallResponse(hasTargets: !targets.isEmpty, hasNonTargets: !nonTargets.isEmpty,
                                          target: target, nonTarget: nonTarget, newLesion: newPD)
            timepoints.append(TimepointResponse(
                visit: grid.visits[k], date: grid.dates[k], sumOfDiameters: sum, sumIsComplete: complete,
                target: target, nonTarget: nonTarget, newLesionProgression: newPD, overall: overall))
        }
        let reference = grid.referenceDate ?? baselineDate
        let best = bestOverallResponse(timepoints, referenceDate: reference, hasTargets: !targets.isEmpty)
        return SubjectEvaluation(
            subjectID: grid.subjectID, baselineDate: baselineDate, referenceDate: reference,
            baselineSum: baselineSum, timepoints: timepoints,
            bestOverallResponse: best.response, bestResponseVisit: best.visit)
    }

    // MARK: - Sum of diameters (RECIST 1.1 §4.3.1, §4.3.2)

    struct TargetSum {
        /// Sum over the evaluable targets.
        var available: Length
        /// Every target evaluable.
        var complete: Bool
        var anyEvaluable: Bool
        /// CR condition: every non-nodal target 0 mm and every nodal target < 10 mm.
        var allDisappeared: Bool
    }

    /// The sum of diameters: longest diameter for non-nodal targets, short axis for nodal ones
    /// (RECIST 1.1 §4.3.1); "too small to measure" scores the default 5 mm, fragments of a split
    /// lesion are added, a lesion merged into another scores 0 (§4.3.2).
    func targetSum(_ targets: [Int], _ grid: ObservationGrid, row: Int) -> TargetSum {
        var total = Length.zero
        var complete = true, any = false, disappeared = true
        for index in targets {
            let value: Length
            let observation = grid[row, index]
            switch observation {
            case .target(.measured(let v)): value = v
            case .target(.tooSmallToMeasure): value = parameters.tooSmallToMeasureDefault
            case .target(.fragments(let parts)): value = parts.reduce(.zero, +)
            case .target(.mergedInto): value = .zero
            default:
                complete = false
                continue
            }
            any = true
            total = total + value
            // RECIST 1.1 §4.3.1: CR = disappearance of all non-nodal targets, and every target
            // node reduced to < 10 mm short axis. "Too small to measure" is present, not gone.
            if grid.lesions[index].isNodal {
                if value >= RECIST11.normalNodeShortAxis { disappeared = false }
            } else if value > .zero || observation == .target(.tooSmallToMeasure) {
                disappeared = false
            }
        }
        return TargetSum(available: total, complete: complete, anyEvaluable: any, allDisappeared: disappeared)
    }

    /// Lymph nodes with a short axis under 10 mm are normal (RECIST 1.1 §4.3.1).
    public static let normalNodeShortAxis = Length.mm(10)

    // MARK: - Target response (RECIST 1.1 §4.3.1)

    /// PD: the sum rose by ≥ 20 % over the nadir **and** by ≥ 5 mm (RECIST 1.1 §4.3.1).
    /// Integer arithmetic: `10·sum ≥ 12·nadir` is exactly `sum ≥ 1.2·nadir`.
    static func meetsProgression(sum: Length, nadir: Length) -> Bool {
        10 * sum.micrometres >= 12 * nadir.micrometres && (sum - nadir) >= .mm(5)
    }

    /// PR: the sum fell by ≥ 30 % from the baseline sum (RECIST 1.1 §4.3.1).
    static func meetsPartialResponse(sum: Length, baseline: Length) -> Bool {
        10 * sum.micrometres <= 7 * baseline.micrometres
    }

    /// Target response at one follow-up assessment (RECIST 1.1 §4.3.1).
    ///
    /// - A target not assessed makes the response NE, unless the targets that were measured
    ///   already prove progression (RECIST 1.1 §4.3.1 and 2016 clarification: "if the sum of the
    ///   measured lesions already meets PD, PD can be assigned").
    /// - PD is tested before CR: nodes that were < 10 mm can still add up to ≥ 20 % and ≥ 5 mm
    ///   over the nadir, and the EORTC clarification treats reappearing disease that meets the
    ///   sum criteria as PD.
    func targetResponse(_ s: TargetSum, baselineSum: Length, nadir: Length) -> TargetResponse {
        if !s.complete {
            return s.anyEvaluable && RECIST11.meetsProgression(sum: s.available, nadir: nadir)
                ? .progressiveDisease : .notEvaluable
        }
        if RECIST11.meetsProgression(sum: s.available, nadir: nadir) { return .progressiveDisease }
        if s.allDisappeared { return .completeResponse }
        if RECIST11.meetsPartialResponse(sum: s.available, baseline: baselineSum) { return .partialResponse }
        return .stableDisease
    }

    // MARK: - Non-target response (RECIST 1.1 §4.3.3)

    /// Non-target response: PD on unequivocal progression of existing non-targets; NE when not
    /// all were evaluated ("not all evaluated", Table 1); CR when all disappeared (nodes normal);
    /// otherwise NON-CR/NON-PD. NA when the subject has none.
    func nonTargetResponse(_ nonTargets: [Int], _ grid: ObservationGrid, row: Int) -> NonTargetResponse {
        guard !nonTargets.isEmpty else { return .notApplicable }
        var anyPresent = false, anyMissing = false
        for index in nonTargets {
            switch grid[row, index] {
            case .nonTarget(.unequivocalProgression): return .progressiveDisease
            case .nonTarget(.present): anyPresent = true
            case .nonTarget(.absent): break
            default: anyMissing = true
            }
        }
        if anyMissing { return .notEvaluable }
        return anyPresent ? .nonCRNonPD : .completeResponse
    }

    // MARK: - New lesions (RECIST 1.1 §4.3.2)

    /// Visits at which new lesions mean progression. An unequivocal new lesion is PD at the
    /// visit it is seen. An equivocal one is not PD when first seen; if a later assessment shows
    /// it unequivocally, PD is dated to its first appearance (RECIST 1.1 §4.3.2: "progression
    /// should be declared using the date of the initial scan"). Every visit from its first
    /// appearance on at which the confirmed lesion is recorded is flagged.
    /// Returns, per row, whether it is flagged.
    func newLesionProgression(_ newLesions: [Int], _ grid: ObservationGrid) -> [Bool] {
        var flagged = [Bool](repeating: false, count: grid.assessmentCount)
        for index in newLesions {
            // Flag every recorded appearance once the lesion is unequivocal at some visit.
            guard (0..<grid.assessmentCount).contains(where: { grid[$0, index] == .new(.present) }) else { continue }
            for k in 0..<grid.assessmentCount {
                if case .new = grid[k, index] { flagged[k] = true }
            }
        }
        return flagged
    }

    // MARK: - Overall response (RECIST 1.1 §4.4.1, Tables 1 and 2)

    /// Overall response from target, non-target and new-lesion responses.
    /// Subjects with targets follow Table 1; subjects with non-target disease only, Table 2.
    func overallResponse(hasTargets: Bool, hasNonTargets: Bool, target: TargetResponse,
                         nonTarget: NonTargetResponse, newLesion: Bool) -> OverallResponse {
        // Table 1 and 2: PD in any component, or a new lesion, is overall PD.
        if newLesion || target == .progressiveDisease || nonTarget == .progressiveDisease {
            return .progressiveDisease
        }
        if hasTargets {
            switch target {
            case .completeResponse:
                // Table 1: CR + CR (or no non-targets) = CR; CR + non-CR/non-PD or not
                // evaluated = PR.
                return nonTarget == .completeResponse || nonTarget == .notApplicable
                    ? .completeResponse : .partialResponse
            case .partialResponse: return .partialResponse  // Table 1: PR + non-PD or NE = PR
            case .stableDisease: return .stableDisease      // Table 1: SD + non-PD or NE = SD
            case .notEvaluable, .notApplicable, .progressiveDisease: return .notEvaluable  // Table 1: NE + non-PD = NE
            }
        }
        // Table 2: non-target disease only.
        switch nonTarget {
        case .completeResponse: return .completeResponse
        case .nonCRNonPD: return .nonCRNonPD
        default: return .notEvaluable
        }
    }

    // MARK: - Best overall response (RECIST 1.1 §4.4.1, Table 3)

    /// Best overall response. Assessments after the first PD do not count (RECIST 1.1 §4.4.1:
    /// "best response recorded from the start of treatment until disease progression").
    ///
    /// Without confirmation: CR, else PR, else SD (NON-CR/NON-PD for non-target-only disease) at
    /// an assessment ≥ `stableDiseaseMinimumDays` after the reference date, else PD, else NE.
    ///
    /// With confirmation (§4.4.1 and Table 3): a CR is confirmed by a later CR, a PR (or CR
    /// claimed as a response) by a later PR or CR, at least `confirmationDays` later, with no PD
    /// in between (NE in between does not break it). Unconfirmed responses count as SD when the
    /// SD minimum duration is met (Table 3: "CR, NE → SD provided minimum criteria for SD
    /// duration met, otherwise NE"). A CR followed only by PR confirms PR (Table 3 footnote a:
    /// "the original CR should be changed to PR and the best response is PR").
    ///
    /// With `bestResponseWindowDays` (a protocol's response-evaluation period), only
    /// assessments inside the window count, but a later one may confirm a response seen inside.
    /// Best overall response of an evaluation whose timepoints were cut (e.g. at a data cut-off)
    /// or that is re-read under other parameters (e.g. without confirmation), without scoring
    /// the assessments again.
    public func bestOverallResponse(of evaluation: SubjectEvaluation) -> (response: OverallResponse, visit: Int?) {
        let hasTargets = evaluation.baselineSum != nil
        return bestOverallResponse(evaluation.timepoints, referenceDate: evaluation.referenceDate, hasTargets: hasTargets)
    }

    func bestOverallResponse(_ timepoints: [TimepointResponse], referenceDate: CalendarDate,
                             hasTargets: Bool) -> (response: OverallResponse, visit: Int?) {
        var counted: [TimepointResponse] = []
        for t in timepoints {
            counted.append(t)
            if t.overall == .progressiveDisease { break }
        }
        let stable: OverallResponse = hasTargets ? .stableDisease : .nonCRNonPD
        // A protocol may restrict the best response to a treatment window; confirmations may
        // fall after it.
        let window = parameters.bestResponseWindowDays
        let inWindow: (TimepointResponse) -> Bool = { t in window.map { referenceDate.days(to: t.date) <= $0 } ?? true }

        if parameters.requiresConfirmation {
            var confirmedPR: Int? = nil
            for (i, t) in counted.enumerated() where t.overall.isObjectiveResponse && inWindow(t) {
                for later in counted[(i + 1)...] where later.overall.isObjectiveResponse
                    && t.date.days(to: later.date) >= parameters.confirmationDays {
                    if t.overall == .completeResponse && later.overall == .completeResponse {
                        return (.completeResponse, t.visit)
                    }
                    if confirmedPR == nil { confirmedPR = t.visit }
                }
            }
            if let visit = confirmedPR {
                // Non-target-only disease has no PR (Table 2): an unconfirmed CR is non-CR/non-PD.
                return hasTargets ? (.partialResponse, visit) : (stable, visit)
            }
        } else {
            if let cr = counted.first(where: { $0.overall == .completeResponse && inWindow($0) }) { return (.completeResponse, cr.visit) }
            if let pr = counted.first(where: { $0.overall == .partialResponse && inWindow($0) }) { return (.partialResponse, pr.visit) }
        }
        // SD (or an unconfirmed response) must be met at least once ≥ the minimum duration
        // after the reference date (RECIST 1.1 §4.4.1).
        if let sd = counted.first(where: {
            $0.overall.isDiseaseControl && inWindow($0) && referenceDate.days(to: $0.date) >= parameters.stableDiseaseMinimumDays
        }) {
            return (stable, sd.visit)
        }
        let countedInWindow = counted.filter(inWindow)
        if let pd = countedInWindow.first(where: { $0.overall == .progressiveDisease }) { return (.progressiveDisease, pd.visit) }
        return (.notEvaluable, nil)
    }
}

/// The rule texts cited in violations, with their sources.
public enum Rules {
    public static let baselineRequired = "RECIST 1.1 §4.1: a baseline assessment (VISITNUM 0) is required"
    public static let maxTargets = "RECIST 1.1 §3.2: at most 5 target lesions in total"
    public static let maxPerOrgan = "RECIST 1.1 §3.2: at most 2 target lesions per organ (lymph nodes are one organ)"
    public static let targetMeasuredAtBaseline = "RECIST 1.1 §3.2: every target lesion is measured at baseline"
    public static let nonNodalMinimum = "RECIST 1.1 §3.1.1 and Appendix II: a non-nodal target is ≥ 10 mm longest diameter, or ≥ 2× the slice thickness when it exceeds 5 mm"
    public static let nodalMinimum = "RECIST 1.1 §3.1.1: a nodal target is ≥ 15 mm in short axis"
    public static let nonTargetAtBaseline = "RECIST 1.1 §3.2: non-target lesions are sites of disease present at baseline"
    public static let noNewAtBaseline = "RECIST 1.1 §4.3.2: new lesions appear after baseline"
    public static let afterBaseline = "RECIST 1.1 §4.1: follow-up assessments come after baseline"
    /// Not a RECIST rule but the data model's: a timepoint is identified by its visit number.
    public static let oneAssessmentPerVisit = "Data model: one assessment per visit number (VISITNUM), in visit order"
    public static let observationKind = "RECIST 1.1 §4.3: targets are measured, non-target and new lesions are assessed qualitatively"
    public static let positiveDiameter = "RECIST 1.1 §4.3.1: a diameter is zero or positive"
    public static let mergeTarget = "RECIST 1.1 §4.3.2: a coalesced lesion merges into another target lesion"
}
