import Foundation
import NadirCore
import NadirSDTM
import Testing
@testable import NadirStore

/// Schema v2 (`v2-compact-imports`): imported rows take their reader and time from their import
/// batch, SDTM `SLICETHK` is stored and used for baseline measurability, and a database written
/// by v1 is brought forward with its audit trail intact.
@Suite("compact imports (schema v2)")
struct CompactImportTests {
    static let fixtures = ImportExportTests.fixtures

    /// The fixture TR with a `SLICETHK` column: `thickness` for P01's T01 baseline row (whose
    /// diameter becomes `t01` mm), empty elsewhere.
    static func trWithThickness(t01: String, thickness: String) throws -> String {
        let lines = try String(contentsOfFile: fixtures + "/TR.csv", encoding: .utf8).components(separatedBy: "\n").filter { !$0.isEmpty }
        var out = [lines[0] + ",SLICETHK"]
        for line in lines.dropFirst() {
            if line == "DEMO,P01,T01,,0,2024-01-03,LDIAM,32,32" {
                out.append("DEMO,P01,T01,,0,2024-01-03,LDIAM,\(t01),\(t01),\(thickness)")
            } else {
                out.append(line + ",")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    @Test("a 12 mm non-nodal target on 7 mm slices is refused at import, naming subject, lesion and rule (RECIST 1.1 §3.1.1)")
    func sliceThicknessRefusesSmallTarget() async throws {
        let f = try await StudyFixture(); defer { f.remove() }
        let empty = try ImportExportTests.counts(f)
        let tr = f.directory + "/TR.csv"
        try Self.trWithThickness(t01: "12", thickness: "7").write(toFile: tr, atomically: true, encoding: .utf8)
        do {
            try f.store.importSDTM(tuPath: Self.fixtures + "/TU.csv", trPath: tr, reader: "alice", by: "admin")
            Issue.record("a 12 mm target on 7 mm slices was imported")
        } catch {
            guard case .baseline(let v) = error else { Issue.record("\(error)"); return }
            #expect(v.contains { $0.subjectID == "P01" && $0.lesionID == "T01" && $0.rule == Rules.nonNodalMinimum })
            #expect(error.description.contains("T01") && error.description.contains("14 mm minimum"), "\(error)")
        }
        #expect(try ImportExportTests.counts(f) == empty)
        // The same 12 mm on 5 mm slices (minimum 10 mm) is measurable.
        try Self.trWithThickness(t01: "12", thickness: "5").write(toFile: tr, atomically: true, encoding: .utf8)
        let s = try f.store.importSDTM(tuPath: Self.fixtures + "/TU.csv", trPath: tr, reader: "alice", by: "admin")
        #expect(s.measurements == 32)
    }

    @Test("SLICETHK is stored with the measurement, exported, and the export re-scores to the store's RS")
    func sliceThicknessRoundTrip() async throws {
        let f = try await StudyFixture(); defer { f.remove() }
        let tr = f.directory + "/TR.csv"
        try Self.trWithThickness(t01: "32", thickness: "7").write(toFile: tr, atomically: true, encoding: .utf8)
        try f.store.importSDTM(tuPath: Self.fixtures + "/TU.csv", trPath: tr, reader: "alice", by: "admin")
        #expect(try f.sqlite("SELECT count(*), max(sliceThickness) FROM measurement WHERE sliceThickness IS NOT NULL;").output
            .trimmingCharacters(in: .whitespacesAndNewlines) == "1|7000")
        #expect(try f.store.verifyAudit().isIntact)
        let out = f.directory + "/export"
        try f.store.exportSDTM(directory: out, by: "admin")
        let exported = try String(contentsOfFile: out + "/alice/TR.csv", encoding: .utf8)
        #expect(exported.contains("DEMO,P01,T01,,0,2024-01-03,LDIAM,32,32,7\n"))
        try Rescore(tuPath: out + "/alice/TU.csv", trPath: out + "/alice/TR.csv", dmPath: out + "/DM.csv").run(outPath: out + "/RS-again.csv")
        #expect(try String(contentsOfFile: out + "/RS-again.csv", encoding: .utf8) == String(contentsOfFile: out + "/alice/RS.csv", encoding: .utf8))
        // A malformed thickness is named like any other field.
        try Self.trWithThickness(t01: "32", thickness: "thick").write(toFile: tr, atomically: true, encoding: .utf8)
        do {
            try f.store.importSDTM(tuPath: Self.fixtures + "/TU.csv", trPath: tr, reader: "bob", by: "admin")
            Issue.record("imported a malformed SLICETHK")
        } catch {
            guard case .importRow(_, let line, let field, _) = error else { Issue.record("\(error)"); return }
            #expect(line == 2 && field == "SLICETHK")
        }
    }

    @Test("imported rows store no reader or time of their own: the batch gives both, and an edited batch is detected")
    func provenanceFromTheBatch() async throws {
        let f = try await StudyFixture(); defer { f.remove() }
        let summary = try f.store.importSDTM(tuPath: Self.fixtures + "/TU.csv", trPath: Self.fixtures + "/TR.csv", reader: "alice", by: "admin")
        func q(_ sql: String) throws -> String { try f.sqlite(sql).output.trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(try q("SELECT count(*) FROM measurement WHERE readerId IS NULL AND recordedAt IS NULL AND importBatch = \(summary.batchID);") == "32")
        let batch = try q("SELECT readerId || '|' || at FROM importBatch WHERE id = \(summary.batchID);")
        #expect(batch.hasPrefix("alice|"))
        #expect(try q("SELECT DISTINCT readerId || '|' || recordedAt FROM measurementProvenance WHERE importBatch = \(summary.batchID);") == batch)
        // The library reads the same provenance.
        let read = try #require(try f.store.reads(visibleTo: "admin", subject: "P01").first)
        let ms = try f.store.measurements(read: read.id, viewer: "admin")
        #expect(!ms.isEmpty && ms.allSatisfy { "\($0.readerID)|\($0.recordedAt)" == batch })
        // Import batches are append-only; rewriting one behind the triggers breaks the digest.
        #expect(try f.sqlite("UPDATE importBatch SET at = 'x' WHERE id = \(summary.batchID);").status != 0)
        #expect(try f.sqlite("DROP TRIGGER importBatch_append_only_update; UPDATE importBatch SET at = '2020-01-01T00:00:00.000Z' WHERE id = \(summary.batchID);").status == 0)
        let v = try f.store.verifyAudit()
        #expect(v.problems.map(\.description).contains { $0.contains("differ from the digest audited at import") })
    }

    /// The fixture TR as is, and with a P01 row moved to the end (the whole-file fallback path,
    /// which parses the file a second time).
    @Test("each imported file's SHA-256 (as sha256sum computes it) is recorded in the batch and the audit entry; an edited one is detected",
          arguments: [false, true])
    func sourceFileDigests(scattered: Bool) async throws {
        let f = try await StudyFixture(); defer { f.remove() }
        let tr = f.directory + "/TR.csv", dm = f.directory + "/DM.csv"
        var lines = try String(contentsOfFile: Self.fixtures + "/TR.csv", encoding: .utf8).components(separatedBy: "\n").filter { !$0.isEmpty }
        if scattered { lines.append(lines.remove(at: 2)) }
        try (lines.joined(separator: "\n") + "\n").write(toFile: tr, atomically: true, encoding: .utf8)
        try "STUDYID,USUBJID,RFSTDTC,SITEID\nDEMO,P01,2024-01-02,CN-01\n".write(toFile: dm, atomically: true, encoding: .utf8)
        // Independent digests: coreutils' sha256sum.
        func sha256sum(_ path: String) throws -> String {
            let r = try run(["sha256sum", path])
            #expect(r.status == 0)
            return String(r.output.prefix(64))
        }
        let expected = ["TU": try sha256sum(Self.fixtures + "/TU.csv"), "TR": try sha256sum(tr), "DM": try sha256sum(dm)]
        let summary = try f.store.importSDTM(tuPath: Self.fixtures + "/TU.csv", trPath: tr, dmPath: dm, reader: "alice", by: "admin")
        #expect(summary.measurements == 32)
        #expect(summary.fileDigests == expected)
        func q(_ sql: String) throws -> String { try f.sqlite(sql).output.trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(try q("SELECT source || '|' || sha256 || '|' || readerId FROM importBatch WHERE id = \(summary.batchID);") == "\(tr)|\(expected["TR"]!)|alice")
        let entry = try #require(try f.store.auditLog(by: "admin", entity: "import", entityId: String(summary.batchID)).first)
        let after = try #require(entry.after)
        for (file, digest) in expected { #expect(after.contains("\"\(file)sha256\":\"\(digest)\""), "\(file) in \(after)") }
        #expect(try f.store.verifyAudit().isIntact)
        // A batch whose recorded digest is rewritten behind the append-only triggers no longer
        // matches its audit entry.
        #expect(try f.sqlite("DROP TRIGGER importBatch_append_only_update; UPDATE importBatch SET sha256 = '\(String(repeating: "0", count: 64))' WHERE id = \(summary.batchID);").status == 0)
        let v = try f.store.verifyAudit()
        #expect(v.problems.map(\.description).contains { $0.contains("import batch \(summary.batchID) differs from its audit entry") }, "\(v.problems)")
    }

    @Test("a v1 database (SDTM import, interactive measurement and correction) migrates with its audit trail intact")
    func v1DatabaseMigrates() async throws {
        let dir = NSTemporaryDirectory() + "nadir-v1-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/v1.sqlite"
        // Written by Nadir before v2 (`sqlite3 .dump`): alice's import of the rescore fixture, bob's T01 and its correction.
        let dump = StudyFixture.repoRoot + "/Tests/Fixtures/store/v1-database.sql"
        #expect(try run(["sh", "-c", "sqlite3 '\(path)' < '\(dump)'"]).status == 0)
        let head = "68444140df928fdd0065c86f4451c587106a760c1cb0b7cad3fbb5d16df000dc"
        let store = try ReadingStore.open(path: path, clock: .stepping(from: Date(timeIntervalSince1970: 1_800_000_000)))
        let migrations = try run(["sqlite3", path, "SELECT group_concat(identifier, ',') FROM grdb_migrations;"]).output
        #expect(migrations.trimmingCharacters(in: .whitespacesAndNewlines) == ReadingStore.knownMigrations.joined(separator: ","))
        let v = try store.verifyAudit(expectedHead: head)
        #expect(v.isIntact, "\(v.problems)")
        #expect(try run(["sqlite3", path, "SELECT readerId FROM importBatch;"]).output.trimmingCharacters(in: .whitespacesAndNewlines) == "alice")
        // The v1 rows keep their reader and time; bob's correction history is unchanged.
        let bobRead = try #require(try store.reads(visibleTo: "admin", subject: "P99").first)
        let history = try store.measurements(read: bobRead.id, viewer: "admin", includeHistory: true)
        #expect(history.map(\.version) == [1, 2] && history.allSatisfy { $0.readerID == "bob" } && history.last?.reason == "edge")
        // The committee result is the fixture's RS, and bob's second import (new layout) joins the same database.
        let out = dir + "/export"
        try store.exportSDTM(directory: out, by: "admin")
        #expect(try String(contentsOfFile: out + "/alice/RS.csv", encoding: .utf8)
                == String(contentsOfFile: Self.fixtures + "/RS.expected.csv", encoding: .utf8))
        let s = try store.importSDTM(tuPath: Self.fixtures + "/TU.csv", trPath: Self.fixtures + "/TR.csv", reader: "bob", by: "admin")
        #expect(s.measurements == 32)
        #expect(try store.verifyAudit().isIntact)
        // A v1-imported row changed behind the triggers is still caught by its batch digest.
        #expect(try run(["sqlite3", path, "DROP TRIGGER measurement_append_only_update; UPDATE measurement SET value = value + 1 WHERE id = 1;"]).status == 0)
        #expect(try store.verifyAudit().problems.map(\.description).contains { $0.contains("measurements of import 1 differ") })
    }
}
