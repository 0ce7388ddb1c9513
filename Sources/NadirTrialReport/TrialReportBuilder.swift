import Foundation
import NadirCore
import NadirDICOM
import NadirReport
import NadirSDTM
import NadirTrial

/// Turns a study's endpoints, its measurements and (optionally) its scans into the report model
/// that `NadirReport` renders. Every number shown comes from `TrialEndpoints`, so the report and
/// `nadir endpoints` cannot disagree.
public struct TrialReportBuilder {
    public var study: StudyDefinition
    public var data: TrialData
    public var endpoints: TrialEndpoints
    /// Where SampleScans-style series live; patients whose PatientID matches a USUBJID get slice
    /// thumbnails on their page.
    public var scansDirectory: String?
    public var provenance: String?

    public init(study: StudyDefinition, data: TrialData, endpoints: TrialEndpoints, scansDirectory: String? = nil, provenance: String? = nil) {
        self.study = study; self.data = data; self.endpoints = endpoints; self.scansDirectory = scansDirectory; self.provenance = provenance
    }

    static func category(_ code: String) -> ResponseCategory { ResponseCategory(rawValue: code) ?? .notEvaluable }
    static func months(_ days: Int) -> Double { Double(days) / daysPerMonth }

    public func model() async throws -> ReportModel {
        let tumour = try TumourData.readSubjects(tuPath: data.tuPath, trPath: data.trPath, dmPath: data.dmPath)
        let tumourByID = Dictionary(tumour.map { ($0.subjectID, $0) }, uniquingKeysWith: { a, _ in a })
        let evalByID = Dictionary(endpoints.evaluations.map { ($0.subjectID, $0) }, uniquingKeysWith: { a, _ in a })
        let subjectsByID = Dictionary(data.subjects.map { ($0.subjectID, $0) }, uniquingKeysWith: { a, _ in a })
        let thumbnails = try await scanThumbnails()

        let regimen = study.regimen.drugs.map { "\($0.name) (\($0.dose), \($0.schedule))" }.joined(separator: "; ")
            + "; \(study.regimen.cycleDays)-day cycles × \(study.regimen.cyclesMin)–\(study.regimen.cyclesMax)"
        let summary = StudySummary(
            studyID: study.studyID, title: study.title + ((study.synthetic ?? false) ? " — SYNTHETIC DEMONSTRATION DATA" : ""),
            design: study.design, regimen: regimen,
            population: "\(study.population.description); ages \(study.population.ageMin)–\(study.population.ageMax); planned \(study.population.plannedEnrolment)",
            dataCutoff: study.dataCutoff, responseCriteria: study.responseCriteria.name, numberEnrolled: endpoints.populations.enrolled)

        func estimate(_ r: RateEstimate, withTest: Bool = false) -> BinomialEstimate {
            BinomialEstimate(label: "\(r.name), \(r.population)", count: r.count, total: r.n,
                             lowerConfidenceLimit: r.lower, upperConfidenceLimit: r.upper, confidenceLevel: r.confidenceLevel,
                             test: withTest ? zip2(r.p0, r.pValueOneSided).map { HistoricalRateTest(historicalRate: $0.0, pValue: $0.1) } : nil)
        }
        let endpointSummary = EndpointSummary(
            analysisSet: endpoints.orr.population, numberOfSubjects: endpoints.orr.n,
            objectiveResponse: estimate(endpoints.orr, withTest: true), diseaseControl: estimate(endpoints.dcr),
            localTreatment: estimate(endpoints.localTreatment), additional: [estimate(endpoints.orrTreated, withTest: true)],
            bestOverallResponseCounts: TrialEndpoints.responseOrder.map { ResponseCount(Self.category($0), endpoints.bestOverallResponse[$0] ?? 0) })

        let primary = endpoints.subjects.filter { study.primaryEndpoint.population == "evaluable" ? $0.evaluable : $0.treated }
        let waterfall = primary.compactMap { s in
            s.bestPercentChange.map { WaterfallBar(subjectID: s.subjectID, bestPercentChange: $0, bestOverallResponse: Self.category(s.bestOverallResponse)) }
        }
        let spider: [SpiderSeries] = primary.compactMap { s in
            guard let e = evalByID[s.subjectID], let base = e.baselineSum, base > .zero else { return nil }
            var points = [SpiderPoint(time: 0, percentChange: 0)]
            for t in e.timepoints where t.sumIsComplete {
                guard let sum = t.sumOfDiameters else { continue }
                points.append(SpiderPoint(time: Double(e.referenceDate.days(to: t.date)) / 7,
                                          percentChange: 100 * (sum.millimetres - base.millimetres) / base.millimetres))
            }
            return points.count > 1 ? SpiderSeries(subjectID: s.subjectID, bestOverallResponse: Self.category(s.bestOverallResponse), points: points) : nil
        }
        let swimmer: [SwimmerLane] = endpoints.subjects.compactMap { s in
            guard let os = s.os else { return nil }
            let e = evalByID[s.subjectID]
            let start = os.start
            let day = { (d: CalendarDate) in Self.months(start.days(to: d)) }
            let pr = e?.timepoints.first { $0.overall.isObjectiveResponse }.map { day($0.date) }
            let cr = e?.timepoints.first { $0.overall == .completeResponse }.map { day($0.date) }
            let pd = e?.timepoints.first { $0.overall == .progressiveDisease }.map { day($0.date) }
            let death = subjectsByID[s.subjectID]?.death.flatMap { $0 <= study.cutoffDate ? day($0) : nil }
            // Alive and in follow-up at the cut-off (last contact within one assessment
            // interval): an arrow; otherwise a censoring tick at the last contact.
            let ongoing = os.censored && os.date.days(to: study.cutoffDate) <= study.assessmentSchedule.intervalDays
            return SwimmerLane(subjectID: s.subjectID, timeOnStudy: Self.months(os.days), bestOverallResponse: Self.category(s.bestOverallResponse),
                               partialResponseOnset: (s.bestOverallResponse == "PR" || s.bestOverallResponse == "CR") ? pr : nil,
                               completeResponseOnset: s.bestOverallResponse == "CR" ? cr : nil,
                               responseEnd: (s.bestOverallResponse == "PR" || s.bestOverallResponse == "CR") ? pd : nil,
                               progression: pd, death: death, censoring: os.censored && !ongoing ? Self.months(os.days) : nil, ongoing: ongoing)
        }
        let riskTimes = { (months: Double) in Array(stride(from: 0.0, through: months, by: 3)) }
        let pfs = try survival(endpoints.pfs, name: "Progression-free survival", abbreviation: "PFS", riskTableTimes: riskTimes(study.timeToEvent.pfsFollowUpMonths))
        let os = try survival(endpoints.os, name: "Overall survival", abbreviation: "OS", riskTableTimes: riskTimes(study.timeToEvent.osFollowUpMonths))
        let ae = AdverseEventSummary(
            dictionary: "CTCAE v\(study.safety.ctcaeVersion)", numberOfSubjects: endpoints.adverseEvents.safetyPopulation,
            rows: endpoints.adverseEvents.anyGrade.dropFirst().map { r in
                AdverseEventRow(term: r.term, grade1: r.byWorstGrade[0], grade2: r.byWorstGrade[1], grade3: r.byWorstGrade[2],
                                grade4: r.byWorstGrade[3], grade5: r.byWorstGrade[4])
            })
        let patients = try endpoints.subjects.map { s in
            try patientProfile(s, tumour: tumourByID[s.subjectID], evaluation: evalByID[s.subjectID],
                               enrolled: subjectsByID[s.subjectID], thumbnails: thumbnails[s.subjectID] ?? [])
        }
        return ReportModel(study: summary, endpoints: endpointSummary, waterfall: waterfall, spider: spider, spiderTimeUnit: .weeks,
                           swimmer: swimmer, swimmerTimeUnit: .months, progressionFreeSurvival: pfs, overallSurvival: os,
                           adverseEvents: ae, patients: patients, provenance: provenance)
    }

    func survival(_ s: SurvivalSummary, name: String, abbreviation: String, riskTableTimes: [Double]) throws -> SurvivalEndpoint {
        let toMonths = { (d: Double) in d / daysPerMonth }
        let series = try KaplanMeierSeries(
            stratum: "All treated", time: s.table.time.map(toMonths), numberAtRisk: s.table.nRisk, numberOfEvents: s.table.nEvent,
            numberCensored: s.table.nCensor, survival: s.table.survival, lowerConfidenceLimit: s.table.lower, upperConfidenceLimit: s.table.upper,
            numberOfSubjects: s.n,
            median: SurvivalMedian(estimate: s.medianDays.map(toMonths), lowerConfidenceLimit: s.medianLowerDays.map(toMonths),
                                   upperConfidenceLimit: s.medianUpperDays.map(toMonths)),
            landmarks: s.landmarks.map { LandmarkRate(time: $0.months, survival: $0.beyondFollowUp ? nil : $0.survival, lowerConfidenceLimit: $0.lower, upperConfidenceLimit: $0.upper) },
            riskTableTimes: riskTableTimes)
        return SurvivalEndpoint(endpointName: name, abbreviation: abbreviation, timeUnit: .months, curves: [series],
                                riskTableTimes: riskTableTimes, confidenceLevel: s.confidenceLevel,
                                methodNote: "Kaplan–Meier; Greenwood variance, \(s.confidenceType) confidence interval; median CI by Brookmeyer–Crowley. Time from enrolment; censoring rules in docs/endpoints.md.")
    }

    func patientProfile(_ s: SubjectSummary, tumour: SubjectTumourData?, evaluation: SubjectEvaluation?,
                        enrolled: EnrolledSubject?, thumbnails: [ScanThumbnail]) throws -> PatientProfile {
        let lesions = (tumour?.lesions ?? []).map { l in
            LesionRecord(lesionID: l.id, category: l.role == .target ? .target : l.role == .nonTarget ? .nonTarget : .new,
                         location: l.site + (l.isNodal ? " (node, short axis)" : ""))
        }
        let byVisit = Dictionary((evaluation?.timepoints ?? []).map { ($0.visit, $0) }, uniquingKeysWith: { a, _ in a })
        var nadir = evaluation?.baselineSum
        let baseline = evaluation?.baselineSum
        var assessments: [AssessmentRecord] = []
        for a in (tumour?.assessments ?? []).sorted(by: { $0.visit < $1.visit }) {
            var results: [String: LesionResult] = [:]
            for (id, obs) in a.observations {
                switch obs {
                case .target(.measured(let v)): results[id] = .diameter(v.millimetres)
                case .target(.tooSmallToMeasure): results[id] = .state("TOO SMALL (5)")
                case .target(.fragments(let parts)): results[id] = .diameter(parts.reduce(Length.zero, +).millimetres)
                case .target(.mergedInto(let other)): results[id] = .state("MERGED → \(other)")
                case .target(.notEvaluable): results[id] = .notEvaluable
                case .nonTarget(let st): results[id] = st == .notEvaluable ? .notEvaluable : .state(st.rawValue)
                case .new(let st): results[id] = .state(st.rawValue)
                }
            }
            let t = byVisit[a.visit]
            let sum: Length? = a.visit == 0 ? baseline : (t?.sumIsComplete == true ? t?.sumOfDiameters : nil)
            func change(_ ref: Length?) -> Double? {
                guard let s = sum, let r = ref, r > .zero else { return nil }
                return 100 * (s.millimetres - r.millimetres) / r.millimetres
            }
            let record = AssessmentRecord(
                visit: a.visit == 0 ? "Baseline" : "Visit \(a.visit)", date: a.date.description,
                studyDay: evaluation.map { $0.referenceDate.days(to: a.date) + ($0.referenceDate <= a.date ? 1 : 0) },
                lesionResults: results, sumOfDiameters: sum?.millimetres,
                percentChangeFromBaseline: a.visit == 0 ? nil : change(baseline), percentChangeFromNadir: a.visit == 0 ? nil : change(nadir),
                targetResponse: t.flatMap { $0.target == .notApplicable ? nil : ResponseCategory(rawValue: $0.target.rawValue) },
                nonTargetResponse: t.flatMap { $0.nonTarget == .notApplicable ? nil : ResponseCategory(rawValue: $0.nonTarget.rawValue) },
                newLesions: a.visit == 0 ? nil : (t?.newLesionProgression == true ? .present
                    : a.observations.values.contains(.new(.equivocal)) ? .equivocal : .absent),
                overallResponse: t.map { Self.category($0.overall.rawValue) })
            assessments.append(record)
            if let t, t.sumIsComplete, let s = t.sumOfDiameters, let n = nadir, s < n { nadir = s }
        }
        var details: [String] = []
        if let e = enrolled {
            if let type = e.tumourType { details.append(type) }
            if let age = e.age { details.append("\(age) years") }
            if let sex = e.sex { details.append(sex) }
            if let site = e.siteID { details.append("site \(site)") }
            if let d = e.death, d <= study.cutoffDate { details.append("died \(d)") }
        }
        if let lt = s.eligibleForLocalTreatment { details.append(lt ? "eligible for local treatment" : "not eligible for local treatment") }
        let note = s.bestOverallResponse == s.bestOverallResponseUnconfirmed ? nil
            : "Without confirmation: \(s.bestOverallResponseUnconfirmed)"
        return PatientProfile(subjectID: s.subjectID, details: details.joined(separator: " · "),
                              bestOverallResponse: Self.category(s.bestOverallResponse), bestOverallResponseNote: note,
                              lesions: lesions, assessments: assessments, thumbnails: thumbnails)
    }

    /// Thumbnails for patients with scans: for each timepoint, the slice through the centre of
    /// the first target lesion when `truth.json` (SampleScans) says where it is, otherwise the
    /// middle slice of the series; rendered with a soft-tissue window by NadirDICOM.
    func scanThumbnails() async throws -> [String: [ScanThumbnail]] {
        guard let dir = scansDirectory else { return [:] }
        let result = try await DirectoryScanner.scan(directory: dir)
        var centres: [String: String] = [:]  // series UID → file
        if let truth = try? SampleTruth.load(from: dir + "/truth.json") {
            for l in truth.lesions.reversed() { centres[l.seriesInstanceUID] = dir + "/" + l.centreFile }
        }
        var out: [String: [ScanThumbnail]] = [:]
        for series in result.series.sorted(by: { ($0.patientID ?? "", $0.studyDate ?? "") < ($1.patientID ?? "", $1.studyDate ?? "") }) {
            guard let patient = series.patientID, !series.files.isEmpty else { continue }
            let file = centres[series.seriesInstanceUID] ?? series.files[series.files.count / 2]
            let window = Window(argument: "abdomen")
            let png = try SliceRenderer.render(path: file, window: window).png()
            let caption = "\(series.studyDate ?? "") \(series.seriesDescription ?? series.modality ?? "")"
            out[patient, default: []].append(try ScanThumbnail(caption: caption, pngData: Data(png)))
        }
        return out
    }
}

func zip2<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
