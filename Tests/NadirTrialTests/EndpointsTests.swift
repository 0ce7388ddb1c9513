import Foundation
import Testing
@testable import NadirCore
@testable import NadirTrial

@Suite("Trial endpoints on the seed study", .serialized)
struct EndpointsTests {
    /// The committed demo cohort is exactly what the seeded generator writes.
    @Test func demoCohortIsReproducible() throws {
        let dir = try TrialFixtures.temporaryDirectory()
        let study = try StudyDefinition.load(path: TrialFixtures.studyPath)
        try DemoCohort(scanTruthPath: TrialFixtures.truthPath).write(to: dir, cutoff: study.cutoffDate)
        for f in ["TU.csv", "TR.csv", "DM.csv", "AE.csv", "LT.csv"] {
            let committed = try String(contentsOfFile: TrialFixtures.demoPath + "/" + f, encoding: .utf8)
            let regenerated = try String(contentsOfFile: dir + "/" + f, encoding: .utf8)
            #expect(committed == regenerated, "\(f) differs from the generator's output")
        }
    }

    /// The demo cohort is plausible for the population: 49 patients aged 6–24, a mix of
    /// responses, early deaths and censoring.
    @Test func demoCohortIsPlausible() throws {
        let study = try StudyDefinition.load(path: TrialFixtures.studyPath)
        let data = try TrialData.load(directory: TrialFixtures.demoPath)
        let e = try TrialEndpoints.compute(study: study, data: data)
        #expect(data.subjects.count == 49)
        #expect(data.subjects.allSatisfy { ($0.age ?? 0) >= 6 && ($0.age ?? 99) <= 24 })
        for bor in ["CR", "PR", "SD", "PD"] { #expect((e.bestOverallResponse[bor] ?? 0) > 0, "no \(bor)") }
        #expect(e.pfs.events > 0 && e.pfs.censored > 0)
        #expect(e.os.events > 0 && e.os.censored > 0)
        #expect(data.subjects.contains { s in s.death.map { d in (s.enrolment.map { $0.days(to: d) } ?? 999) < 60 } ?? false }, "an early death")
        // The scanned patients keep their true diameters: NADIR-001 is a confirmed PR.
        #expect(e.subjects.first { $0.subjectID == "NADIR-001" }?.bestOverallResponse == "PR")
        // NADIR-002 grows 39 → 44 mm (+12.8 %, SD at week 8, ≥ 42 days) → 53 mm (PD at week 16):
        // best response SD (RECIST 1.1 Table 3), progression at visit 2.
        #expect(e.subjects.first { $0.subjectID == "NADIR-002" }?.bestOverallResponse == "SD")
        #expect(e.evaluations.first { $0.subjectID == "NADIR-002" }?.firstProgression?.visit == 2)
    }

    /// Independent oracle: R (`binom.test`, `survival::survfit`) on the ADTTE written by Nadir
    /// and on the response counts.
    @Test func endpointsMatchR() throws {
        let study = try StudyDefinition.load(path: TrialFixtures.studyPath)
        let data = try TrialData.load(directory: TrialFixtures.demoPath)
        let e = try TrialEndpoints.compute(study: study, data: data)
        let dir = try TrialFixtures.temporaryDirectory()
        try AnalysisDatasets.writeADTTE(e, studyID: study.studyID, to: dir + "/ADTTE.csv")
        let script = """
        suppressMessages(library(survival))
        d <- read.csv("\(dir)/ADTTE.csv")
        out <- c()
        for (p in c("PFS", "OS")) {
          s <- d[d$PARAMCD == p, ]
          f <- survfit(Surv(AVAL, 1 - CNSR) ~ 1, data = s, conf.type = "log-log")
          q <- quantile(f, 0.5)
          out <- c(out, sprintf("%s_median %.12g", p, q$quantile), sprintf("%s_lower %.12g", p, q$lower), sprintf("%s_upper %.12g", p, q$upper))
          sm <- summary(f, times = 6 * 30.4375)
          out <- c(out, sprintf("%s_6m %.12g", p, sm$surv), sprintf("%s_6m_lower %.12g", p, sm$lower), sprintf("%s_6m_risk %d", p, sm$n.risk))
        }
        b <- binom.test(\(e.orr.count), \(e.orr.n), p = \(study.primaryEndpoint.historicalRate), alternative = "greater")
        ci <- binom.test(\(e.orr.count), \(e.orr.n))$conf.int
        out <- c(out, sprintf("orr_p %.12g", b$p.value), sprintf("orr_lower %.12g", ci[1]), sprintf("orr_upper %.12g", ci[2]))
        cat(out, sep = "\\n")
        """
        try script.write(toFile: dir + "/oracle.R", atomically: true, encoding: .utf8)
        let output: String
        do { output = try TrialFixtures.run("Rscript", [dir + "/oracle.R"]) } catch {
            Issue.record("R is required for this oracle test (scripts/test.sh installs r-base-core and r-cran-survival): \(error)")
            return
        }
        var r: [String: Double] = [:]
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2 { r[String(parts[0])] = Double(parts[1]) }  // NA stays absent
        }
        func close(_ a: Double?, _ b: Double?, _ what: String) {
            switch (a, b) {
            case (nil, nil): break
            case let (x?, y?): #expect(abs(x - y) <= 1e-9 * max(1, abs(y)), "\(what): nadir \(x) vs R \(y)")
            default: Issue.record("\(what): nadir \(String(describing: a)) vs R \(String(describing: b))")
            }
        }
        close(e.orr.pValueOneSided, r["orr_p"], "ORR p-value")
        close(e.orr.lower, r["orr_lower"], "ORR lower")
        close(e.orr.upper, r["orr_upper"], "ORR upper")
        for s in [e.pfs, e.os] {
            close(s.medianDays, r["\(s.parameter)_median"], "\(s.parameter) median")
            close(s.medianLowerDays, r["\(s.parameter)_lower"], "\(s.parameter) median lower")
            close(s.medianUpperDays, r["\(s.parameter)_upper"], "\(s.parameter) median upper")
            let six = s.landmarks.first { $0.months == 6 }
            close(six?.survival, r["\(s.parameter)_6m"], "\(s.parameter) 6-month survival")
            close(six?.lower, r["\(s.parameter)_6m_lower"], "\(s.parameter) 6-month lower")
            close(six.map { Double($0.nRisk) }, r["\(s.parameter)_6m_risk"], "\(s.parameter) at risk at 6 months")
        }
    }

    /// Assessments after the data cut-off count for nothing, best overall response included:
    /// NADIR-001's first follow-up scan is on 2024-03-11, so with a cut-off on 2024-03-01 it has
    /// no post-baseline assessment and its best response is NE (it is PR with the full data).
    @Test func dataCutoffAppliesToBestOverallResponse() throws {
        var study = try StudyDefinition.load(path: TrialFixtures.studyPath)
        let data = try TrialData.load(directory: TrialFixtures.demoPath)
        study.dataCutoff = "2024-03-01"
        let e = try TrialEndpoints.compute(study: study, data: data)
        let s = try #require(e.subjects.first { $0.subjectID == "NADIR-001" })
        #expect(s.bestOverallResponse == "NE")
        #expect(s.bestOverallResponseUnconfirmed == "NE")
        #expect(e.evaluations.allSatisfy { $0.timepoints.allSatisfy { $0.date <= study.cutoffDate } })
        // Subjects enrolled after the cut-off are not in the analysis (no negative follow-up).
        #expect(e.populations.enrolled == data.subjects.filter { ($0.enrolment ?? study.cutoffDate) <= study.cutoffDate }.count)
        #expect(e.populations.enrolled < data.subjects.count)
        #expect(e.timeToEventRecords.allSatisfy { $0.days >= 0 })
        // A cut-off between the PR (2024-05-06) and its confirmation (2024-07-01): unconfirmed.
        study.dataCutoff = "2024-06-01"
        let mid = try TrialEndpoints.compute(study: study, data: data)
        let m = try #require(mid.subjects.first { $0.subjectID == "NADIR-001" })
        #expect(m.bestOverallResponse == "SD")
        #expect(m.bestOverallResponseUnconfirmed == "PR")
    }

    @Test func adverseEventTableCountsSubjectsOncePerTermAtWorstGrade() {
        let events = [
            AdverseEvent(subjectID: "A", term: "Anemia", grade: 1, serious: false),
            AdverseEvent(subjectID: "A", term: "Anemia", grade: 3, serious: false),
            AdverseEvent(subjectID: "B", term: "Anemia", grade: 2, serious: false),
            AdverseEvent(subjectID: "B", term: "Nausea", grade: 1, serious: false),
            AdverseEvent(subjectID: "Z", term: "Nausea", grade: 4, serious: false),  // not in the safety population
        ]
        let t = AdverseEventTables.make(events: events, safetyPopulation: ["A", "B", "C", "D"])
        #expect(t.anyGrade.map(\.term) == ["Any adverse event", "Anemia", "Nausea"])
        let anemia = t.anyGrade[1]
        #expect(anemia.subjects == 2 && anemia.percent == 50 && anemia.byWorstGrade == [0, 1, 1, 0, 0] && anemia.grade3OrHigher == 1)
        #expect(t.anyGrade[0].subjects == 2 && t.anyGrade[0].byWorstGrade == [0, 1, 1, 0, 0])
        #expect(t.grade3OrHigher.map(\.term) == ["Any adverse event", "Anemia"])
    }

    struct BadDataCase: Sendable, CustomTestStringConvertible {
        var name: String, file: String, content: String, expected: [String]
        var testDescription: String { name }
    }

    @Test(arguments: [
        BadDataCase(name: "AE grade out of range", file: "AE.csv", content: "USUBJID,AEDECOD,AETOXGR\nNADIR-001,Anemia,6\n", expected: ["AE.csv", "row 2", "AETOXGR", "CTCAE"]),
        BadDataCase(name: "AE for an unknown subject", file: "AE.csv", content: "USUBJID,AEDECOD,AETOXGR\nX-1,Anemia,2\n", expected: ["AE.csv", "row 2", "USUBJID", "not in DM"]),
        BadDataCase(name: "local treatment flag", file: "LT.csv", content: "USUBJID,LTELIG\nNADIR-001,maybe\n", expected: ["LT.csv", "row 2", "LTELIG"]),
        BadDataCase(name: "death before enrolment", file: "DM.csv", content: "USUBJID,ENRLDTC,RFSTDTC,DTHDTC\nNADIR-001,2024-01-10,2024-01-12,2023-12-01\n", expected: ["DM.csv", "row 2", "DTHDTC"]),
        BadDataCase(name: "bad age", file: "DM.csv", content: "USUBJID,ENRLDTC,AGE\nNADIR-001,2024-01-10,old\n", expected: ["DM.csv", "row 2", "AGE"]),
    ])
    func badTrialDataIsRejected(_ c: BadDataCase) throws {
        let dir = try TrialFixtures.temporaryDirectory()
        for f in ["TU.csv", "TR.csv", "DM.csv", "AE.csv", "LT.csv"] {
            try FileManager.default.copyItem(atPath: TrialFixtures.demoPath + "/" + f, toPath: dir + "/" + f)
        }
        try FileManager.default.removeItem(atPath: dir + "/" + c.file)
        try c.content.write(toFile: dir + "/" + c.file, atomically: true, encoding: .utf8)
        do {
            _ = try TrialData.load(directory: dir)
            Issue.record("expected an error")
        } catch {
            for part in c.expected { #expect("\(error)".contains(part), "\(part) not in \(error)") }
        }
    }
}
