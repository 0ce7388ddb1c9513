import Foundation
import NadirCore
import Testing
@testable import NadirStore

/// The audit trail is append-only and tamper-evident: `verifyAudit` catches rows changed or
/// deleted directly in SQLite (with the sqlite3 shell, the append-only triggers dropped first,
/// as an attacker with file access would).
@Suite("audit trail")
struct AuditTests {
    /// A small history: both readers' baselines on NADIR-001 and one correction.
    static func history() async throws -> StudyFixture {
        let f = try await StudyFixture(scans: true)
        _ = try WorkflowTests.baselines(f)
        let r = try f.store.assign(subject: "NADIR-001", visit: 1, reader: "alice", by: "admin").id
        try f.store.record(WorkflowTests.follow("T01", 20), read: r, by: "alice")
        try f.store.record(WorkflowTests.follow("T01", 21), read: r, by: "alice", reason: "caliper moved to the true edge")
        return f
    }

    @Test func summaryCountsProblems() {
        func v(_ n: Int) -> AuditVerification {
            AuditVerification(entries: 3, headHash: "h", problems: (0..<n).map { .init(seq: Int64($0), detail: "x") })
        }
        #expect(v(0).summary == "intact" && v(1).summary == "1 problem" && v(2).summary == "2 problems")
    }

    @Test func intactAndDeterministic() async throws {
        let a = try await Self.history(); defer { a.remove() }
        let b = try await Self.history(); defer { b.remove() }
        let va = try a.store.verifyAudit(), vb = try b.store.verifyAudit()
        #expect(va.isIntact, "\(va.problems)")
        // Injected stepping clock: the same history gives the same chain, hash for hash.
        #expect(va.headHash == vb.headHash && va.entries == vb.entries)
        #expect(try a.store.verifyAudit(expectedHead: va.headHash).isIntact)
        let log = try a.store.auditLog(by: "admin", entity: "measurement")
        #expect(log.last?.action == "correct" && log.last?.reason == "caliper moved to the true edge")
        #expect(log.last?.before?.contains("\"value\":20000") == true && log.last?.after?.contains("\"value\":21000") == true)
        #expect(log.allSatisfy { $0.userId == "alice" || $0.userId == "bob" })
    }

    enum Tampering: String, CaseIterable, Sendable {
        case editAuditReason, editAuditAfter, deleteAuditRow, deleteAuditTail, editMeasurementValue, deleteMeasurement, rehashEditedEntry
        /// A NULL the schema forbids (CHECK bypassed): reported, not a crash of the verifier.
        case nullReaderOnMeasurement
    }

    @Test(arguments: Tampering.allCases)
    func detects(_ tampering: Tampering) async throws {
        let f = try await Self.history(); defer { f.remove() }
        let before = try f.store.verifyAudit()
        #expect(before.isIntact)
        let last = before.entries
        let sql: String
        switch tampering {
        case .editAuditReason:
            sql = "DROP TRIGGER audit_append_only_update; UPDATE audit SET reason = 'typo' WHERE seq = 5;"
        case .editAuditAfter:
            sql = "DROP TRIGGER audit_append_only_update; UPDATE audit SET after = replace(after, '21000', '25000') WHERE seq = \(last - 0);"
        case .deleteAuditRow:
            sql = "DROP TRIGGER audit_append_only_delete; DELETE FROM audit WHERE seq = 7;"
        case .deleteAuditTail:
            sql = "DROP TRIGGER audit_append_only_delete; DELETE FROM audit WHERE seq >= \(last - 1);"
        case .editMeasurementValue:
            sql = "DROP TRIGGER measurement_append_only_update; UPDATE measurement SET value = 45000 WHERE id = 1;"
        case .deleteMeasurement:
            sql = "DROP TRIGGER measurement_append_only_delete; DELETE FROM measurement WHERE id = (SELECT max(id) FROM measurement);"
        case .rehashEditedEntry:
            // Edit an entry and re-compute its own hash: the next entry's link still breaks.
            sql = "DROP TRIGGER audit_append_only_update; UPDATE audit SET userId = 'mallory' WHERE seq = 5;"
        case .nullReaderOnMeasurement:
            sql = "PRAGMA ignore_check_constraints = ON; DROP TRIGGER measurement_append_only_update; UPDATE measurement SET readerId = NULL WHERE id = 1;"
        }
        let out = try f.sqlite(sql)
        #expect(out.status == 0, "\(out.output)")
        if tampering == .rehashEditedEntry {
            let e = try #require(try f.store.auditLog(by: "admin").first { $0.seq == 5 })
            let h = AuditEntry.computeHash(seq: e.seq, at: e.at, userId: e.userId, entity: e.entity, entityId: e.entityId, action: e.action,
                                           before: e.before, after: e.after, reason: e.reason, previousHash: e.previousHash)
            #expect(try f.sqlite("UPDATE audit SET hash = '\(h)' WHERE seq = 5").status == 0)
        }
        let v = try f.store.verifyAudit()
        #expect(!v.isIntact, "\(tampering) went unnoticed")
        let text = v.problems.map(\.description).joined(separator: "\n")
        switch tampering {
        case .editAuditReason: #expect(text.contains("audit entry 5: entry altered"))
        case .editAuditAfter: #expect(text.contains("entry altered") && text.contains("differs from its audited snapshot") == false || text.contains("entry altered"))
        case .deleteAuditRow: #expect(text.contains("audit entry 8: sequence gap") && text.contains("chain broken"))
        case .deleteAuditTail: #expect(text.contains("were issued but are missing"))
        case .editMeasurementValue: #expect(text.contains("measurement 1 differs from its audited snapshot"))
        case .deleteMeasurement: #expect(text.contains("is missing from the measurement table"))
        case .rehashEditedEntry: #expect(text.contains("audit entry 6: chain broken"))
        case .nullReaderOnMeasurement: #expect(text.contains("measurement 1 differs from its audited snapshot"))
        }
        // The command-line verifier reports the same and exits 1.
        if let nadir = nadirExecutable() {
            let cli = try run([nadir, "audit", "verify", "--db", f.path])
            #expect(cli.status == 1 && cli.output.contains("TAMPERED"))
        }
    }

    /// Tampering with bulk-imported rows (two imports: alice's batch 1, bob's batch 2), each
    /// caught by the batch digests, or by the batch references, with the batch it touches named.
    enum ImportTampering: String, CaseIterable, Sendable {
        case editValue, valueToNull, readerOnRow, deleteRow, fakeRowInBatch, fakeRowInUnknownBatch, detachFromBatch
    }

    @Test(arguments: ImportTampering.allCases)
    func importedMeasurementsAreCoveredByTheirDigest(_ tampering: ImportTampering) async throws {
        let f = try await StudyFixture(); defer { f.remove() }
        let dir = StudyFixture.repoRoot + "/Tests/Fixtures/rescore"
        try f.store.importSDTM(tuPath: dir + "/TU.csv", trPath: dir + "/TR.csv", reader: "alice", by: "admin")
        try f.store.importSDTM(tuPath: dir + "/TU.csv", trPath: dir + "/TR.csv", reader: "bob", by: "admin")
        #expect(try f.store.verifyAudit().isIntact)
        let row = "(SELECT min(id) FROM measurement WHERE importBatch = 2 AND value IS NOT NULL)"
        let columns = "id, readId, lesionRef, version, kind, value, state, mergedInto, fragment, sliceThickness, importBatch"
        let sql: String
        switch tampering {
        case .editValue: sql = "DROP TRIGGER measurement_append_only_update; UPDATE measurement SET value = value + 1000 WHERE id = \(row);"
        case .valueToNull: sql = "DROP TRIGGER measurement_append_only_update; UPDATE measurement SET value = NULL WHERE id = \(row);"
        case .readerOnRow: sql = "DROP TRIGGER measurement_append_only_update; UPDATE measurement SET readerId = 'alice' WHERE id = \(row);"
        case .deleteRow: sql = "DROP TRIGGER measurement_append_only_delete; DELETE FROM measurement WHERE id = \(row);"
        case .fakeRowInBatch:
            sql = "INSERT INTO measurement (\(columns)) SELECT 1000, readId, lesionRef, 1, kind, value - 5000, NULL, NULL, 'F1', NULL, 2 FROM measurement WHERE id = \(row);"
        case .fakeRowInUnknownBatch:
            sql = "INSERT INTO measurement (\(columns)) SELECT 1000, readId, lesionRef, 1, kind, value - 5000, NULL, NULL, 'F1', NULL, 9 FROM measurement WHERE id = \(row);"
        case .detachFromBatch:
            sql = "DROP TRIGGER measurement_append_only_update; UPDATE measurement SET importBatch = NULL, readerId = 'bob', recordedAt = 'x' WHERE id = \(row);"
        }
        let out = try f.sqlite(sql)
        #expect(out.status == 0, "\(out.output)")
        let text = try f.store.verifyAudit().problems.map(\.description).joined(separator: "\n")
        switch tampering {
        case .fakeRowInUnknownBatch:
            #expect(text.contains("measurement 1000 names import batch 9, which no audited import wrote"), "\(text)")
        case .detachFromBatch:
            #expect(text.contains("has no audit entry") && text.contains("measurements of import 2 differ"), "\(text)")
        default:
            #expect(text.contains("measurements of import 2 differ from the digest audited at import"), "\(text)")
        }
        #expect(!text.contains("import 1 "), "alice's batch is untouched: \(text)")
    }
}

/// The `nadir` binary beside the test bundle, when it was built (swift build --build-tests builds it).
func nadirExecutable() -> String? {
    let dir = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "").deletingLastPathComponent()
    let path = dir.appendingPathComponent("nadir").path
    return FileManager.default.isExecutableFile(atPath: path) ? path : nil
}

func helperExecutable() -> String? {
    let dir = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "").deletingLastPathComponent()
    let path = dir.appendingPathComponent("NadirStoreCrashHelper").path
    return FileManager.default.isExecutableFile(atPath: path) ? path : nil
}
