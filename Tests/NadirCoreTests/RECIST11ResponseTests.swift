import Testing
@testable import NadirCore

/// One worksheet: lesions, visits, and the responses a radiologist would assign per visit.
struct ResponseCase: CustomTestStringConvertible, Sendable {
    var name: String
    /// The rule exercised, with its source.
    var rule: String
    var lesions: String
    var visits: [String]
    /// Expected per post-baseline visit, space separated (`-` for no sum).
    var sums: String? = nil
    var target: String? = nil
    var nonTarget: String? = nil
    var newLesion: String? = nil
    var overall: String
    /// Best overall response with confirmation (28 d) and SD minimum 42 d.
    var bor: String
    /// Best overall response without confirmation.
    var borUnconfirmed: String? = nil
    var testDescription: String { "\(name) [\(rule)]" }
}

let twoTargets = "T1 T LIVER; T2 T LUNG"

let responseCases: [ResponseCase] = [
    // Sum of diameters
    ResponseCase(name: "sum adds longest diameters and nodal short axes", rule: "RECIST 1.1 §4.3.1",
                 lesions: "T1 T LIVER; T2 T NODE nodal", visits: ["0 d0 T1=30 T2=20", "1 d42 T1=20 T2=12"],
                 sums: "32", target: "PR", overall: "PR", bor: "SD", borUnconfirmed: "PR"),
    ResponseCase(name: "too small to measure scores 5 mm and is not CR", rule: "RECIST 1.1 §4.3.2",
                 lesions: twoTargets, visits: ["0 d0 T1=30 T2=20", "1 d42 T1=TS T2=0"],
                 sums: "5", target: "PR", overall: "PR", bor: "SD"),
    ResponseCase(name: "fragments of a split lesion are added", rule: "RECIST 1.1 §4.3.2",
                 lesions: "T1 T LIVER", visits: ["0 d0 T1=40", "1 d42 T1=15+10"],
                 sums: "25", target: "PR", overall: "PR", bor: "SD"),
    ResponseCase(name: "a lesion merged into another scores 0, the coalesced one carries the diameter", rule: "RECIST 1.1 §4.3.2",
                 lesions: twoTargets, visits: ["0 d0 T1=30 T2=20", "1 d42 T1=36 T2=>T1"],
                 sums: "36", target: "SD", overall: "SD", bor: "SD"),
    // Partial response
    ResponseCase(name: "exactly −30 % from baseline is PR", rule: "RECIST 1.1 §4.3.1",
                 lesions: twoTargets, visits: ["0 d0 T1=50 T2=50", "1 d42 T1=35 T2=35"],
                 sums: "70", target: "PR", overall: "PR", bor: "SD", borUnconfirmed: "PR"),
    ResponseCase(name: "−29.9 % from baseline is SD", rule: "RECIST 1.1 §4.3.1",
                 lesions: twoTargets, visits: ["0 d0 T1=50 T2=50", "1 d42 T1=35.1 T2=35"],
                 sums: "70.1", target: "SD", overall: "SD", bor: "SD", borUnconfirmed: "SD"),
    // Progression
    ResponseCase(name: "exactly +20 % and +5 mm over nadir is PD", rule: "RECIST 1.1 §4.3.1",
                 lesions: "T1 T LIVER", visits: ["0 d0 T1=50", "1 d42 T1=25", "2 d84 T1=30"],
                 sums: "25 30", target: "PR PD", overall: "PR PD", bor: "SD", borUnconfirmed: "PR"),
    ResponseCase(name: "+40 % but only +4 mm over nadir is not PD", rule: "RECIST 1.1 §4.3.1 (5 mm absolute increase)",
                 lesions: "T1 T LIVER", visits: ["0 d0 T1=20", "1 d42 T1=10", "2 d84 T1=14"],
                 sums: "10 14", target: "PR PR", overall: "PR PR", bor: "PR"),
    ResponseCase(name: "+10 mm but +12.5 % over nadir is not PD", rule: "RECIST 1.1 §4.3.1 (20 % relative increase)",
                 lesions: twoTargets, visits: ["0 d0 T1=50 T2=50", "1 d42 T1=40 T2=40", "2 d84 T1=45 T2=45"],
                 sums: "80 90", target: "SD SD", overall: "SD SD", bor: "SD"),
    ResponseCase(name: "the nadir includes the baseline sum", rule: "RECIST 1.1 §4.3.1",
                 lesions: "T1 T LIVER", visits: ["0 d0 T1=50", "1 d42 T1=60"],
                 sums: "60", target: "PD", overall: "PD", bor: "PD"),
    ResponseCase(name: "PD is measured from the nadir, not from baseline", rule: "RECIST 1.1 §4.3.1; 2016 clarification",
                 lesions: "T1 T LIVER", visits: ["0 d0 T1=100", "1 d42 T1=40", "2 d84 T1=60"],
                 sums: "40 60", target: "PR PD", overall: "PR PD", bor: "SD", borUnconfirmed: "PR"),
    ResponseCase(name: "an incomplete sum is never the nadir", rule: "RECIST 1.1 §4.3.1",
                 lesions: twoTargets, visits: ["0 d0 T1=30 T2=30", "1 d42 T1=10", "2 d84 T1=30 T2=30"],
                 sums: "10 60", target: "NE SD", overall: "NE SD", bor: "SD"),
    // Complete response
    ResponseCase(name: "CR: non-nodal targets gone and target nodes < 10 mm (sum not zero)", rule: "RECIST 1.1 §4.3.1",
                 lesions: "T1 T LIVER; T2 T NODE nodal", visits: ["0 d0 T1=30 T2=20", "1 d42 T1=0 T2=9.9", "2 d84 T1=0 T2=9"],
                 sums: "9.9 9", target: "CR CR", overall: "CR CR", bor: "CR", borUnconfirmed: "CR"),
    ResponseCase(name: "a target node of exactly 10 mm is not CR", rule: "RECIST 1.1 §4.3.1",
                 lesions: "T1 T LIVER; T2 T NODE nodal", visits: ["0 d0 T1=30 T2=20", "1 d42 T1=0 T2=10"],
                 sums: "10", target: "PR", overall: "PR", bor: "SD"),
    // Missing targets
    ResponseCase(name: "a target not assessed makes the target response NE", rule: "RECIST 1.1 §4.3.1",
                 lesions: twoTargets, visits: ["0 d0 T1=30 T2=20", "1 d42 T1=20"],
                 sums: "20", target: "NE", overall: "NE", bor: "NE"),
    ResponseCase(name: "a target recorded not evaluable makes the response NE", rule: "RECIST 1.1 §4.3.1",
                 lesions: twoTargets, visits: ["0 d0 T1=30 T2=20", "1 d42 T1=20 T2=NE"],
                 target: "NE", overall: "NE", bor: "NE"),
    ResponseCase(name: "missing target, but the measured ones already prove PD", rule: "RECIST 1.1 §4.3.1; 2016 clarification",
                 lesions: twoTargets, visits: ["0 d0 T1=30 T2=20", "1 d42 T1=65"],
                 sums: "65", target: "PD", overall: "PD", bor: "PD"),
    // Non-target lesions and Table 1
    ResponseCase(name: "target CR with non-target CR is CR", rule: "RECIST 1.1 Table 1",
                 lesions: "T1 T LIVER; NT1 NT BONE", visits: ["0 d0 T1=30 NT1=P", "1 d42 T1=0 NT1=A", "2 d84 T1=0 NT1=A"],
                 target: "CR CR", nonTarget: "CR CR", overall: "CR CR", bor: "CR"),
    ResponseCase(name: "target CR with non-target present is PR", rule: "RECIST 1.1 Table 1",
                 lesions: "T1 T LIVER; NT1 NT BONE", visits: ["0 d0 T1=30 NT1=P", "1 d42 T1=0 NT1=P"],
                 target: "CR", nonTarget: "NON-CR/NON-PD", overall: "PR", bor: "SD"),
    ResponseCase(name: "target CR with non-target not evaluated is PR", rule: "RECIST 1.1 Table 1",
                 lesions: "T1 T LIVER; NT1 NT BONE", visits: ["0 d0 T1=30 NT1=P", "1 d42 T1=0 NT1=NE"],
                 target: "CR", nonTarget: "NE", overall: "PR", bor: "SD"),
    ResponseCase(name: "target PR with a non-target missing is PR", rule: "RECIST 1.1 Table 1",
                 lesions: "T1 T LIVER; NT1 NT BONE; NT2 NT LUNG", visits: ["0 d0 T1=30 NT1=P NT2=P", "1 d42 T1=10 NT1=P"],
                 target: "PR", nonTarget: "NE", overall: "PR", bor: "SD"),
    ResponseCase(name: "target SD with non-target NE is SD", rule: "RECIST 1.1 Table 1",
                 lesions: "T1 T LIVER; NT1 NT BONE", visits: ["0 d0 T1=30 NT1=P", "1 d42 T1=28 NT1=NE"],
                 target: "SD", nonTarget: "NE", overall: "SD", bor: "SD"),
    ResponseCase(name: "target NE with non-target non-PD is NE", rule: "RECIST 1.1 Table 1",
                 lesions: "T1 T LIVER; NT1 NT BONE", visits: ["0 d0 T1=30 NT1=P", "1 d42 T1=NE NT1=P"],
                 target: "NE", nonTarget: "NON-CR/NON-PD", overall: "NE", bor: "NE"),
    ResponseCase(name: "unequivocal non-target progression is PD whatever the targets", rule: "RECIST 1.1 §4.3.3, Table 1",
                 lesions: "T1 T LIVER; NT1 NT BONE", visits: ["0 d0 T1=30 NT1=P", "1 d42 T1=10 NT1=UP"],
                 target: "PR", nonTarget: "PD", overall: "PD", bor: "PD"),
    // New lesions
    ResponseCase(name: "an unequivocal new lesion is PD", rule: "RECIST 1.1 §4.3.2, Table 1",
                 lesions: "T1 T LIVER; N1 N LUNG", visits: ["0 d0 T1=30", "1 d42 T1=10 N1=P"],
                 target: "PR", newLesion: "Y", overall: "PD", bor: "PD"),
    ResponseCase(name: "an equivocal new lesion confirmed later is PD dated to its first appearance", rule: "RECIST 1.1 §4.3.2",
                 lesions: "T1 T LIVER; N1 N LUNG", visits: ["0 d0 T1=30", "1 d42 T1=28 N1=EQ", "2 d84 T1=28 N1=P"],
                 newLesion: "Y Y", overall: "PD PD", bor: "PD"),
    ResponseCase(name: "an equivocal new lesion never confirmed is not PD", rule: "RECIST 1.1 §4.3.2",
                 lesions: "T1 T LIVER; N1 N LUNG", visits: ["0 d0 T1=30", "1 d42 T1=28 N1=EQ", "2 d84 T1=28"],
                 newLesion: "N N", overall: "SD SD", bor: "SD"),
    // Table 2: non-target disease only
    ResponseCase(name: "non-target only: all absent is CR", rule: "RECIST 1.1 Table 2",
                 lesions: "NT1 NT BONE", visits: ["0 d0 NT1=P", "1 d42 NT1=A", "2 d84 NT1=A"],
                 target: "NA NA", nonTarget: "CR CR", overall: "CR CR", bor: "CR"),
    ResponseCase(name: "non-target only: present is NON-CR/NON-PD", rule: "RECIST 1.1 Table 2",
                 lesions: "NT1 NT BONE", visits: ["0 d0 NT1=P", "1 d42 NT1=P"],
                 target: "NA", nonTarget: "NON-CR/NON-PD", overall: "NON-CR/NON-PD", bor: "NON-CR/NON-PD"),
    ResponseCase(name: "non-target only: unconfirmed CR counts as NON-CR/NON-PD", rule: "RECIST 1.1 Table 2, Table 3",
                 lesions: "NT1 NT BONE", visits: ["0 d0 NT1=P", "1 d42 NT1=A"],
                 overall: "CR", bor: "NON-CR/NON-PD", borUnconfirmed: "CR"),
    // Best overall response (Table 3)
    ResponseCase(name: "PR confirmed ≥ 28 days later", rule: "RECIST 1.1 §4.4.1, Table 3",
                 lesions: "T1 T LIVER", visits: ["0 d0 T1=50", "1 d42 T1=30", "2 d84 T1=30"],
                 overall: "PR PR", bor: "PR", borUnconfirmed: "PR"),
    ResponseCase(name: "confirmation exactly 28 days later", rule: "RECIST 1.1 §4.4.1",
                 lesions: "T1 T LIVER", visits: ["0 d0 T1=50", "1 d42 T1=30", "2 d70 T1=30"],
                 overall: "PR PR", bor: "PR"),
    ResponseCase(name: "a second PR 27 days later does not confirm", rule: "RECIST 1.1 §4.4.1",
                 lesions: "T1 T LIVER", visits: ["0 d0 T1=50", "1 d42 T1=30", "2 d69 T1=30"],
                 overall: "PR PR", bor: "SD", borUnconfirmed: "PR"),
    ResponseCase(name: "CR followed by PR confirms PR", rule: "RECIST 1.1 Table 3 footnote a",
                 lesions: "T1 T LIVER; T2 T NODE nodal", visits: ["0 d0 T1=30 T2=20", "1 d42 T1=0 T2=9", "2 d84 T1=0 T2=11"],
                 target: "CR PR", overall: "CR PR", bor: "PR", borUnconfirmed: "CR"),
    ResponseCase(name: "NE between two CRs does not break confirmation", rule: "RECIST 1.1 Table 3",
                 lesions: "T1 T LIVER", visits: ["0 d0 T1=30", "1 d42 T1=0", "2 d56 T1=NE", "3 d84 T1=0"],
                 overall: "CR NE CR", bor: "CR"),
    ResponseCase(name: "SD between two PRs does not break confirmation (no PD in between)", rule: "RECIST 1.1 §4.4.1 as specified for Nadir",
                 lesions: "T1 T LIVER", visits: ["0 d0 T1=50", "1 d42 T1=34", "2 d84 T1=36", "3 d126 T1=34"],
                 overall: "PR SD PR", bor: "PR"),
    ResponseCase(name: "PR then PD: SD when the SD minimum was met", rule: "RECIST 1.1 Table 3 (PR, PD)",
                 lesions: "T1 T LIVER", visits: ["0 d0 T1=50", "1 d42 T1=30", "2 d84 T1=40"],
                 overall: "PR PD", bor: "SD", borUnconfirmed: "PR"),
    ResponseCase(name: "PR before the SD minimum then PD: PD", rule: "RECIST 1.1 Table 3 (PR, PD)",
                 lesions: "T1 T LIVER", visits: ["0 d0 T1=50", "1 d35 T1=30", "2 d70 T1=40"],
                 overall: "PR PD", bor: "PD", borUnconfirmed: "PR"),
    ResponseCase(name: "SD exactly at the minimum duration counts", rule: "RECIST 1.1 §4.4.1 (SD minimum duration)",
                 lesions: "T1 T LIVER", visits: ["0 d0 T1=50", "1 d42 T1=48"],
                 overall: "SD", bor: "SD", borUnconfirmed: "SD"),
    ResponseCase(name: "SD one day before the minimum duration: NE", rule: "RECIST 1.1 §4.4.1 (SD minimum duration)",
                 lesions: "T1 T LIVER", visits: ["0 d0 T1=50", "1 d41 T1=48"],
                 overall: "SD", bor: "NE", borUnconfirmed: "NE"),
    ResponseCase(name: "early SD then PD: PD", rule: "RECIST 1.1 §4.4.1",
                 lesions: "T1 T LIVER", visits: ["0 d0 T1=50", "1 d30 T1=48", "2 d60 T1=70"],
                 overall: "SD PD", bor: "PD", borUnconfirmed: "PD"),
    ResponseCase(name: "assessments after the first PD do not count", rule: "RECIST 1.1 §4.4.1",
                 lesions: "T1 T LIVER; N1 N LUNG", visits: ["0 d0 T1=50", "1 d42 T1=50 N1=P", "2 d84 T1=20", "3 d126 T1=20"],
                 overall: "PD PR PR", bor: "PD", borUnconfirmed: "PD"),
    ResponseCase(name: "no post-baseline assessment: NE", rule: "RECIST 1.1 §4.4.1",
                 lesions: "T1 T LIVER", visits: ["0 d0 T1=50"],
                 overall: "", bor: "NE", borUnconfirmed: "NE"),
]

@Suite("RECIST 1.1 timepoint and best overall response")
struct RECIST11ResponseTests {
    func words(_ s: String) -> [String] { s.split(separator: " ").map(String.init) }

    @Test(arguments: responseCases)
    func timepointResponses(_ c: ResponseCase) throws {
        let subject = CaseNotation.subject(lesions: c.lesions, visits: c.visits)
        let result = try RECIST11().evaluate(subject)
        let tps = result.timepoints
        #expect(tps.map(\.overall.rawValue) == words(c.overall), "overall")
        if let t = c.target { #expect(tps.map(\.target.rawValue) == words(t), "target") }
        if let n = c.nonTarget {
            // NON-CR/NON-PD has no spaces, so the word split holds.
            #expect(tps.map(\.nonTarget.rawValue) == words(n), "non-target")
        }
        if let n = c.newLesion { #expect(tps.map { $0.newLesionProgression ? "Y" : "N" } == words(n), "new lesions") }
        if let s = c.sums { #expect(tps.map { $0.sumOfDiameters?.description ?? "-" } == words(s), "sums") }
        #expect(result.bestOverallResponse.rawValue == c.bor, "BOR with confirmation")
    }

    @Test(arguments: responseCases.filter { $0.borUnconfirmed != nil })
    func bestResponseWithoutConfirmation(_ c: ResponseCase) throws {
        let subject = CaseNotation.subject(lesions: c.lesions, visits: c.visits)
        let criteria = RECIST11(parameters: RECISTParameters(requiresConfirmation: false))
        #expect(try criteria.evaluate(subject).bestOverallResponse.rawValue == c.borUnconfirmed)
    }

    /// The order in which lesions and assessments arrive does not change the result.
    @Test(arguments: responseCases)
    func orderDoesNotMatter(_ c: ResponseCase) throws {
        var subject = CaseNotation.subject(lesions: c.lesions, visits: c.visits)
        let expected = try RECIST11().evaluate(subject)
        subject.lesions.reverse()
        subject.assessments.reverse()
        #expect(try RECIST11().evaluate(subject) == expected)
    }

    /// The batch path builds the observation grid row by row, by lesion column; it must score
    /// exactly as the keyed assessments do, and the grid must convert back losslessly.
    @Test(arguments: responseCases)
    func gridBuiltByColumnScoresTheSame(_ c: ResponseCase) throws {
        let subject = CaseNotation.subject(lesions: c.lesions, visits: c.visits)
        var grid = ObservationGrid(subjectID: subject.subjectID, lesions: subject.lesions, referenceDate: subject.referenceDate)
        for a in subject.assessments.sorted(by: { $0.visit < $1.visit }) {
            let k = grid.appendAssessment(visit: a.visit, date: a.date)
            for (i, lesion) in subject.lesions.enumerated() { grid[k, i] = a.observations[lesion.id] }
        }
        #expect(try RECIST11().evaluate(grid) == RECIST11().evaluate(subject))
        #expect(try RECIST11().evaluate(grid.subjectTumourData) == RECIST11().evaluate(subject))
        // A criteria conformer that only implements the keyed form gets the grid form for free.
        #expect(try KeyedOnly().evaluate(grid) == RECIST11().evaluate(subject))
    }

    /// A grid is scored in row order, so rows out of visit order, or two rows for one visit,
    /// are refused instead of being scored in the wrong order.
    @Test func gridRowsMustBeInVisitOrder() throws {
        let lesions = [Lesion(id: "T1", role: .target, site: "LIVER", isNodal: false)]
        let day0 = CalendarDate(year: 2024, month: 1, day: 1)!
        for visits in [[0, 2, 1], [0, 1, 1]] {
            var grid = ObservationGrid(subjectID: "S1", lesions: lesions)
            for (k, v) in visits.enumerated() {
                grid.appendAssessment(visit: v, date: day0.adding(days: 42 * k))
                grid[k, 0] = .target(.measured(.mm(40)))
            }
            #expect(throws: RuleViolations.self) { try RECIST11().evaluate(grid) }
            do { _ = try RECIST11().evaluate(grid) } catch {
                #expect(error.violations.map(\.rule) == [Rules.oneAssessmentPerVisit])
            }
        }
    }

    @Test func parametersComeFromTheProtocol() throws {
        // A 6-week confirmation interval rejects a confirmation 4 weeks later.
        let subject = CaseNotation.subject(lesions: "T1 T LIVER", visits: ["0 d0 T1=50", "1 d42 T1=30", "2 d70 T1=30"])
        #expect(try RECIST11(parameters: RECISTParameters(confirmationDays: 42)).evaluate(subject).bestOverallResponse == .stableDisease)
        #expect(try RECIST11(parameters: RECISTParameters(confirmationDays: 28)).evaluate(subject).bestOverallResponse == .partialResponse)
        // A longer SD minimum turns an SD at week 6 into NE.
        let sd = CaseNotation.subject(lesions: "T1 T LIVER", visits: ["0 d0 T1=50", "1 d42 T1=48"])
        #expect(try RECIST11(parameters: RECISTParameters(stableDiseaseMinimumDays: 56)).evaluate(sd).bestOverallResponse == .notEvaluable)
    }

    @Test func responseWindowFromTheProtocol() throws {
        // A PR first reached at day 126 lies outside a 100-day window: SD. Without window: PR.
        let late = CaseNotation.subject(lesions: "T1 T LIVER", visits: ["0 d0 T1=50", "1 d42 T1=45", "2 d84 T1=44", "3 d126 T1=30", "4 d168 T1=30"])
        #expect(try RECIST11(parameters: RECISTParameters(bestResponseWindowDays: 100)).evaluate(late).bestOverallResponse == .stableDisease)
        #expect(try RECIST11().evaluate(late).bestOverallResponse == .partialResponse)
        // A PR inside the window may be confirmed by an assessment after it.
        let early = CaseNotation.subject(lesions: "T1 T LIVER", visits: ["0 d0 T1=50", "1 d84 T1=30", "2 d126 T1=30"])
        #expect(try RECIST11(parameters: RECISTParameters(bestResponseWindowDays: 100)).evaluate(early).bestOverallResponse == .partialResponse)
        // Progression after the window does not make the best response PD.
        let pd = CaseNotation.subject(lesions: "T1 T LIVER", visits: ["0 d0 T1=50", "1 d30 T1=48", "2 d120 T1=70"])
        #expect(try RECIST11(parameters: RECISTParameters(bestResponseWindowDays: 100)).evaluate(pd).bestOverallResponse == .notEvaluable)
        #expect(try RECIST11().evaluate(pd).bestOverallResponse == .progressiveDisease)
    }

    @Test func bestResponseVisitAndReferenceDate() throws {
        var subject = CaseNotation.subject(lesions: "T1 T LIVER", visits: ["0 d0 T1=50", "1 d42 T1=30", "2 d84 T1=30"])
        let r = try RECIST11().evaluate(subject)
        #expect(r.bestResponseVisit == 1)
        #expect(r.baselineSum == .mm(50))
        // Without a treatment start the baseline date is the reference.
        subject.referenceDate = nil
        subject.assessments[0].date = CaseNotation.reference.adding(days: 5)
        #expect(try RECIST11().evaluate(subject).referenceDate == CaseNotation.reference.adding(days: 5))
    }
}

/// A `ResponseCriteria` that implements only the `SubjectTumourData` entry point.
struct KeyedOnly: ResponseCriteria {
    var name: String { "keyed only" }
    func validateBaseline(_ subject: SubjectTumourData) -> [RuleViolation] { RECIST11().validateBaseline(subject) }
    func evaluate(_ subject: SubjectTumourData) throws(RuleViolations) -> SubjectEvaluation { try RECIST11().evaluate(subject) }
}
