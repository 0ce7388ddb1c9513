import NadirCore
import NadirSDTM
import NadirStats

/// A proportion with its exact (Clopper–Pearson 1934) confidence interval and, for the primary
/// endpoint, the exact one-sided binomial test against the historical rate (H0: p ≤ p0).
public struct RateEstimate: Codable, Sendable, Hashable {
    public var name: String
    public var population: String
    public var n: Int
    public var count: Int
    public var percent: Double
    public var lower: Double
    public var upper: Double
    public var confidenceLevel: Double
    public var p0: Double?
    /// P(X ≥ count | n, p0).
    public var pValueOneSided: Double?
    public var alphaOneSided: Double?
    /// p ≤ alpha: the response rate is higher than the historical rate.
    public var rejectsHistoricalRate: Bool?

    static func make(_ name: String, population: String, count: Int, n: Int, confidenceLevel: Double,
                     p0: Double? = nil, alpha: Double? = nil) throws -> RateEstimate {
        let inference = try ExactBinomial.inference(successes: count, trials: n, p0: p0, confidenceLevel: confidenceLevel)
        return RateEstimate(name: name, population: population, n: n, count: count, percent: 100 * inference.estimate,
                            lower: inference.interval.lower, upper: inference.interval.upper, confidenceLevel: confidenceLevel,
                            p0: p0, pValueOneSided: inference.pValue, alphaOneSided: alpha,
                            rejectsHistoricalRate: inference.pValue.flatMap { p in alpha.map { p <= $0 } })
    }
}

/// A Kaplan–Meier summary of PFS or OS: the survfit-style table, median with the
/// Brookmeyer–Crowley interval, landmark rates and numbers at risk.
public struct SurvivalSummary: Codable, Sendable, Hashable {
    public struct Landmark: Codable, Sendable, Hashable {
        public var months: Double
        public var days: Double
        public var nRisk: Int
        public var survival: Double
        public var lower: Double?
        public var upper: Double?
        /// The landmark lies beyond the last follow-up time (survival not estimable there).
        public var beyondFollowUp: Bool
    }
    public struct Table: Codable, Sendable, Hashable {
        public var time: [Double]
        public var nRisk: [Int]
        public var nEvent: [Int]
        public var nCensor: [Int]
        public var survival: [Double]
        public var stdErr: [Double?]
        public var lower: [Double?]
        public var upper: [Double?]
    }
    public var parameter: String
    public var n: Int
    public var events: Int
    public var censored: Int
    public var confidenceType: String
    public var confidenceLevel: Double
    public var medianDays: Double?
    public var medianLowerDays: Double?
    public var medianUpperDays: Double?
    public var medianMonths: Double? { medianDays.map { $0 / daysPerMonth } }
    public var landmarks: [Landmark]
    /// Time in days.
    public var table: Table
    /// Event times (days) and censoring times for plotting.
    public var censorTimes: [Double]

    static func make(_ parameter: String, records: [TimeToEventRecord], study: StudyDefinition) throws -> SurvivalSummary {
        let type = SurvivalConfidenceType(rawValue: study.timeToEvent.confidenceType) ?? .logLog
        let curve = try KaplanMeier.fit(times: records.map { Double($0.days) }, events: records.map { !$0.censored },
                                        confidenceType: type, confidenceLevel: study.primaryEndpoint.confidenceLevel)
        let landmarks = study.timeToEvent.landmarkMonths.map { months -> Landmark in
            let days = months * daysPerMonth
            let l = curve.survival(at: days)
            return Landmark(months: months, days: days, nRisk: l.nRisk, survival: l.survival, lower: l.lower, upper: l.upper,
                            beyondFollowUp: l.beyondFollowUp)
        }
        return SurvivalSummary(
            parameter: parameter, n: curve.n, events: curve.events, censored: curve.n - curve.events,
            confidenceType: type.rawValue, confidenceLevel: curve.confidenceLevel,
            medianDays: curve.median.estimate, medianLowerDays: curve.median.lower, medianUpperDays: curve.median.upper,
            landmarks: landmarks,
            table: Table(time: curve.time, nRisk: curve.nRisk, nEvent: curve.nEvent, nCensor: curve.nCensor,
                         survival: curve.survival, stdErr: curve.stdErr, lower: curve.lower, upper: curve.upper),
            censorTimes: records.filter(\.censored).map { Double($0.days) }.sorted())
    }
}

/// Per-subject results a committee and the report need.
public struct SubjectSummary: Codable, Sendable, Hashable {
    public var subjectID: String
    public var tumourType: String?
    public var age: Int?
    public var treated: Bool
    public var evaluable: Bool
    public var bestOverallResponse: String
    public var bestOverallResponseUnconfirmed: String
    /// Best (lowest) % change of the sum of diameters from baseline over complete post-baseline
    /// sums up to the first progression; nil without one.
    public var bestPercentChange: Double?
    public var eligibleForLocalTreatment: Bool?
    public var pfs: TimeToEventRecord?
    public var os: TimeToEventRecord?
}

/// Everything `nadir endpoints` reports for a study.
public struct TrialEndpoints: Codable, Sendable {
    public struct Populations: Codable, Sendable, Hashable {
        public var enrolled: Int
        public var treated: Int
        public var efficacyEvaluable: Int
        public var safety: Int
    }
    public var studyID: String
    public var title: String
    public var criteria: String
    public var dataCutoff: String
    public var confirmationDays: Int
    public var stableDiseaseMinimumDays: Int
    public var requiresConfirmation: Bool
    public var populations: Populations
    /// Best overall response counts in the primary population (with confirmation when the
    /// study requires it), keyed CR, PR, SD, NON-CR/NON-PD, PD, NE.
    public var bestOverallResponse: [String: Int]
    public var bestOverallResponseUnconfirmed: [String: Int]
    public var orr: RateEstimate
    /// ORR in all treated subjects (non-evaluable counted as non-responders).
    public var orrTreated: RateEstimate
    public var dcr: RateEstimate
    public var localTreatment: RateEstimate
    public var pfs: SurvivalSummary
    public var os: SurvivalSummary
    public var adverseEvents: AdverseEventTables
    public var subjects: [SubjectSummary]
    public var evaluations: [SubjectEvaluation] { _evaluations }
    var _evaluations: [SubjectEvaluation] = []
    var _timeToEvent: [TimeToEventRecord] = []
    public var timeToEventRecords: [TimeToEventRecord] { _timeToEvent }

    enum CodingKeys: String, CodingKey {
        case studyID, title, criteria, dataCutoff, confirmationDays, stableDiseaseMinimumDays, requiresConfirmation, populations,
             bestOverallResponse, bestOverallResponseUnconfirmed, orr, orrTreated, dcr, localTreatment, pfs, os, adverseEvents, subjects
    }

    /// Best-response categories in report order.
    public static let responseOrder = ["CR", "PR", "SD", "NON-CR/NON-PD", "PD", "NE"]

    /// Re-scores TU/TR under the study's criteria and computes every endpoint.
    public static func compute(study: StudyDefinition, data: TrialData) throws -> TrialEndpoints {
        let confirmed = RECIST11(parameters: study.recistParameters)
        var unconfirmedParameters = study.recistParameters
        unconfirmedParameters.requiresConfirmation = false
        let unconfirmed = RECIST11(parameters: unconfirmedParameters)
        let cutoff = study.cutoffDate
        // Score once; the data cut-off and the unconfirmed best response only re-read the
        // scored timepoints (RECIST11.bestOverallResponse(of:)).
        let scored = try Rescore(tuPath: data.tuPath, trPath: data.trPath, dmPath: data.dmPath, criteria: confirmed).evaluate().evaluations
        var evaluations: [SubjectEvaluation] = []
        var byID: [String: SubjectEvaluation] = [:]
        var unconfirmedByID: [String: OverallResponse] = [:]
        for var e in scored {
            e.timepoints = e.timepoints.filter { $0.date <= cutoff }
            (e.bestOverallResponse, e.bestResponseVisit) = confirmed.bestOverallResponse(of: e)
            unconfirmedByID[e.subjectID] = unconfirmed.bestOverallResponse(of: e).response
            evaluations.append(e)
            byID[e.subjectID] = e
        }
        let known = Set(data.subjects.map(\.subjectID))
        if let stray = evaluations.first(where: { !known.contains($0.subjectID) }) {
            throw TrialDataError(file: data.tuPath, field: "USUBJID", message: "subject \(stray.subjectID) has tumour data but is not in DM")
        }
        for s in data.subjects where TimeToEventDerivation.origin(of: s, study: study) == nil {
            throw TrialDataError(file: data.dmPath, field: study.timeToEvent.origin, message: "subject \(s.subjectID) has no \(study.timeToEvent.origin)")
        }
        // Only subjects enrolled by the data cut-off are in the analysis.
        let enrolled = data.subjects.filter { TimeToEventDerivation.origin(of: $0, study: study)! <= cutoff }
        let included = Set(enrolled.map(\.subjectID))
        evaluations = evaluations.filter { included.contains($0.subjectID) }
        var summaries: [SubjectSummary] = []
        var ttes: [TimeToEventRecord] = []
        let localBySubject = Dictionary(data.localTreatment.map { ($0.subjectID, $0.eligible) }, uniquingKeysWith: { a, _ in a })
        for s in enrolled {
            let e = byID[s.subjectID]
            let treated = s.treatmentStart != nil
            let evaluable = treated && e != nil && !(e?.timepoints.isEmpty ?? true)
            let pfs = TimeToEventDerivation.progressionFreeSurvival(s, e, study: study)
            let os = TimeToEventDerivation.overallSurvival(s, e, study: study)
            if let pfs { ttes.append(pfs) }
            if let os { ttes.append(os) }
            summaries.append(SubjectSummary(
                subjectID: s.subjectID, tumourType: s.tumourType, age: s.age, treated: treated, evaluable: evaluable,
                bestOverallResponse: (e?.bestOverallResponse ?? .notEvaluable).rawValue,
                bestOverallResponseUnconfirmed: (unconfirmedByID[s.subjectID] ?? .notEvaluable).rawValue,
                bestPercentChange: e.flatMap(bestPercentChange), eligibleForLocalTreatment: localBySubject[s.subjectID],
                pfs: pfs, os: os))
        }
        let primary = summaries.filter { study.primaryEndpoint.population == "evaluable" ? $0.evaluable : $0.treated }
        let treated = summaries.filter(\.treated)
        func counts(_ key: KeyPath<SubjectSummary, String>) -> [String: Int] {
            var c = Dictionary(uniqueKeysWithValues: responseOrder.map { ($0, 0) })
            for s in primary { c[s[keyPath: key], default: 0] += 1 }
            return c
        }
        let isResponse: (SubjectSummary) -> Bool = { ["CR", "PR"].contains($0.bestOverallResponse) }
        let isControl: (SubjectSummary) -> Bool = { ["CR", "PR", "SD", "NON-CR/NON-PD"].contains($0.bestOverallResponse) }
        let level = study.primaryEndpoint.confidenceLevel
        let populationName = study.primaryEndpoint.population == "evaluable" ? "efficacy-evaluable" : "treated"
        return TrialEndpoints(
            studyID: study.studyID, title: study.title, criteria: study.responseCriteria.name, dataCutoff: study.dataCutoff,
            confirmationDays: study.responseCriteria.confirmationDays, stableDiseaseMinimumDays: study.responseCriteria.stableDiseaseMinimumDays,
            requiresConfirmation: study.responseCriteria.requiresConfirmation,
            populations: Populations(enrolled: summaries.count, treated: treated.count, efficacyEvaluable: summaries.filter(\.evaluable).count,
                                     safety: treated.count),
            bestOverallResponse: counts(\.bestOverallResponse), bestOverallResponseUnconfirmed: counts(\.bestOverallResponseUnconfirmed),
            orr: try .make("ORR (CR + PR)", population: populationName, count: primary.filter(isResponse).count, n: primary.count,
                           confidenceLevel: level, p0: study.primaryEndpoint.historicalRate, alpha: study.primaryEndpoint.alphaOneSided),
            orrTreated: try .make("ORR (CR + PR)", population: "treated", count: treated.filter(isResponse).count, n: treated.count,
                                  confidenceLevel: level, p0: study.primaryEndpoint.historicalRate, alpha: study.primaryEndpoint.alphaOneSided),
            dcr: try .make("DCR (CR + PR + SD)", population: populationName, count: primary.filter(isControl).count, n: primary.count,
                           confidenceLevel: level),
            localTreatment: try .make("Eligible for local treatment", population: "enrolled",
                                      count: summaries.filter { $0.eligibleForLocalTreatment == true }.count, n: summaries.count,
                                      confidenceLevel: level),
            pfs: try .make("PFS", records: ttes.filter { $0.parameter == "PFS" }, study: study),
            os: try .make("OS", records: ttes.filter { $0.parameter == "OS" }, study: study),
            adverseEvents: AdverseEventTables.make(events: data.adverseEvents, safetyPopulation: Set(treated.map(\.subjectID))),
            subjects: summaries, _evaluations: evaluations, _timeToEvent: ttes)
    }

    /// Best % change from baseline over complete sums up to the first PD.
    static func bestPercentChange(_ e: SubjectEvaluation) -> Double? {
        guard let baseline = e.baselineSum, baseline > .zero else { return nil }
        var best: Double? = nil
        for t in e.timepoints {
            if t.sumIsComplete, let s = t.sumOfDiameters {
                let change = 100 * (s.millimetres - baseline.millimetres) / baseline.millimetres
                best = min(best ?? change, change)
            }
            if t.overall == .progressiveDisease { break }
        }
        return best
    }
}
