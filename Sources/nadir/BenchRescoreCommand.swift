import ArgumentParser
import NadirSDTM
#if canImport(Glibc)
import Glibc
#endif

/// `nadir bench rescore`: end-to-end throughput and peak memory of `nadir rescore` on a seeded
/// synthetic cohort, side by side with pyrecist 0.1.0 on the same target-only data.
/// Protocol: docs/benchmarks.md.
struct BenchRescoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rescore",
        abstract: "Benchmark `nadir rescore` (CSV in, RS.csv out) against pyrecist 0.1.0.")

    @Option(help: "Subjects in the synthetic cohort.") var subjects = 100_000
    @Option(help: "Assessments per subject, baseline included.") var visits = 8
    @Option(help: "Seed of the synthetic cohort.") var seed: UInt64 = 1
    @Option(help: "Working directory for the generated data.") var dir = ".build-bench/rescore"
    @Option(help: "Timed runs per measurement (the median is reported).") var runs = 3
    @Option(name: .customLong("peer-subjects"), help: "Subjects in the target-only cohort given to both Nadir and pyrecist.")
    var peerSubjects = 5_000
    @Flag(name: .customLong("no-peer"), help: "Skip pyrecist.") var noPeer = false

    func run() throws {
        let exe = ChildProcess.selfExecutable
        try makeDirectory(dir)
        let full = dir + "/full-\(subjects)x\(visits)-s\(seed)"
        try makeDirectory(full)
        if access(full + "/TR.csv", R_OK) != 0 {
            print("Generating \(subjects) subjects × \(visits) visits (seed \(seed)) in \(full) …")
            let c = try SyntheticCohort(subjects: subjects, visits: visits, seed: seed).write(to: full)
            print("  \(c.tuRows) TU rows, \(c.trRows) TR rows")
        }
        let trRows = try countRows(full + "/TR.csv")
        let trBytes = fileSize(full + "/TR.csv")
        print("Nadir rescore, \(subjects) subjects, \(trRows) TR rows (\(trBytes / 1_000_000) MB), median of \(runs) runs:")
        let nadir = try median(runs) {
            try ChildProcess.run([exe, "rescore", "--tu", full + "/TU.csv", "--tr", full + "/TR.csv",
                                  "--dm", full + "/DM.csv", "--out", full + "/RS.csv"])
        }
        print(String(format: "  %.2f s wall (%.2f M TR rows/s), %.2f s CPU (%.2f M rows per CPU-second), peak RSS %.0f MiB, load average %.1f",
                     nadir.seconds, Double(trRows) / nadir.seconds / 1e6, nadir.cpuSeconds, Double(trRows) / nadir.cpuSeconds / 1e6,
                     Double(nadir.maxRSSKiB) / 1024, ChildProcess.loadAverage))

        // Memory as the cohort grows: a quarter of the cohort, same generator.
        let quarter = dir + "/quarter-\(subjects / 4)x\(visits)-s\(seed)"
        try makeDirectory(quarter)
        if access(quarter + "/TR.csv", R_OK) != 0 {
            try SyntheticCohort(subjects: subjects / 4, visits: visits, seed: seed).write(to: quarter)
        }
        let q = try median(runs) {
            try ChildProcess.run([exe, "rescore", "--tu", quarter + "/TU.csv", "--tr", quarter + "/TR.csv",
                                  "--dm", quarter + "/DM.csv", "--out", quarter + "/RS.csv"])
        }
        let qRows = try countRows(quarter + "/TR.csv")
        print(String(format: "  quarter cohort (%d subjects, %d rows): %.2f s wall, %.2f s CPU, peak RSS %.0f MiB",
                     subjects / 4, qRows, q.seconds, q.cpuSeconds, Double(q.maxRSSKiB) / 1024))

        guard !noPeer else { return }
        // The peer: pyrecist reads targets only, one CSV with its own column names.
        let peer = dir + "/peer-\(peerSubjects)x\(visits)-s\(seed)"
        try makeDirectory(peer)
        try SyntheticCohort(subjects: peerSubjects, visits: visits, seed: seed, targetsOnly: true).write(to: peer)
        let peerRows = try convertForPyrecist(tr: peer + "/TR.csv", out: peer + "/pyrecist.csv")
        guard (try? ChildProcess.run(["python3", "-c", "import pyrecist"]))?.status == 0 else {
            throw BenchError("pyrecist is not installed: python3 -m pip install pyrecist==0.1.0 pandas")
        }
        print("Target-only cohort, \(peerSubjects) subjects, \(peerRows) measurement rows:")
        let n = try median(runs) {
            try ChildProcess.run([exe, "rescore", "--tu", peer + "/TU.csv", "--tr", peer + "/TR.csv", "--out", peer + "/RS.csv"])
        }
        let p = try median(max(1, runs / 3)) {
            try ChildProcess.run(["python3", "-m", "pyrecist", peer + "/pyrecist.csv", "-o", peer])
        }
        print(String(format: "  nadir rescore   %8.3f s wall  %8.3f s CPU  %10.0f rows/s  peak RSS %6.0f MiB", n.seconds, n.cpuSeconds, Double(peerRows) / n.seconds, Double(n.maxRSSKiB) / 1024))
        print(String(format: "  pyrecist 0.1.0  %8.3f s wall  %8.3f s CPU  %10.0f rows/s  peak RSS %6.0f MiB", p.seconds, p.cpuSeconds, Double(peerRows) / p.seconds, Double(p.maxRSSKiB) / 1024))
        print(String(format: "  ratio (pyrecist / nadir): %.0f× wall, %.0f× CPU", p.seconds / n.seconds, p.cpuSeconds / n.cpuSeconds))
        if p.status != 0 { print("  warning: pyrecist exited with status \(p.status)") }
    }

    func median(_ runs: Int, _ body: () throws -> ChildProcess.Measurement) throws -> ChildProcess.Measurement {
        var ms: [ChildProcess.Measurement] = []
        for _ in 0..<max(1, runs) {
            let m = try body()
            guard m.status == 0 else { throw BenchError("a timed run failed with status \(m.status)") }
            ms.append(m)
        }
        return ms.sorted { $0.seconds < $1.seconds }[ms.count / 2]
    }

    func countRows(_ path: String) throws -> Int {
        let csv = try CSVReader(path: path)
        var n = 0
        try csv.forEachRow { _ in n += 1 }
        return n
    }

    /// pyrecist's format: patient_id (integer), study_date (YYYYMMDD), measurement (mm),
    /// lesion_label_alias, lesion_category. It has no "not evaluable" or "too small": NE rows
    /// are dropped and "too small" becomes 5 mm, so both tools read the same number of values.
    func convertForPyrecist(tr: String, out: String) throws -> Int {
        let csv = try CSVReader(path: tr)
        let s = try csv.requiredColumn("USUBJID"), l = try csv.requiredColumn("TRLNKID")
        let d = try csv.requiredColumn("TRDTC"), n = try csv.requiredColumn("TRSTRESN"), c = try csv.requiredColumn("TRSTRESC")
        let w = try AtomicCSVWriter(path: out, header: ["patient_id", "study_date", "measurement", "lesion_label_alias", "lesion_category"])
        var rows = 0
        try csv.forEachRow { row in
            let text = row.string(c)
            if text == "NOT EVALUABLE" { return }
            let value = row.isEmpty(n) ? "5" : row.string(n)
            let subject = String(row.string(s).drop { !$0.isNumber }.drop { $0 == "0" })
            w.writeRow([subject, row.string(d).replacingOccurrences(of: "-", with: ""), value, row.string(l), "target"])
            rows += 1
        }
        try w.commit()
        return rows
    }
}

func makeDirectory(_ path: String) throws {
    var built = path.hasPrefix("/") ? "" : "."
    for part in path.split(separator: "/") {
        built += "/" + part
        if mkdir(built, 0o755) != 0 && errno != EEXIST {
            throw BenchError("cannot create \(built): \(String(cString: strerror(errno)))")
        }
    }
}

func fileSize(_ path: String) -> Int {
    var st = stat()
    return stat(path, &st) == 0 ? Int(st.st_size) : 0
}
