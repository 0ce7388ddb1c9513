import Foundation
import Testing
@testable import NadirStore

/// The `nadir` commands end to end, as a coordinator's script would run them: exit status 0 on
/// success, 1 with the rule in the message when refused.
@Suite("nadir study/import/read/adjudicate/export/audit")
struct CommandLineTests {
    @Test(.enabled(if: nadirExecutable() != nil, "needs the nadir binary (swift build --build-tests builds it)"))
    func script() throws {
        let nadir = try #require(nadirExecutable())
        let dir = NSTemporaryDirectory() + "nadir-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = dir + "/trial.sqlite"
        func n(_ args: String..., user: String = "admin") throws -> (status: Int32, output: String) {
            try run([nadir] + args + ["--db", db, "--user", user])
        }
        let missing = try n("read", "list")
        #expect(missing.status == 1 && missing.output.contains("no Nadir database") && missing.output.contains("nadir study init"))
        #expect(try run([nadir, "study", "init", "--db", db, "--id", "DEMO", "--admin", "admin"]).status == 0)
        for (u, role) in [("alice", "reader"), ("bob", "reader"), ("carol", "adjudicator")] {
            #expect(try n("study", "add-user", u, "--role", role).status == 0)
        }
        #expect(try n("study", "add-user", "eve", "--role", "boss").status != 0)
        #expect(try n("import", "scans", StudyFixture.sampleScans).output.contains("imported 10 series"))
        let r1 = try n("read", "assign", "--subject", "NADIR-001", "--visit", "0", "--reader", "alice", "-q")
        let read = try #require(Int64(r1.output.trimmingCharacters(in: .whitespacesAndNewlines)))
        let s0 = StudyFixture.baselineSeries
        #expect(try n("read", "measure", String(read), "--lesion", "T01", "--kind", "LD", "--value", "32", "--series", s0,
                      "--sop", StudyFixture.t01Baseline, "--points", "24.8,59.5,41.2,59.5", "--role", "TARGET", "--site", "LUNG", user: "alice").status == 0)
        let implausible = try n("read", "measure", String(read), "--lesion", "T02", "--kind", "LD", "--value=-4", "--role", "TARGET",
                                "--site", "LIVER", user: "alice")
        #expect(implausible.status == 1 && implausible.output.contains("plausibility"))
        let blinded = try n("read", "show", String(read), user: "bob")
        #expect(blinded.status == 1 && blinded.output.contains("blinding"))
        #expect(try n("read", "submit", String(read), user: "alice").output.contains("submitted"))
        let reopen = try n("read", "reopen", String(read), "--reason", "typo", user: "alice")
        #expect(reopen.status == 1 && reopen.output.contains("only a study admin"))
        #expect(try n("read", "reopen", String(read), "--reason", "sponsor query").output.contains("in-progress"))
        #expect(try n("adjudicate", user: "carol").status == 0)
        #expect(try n("export", "sdtm", dir + "/out").status == 0)
        #expect(FileManager.default.fileExists(atPath: dir + "/out/committee/RS.csv"))
        let log = try n("audit", "log", "--entity", "read")
        #expect(log.output.contains("reopen") && log.output.contains("why: sponsor query"))
        let verify = try run([nadir, "audit", "verify", "--db", db])
        #expect(verify.status == 0 && verify.output.contains("intact"))
        // An SDTM import prints the SHA-256 of each file it read (sha256sum computes the same);
        // one edited batch row is then "1 problem", exit status 1.
        let fixtures = StudyFixture.repoRoot + "/Tests/Fixtures/rescore"
        let imported = try n("import", "sdtm", fixtures, "--reader", "bob")
        for file in ["TU.csv", "TR.csv"] {
            let digest = String(try run(["sha256sum", fixtures + "/" + file]).output.prefix(64))
            #expect(imported.output.contains("  SHA-256 \(file) \(digest)\n"), "\(imported.output)")
        }
        #expect(!imported.output.contains("DM.csv"))
        #expect(try run(["sqlite3", db, "DROP TRIGGER importBatch_append_only_update; UPDATE importBatch SET sha256 = 'x';"]).status == 0)
        let tampered = try run([nadir, "audit", "verify", "--db", db])
        #expect(tampered.status == 1 && tampered.output.hasSuffix(": 1 problem\n"), "\(tampered.output)")
    }

    /// `nadir bench store` on a tiny cohort: the store's RS equals the CSV path's, and the
    /// SQLite-floor phase inserted exactly the imported database's row counts into a study
    /// database of the same schema (the floor is only meaningful if it writes the same rows).
    @Test(.enabled(if: nadirExecutable() != nil, "needs the nadir binary (swift build --build-tests builds it)"))
    func benchStoreFloorWritesTheImportedRows() throws {
        let nadir = try #require(nadirExecutable())
        let dir = NSTemporaryDirectory() + "nadir-bench-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = try run([nadir, "bench", "store", "--subjects", "150", "--runs", "1", "--records", "3", "--dir", dir])
        #expect(out.status == 0, "\(out.output)")
        #expect(out.output.contains("RS from the store is byte-identical to nadir rescore's: yes"))
        #expect(out.output.contains("SQLite alone: the same rows, no Nadir (sqlite3)") && out.output.contains("SQLite's floor for these rows:"))
        let counts = "SELECT (SELECT count(*) FROM subject), (SELECT count(*) FROM lesion), (SELECT count(*) FROM timepoint), " +
                     "(SELECT count(*) FROM read), (SELECT count(*) FROM measurement);"
        // The latency phase then adds to the imported database one subject, timepoint and read,
        // 5 lesions with a measurement each, and 3 (`--records`) + 200 (heavy reader) measurements.
        let imported = try run(["sqlite3", dir + "/bench.sqlite", counts]).output.split(separator: "|").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let floor = try run(["sqlite3", dir + "/floor.sqlite", counts]).output.split(separator: "|").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        try #require(imported.count == 5 && floor.count == 5)
        #expect(floor[0] == imported[0] - 1 && floor[2] == imported[2] - 1 && floor[3] == imported[3] - 1, "\(floor) vs \(imported)")
        #expect(floor[1] == imported[1] - 5 && floor[4] == imported[4] - 5 - 3 - 200, "\(floor) vs \(imported)")
        #expect(try run(["sqlite3", dir + "/floor.sqlite", "PRAGMA integrity_check; PRAGMA page_size;"]).output == "ok\n8192\n")
    }
}
