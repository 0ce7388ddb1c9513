import Foundation
import Testing
@testable import NadirCore
@testable import NadirTrial

/// One subject's course and the PFS/OS record a statistician derives by hand from the rules.
struct CensoringCase: CustomTestStringConvertible, Sendable {
    var name: String
    var rule: String
    /// Post-baseline assessments: (day since enrolment, overall response).
    var assessments: [(Int, OverallResponse)]
    var deathDay: Int? = nil
    var lastAliveDay: Int? = nil
    var expectedPFS: (day: Int, censored: Bool, description: String)
    var expectedOS: (day: Int, censored: Bool)? = nil
    var testDescription: String { "\(name) [\(rule)]" }
}

let censoringCases: [CensoringCase] = [
    CensoringCase(name: "progression is an event at the assessment date", rule: "PFS definition",
                  assessments: [(42, .stableDisease), (84, .progressiveDisease)], expectedPFS: (84, false, "DISEASE PROGRESSION")),
    CensoringCase(name: "no event: censored at the last adequate assessment", rule: "FDA 2018 Table 3",
                  assessments: [(42, .partialResponse), (84, .partialResponse), (126, .notEvaluable)], lastAliveDay: 200,
                  expectedPFS: (84, true, "LAST ADEQUATE ASSESSMENT"), expectedOS: (200, true)),
    CensoringCase(name: "death before the first assessment is an event", rule: "FDA 2018 Table 3",
                  assessments: [], deathDay: 30, expectedPFS: (30, false, "DEATH"), expectedOS: (30, false)),
    CensoringCase(name: "no post-baseline assessment and alive: censored at day 0", rule: "FDA 2018 Table 3",
                  assessments: [], lastAliveDay: 150, expectedPFS: (0, true, "NO ADEQUATE POST-BASELINE ASSESSMENT: CENSORED AT START")),
    CensoringCase(name: "death within one missed assessment is an event", rule: "FDA 2018 Table 3",
                  assessments: [(42, .stableDisease)], deathDay: 42 + 91, expectedPFS: (133, false, "DEATH")),
    CensoringCase(name: "death after two missed assessments is censored at the last adequate one", rule: "FDA 2018 Table 3",
                  assessments: [(42, .stableDisease)], deathDay: 42 + 92,
                  expectedPFS: (42, true, "DEATH AFTER 2 OR MORE MISSED ASSESSMENTS: CENSORED AT LAST ADEQUATE ASSESSMENT"), expectedOS: (134, false)),
    CensoringCase(name: "progression after two missed assessments is censored", rule: "FDA 2018 Table 3",
                  assessments: [(42, .stableDisease), (84, .stableDisease), (252, .progressiveDisease)],
                  expectedPFS: (84, true, "DISEASE PROGRESSION AFTER 2 OR MORE MISSED ASSESSMENTS: CENSORED AT LAST ADEQUATE ASSESSMENT")),
    CensoringCase(name: "the earlier of progression and death", rule: "PFS definition",
                  assessments: [(42, .progressiveDisease)], deathDay: 60, expectedPFS: (42, false, "DISEASE PROGRESSION"), expectedOS: (60, false)),
    CensoringCase(name: "events after the 12-month window are administratively censored", rule: "protocol: PFS up to 12 months",
                  assessments: [(42, .stableDisease), (126, .stableDisease), (189, .stableDisease), (252, .stableDisease), (315, .stableDisease), (378, .progressiveDisease)],
                  expectedPFS: (366, true, "ADMINISTRATIVE CENSORING AT 12 MONTHS")),
    CensoringCase(name: "events after the data cut-off are ignored", rule: "data cut-off",
                  assessments: [(42, .stableDisease), (84, .stableDisease)], deathDay: 700, lastAliveDay: 690,
                  expectedPFS: (84, true, "LAST ADEQUATE ASSESSMENT"), expectedOS: (500, true)),
]

@Suite("PFS and OS derivation")
struct TimeToEventTests {
    static let enrolment = CalendarDate(year: 2024, month: 6, day: 3)!

    static func study() throws -> StudyDefinition {
        var s = try StudyDefinition.load(path: TrialFixtures.studyPath)
        s.dataCutoff = enrolment.adding(days: 500).description
        return s
    }

    @Test(arguments: censoringCases)
    func derivation(_ c: CensoringCase) throws {
        let study = try Self.study()
        let e = Self.enrolment
        let subject = EnrolledSubject(subjectID: "S1", enrolment: e, treatmentStart: e.adding(days: 2),
                                      death: c.deathDay.map { e.adding(days: $0) }, lastKnownAlive: c.lastAliveDay.map { e.adding(days: $0) })
        let timepoints = c.assessments.enumerated().map { i, a in
            TimepointResponse(visit: i + 1, date: e.adding(days: a.0), sumOfDiameters: nil, sumIsComplete: false,
                              target: .notApplicable, nonTarget: .notApplicable, newLesionProgression: false, overall: a.1)
        }
        let evaluation = SubjectEvaluation(subjectID: "S1", baselineDate: e.adding(days: -7), referenceDate: e.adding(days: 2),
                                           baselineSum: nil, timepoints: timepoints, bestOverallResponse: .notEvaluable, bestResponseVisit: nil)
        let pfs = try #require(TimeToEventDerivation.progressionFreeSurvival(subject, evaluation, study: study))
        #expect(pfs.days == c.expectedPFS.day)
        #expect(pfs.censored == c.expectedPFS.censored)
        #expect(pfs.eventDescription == c.expectedPFS.description)
        #expect(pfs.start == e)
        if let os = c.expectedOS {
            let r = try #require(TimeToEventDerivation.overallSurvival(subject, evaluation, study: study))
            #expect(r.days == os.day)
            #expect(r.censored == os.censored)
        }
    }
}
