import Foundation
@testable import NadirReport

/// A deterministic, made-up single-arm phase II cohort used to render the sample report (for the
/// screenshot script and for looking at the charts). Not an oracle: the numbers only need to be
/// plausible and internally consistent.
enum SyntheticReportModel {
    /// A fixed-seed linear congruential generator (Numerical Recipes constants) so every run
    /// produces the same cohort.
    struct Generator {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * next() }
    }

    struct Subject {
        var id: String
        var bor: ResponseCategory
        var best: Double
        var monthsOnStudy: Double
        var progressed: Bool
        var died: Bool
        var ongoing: Bool
        var onsetWeeks: Double?
        var pdl1High: Bool
    }

    static func subjects(count: Int = 24) -> [Subject] {
        var g = Generator(state: 20261128)
        let plan: [ResponseCategory] = [.completeResponse, .completeResponse] + Array(repeating: .partialResponse, count: 7)
            + Array(repeating: .stableDisease, count: 8) + [.nonCRNonPD] + Array(repeating: .progressiveDisease, count: 5) + [.notEvaluable]
        return (0..<count).map { i in
            let bor = plan[i % plan.count]
            let best: Double
            switch bor {
            case .completeResponse: best = -100
            case .partialResponse: best = g.uniform(-85, -31)
            case .stableDisease: best = g.uniform(-28, 17)
            case .nonCRNonPD: best = 0
            case .progressiveDisease: best = g.uniform(21, 68)
            case .notEvaluable: best = g.uniform(-5, 8)
            }
            let months: Double
            switch bor {
            case .completeResponse, .partialResponse: months = g.uniform(7, 22)
            case .stableDisease, .nonCRNonPD: months = g.uniform(3.5, 11)
            default: months = g.uniform(1.2, 4)
            }
            let progressed = bor == .progressiveDisease || (g.next() < 0.55 && bor != .completeResponse)
            let died = progressed && g.next() < 0.45
            let onset: Double? = [.completeResponse, .partialResponse].contains(bor) ? [6.0, 6, 12, 12, 18][i % 5] : nil
            return Subject(id: String(format: "NDR-201-%04d", 101 + i * 7), bor: bor, best: best, monthsOnStudy: months,
                           progressed: progressed, died: died, ongoing: !progressed && !died && g.next() < 0.8,
                           onsetWeeks: onset, pdl1High: i % 3 == 0)
        }
    }

    /// Trajectory at 6-weekly assessments: towards the best change, then (if progressed) up past +20 %.
    static func trajectory(_ s: Subject) -> [SpiderPoint] {
        let weeks = s.monthsOnStudy * 4.345
        var points = [SpiderPoint(time: 0, percentChange: 0)]
        let visits = max(1, Int(weeks / 6))
        for k in 1...visits {
            let t = Double(k) * 6
            let fraction = min(1, Double(k) / 3)
            var value = s.best * fraction
            if s.progressed && k == visits && s.bor != .progressiveDisease { value = max(value + 40, 22) }
            if s.bor == .progressiveDisease { value = s.best * fraction }
            points.append(SpiderPoint(time: t, percentChange: (value * 10).rounded() / 10))
        }
        return points
    }

    /// Product-limit estimate with Greenwood variance and log–log CI — only to draw a plausible
    /// sample curve; the real numbers come from NadirStats.
    static func kaplanMeier(stratum: String, times: [(Double, Bool)], riskTimes: [Double], landmarks: [Double]) -> KaplanMeierSeries {
        let distinct = Set(times.map(\.0)).sorted()
        var s = 1.0, greenwood = 0.0
        var steps: [KaplanMeierStep] = []
        for t in distinct {
            let atRisk = times.filter { $0.0 >= t }.count
            let events = times.filter { $0.0 == t && $0.1 }.count
            let censored = times.filter { $0.0 == t && !$0.1 }.count
            if events > 0 {
                s *= 1 - Double(events) / Double(atRisk)
                if atRisk > events { greenwood += Double(events) / Double(atRisk * (atRisk - events)) }
            }
            var lower: Double? = nil, upper: Double? = nil
            if s > 0 && s < 1 {
                let se = (greenwood.squareRoot()) / abs(log(s))
                lower = pow(s, exp(1.96 * se)); upper = pow(s, exp(-1.96 * se))
            } else if s == 1 { lower = 1; upper = 1 }
            steps.append(KaplanMeierStep(time: t, numberAtRisk: atRisk, numberOfEvents: events, numberCensored: censored,
                                         survival: s, lowerConfidenceLimit: lower, upperConfidenceLimit: upper))
        }
        let median = steps.first { $0.numberOfEvents > 0 && $0.survival <= 0.5 }?.time
        let medianLower = steps.first { $0.numberOfEvents > 0 && ($0.upperConfidenceLimit ?? 1) <= 0.5 }?.time
        let medianUpperCandidate = steps.first { $0.numberOfEvents > 0 && ($0.lowerConfidenceLimit ?? 0) <= 0.5 }?.time
        let rates = landmarks.map { t -> LandmarkRate in
            let row = steps.last { $0.time <= t }
            return LandmarkRate(time: t, survival: row?.survival ?? 1, lowerConfidenceLimit: row?.lowerConfidenceLimit ?? 1,
                                upperConfidenceLimit: row?.upperConfidenceLimit ?? 1)
        }
        var curve = KaplanMeierSeries(stratum: stratum, steps: steps, numberOfSubjects: times.count,
                                     median: SurvivalMedian(estimate: median, lowerConfidenceLimit: medianUpperCandidate.flatMap { _ in medianLower ?? median },
                                                            upperConfidenceLimit: nil),
                                     landmarks: rates)
        curve.numbersAtRisk = NumbersAtRisk.counts(at: riskTimes, steps: steps)
        return curve
    }

    static func lesionProfile(_ s: Subject, index: Int, thumbnails: [ScanThumbnail]) -> PatientProfile {
        let points = trajectory(s)
        let baselineDiameters: [Double] = [34, 21, 16].prefix(1 + index % 3).map { $0 + Double(index % 5) }
        let hasTargets = s.bor != .nonCRNonPD
        var lesions: [LesionRecord] = []
        if hasTargets {
            let sites = ["LIVER, SEGMENT VI", "LUNG, RIGHT LOWER LOBE", "LYMPH NODE, MEDIASTINAL (SUBCARINAL)"]
            for (k, _) in baselineDiameters.enumerated() {
                lesions.append(LesionRecord(lesionID: String(format: "T%02d", k + 1), category: .target, location: sites[k]))
            }
        }
        lesions.append(LesionRecord(lesionID: "NT01", category: .nonTarget, location: "BONE, T9 VERTEBRA"))
        let progressedAt = s.progressed ? points.count - 1 : nil
        if progressedAt != nil && s.bor != .progressiveDisease && index % 2 == 0 {
            lesions.append(LesionRecord(lesionID: "NEW01", category: .new, location: "BRAIN, LEFT FRONTAL"))
        }
        let baselineSum = baselineDiameters.reduce(0, +)
        var nadir = baselineSum
        var assessments: [AssessmentRecord] = []
        for (k, p) in points.enumerated() {
            var results: [String: LesionResult] = [:]
            var sum = 0.0
            for (j, d0) in baselineDiameters.enumerated() where hasTargets {
                let d = max(0, (d0 * (1 + p.percentChange / 100) * 10).rounded() / 10)
                results[String(format: "T%02d", j + 1)] = .diameter(d)
                sum += d
            }
            let isProgression = k == progressedAt
            results["NT01"] = .state(isProgression && s.bor == .progressiveDisease && index % 2 == 1 ? "UNEQUIVOCAL PROGRESSION" : (s.bor == .completeResponse && k >= 2 ? "ABSENT" : "PRESENT"))
            let newLesion = lesions.contains { $0.category == .new } && isProgression
            if lesions.contains(where: { $0.category == .new }) { results["NEW01"] = newLesion ? .state("PRESENT") : .state("ABSENT") }
            let fromBaseline = hasTargets && k > 0 ? (sum - baselineSum) / baselineSum * 100 : nil
            let fromNadir = hasTargets && k > 0 && nadir > 0 ? (sum - nadir) / nadir * 100 : nil
            let target: ResponseCategory? = k == 0 || !hasTargets ? nil
                : sum == 0 ? .completeResponse
                : (fromNadir ?? 0) >= 20 && sum - nadir >= 5 ? .progressiveDisease
                : (fromBaseline ?? 0) <= -30 ? .partialResponse : .stableDisease
            let overall: ResponseCategory? = k == 0 ? nil
                : isProgression ? .progressiveDisease
                : s.bor == .notEvaluable && k == 1 ? .notEvaluable
                : !hasTargets ? .nonCRNonPD
                : target
            assessments.append(AssessmentRecord(
                visit: k == 0 ? "Baseline" : "Week \(Int(p.time))", date: isoDate(dayOffset: Int(p.time * 7) - 10 + index * 9),
                studyDay: k == 0 ? -10 : Int(p.time * 7) + 1, lesionResults: results,
                sumOfDiameters: hasTargets ? sum : nil, percentChangeFromBaseline: fromBaseline, percentChangeFromNadir: fromNadir,
                targetResponse: target,
                nonTargetResponse: k == 0 ? nil : (isProgression && index % 2 == 1 && s.bor == .progressiveDisease ? .progressiveDisease
                                                    : s.bor == .completeResponse && k >= 2 ? .completeResponse : .nonCRNonPD),
                newLesions: k == 0 ? nil : (newLesion ? .present : .absent),
                overallResponse: overall))
            if hasTargets { nadir = min(nadir, sum) }
        }
        return PatientProfile(subjectID: s.id, details: "\(50 + index % 23) y, \(index % 2 == 0 ? "F" : "M"); metastatic NSCLC; \(1 + index % 3) prior line(s)",
                              bestOverallResponse: s.bor,
                              bestOverallResponseNote: [.completeResponse, .partialResponse].contains(s.bor) ? "confirmed ≥4 weeks later" : nil,
                              lesions: lesions, assessments: assessments, thumbnails: thumbnails)
    }

    /// Days after 2025-01-06 as YYYY-MM-DD, computed without a calendar or time zone.
    static func isoDate(dayOffset: Int) -> String {
        let monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        var year = 2025, month = 0, day = 6 + dayOffset
        while day > monthDays[month] + (month == 1 && year % 4 == 0 ? 1 : 0) {
            day -= monthDays[month] + (month == 1 && year % 4 == 0 ? 1 : 0)
            month += 1
            if month == 12 { month = 0; year += 1 }
        }
        while day < 1 {
            month -= 1
            if month < 0 { month = 11; year -= 1 }
            day += monthDays[month] + (month == 1 && year % 4 == 0 ? 1 : 0)
        }
        return String(format: "%04d-%02d-%02d", year, month + 1, day)
    }

    static func model(thumbnails: [ScanThumbnail] = []) -> ReportModel {
        let cohort = subjects()
        let measurable = cohort.filter { $0.bor != .nonCRNonPD }
        let waterfall = measurable.map { WaterfallBar(subjectID: $0.id, bestPercentChange: $0.best, bestOverallResponse: $0.bor) }
        let spider = measurable.map { SpiderSeries(subjectID: $0.id, bestOverallResponse: $0.bor, points: trajectory($0)) }
        let swimmer = cohort.map { s -> SwimmerLane in
            let onsetMonths = s.onsetWeeks.map { $0 / 4.345 }
            let pdMonths = s.progressed ? s.monthsOnStudy * 0.92 : nil
            return SwimmerLane(subjectID: s.id, timeOnStudy: s.monthsOnStudy, bestOverallResponse: s.bor,
                               partialResponseOnset: s.bor == .partialResponse ? onsetMonths : (s.bor == .completeResponse ? onsetMonths.map { $0 * 0.5 } : nil),
                               completeResponseOnset: s.bor == .completeResponse ? onsetMonths : nil,
                               responseEnd: onsetMonths == nil ? nil : (pdMonths ?? s.monthsOnStudy),
                               progression: pdMonths, death: s.died ? s.monthsOnStudy : nil,
                               censoring: !s.died && !s.ongoing ? s.monthsOnStudy : nil, ongoing: s.ongoing)
        }
        let riskTimes: [Double] = [0, 3, 6, 9, 12, 15, 18, 21, 24]
        let pfsTimes = cohort.map { s in (s.progressed ? s.monthsOnStudy * 0.92 : s.monthsOnStudy, s.progressed || s.died) }
        // Post-progression survival of a few months for most progressors; the rest alive at cut-off.
        var g = Generator(state: 7)
        let osTimes = cohort.map { s -> (Double, Bool) in
            let u = g.next()
            if s.died { return (s.monthsOnStudy, true) }
            if s.progressed { return (s.monthsOnStudy + 1 + 9 * u, u < 0.6) }
            return (s.monthsOnStudy + 2 + 3 * u, false)
        }
        let high = cohort.indices.filter { cohort[$0].pdl1High }
        let low = cohort.indices.filter { !cohort[$0].pdl1High }
        let pfs = SurvivalEndpoint(
            endpointName: "Progression-free survival", abbreviation: "PFS",
            curves: [kaplanMeier(stratum: "PD-L1 TPS ≥50 %", times: high.map { pfsTimes[$0] }, riskTimes: riskTimes, landmarks: [6, 12]),
                     kaplanMeier(stratum: "PD-L1 TPS <50 %", times: low.map { pfsTimes[$0] }, riskTimes: riskTimes, landmarks: [6, 12])],
            riskTableTimes: riskTimes,
            methodNote: "Kaplan–Meier; Greenwood variance, log–log confidence intervals. Synthetic data.")
        let os = SurvivalEndpoint(
            endpointName: "Overall survival", abbreviation: "OS",
            curves: [kaplanMeier(stratum: "All patients", times: osTimes, riskTimes: riskTimes, landmarks: [12])],
            riskTableTimes: riskTimes, methodNote: "Kaplan–Meier; Greenwood variance, log–log confidence intervals. Synthetic data.")
        let n = cohort.count
        let responders = cohort.filter { [.completeResponse, .partialResponse].contains($0.bor) }.count
        let control = cohort.filter { [.completeResponse, .partialResponse, .stableDisease, .nonCRNonPD].contains($0.bor) }.count
        let borCounts = ResponseCategory.allCases.map { r in ResponseCount(r, cohort.filter { $0.bor == r }.count) }
        let endpoints = EndpointSummary(
            analysisSet: "Response-evaluable set", numberOfSubjects: n,
            objectiveResponse: BinomialEstimate(label: "Objective response rate (CR + PR)", count: responders, total: n,
                                                lowerConfidenceLimit: 0.1766, upperConfidenceLimit: 0.5778,
                                                test: HistoricalRateTest(historicalRate: 0.15, pValue: 0.0042)),
            diseaseControl: BinomialEstimate(label: "Disease control rate (CR + PR + SD + NON-CR/NON-PD)", count: control, total: n,
                                             lowerConfidenceLimit: 0.5485, upperConfidenceLimit: 0.9051),
            localTreatment: BinomialEstimate(label: "Local treatment required (radiotherapy or surgery)", count: 4, total: n,
                                             lowerConfidenceLimit: 0.0474, upperConfidenceLimit: 0.3738,
                                             test: HistoricalRateTest(historicalRate: 0.35, pValue: 0.0488, alternative: "one-sided, less")),
            bestOverallResponseCounts: borCounts)
        let ae = AdverseEventSummary(dictionary: "CTCAE v5.0; MedDRA 27.0", numberOfSubjects: n, rows: [
            AdverseEventRow(term: "Fatigue", grade1: 7, grade2: 5, grade3: 2),
            AdverseEventRow(term: "Diarrhoea", grade1: 6, grade2: 3, grade3: 1),
            AdverseEventRow(term: "Rash maculo-papular", grade1: 5, grade2: 2),
            AdverseEventRow(term: "Alanine aminotransferase increased", grade1: 3, grade2: 1, grade3: 2, grade4: 1),
            AdverseEventRow(term: "Pneumonitis", grade2: 1, grade3: 1, grade5: 1),
            AdverseEventRow(term: "Hypothyroidism", grade1: 2, grade2: 3),
            AdverseEventRow(term: "Neutrophil count decreased", grade2: 1, grade3: 2, grade4: 1),
        ])
        let patients = cohort.enumerated().map { i, s in lesionProfile(s, index: i, thumbnails: i < 2 ? thumbnails : []) }
        return ReportModel(
            study: StudySummary(studyID: "NDR-201",
                                title: "NDR-201: Drug X monotherapy in previously treated metastatic NSCLC (synthetic demo)",
                                design: "Phase II, single-arm, Simon two-stage optimal design (p0 = 0.15, p1 = 0.35, α = 0.05, power 0.80)",
                                regimen: "Drug X 200 mg orally once daily, continuous 21-day cycles, until progression or unacceptable toxicity",
                                population: "Adults with metastatic non-small-cell lung cancer after 1–3 prior lines, ECOG 0–1, ≥1 measurable lesion",
                                dataCutoff: "2026-06-30", responseCriteria: "RECIST 1.1 (investigator assessment)",
                                sponsor: "Nadir demo sponsor", numberEnrolled: n),
            endpoints: endpoints, waterfall: waterfall, spider: spider, spiderTimeUnit: .weeks,
            swimmer: swimmer, swimmerTimeUnit: .months, progressionFreeSurvival: pfs, overallSurvival: os,
            adverseEvents: ae, patients: patients, provenance: "Nadir report · synthetic sample cohort (tests)")
    }

    static func thumbnails() throws -> [ScanThumbnail] {
        let base = try Data(contentsOf: Fixtures.directory.appendingPathComponent("thumbnail-baseline.png"))
        let week12 = try Data(contentsOf: Fixtures.directory.appendingPathComponent("thumbnail-week12.png"))
        return [try ScanThumbnail(caption: "Baseline — T01 liver segment VI", pngData: base),
                try ScanThumbnail(caption: "Week 12 — T01 liver segment VI", pngData: week12)]
    }
}
