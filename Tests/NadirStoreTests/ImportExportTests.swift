import Foundation
import NadirCore
import NadirSDTM
import Testing
@testable import NadirStore

/// SDTM in and out: the store reproduces `nadir rescore`'s hand-derived RS fixture, and a
/// malformed import rolls back whole, naming the row that failed.
@Suite("SDTM import and export")
struct ImportExportTests {
    static let fixtures = StudyFixture.repoRoot + "/Tests/Fixtures/rescore"

    static func counts(_ f: StudyFixture) throws -> String {
        try f.sqlite("SELECT (SELECT count(*) FROM subject), (SELECT count(*) FROM read), (SELECT count(*) FROM lesion), (SELECT count(*) FROM measurement), (SELECT count(*) FROM audit);").output
    }

    @Test("import as one reader, export: RS equals the hand-derived RS.expected.csv; TU/TR re-score to it")
    func roundTrip() async throws {
        let f = try await StudyFixture(); defer { f.remove() }
        let s = try f.store.importSDTM(tuPath: Self.fixtures + "/TU.csv", trPath: Self.fixtures + "/TR.csv", reader: "alice", by: "admin")
        #expect(s.subjects == 4 && s.measurements == 32)
        let results = try f.store.committeeResults(by: "mon")
        #expect(results.allSatisfy { $0.source == .singleReader })
        let out = f.directory + "/export"
        try f.store.exportSDTM(directory: out, by: "mon")
        let expected = try String(contentsOfFile: Self.fixtures + "/RS.expected.csv", encoding: .utf8)
        #expect(try String(contentsOfFile: out + "/alice/RS.csv", encoding: .utf8) == expected)
        #expect(try String(contentsOfFile: out + "/committee/RS.csv", encoding: .utf8) == expected)
        // The exported TU/TR are valid `nadir rescore` input giving the same RS.
        try Rescore(tuPath: out + "/alice/TU.csv", trPath: out + "/alice/TR.csv", dmPath: out + "/DM.csv").run(outPath: out + "/RS-again.csv")
        #expect(try String(contentsOfFile: out + "/RS-again.csv", encoding: .utf8) == expected)
        #expect(try f.store.verifyAudit().isIntact)
        // P03's split target at visit 1 (RECIST 1.1 §4.3.2): both fragments are kept and exported.
        let p03 = try #require(try f.store.reads(visibleTo: "alice", subject: "P03").first { $0.visit == 1 })
        let fragments = try f.store.measurements(read: p03.id, viewer: "alice").filter { $0.lesionID == "T01" }
        #expect(fragments.map(\.fragment) == ["T01-A", "T01-B"] && fragments.map(\.value) == [.mm(12), .mm(10)])
        let sr = try f.store.exportSR(directory: out + "/sr", by: "admin")
        #expect(sr.measurements == 32 && sr.files.count == 14)
    }

    @Test("DM's SITEID links subjects to investigator sites: unknown sites are registered and audited, export writes them back")
    func sitesFromDM() async throws {
        let f = try await StudyFixture(); defer { f.remove() }
        try f.store.addSite(id: "CN-01", name: "Shanghai Children's Medical Center", by: "admin")
        let dm = f.directory + "/DM.csv"
        try "STUDYID,SITEID,USUBJID,RFSTDTC\nS,CN-01,P01,2024-01-01\nS,CN-02,P02,2024-01-02\nS,CN-02,P03,\nS,,P04,2024-01-03\n"
            .write(toFile: dm, atomically: true, encoding: .utf8)
        try f.store.importSDTM(tuPath: Self.fixtures + "/TU.csv", trPath: Self.fixtures + "/TR.csv", dmPath: dm, reader: "alice", by: "admin")
        #expect(try f.sqlite("SELECT id || ':' || coalesce(siteId, '-') FROM subject ORDER BY id;").output
                == "P01:CN-01\nP02:CN-02\nP03:CN-02\nP04:-\n")
        // CN-02 was not registered: the import added it (name = id) with an audit entry; CN-01 kept its name.
        #expect(try f.sqlite("SELECT id || ':' || name FROM site ORDER BY id;").output
                == "CN-01:Shanghai Children's Medical Center\nCN-02:CN-02\n")
        let created = try f.store.auditLog(by: "admin", entity: "site").map(\.entityId)
        #expect(created == ["CN-01", "CN-02"])
        #expect(try f.store.verifyAudit().isIntact)
        let out = f.directory + "/export"
        try f.store.exportSDTM(directory: out, by: "mon")
        let exported = try String(contentsOfFile: out + "/DM.csv", encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(exported.first == "STUDYID,SITEID,USUBJID,RFSTDTC")
        #expect(exported.contains { $0.hasSuffix(",CN-02,P03,") })
    }

    @Test("rows of a subject scattered through TR are imported the same (whole-file fallback)")
    func scatteredRows() async throws {
        let f = try await StudyFixture(); defer { f.remove() }
        var lines = try String(contentsOfFile: Self.fixtures + "/TR.csv", encoding: .utf8).components(separatedBy: "\n").filter { !$0.isEmpty }
        let moved = lines.remove(at: 2)  // a P01 row, now after every other subject's
        lines.append(moved)
        try (lines.joined(separator: "\n") + "\n").write(toFile: f.directory + "/TR.csv", atomically: true, encoding: .utf8)
        let s = try f.store.importSDTM(tuPath: Self.fixtures + "/TU.csv", trPath: f.directory + "/TR.csv", reader: "alice", by: "admin")
        #expect(s.measurements == 32 && s.subjects == 4)
        try f.store.exportSDTM(directory: f.directory + "/out", by: "admin")
        #expect(try String(contentsOfFile: f.directory + "/out/alice/RS.csv", encoding: .utf8)
                == String(contentsOfFile: Self.fixtures + "/RS.expected.csv", encoding: .utf8))
        #expect(try f.store.verifyAudit().isIntact)
    }

    /// Each case replaces one TR row (1-based line, header = 1) with a bad one.
    @Test(arguments: [
        ("negative diameter", 5, "DEMO,P01,T01,,1,2024-02-14,LDIAM,-20.5,-20.5", "TRSTRESN"),
        ("not a date", 6, "DEMO,P01,T02,,1,14/02/2024,SAXIS,12,12", "TRDTC"),
        ("a date with trailing text", 6, "DEMO,P01,T02,,1,2024-02-14x,SAXIS,12,12", "TRDTC"),
        ("unknown test code", 7, "DEMO,P01,NT01,,1,2024-02-14,VOLUME,PRESENT,", "TRTESTCD"),
        ("lesion not in TU", 8, "DEMO,P01,T09,,2,2024-03-27,LDIAM,10,10", "TRLNKID"),
        ("duplicate lesion × visit", 9, "DEMO,P01,T01,,1,2024-02-14,LDIAM,20.5,20.5", "TRLNKID"),
        ("short axis for a non-nodal target", 5, "DEMO,P01,T01,,1,2024-02-14,SAXIS,20.5,20.5", "TRTESTCD"),
        ("not a visit number", 10, "DEMO,P01,NT01,,two,2024-03-27,TUMSTATE,ABSENT,", "VISITNUM"),
        ("unknown state", 10, "DEMO,P01,NT01,,2,2024-03-27,TUMSTATE,GONE,", "TRSTRESC"),
        ("implausible 2 m diameter", 11, "DEMO,P01,T01,,3,2024-05-08,LDIAM,2000,2000", "TRSTRESN"),
    ])
    func malformedRollsBack(_ name: String, _ line: Int, _ replacement: String, _ field: String) async throws {
        let f = try await StudyFixture(); defer { f.remove() }
        // An earlier, committed import of another reader stays intact.
        try f.store.importSDTM(tuPath: Self.fixtures + "/TU.csv", trPath: Self.fixtures + "/TR.csv", reader: "bob", by: "admin")
        let before = try Self.counts(f)
        var lines = try String(contentsOfFile: Self.fixtures + "/TR.csv", encoding: .utf8).components(separatedBy: "\n")
        lines[line - 1] = replacement
        let tr = f.directory + "/TR.csv"
        try lines.joined(separator: "\n").write(toFile: tr, atomically: true, encoding: .utf8)
        do {
            try f.store.importSDTM(tuPath: Self.fixtures + "/TU.csv", trPath: tr, reader: "alice", by: "admin")
            Issue.record("\(name): imported")
        } catch {
            guard case .importRow(let file, let l, let fld, _) = error else { Issue.record("\(name): \(error)"); return }
            #expect(file == tr && l == line && fld == field, "\(name): \(error)")
            #expect(error.description.contains("row \(line)"))
        }
        #expect(try Self.counts(f) == before)
        #expect(try f.store.verifyAudit().isIntact)
    }

    /// `nadir import sdtm` parses TR fields exactly as `nadir rescore` does (one parser):
    /// VISITNUM written as SAS exports it (`1.0`) and a diameter in exponent form are the same
    /// values, so the store re-scores to the same RS.
    @Test("TR numbers as SAS writes them import as nadir rescore reads them")
    func numbersAsRescoreReadsThem() async throws {
        let f = try await StudyFixture(); defer { f.remove() }
        let text = try String(contentsOfFile: Self.fixtures + "/TR.csv", encoding: .utf8)
        let variant = text.replacingOccurrences(of: "DEMO,P01,T01,,1,2024-02-14,LDIAM,20.5,20.5",
                                                with: "DEMO,P01,T01,,1.0,2024-02-14,LDIAM,2.05E1,2.05E1")
        #expect(variant != text)
        let tr = f.directory + "/TR.csv"
        try variant.write(toFile: tr, atomically: true, encoding: .utf8)
        try f.store.importSDTM(tuPath: Self.fixtures + "/TU.csv", trPath: tr, reader: "alice", by: "admin")
        let out = f.directory + "/export"
        try f.store.exportSDTM(directory: out, by: "mon")
        let expected = try String(contentsOfFile: Self.fixtures + "/RS.expected.csv", encoding: .utf8)
        #expect(try String(contentsOfFile: out + "/alice/RS.csv", encoding: .utf8) == expected)
        try Rescore(tuPath: Self.fixtures + "/TU.csv", trPath: tr).run(outPath: f.directory + "/RS-csv.csv")
        #expect(try String(contentsOfFile: f.directory + "/RS-csv.csv", encoding: .utf8) == expected)
    }

    @Test("a missing column, a RECIST violation and a re-import each roll back whole")
    func otherRollbacks() async throws {
        let f = try await StudyFixture(); defer { f.remove() }
        let empty = try Self.counts(f)
        let tr = f.directory + "/TR.csv"
        let text = try String(contentsOfFile: Self.fixtures + "/TR.csv", encoding: .utf8)
        try text.replacingOccurrences(of: ",TRSTRESN\n", with: ",RESULT\n").write(toFile: tr, atomically: true, encoding: .utf8)
        #expect(throws: StoreError.self) { try f.store.importSDTM(tuPath: Self.fixtures + "/TU.csv", trPath: tr, reader: "alice", by: "admin") }
        // RECIST 1.1 §3.1.1: a 12 mm nodal target at baseline.
        try text.replacingOccurrences(of: "DEMO,P01,T02,,0,2024-01-03,SAXIS,18,18", with: "DEMO,P01,T02,,0,2024-01-03,SAXIS,12,12")
            .write(toFile: tr, atomically: true, encoding: .utf8)
        do {
            try f.store.importSDTM(tuPath: Self.fixtures + "/TU.csv", trPath: tr, reader: "alice", by: "admin")
            Issue.record("rule violation imported")
        } catch {
            guard case .baseline(let v) = error else { Issue.record("\(error)"); return }
            #expect(v.contains { $0.subjectID == "P01" && $0.lesionID == "T02" && $0.rule == Rules.nodalMinimum })
        }
        #expect(try Self.counts(f) == empty)
        try f.store.importSDTM(tuPath: Self.fixtures + "/TU.csv", trPath: Self.fixtures + "/TR.csv", reader: "alice", by: "admin")
        let once = try Self.counts(f)
        #expect(throws: StoreError.self) { try f.store.importSDTM(tuPath: Self.fixtures + "/TU.csv", trPath: Self.fixtures + "/TR.csv", reader: "alice", by: "admin") }
        #expect(try Self.counts(f) == once)
    }

    @Test("a second reader's import locks both reads and opens adjudications where they disagree")
    func doubleReadImport() async throws {
        let f = try await StudyFixture(); defer { f.remove() }
        try f.store.importSDTM(tuPath: Self.fixtures + "/TU.csv", trPath: Self.fixtures + "/TR.csv", reader: "alice", by: "admin")
        // Bob reads P01's week-6 T01 at 28 mm instead of 20.5 (sum 40 vs 32.5 from 50: SD, not PR).
        let text = try String(contentsOfFile: Self.fixtures + "/TR.csv", encoding: .utf8)
            .replacingOccurrences(of: "DEMO,P01,T01,,1,2024-02-14,LDIAM,20.5,20.5", with: "DEMO,P01,T01,,1,2024-02-14,LDIAM,28,28")
        try text.write(toFile: f.directory + "/TR.csv", atomically: true, encoding: .utf8)
        let s = try f.store.importSDTM(tuPath: Self.fixtures + "/TU.csv", trPath: f.directory + "/TR.csv", reader: "bob", by: "admin")
        #expect(s.adjudicationsOpened == 1)
        let tasks = try f.store.adjudications(viewer: "carol", status: .open)
        #expect(tasks.map(\.subjectID) == ["P01"])
        #expect(tasks.first?.differences.contains("[1,\"PR\",\"SD\"]") == true)
        #expect(try f.store.reads(visibleTo: "bob", subject: "P02").allSatisfy { $0.status == .locked })
        let agreement = try f.store.agreement(by: "admin")
        #expect(agreement.bestOverallResponse.n == 4)
        #expect(agreement.timepointResponse.agreements == agreement.timepointResponse.n - 1)
        #expect(try f.store.verifyAudit().isIntact)
    }

    /// The second reader's import applies the workflow rules per subject in bulk (no per-read
    /// statements): reader slots, locking both reads of every timepoint both readers submitted,
    /// one read per reader and timepoint, at most two readers, and nothing locked or compared
    /// for reads imported in progress.
    @Test("a second reader's import: slots, both reads locked, submittedAt; in progress locks nothing; a third reader is refused whole")
    func secondReaderRules() async throws {
        let f = try await StudyFixture(); defer { f.remove() }
        func q(_ sql: String) throws -> String { try f.sqlite(sql).output.trimmingCharacters(in: .whitespacesAndNewlines) }
        try f.store.importSDTM(tuPath: Self.fixtures + "/TU.csv", trPath: Self.fixtures + "/TR.csv", reader: "alice", by: "admin")
        // Bob's TR without P04's last visit, plus a visit alice never read (a new timepoint).
        var lines = try String(contentsOfFile: Self.fixtures + "/TR.csv", encoding: .utf8).components(separatedBy: "\n").filter { !$0.isEmpty }
        let p04Visits = lines.filter { $0.hasPrefix("DEMO,P04,") }.compactMap { Int($0.split(separator: ",", omittingEmptySubsequences: false)[4]) }
        let lastP04 = try #require(p04Visits.max())
        lines.removeAll { $0.hasPrefix("DEMO,P04,") && $0.split(separator: ",", omittingEmptySubsequences: false)[4] == "\(lastP04)" }
        try (lines.joined(separator: "\n") + "\n").write(toFile: f.directory + "/TR.csv", atomically: true, encoding: .utf8)

        // In progress: nothing locked, nothing compared; alice's reads stay submitted.
        let dir = NSTemporaryDirectory() + "nadir-second-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let copy = dir + "/study.sqlite"
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: f.path + suffix) {
            try FileManager.default.copyItem(atPath: f.path + suffix, toPath: copy + suffix)
        }
        let draft = try ReadingStore.open(path: copy, clock: .system)
        let d = try draft.importSDTM(tuPath: Self.fixtures + "/TU.csv", trPath: f.directory + "/TR.csv", reader: "bob", submit: false, by: "admin")
        #expect(d.adjudicationsOpened == 0)
        let draftStates = try run(["sqlite3", copy, "SELECT readerId || ':' || slot || ':' || status, count(*) FROM read GROUP BY 1 ORDER BY 1;"]).output
        #expect(draftStates.trimmingCharacters(in: .whitespacesAndNewlines) == "alice:1:submitted|14\nbob:2:in-progress|13", "\(draftStates)")

        // Submitted: every timepoint both submitted is locked for both; alice's P04 last visit
        // (bob has none) stays submitted.
        let s = try f.store.importSDTM(tuPath: Self.fixtures + "/TU.csv", trPath: f.directory + "/TR.csv", reader: "bob", by: "admin")
        #expect(s.subjects == 0 && s.reads == 13)
        #expect(try q("SELECT readerId || ':' || slot || ':' || status, count(*) FROM read GROUP BY 1 ORDER BY 1;") == "alice:1:locked|13\nalice:1:submitted|1\nbob:2:locked|13")
        #expect(try q("SELECT count(*) FROM read WHERE readerId = 'bob' AND submittedAt IS NULL;") == "0")
        #expect(try q("SELECT count(*) FROM timepoint;") == "14")
        let entry = try #require(try f.store.auditLog(by: "admin", entity: "import").last?.after)
        #expect(entry.contains("\"lockedTimepoints\":13"), "\(entry)")
        #expect(try f.store.verifyAudit().isIntact)

        // A third reader, and bob again (his reads exist), are refused whole.
        try f.store.addUser(id: "dave", name: "Dave Reader", role: .reader, by: "admin")
        let before = try Self.counts(f)
        do {
            try f.store.importSDTM(tuPath: Self.fixtures + "/TU.csv", trPath: Self.fixtures + "/TR.csv", reader: "dave", by: "admin")
            Issue.record("a third reader was imported")
        } catch {
            guard case .workflow(let rule, let detail) = error else { Issue.record("\(error)"); return }
            #expect(rule == WorkflowRule.twoReaders && detail.contains("alice, bob"), "\(error)")
        }
        #expect(try Self.counts(f) == before)
    }

    /// P03's T01 is split into two fragments at visit 1 (RECIST 1.1 §4.3.2). A whole-lesion
    /// measurement recorded on that read would be stored beside the fragments and outvoted by
    /// them in every re-score: it is refused, naming the rule, and nothing changes.
    @Test("a whole-lesion correction of a split target on an imported read is refused, not silently ignored")
    func splitLesionCorrectionRefused() async throws {
        let f = try await StudyFixture(); defer { f.remove() }
        try f.store.importSDTM(tuPath: Self.fixtures + "/TU.csv", trPath: Self.fixtures + "/TR.csv", reader: "alice", submit: false, by: "admin")
        let read = try #require(try f.store.reads(visibleTo: "alice", subject: "P03").first { $0.visit == 1 })
        let before = try Self.counts(f)
        do {
            try f.store.record(MeasurementInput(lesionID: "T01", kind: .longestDiameter, value: .mm(25)), read: read.id, by: "alice", reason: "measured whole")
            Issue.record("a whole measurement of a split lesion was stored")
        } catch {
            guard case .workflow(let rule, let detail) = error else { Issue.record("\(error)"); return }
            #expect(rule == WorkflowRule.splitLesion && detail.contains("T01"), "\(error)")
        }
        #expect(try Self.counts(f) == before)
        // The other target of the same read can still be corrected.
        let m = try f.store.record(MeasurementInput(lesionID: "T02", kind: .longestDiameter, value: .mm(4)), read: read.id, by: "alice", reason: "measurable after all")
        #expect(m.version == 2)
    }

    @Test("a missing database, a foreign file and a newer schema give clear messages")
    func openErrors() async throws {
        let f = try await StudyFixture(); defer { f.remove() }
        #expect(throws: StoreError.databaseMissing(path: f.directory + "/none.sqlite")) {
            try ReadingStore.open(path: f.directory + "/none.sqlite", clock: .system)
        }
        #expect(throws: StoreError.databaseExists(path: f.path)) {
            try ReadingStore.create(path: f.path, studyID: "X", studyName: "X", admin: "a", adminName: "a", clock: .system)
        }
        _ = try run(["sqlite3", f.directory + "/other.sqlite", "CREATE TABLE t (x);"])
        do {
            _ = try ReadingStore.open(path: f.directory + "/other.sqlite", clock: .system)
            Issue.record("opened a foreign database")
        } catch {
            #expect(error.description.contains("not a Nadir study database"))
        }
        #expect(try f.sqlite("INSERT INTO grdb_migrations (identifier) VALUES ('v9-from-the-future');").status == 0)
        do {
            _ = try ReadingStore.open(path: f.path, clock: .system)
            Issue.record("opened a newer schema")
        } catch {
            #expect(error == .schemaTooNew(path: f.path, unknownMigrations: ["v9-from-the-future"], knownLatest: ReadingStore.knownMigrations.last!))
            #expect(error.description.contains("use a newer nadir"))
        }
    }
}
