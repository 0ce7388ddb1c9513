import ArgumentParser
import Foundation
import NadirCore
import NadirSDTM
import NadirStore
#if canImport(Glibc)
import Glibc
#endif

/// `nadir bench store`: the reading store against the pure CSV path, on the same synthetic
/// cohort. Protocol and figures: docs/benchmarks-store.md.
///
/// 1. CSV path: `nadir rescore` (TU + TR + DM in, RS out), a child process.
/// 2. Store path: `nadir bench store --phase import` (SDTM into a fresh study database as one
///    reader's submitted reads, with the engine's validation, one transaction) and
///    `--phase rescore` (committee re-score of every subject from the store, RS out), each a
///    child process. Median of `--runs`; wall time and peak RSS per child.
/// 3. SQLite's floor: the same numbers of subjects, lesions, timepoints, reads and
///    measurements inserted into a fresh study database of the same schema by the `sqlite3`
///    shell, one `INSERT … SELECT` per table, no Nadir code: what one SQLite writer costs for
///    this data model before any row is parsed, checked or hashed (skipped without `sqlite3`).
/// 4. Latency: p50/p99/max of recording one measurement (with its audit entry, one
///    transaction, synchronous=FULL) on the imported database, with a concurrent reader.
struct BenchStoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Benchmark the reading store: SDTM import + committee re-score vs `nadir rescore`; p99 of one audited measurement.")

    @Option(help: "Subjects in the synthetic cohort.") var subjects = 100_000
    @Option(help: "Assessments per subject, baseline included.") var visits = 8
    @Option(help: "Seed of the synthetic cohort.") var seed: UInt64 = 1
    @Option(help: "Working directory for the generated data and databases.") var dir = ".build-bench/store"
    @Option(help: "Timed runs per measurement (the median is reported).") var runs = 3
    @Option(help: "Measurements recorded for the latency percentiles.") var records = 2_000
    @Option(help: ArgumentHelp("Internal: run one timed phase in this process (import | rescore).", visibility: .hidden)) var phase: String?
    @Option(help: ArgumentHelp("Internal: database of the phase.", visibility: .hidden)) var db: String?

    func run() throws {
        if let phase { return try runPhase(phase) }
        let exe = ChildProcess.selfExecutable
        try makeDirectory(dir)
        let cohort = dir + "/cohort-\(subjects)x\(visits)-s\(seed)"
        try makeDirectory(cohort)
        if access(cohort + "/TR.csv", R_OK) != 0 {
            print("Generating \(subjects) subjects × \(visits) visits (seed \(seed)) in \(cohort) …")
            let c = try SyntheticCohort(subjects: subjects, visits: visits, seed: seed).write(to: cohort)
            print("  \(c.tuRows) TU rows, \(c.trRows) TR rows")
        }
        let trBytes = fileSize(cohort + "/TR.csv")
        print("Cohort: \(subjects) subjects, TR \(trBytes / 1_000_000) MB; median of \(runs) runs, each a child process.")

        let csv = try medianRun { () throws -> ChildProcess.Measurement in
            try ChildProcess.run([exe, "rescore", "--tu", cohort + "/TU.csv", "--tr", cohort + "/TR.csv", "--dm", cohort + "/DM.csv",
                                  "--out", dir + "/RS-csv.csv"])
        }
        report("nadir rescore (CSV → RS)", csv)

        let path = dir + "/bench.sqlite"
        let imp = try medianRun { () throws -> ChildProcess.Measurement in
            try freshStore(path)
            return try ChildProcess.run([exe, "bench", "store", "--phase", "import", "--db", path, "--dir", cohort], quiet: false)
        }
        report("store import (SDTM → SQLite, submitted reads)", imp)
        let dbBytes = fileSize(path) + fileSize(path + "-wal")
        let floor = try sqliteFloor(importedDatabase: path)
        let rescore = try medianRun { () throws -> ChildProcess.Measurement in
            try ChildProcess.run([exe, "bench", "store", "--phase", "rescore", "--db", path, "--dir", dir], quiet: false)
        }
        report("store committee re-score (SQLite → RS)", rescore)
        let same = (try? Data(contentsOf: URL(fileURLWithPath: dir + "/RS-csv.csv"))) == (try? Data(contentsOf: URL(fileURLWithPath: dir + "/RS-store.csv")))
        print("  RS from the store is byte-identical to nadir rescore's: \(same ? "yes" : "NO")")
        print(String(format: "  database size after import: %.0f MB", Double(dbBytes) / 1e6))
        print(String(format: "Ratios to the CSV path: import %.2f×, re-score %.2f×, import + re-score %.2f×",
                     imp.seconds / csv.seconds, rescore.seconds / csv.seconds, (imp.seconds + rescore.seconds) / csv.seconds))
        // CPU time does not stretch when other processes share the cores: compare it too.
        print(String(format: "CPU-time ratios: import %.2f×, re-score %.2f×; load average %.2f",
                     imp.cpuSeconds / csv.cpuSeconds, rescore.cpuSeconds / csv.cpuSeconds, ChildProcess.loadAverage))
        if let floor {
            print(String(format: "SQLite's floor for these rows: %.2f× the CSV path (wall), %.2f× (CPU); the import is %.2f× that floor (wall)",
                         floor.seconds / csv.seconds, floor.cpuSeconds / csv.cpuSeconds, imp.seconds / floor.seconds))
        }

        try latency(path)
    }

    /// Step 3: the row counts of the imported database, inserted again by the `sqlite3` shell
    /// into a fresh study database (same schema, page size, WAL, pragmas as the import) from
    /// `generate_series`; median of `--runs`. nil when `sqlite3` is not installed.
    func sqliteFloor(importedDatabase path: String) throws -> ChildProcess.Measurement? {
        guard let counts = try? ChildProcess.output(["sqlite3", "-readonly", path,
                                         "SELECT (SELECT count(*) FROM subject), (SELECT count(*) FROM lesion), (SELECT count(*) FROM timepoint), " +
                                         "(SELECT count(*) FROM read), (SELECT count(*) FROM measurement);"]) else {
            print("SQLite's floor: skipped (the sqlite3 shell is not installed; scripts/install-deps.sh --test installs it)")
            return nil
        }
        let n = counts.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|").compactMap { Int($0) }
        guard n.count == 5, n.allSatisfy({ $0 > 0 }) else { throw BenchError("unexpected row counts from \(path): \(counts)") }
        let (subjects, lesions, timepoints, reads, measurements) = (n[0], n[1], n[2], n[3], n[4])
        // Ids and keys as the import writes them (in key order, unique keys unique); values vary.
        let subject = { (expr: String) in "printf('SYN-%07d', \(expr))" }
        let script = """
        PRAGMA foreign_keys = OFF; PRAGMA cache_size = -65536; PRAGMA synchronous = FULL;
        BEGIN IMMEDIATE;
        INSERT INTO importBatch (id, source, sha256, userId, at, readerId) VALUES (1, 'floor', '', 'admin', '2026-01-01T00:00:00.000Z', 'reader1');
        INSERT INTO subject (id, treatmentStart, siteId) SELECT \(subject("value")), 20000, NULL FROM generate_series(1, \(subjects));
        INSERT INTO lesion (id, subjectId, readerId, lesionId, role, site, nodal)
            SELECT value, \(subject("(value - 1) * \(subjects) / \(lesions) + 1")), 'reader1', printf('T%02d', value % 7), 'TARGET', 'LIVER', 0
            FROM generate_series(1, \(lesions));
        INSERT INTO timepoint (id, subjectId, visit, date)
            SELECT value, \(subject("(value - 1) * \(subjects) / \(timepoints) + 1")), value, 20000 + value % 400 FROM generate_series(1, \(timepoints));
        INSERT INTO read (id, subjectId, timepointId, readerId, slot, status, assignedAt, submittedAt)
            SELECT value, \(subject("(value - 1) * \(subjects) / \(reads) + 1")), value, 'reader1', 1, 'submitted', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'
            FROM generate_series(1, \(reads));
        INSERT INTO measurement (id, readId, lesionRef, version, kind, value, state, mergedInto, fragment, sliceThickness, importBatch)
            SELECT value, (value - 1) * \(reads) / \(measurements) + 1, value % \(lesions) + 1, 1, 'LD', 5000 + value % 90000, NULL, NULL, '', NULL, 1
            FROM generate_series(1, \(measurements));
        COMMIT;

        """
        let scriptPath = dir + "/floor.sql", floorPath = dir + "/floor.sqlite"
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        let m = try medianRun { () throws -> ChildProcess.Measurement in
            try freshStore(floorPath)
            return try ChildProcess.run(["sqlite3", floorPath, ".read " + scriptPath], quiet: false)
        }
        report("SQLite alone: the same rows, no Nadir (sqlite3)", m)
        return m
    }

    func report(_ name: String, _ m: ChildProcess.Measurement) {
        let padded = name.count >= 48 ? name : name + String(repeating: " ", count: 48 - name.count)
        print(padded + String(format: " %8.2f s   CPU %7.2f s   peak RSS %6.0f MiB   (load %.2f)", m.seconds, m.cpuSeconds,
                              Double(m.maxRSSKiB) / 1024, ChildProcess.loadAverage))
    }

    func medianRun(_ body: () throws -> ChildProcess.Measurement) throws -> ChildProcess.Measurement {
        var ms: [ChildProcess.Measurement] = []
        for _ in 0..<max(1, runs) {
            let m = try body()
            guard m.status == 0 else { throw BenchError("a timed run failed with status \(m.status)") }
            ms.append(m)
        }
        return ms.sorted { $0.seconds < $1.seconds }[ms.count / 2]
    }

    func freshStore(_ path: String) throws {
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        let s = try storeCall { () throws(StoreError) in
            try ReadingStore.create(path: path, studyID: "SYN", studyName: "Synthetic", admin: "admin", adminName: "Admin", clock: .system)
        }
        try storeCall { () throws(StoreError) in try s.addUser(id: "reader1", name: "Reader One", role: .reader, by: "admin") }
    }

    func runPhase(_ phase: String) throws {
        guard let db else { throw ValidationError("--phase needs --db") }
        let s = try storeCall { () throws(StoreError) in try ReadingStore.open(path: db, clock: .system) }
        switch phase {
        case "import":
            _ = try storeCall { () throws(StoreError) in
                try s.importSDTM(tuPath: dir + "/TU.csv", trPath: dir + "/TR.csv", dmPath: dir + "/DM.csv", reader: "reader1", by: "admin")
            }
        case "rescore":
            let results = try storeCall { () throws(StoreError) in try s.committeeResults(by: "admin") }
            let w = try AtomicCSVWriter(path: dir + "/RS-store.csv", header: ResponseRecord.header)
            for r in results { if let c = r.committee { w.writeBytes { ResponseRecord.appendCSV(for: c, to: &$0) } } }
            try w.commit()
        default:
            throw ValidationError("unknown phase \(phase)")
        }
    }

    /// p50/p99/max of `record` on the imported database, first with a light concurrent reader
    /// (a reader's screen: list reads, fetch measurements, in a loop), then with a heavy one
    /// (the full committee re-score, in a loop).
    func latency(_ path: String) throws {
        let s = try storeCall { () throws(StoreError) in try ReadingStore.open(path: path, clock: .system) }
        let read = try storeCall { () throws(StoreError) in
            try s.assign(subject: "BENCH-\(getpid())-\(Int(Date().timeIntervalSince1970))", visit: 0, date: CalendarDate(year: 2025, month: 1, day: 6), reader: "reader1", by: "admin")
        }
        let lesions = (1...5).map { "T0\($0)" }
        for (k, l) in lesions.enumerated() {  // identify the lesions (not timed)
            try storeCall { () throws(StoreError) in
                _ = try s.record(MeasurementInput(lesionID: l, kind: .longestDiameter, value: .mm(Int64(20 + k)),
                                                  definition: LesionDefinition(role: .target, site: "ORGAN \(k / 2)", isNodal: false)),
                                 read: read.id, by: "reader1")
            }
        }
        for heavy in [false, true] {
            final class Flag: @unchecked Sendable { var stop = false; var loops = 0 }  // written by one thread, read by the other
            let flag = Flag()
            let reader = Thread {
                while !flag.stop {
                    if heavy {
                        _ = try? s.committeeResults(by: "admin")
                    } else {
                        _ = try? s.reads(visibleTo: "reader1", subject: read.subjectID)
                        _ = try? s.measurements(read: read.id, viewer: "admin")
                    }
                    flag.loops += 1
                }
            }
            reader.start()
            let n = heavy ? max(200, records / 5) : records
            var times: [Double] = []
            times.reserveCapacity(n)
            for i in 0..<n {
                let input = MeasurementInput(lesionID: lesions[i % lesions.count], kind: .longestDiameter, value: Length(micrometres: 20_000 + Int64(i % 997)))
                let t0 = ChildProcess.monotonicSeconds()
                try storeCall { () throws(StoreError) in _ = try s.record(input, read: read.id, by: "reader1", reason: "bench correction \(i)") }
                times.append(ChildProcess.monotonicSeconds() - t0)
            }
            flag.stop = true
            while !reader.isFinished { usleep(1000) }
            times.sort()
            func pct(_ p: Double) -> Double { times[min(times.count - 1, Int((p * Double(times.count)).rounded(.up)) - 1)] * 1000 }
            print(String(format: "Record one measurement + audit entry (%@ reader, %d records, %d reader loops): p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                         heavy ? "heavy: committee re-score" : "light: reader screen", n, flag.loops, pct(0.5), pct(0.99), times[times.count - 1] * 1000))
        }
        let v = try storeCall { () throws(StoreError) in try s.verifyAudit() }
        print("Audit chain after the benchmark: \(v.entries) entries, \(v.summary)")
    }
}
