import Foundation
import Testing
@testable import NadirReport
@testable import NadirTrial
@testable import NadirTrialReport

enum Paths {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let study = root + "/seeds/lmx-rrst-01/study.json"
    static let demo = root + "/seeds/lmx-rrst-01/demo"
    static let scans = root + "/SampleScans"
}

@Suite("The trial report shows the endpoints' numbers")
struct TrialReportTests {
    func build() async throws -> (TrialEndpoints, ReportModel) {
        let study = try StudyDefinition.load(path: Paths.study)
        let data = try TrialData.load(directory: Paths.demo)
        let endpoints = try TrialEndpoints.compute(study: study, data: data)
        let model = try await TrialReportBuilder(study: study, data: data, endpoints: endpoints, scansDirectory: Paths.scans).model()
        return (endpoints, model)
    }

    @Test func endpointTableEqualsEndpoints() async throws {
        let (e, m) = try await build()
        #expect(m.endpoints.objectiveResponse.count == e.orr.count)
        #expect(m.endpoints.objectiveResponse.total == e.orr.n)
        #expect(m.endpoints.objectiveResponse.lowerConfidenceLimit == e.orr.lower)
        #expect(m.endpoints.objectiveResponse.upperConfidenceLimit == e.orr.upper)
        #expect(m.endpoints.objectiveResponse.test?.pValue == e.orr.pValueOneSided)
        #expect(m.endpoints.diseaseControl.count == e.dcr.count)
        #expect(m.endpoints.localTreatment?.count == e.localTreatment.count)
        for c in m.endpoints.bestOverallResponseCounts { #expect(c.count == e.bestOverallResponse[c.response.rawValue]) }
        // AE rows: the same subjects by worst grade.
        for row in m.adverseEvents?.rows ?? [] {
            let source = try #require(e.adverseEvents.anyGrade.first { $0.term == row.term })
            #expect(row.subjectsByWorstGrade == source.byWorstGrade)
        }
    }

    @Test func plotsCarryTheSubjectsResults() async throws {
        let (e, m) = try await build()
        let withChange = e.subjects.filter { $0.evaluable && $0.bestPercentChange != nil }
        #expect(m.waterfall.count == withChange.count)
        for bar in m.waterfall {
            let s = try #require(e.subjects.first { $0.subjectID == bar.subjectID })
            #expect(bar.bestPercentChange == s.bestPercentChange)
            #expect(bar.bestOverallResponse.rawValue == s.bestOverallResponse)
        }
        // Kaplan–Meier: every row of the survfit-style table, time converted to months.
        let pfs = try #require(m.progressionFreeSurvival?.curves.first)
        #expect(pfs.steps.map(\.time) == e.pfs.table.time.map { $0 / daysPerMonth })
        #expect(pfs.steps.map(\.survival) == e.pfs.table.survival)
        #expect(pfs.numberOfSubjects == e.pfs.n)
        // The numbers-at-risk row: subjects with time ≥ t.
        let times = m.progressionFreeSurvival?.riskTableTimes ?? []
        let pfsDays = e.timeToEventRecords.filter { $0.parameter == "PFS" }.map { Double($0.days) / daysPerMonth }
        #expect(pfs.numbersAtRisk == times.map { t in pfsDays.filter { $0 >= t }.count })
        // Swimmer: one lane per subject, time on study = OS time.
        #expect(m.swimmer.count == e.subjects.count)
    }

    @Test func patientPagesHaveLesionTablesAndScans() async throws {
        let (e, m) = try await build()
        #expect(m.patients.count == e.subjects.count)
        let p1 = try #require(m.patients.first { $0.subjectID == "NADIR-001" })
        #expect(p1.thumbnails.count == 4)  // four timepoints in SampleScans
        #expect(p1.assessments.first?.sumOfDiameters == 50)  // 32 mm LD + 18 mm nodal SA
        #expect(p1.assessments.last?.lesionResults["T01"] == .diameter(16))
        #expect(m.patients.filter { !$0.thumbnails.isEmpty }.count == 3)
    }

    @Test func writtenReportIsSelfContainedAndShowsTheNumbers() async throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("nadir-report-\(UUID().uuidString)").path
        let o = try await TrialReport.write(study: Paths.study, data: Paths.demo, scans: Paths.scans, out: out)
        let html = try String(contentsOfFile: o.indexPath, encoding: .utf8)
        #expect(!html.contains("<script"))
        #expect(html.contains("\(o.endpoints.orr.count)"))
        for f in ["RS.csv", "ADRS.csv", "ADTTE.csv", "endpoints.json"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + f), "\(f)")
        }
    }
}
