import Foundation
import NadirCore
import NadirSDTM
import Testing
@testable import NadirStore
#if canImport(Glibc)
import Glibc
#endif

/// Crash safety and concurrency: WAL with one writer (GRDB `DatabasePool`), every change one
/// transaction.
@Suite("reliability")
struct ReliabilityTests {
    /// A real child process imports a synthetic cohort and is killed with SIGKILL inside the
    /// import transaction. Afterwards: the database is consistent, the import left nothing,
    /// every measurement of reads submitted before it is there, the audit chain is intact, and
    /// the same import then succeeds.
    @Test func sigkillMidImport() async throws {
        let helper = try #require(helperExecutable(), "build the NadirStoreCrashHelper target (swift build --build-tests)")
        let f = try await StudyFixture(scans: true); defer { f.remove() }
        let (a, b) = try WorkflowTests.baselines(f)
        let submitted = try f.store.measurements(read: a, viewer: "admin") + f.store.measurements(read: b, viewer: "admin")
        let headBefore = try f.store.verifyAudit().headHash
        let cohort = f.directory + "/cohort"
        try FileManager.default.createDirectory(atPath: cohort, withIntermediateDirectories: true)
        try SyntheticCohort(subjects: 3_000, visits: 5, seed: 7).write(to: cohort)

        let p = Process()
        p.executableURL = URL(fileURLWithPath: helper)
        p.arguments = [f.path, cohort, "alice", "admin"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        // Wait until the child reports progress from inside the write transaction, then kill it.
        var seen = ""
        let handle = out.fileHandleForReading
        while !seen.contains("progress 1000") {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        #expect(seen.contains("progress 1000"), "child output: \(seen)")
        #expect(!seen.contains("committed"))
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal && p.terminationStatus == SIGKILL)

        let reopened = try ReadingStore.open(path: f.path, clock: .system)
        #expect(try f.sqlite("PRAGMA integrity_check;").output.trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
        #expect(try f.sqlite("SELECT count(*) FROM subject WHERE id LIKE 'SYN-%';").output.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        #expect(try f.sqlite("SELECT count(*) FROM importBatch;").output.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        let after = try reopened.measurements(read: a, viewer: "admin") + reopened.measurements(read: b, viewer: "admin")
        #expect(after == submitted)
        let v = try reopened.verifyAudit(expectedHead: headBefore)
        #expect(v.isIntact, "\(v.problems)")
        // Nothing is left locked or half-written: the same import now commits.
        let summary = try reopened.importSDTM(tuPath: cohort + "/TU.csv", trPath: cohort + "/TR.csv", dmPath: cohort + "/DM.csv",
                                              reader: "alice", by: "admin")
        #expect(summary.subjects == 3_000)
        #expect(try reopened.verifyAudit().isIntact)
    }

    /// One writer records a stream of corrections while readers on other connections (another
    /// pool, as another process would) read: no reader ever fails or sees a measurement count go
    /// backwards, and every write lands.
    @Test func concurrentReadersAndOneWriter() async throws {
        let f = try await StudyFixture(scans: true); defer { f.remove() }
        let r = try f.store.assign(subject: "NADIR-001", visit: 0, reader: "alice", by: "admin").id
        try f.store.record(StudyFixture.target("T01", 30, series: StudyFixture.baselineSeries), read: r, by: "alice")
        let other = try ReadingStore.open(path: f.path, clock: .system)
        let writes = 150
        let writer = Task.detached { () throws -> Int in
            for k in 1...writes {
                try f.store.record(StudyFixture.target("T01", 30 + Int64(k % 10), series: StudyFixture.baselineSeries), read: r, by: "alice",
                                   reason: "correction \(k)")
            }
            return writes
        }
        let readers = (0..<3).map { n in
            Task.detached { () throws -> (reads: Int, monotonic: Bool) in
                var last = 0, reads = 0, monotonic = true
                let store = n == 0 ? f.store : other
                let deadline = Date().addingTimeInterval(120)  // never hang if the writer failed
                while last < writes + 1 && Date() < deadline {
                    let count = try store.measurements(read: r, viewer: n == 2 ? "mon" : "admin", includeHistory: true).count
                    if count < last { monotonic = false }
                    last = count; reads += 1
                    _ = try store.auditLog(by: "mon", entity: "read", limit: 5)
                }
                return (reads, monotonic)
            }
        }
        #expect(try await writer.value == writes)
        for t in readers {
            let (reads, monotonic) = try await t.value
            #expect(monotonic && reads >= 1)
        }
        #expect(try other.measurements(read: r, viewer: "admin", includeHistory: true).count == writes + 1)
        #expect(try other.verifyAudit().isIntact)
    }

    /// Two connections that both write are serialised by SQLite's lock and the busy timeout:
    /// both sets of writes land, and the audit chain stays one chain.
    @Test func twoWritingConnections() async throws {
        let f = try await StudyFixture(scans: true); defer { f.remove() }
        let a = try f.store.assign(subject: "NADIR-001", visit: 0, reader: "alice", by: "admin").id
        let b = try f.store.assign(subject: "NADIR-001", visit: 0, reader: "bob", by: "admin").id
        let second = try ReadingStore.open(path: f.path, clock: .system)
        let t1 = Task.detached {
            for k in 0..<40 {
                try f.store.record(StudyFixture.target("T0\(k % 5 + 1)", 20 + Int64(k)), read: a, by: "alice", reason: k < 5 ? nil : "c\(k)")
            }
        }
        let t2 = Task.detached {
            for k in 0..<40 {
                try second.record(StudyFixture.target("T0\(k % 5 + 1)", 20 + Int64(k)), read: b, by: "bob", reason: k < 5 ? nil : "c\(k)")
            }
        }
        try await t1.value
        try await t2.value
        #expect(try f.sqlite("SELECT count(*) FROM measurement;").output.trimmingCharacters(in: .whitespacesAndNewlines) == "80")
        #expect(try f.store.verifyAudit().isIntact)
    }

    /// The import's multi-row statements are `INSERT OR ROLLBACK` (no statement journal): a
    /// constraint that fails in the middle of one must still undo everything the transaction
    /// wrote (statements before it, and the rows of the failing statement before the bad one),
    /// report the constraint, and leave the store usable. Cases: the bad row inside a 64-row
    /// statement, and in the single-row tail that `flush` inserts.
    @Test(arguments: [40, 70])
    func constraintInsideABulkInsertRollsBackTheTransaction(badRow: Int) async throws {
        let f = try await StudyFixture(); defer { f.remove() }
        func count() throws -> String { try f.sqlite("SELECT count(*) FROM site;").output.trimmingCharacters(in: .whitespacesAndNewlines) }
        let before = try count()
        do {
            try f.store.bulkWrite("test") { db in
                try db.execute(sql: "INSERT INTO site (id, name) VALUES ('S-first', 'written before the bulk statement')")
                var sites = try BulkInsert<(String, String)>(db, table: "site", columns: ["id", "name"], constants: 0) { st, p, v in
                    st.bind(p + 1, v.0); st.bind(p + 2, v.1)
                }
                for k in 0..<80 {
                    // The bad row repeats the primary key of the row before it.
                    try sites.add((k == badRow ? "S-\(k - 1)" : "S-\(k)", "site \(k)"))
                }
                try sites.flush()
            }
            Issue.record("a duplicate primary key was inserted")
        } catch {
            #expect("\(error)".contains("UNIQUE constraint failed: site.id"), "\(error)")
        }
        #expect(try count() == before)
        // The writer connection is out of the failed transaction and writes again.
        try f.store.addSite(id: "S-after", name: "after", by: "admin")
        #expect(try count() == String(Int(before)! + 1))
        #expect(try f.store.verifyAudit().isIntact)
    }
}
