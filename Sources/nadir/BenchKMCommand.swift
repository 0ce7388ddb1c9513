import ArgumentParser
import NadirSDTM
import Foundation

/// `nadir bench km`: end-to-end Kaplan–Meier + log-rank on a seeded synthetic cohort, `nadir stats
/// km` against R survival (`survfit` + `survdiff`, base `read.csv`, optionally `data.table::fread`)
/// and Python lifelines, on the same CSV in one session. Protocol and figures: docs/benchmarks-stats.md.
struct BenchKMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "km",
        abstract: "Benchmark `nadir stats km` against R survival and Python lifelines."
    )

    @Option(help: "Subjects in the synthetic cohort.")
    var subjects: Int = 1_000_000

    @Option(help: "Arms (groups).")
    var arms: Int = 10

    @Option(help: "Seed of the cohort generator (SplitMix64).")
    var seed: UInt64 = 20_261_128

    @Option(help: "Working directory for the CSV and outputs.")
    var dir: String = "/tmp/nadir-bench-km"

    @Option(help: "Runs per tool; the median wall time is reported.")
    var runs: Int = 3

    @Option(name: .customLong("scripts"), help: "Folder holding km_survival.R and km_lifelines.py.")
    var scriptsDir: String = "scripts/bench"

    @Flag(help: "Also time R with data.table::fread (needs r-cran-data.table).")
    var dataTable = false

    @Flag(help: "Skip R.") var skipR = false
    @Flag(help: "Skip Python lifelines.") var skipPython = false

    func validate() throws {
        guard subjects >= 10, arms >= 1, arms <= 999 else { throw ValidationError("need --subjects ≥ 10 and 1 ≤ --arms ≤ 999") }
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
    }

    func run() async throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let csv = "\(dir)/km_\(subjects)_\(arms)_\(seed).csv"
        if !FileManager.default.fileExists(atPath: csv) {
            let started = monotonicSeconds()
            try KMCohortGenerator(subjects: subjects, arms: arms, seed: seed).write(to: csv)
            print(String(format: "generated %@ in %.2f s", csv, monotonicSeconds() - started))
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: csv)[.size] as? Int) ?? 0
        print("cohort: \(subjects) subjects, \(arms) arms, seed \(seed), \(size / 1_000_000) MB")

        var tools: [(name: String, argv: [String], stdout: String)] = []
        let me = selfExecutable()
        tools.append(("nadir stats km", [me, "stats", "km", csv, "--time", "time", "--event", "event", "--group", "arm", "--format", "json"], "\(dir)/nadir.json"))
        if !skipR {
            tools.append(("R survival (read.csv)", ["Rscript", "--vanilla", "\(scriptsDir)/km_survival.R", csv, "base"], "\(dir)/r.txt"))
            if dataTable {
                tools.append(("R survival (data.table::fread)", ["Rscript", "--vanilla", "\(scriptsDir)/km_survival.R", csv, "data.table"], "\(dir)/r_fread.txt"))
            }
        }
        if !skipPython {
            tools.append(("Python lifelines", [resolvePython(), "\(scriptsDir)/km_lifelines.py", csv], "\(dir)/lifelines.txt"))
        }

        var results: [(String, Double, Int, String)] = []
        for tool in tools {
            var walls: [Double] = [], peak = 0
            for _ in 0..<runs {
                let m = try spawnMeasured(tool.argv, stdout: tool.stdout)
                guard m.status == 0 else { throw ValidationError("\(tool.name) failed (exit \(m.status)); see \(tool.stdout)") }
                walls.append(m.wall); peak = max(peak, m.maxRSSKiB)
            }
            walls.sort()
            let median = walls[walls.count / 2]
            let summary = agreementLine(tool.stdout, isJSON: tool.name.hasPrefix("nadir"))
            print(String(format: "%-32@ wall %7.3f s (runs: %@)  peak RSS %6d MB  %@", tool.name as NSString, median,
                         walls.map { String(format: "%.3f", $0) }.joined(separator: ", "), peak / 1024, summary))
            results.append((tool.name, median, peak, summary))
        }
        if let nadir = results.first {
            for other in results.dropFirst() {
                print(String(format: "%@ / nadir: %.1f× wall time, %.1f× peak RSS", other.0, other.1 / nadir.1, Double(other.2) / Double(max(nadir.2, 1))))
            }
        }
    }

    /// The log-rank chi-square each tool printed, for an at-a-glance agreement check.
    func agreementLine(_ path: String, isJSON: Bool) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "" }
        if isJSON {
            let tail = String(decoding: data.suffix(200), as: UTF8.self)
            guard let r = tail.range(of: "\"chisq\":") else { return "" }
            let rest = tail[r.upperBound...]
            return "chisq " + String(rest.prefix { $0 != "," })
        }
        let text = String(decoding: data, as: UTF8.self)
        return text.split(separator: "\n").first { $0.hasPrefix("chisq") }.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
    }

    func selfExecutable() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// The real interpreter behind a pyenv shim, so shim start-up is not charged to lifelines.
    func resolvePython() -> String {
        let path = ((try? ChildProcess.output(["python3", "-c", "import sys; print(sys.executable)"])) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return path.isEmpty ? "python3" : path
    }
}

func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Runs argv (PATH lookup) with stdout to a file; wall time and the child's peak RSS (wait4).
func spawnMeasured(_ argv: [String], stdout: String) throws -> (status: Int32, wall: Double, maxRSSKiB: Int) {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let cargs = argv.map { strdup($0) } + [nil]
    defer { for p in cargs { free(p) } }
    var pid = pid_t()
    let started = monotonicSeconds()
    let rc = posix_spawnp(&pid, argv[0], &actions, nil, cargs, environ)
    guard rc == 0 else { throw ValidationError("cannot start \(argv[0]): \(String(cString: strerror(rc)))") }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let wall = monotonicSeconds() - started
    let exited = (status & 0x7f) == 0
    return (exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), wall, Int(usage.ru_maxrss))
}

/// Seeded synthetic cohort: arm k has exponential event times with median 8 + 1.5k months,
/// independent uniform(0, 60) censoring (staggered entry, 60-month cut-off); times in months
/// with 3 decimals, as a trial database would export them.
struct KMCohortGenerator {
    let subjects: Int, arms: Int, seed: UInt64

    func write(to path: String) throws {
        var rng = SeededRandom(state: seed)  // SplitMix64, shared with the other generators
        var out: [UInt8] = []
        out.reserveCapacity(subjects * 28)
        out.append(contentsOf: Array("SUBJID,arm,time,event\n".utf8))
        func appendInt(_ v: Int, width: Int) {
            var digits: [UInt8] = []
            var x = v
            repeat { digits.append(UInt8(48 + x % 10)); x /= 10 } while x > 0
            for _ in digits.count..<max(width, digits.count) { out.append(48) }
            out.append(contentsOf: digits.reversed())
        }
        for i in 0..<subjects {
            let arm = i % arms
            let hazard = Foundation.log(2) / (8 + 1.5 * Double(arm))
            let t = -Foundation.log(rng.uniform()) / hazard
            let c = 60 * rng.uniform()
            let observed = min(t, c)
            let millis = Int((observed * 1000).rounded())
            out.append(UInt8(ascii: "S")); appendInt(i + 1, width: 7); out.append(UInt8(ascii: ","))
            out.append(contentsOf: Array("ARM".utf8)); appendInt(arm + 1, width: 2); out.append(UInt8(ascii: ","))
            appendInt(millis / 1000, width: 1); out.append(UInt8(ascii: ".")); appendInt(millis % 1000, width: 3)
            out.append(UInt8(ascii: ",")); out.append(t <= c ? 49 : 48); out.append(10)
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(out)) else {
            throw ValidationError("cannot write \(path)")
        }
    }
}
