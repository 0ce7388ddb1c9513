import ArgumentParser
import Foundation
import NadirDICOM
#if canImport(Glibc)
import Glibc
#endif

/// `nadir bench scan`: header scan of a tree of copies of the SampleScans, `nadir scan` against
/// pydicom `dcmread(stop_before_pixels=True)` and one `dcmdump` run over the same tree, in one
/// session, at each tree size. Each tool runs as its own process so its wall time and peak RSS
/// (getrusage via wait4) are its own. Protocol and figures: docs/benchmarks-dicom.md.
struct BenchScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Benchmark `nadir scan` against pydicom and dcmdump on copies of SampleScans."
    )

    @Option(name: .customLong("files"), help: "Tree sizes to test (repeatable).")
    var sizes: [Int] = [5_000, 20_000]

    @Option(help: "Directory of DICOM files to copy (every .dcm under it).")
    var source: String = "SampleScans"

    @Option(help: "Working directory for the trees.")
    var dir: String = "/tmp/nadir-bench-scan"

    @Option(help: "Runs per tool and size; the median wall time and the largest peak RSS are reported.")
    var runs: Int = 3

    @Option(help: "Parallel readers for `nadir scan` (a --jobs 1 row is always added).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "The pydicom peer script.")
    var pydicomScript: String = "scripts/bench/dicom_scan_pydicom.py"

    @Flag(help: "Keep the trees afterwards.") var keep = false
    @Flag(help: "Skip pydicom.") var skipPydicom = false
    @Flag(help: "Skip dcmdump.") var skipDcmdump = false

    func validate() throws {
        guard !sizes.isEmpty, sizes.allSatisfy({ $0 >= 1 }) else { throw ValidationError("--files must be at least 1") }
        guard runs >= 1, jobs >= 1 else { throw ValidationError("--runs and --jobs must be at least 1") }
    }

    func run() async throws {
        let sourceFiles = try DirectoryScanner.files(under: source).filter { $0.hasSuffix(".dcm") }
        guard !sourceFiles.isEmpty else { throw ValidationError("no .dcm files under \(source)") }
        let me = ScanBench.executablePath()
        print("nadir bench scan: \(sourceFiles.count) source files from \(source), sizes \(sizes), \(runs) runs, \(ProcessInfo.processInfo.activeProcessorCount) cores")
        // Wall time and CPU time (user + sys) are both reported: on a shared machine other processes
        // take CPU from the tools, which inflates wall time but not CPU time.
        print("| files | tool | wall s (median) | files/s wall | × pydicom wall | CPU s (median) | files/CPU-s | × pydicom CPU | peak RSS MB |")
        print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
        for n in sizes {
            let tree = "\(dir)/tree-\(n)"
            try ScanBench.buildTree(at: tree, files: n, from: sourceFiles)
            ScanBench.warmPageCache(tree)
            var tools: [(name: String, argv: [String], parsesSeconds: Bool)] = [
                ("nadir scan --jobs \(jobs)", [me, "scan", tree, "--format", "json", "--jobs", String(jobs)], false),
            ]
            if jobs != 1 { tools.append(("nadir scan --jobs 1", [me, "scan", tree, "--format", "json", "--jobs", "1"], false)) }
            if !skipPydicom { tools.append(("pydicom 3 dcmread(stop_before_pixels=True)", ["python3", pydicomScript, tree], true)) }
            if !skipDcmdump { tools.append(("dcmdump +sd +r (one process)", ["dcmdump", "-q", "+sd", "+r", "+P", "0020,000e", tree], false)) }
            var results: [(name: String, seconds: Double, cpu: Double, rssMB: Double)] = []
            for tool in tools {
                var times: [Double] = []
                var cpus: [Double] = []
                var rss = 0.0
                for _ in 0 ..< runs {
                    let r = try ScanBench.measure(tool.argv, captureStdout: tool.parsesSeconds)
                    var seconds = r.wallSeconds
                    var cpu = r.cpuSeconds
                    // The pydicom row reports its own in-process times, so interpreter start-up and
                    // `import pydicom` do not count against it; its RSS is the whole process's.
                    if tool.parsesSeconds, let t = ScanBench.jsonNumber(r.stdout, "seconds"),
                       let c = ScanBench.jsonNumber(r.stdout, "cpu") {
                        seconds = t
                        cpu = c
                    }
                    times.append(seconds)
                    cpus.append(cpu)
                    rss = max(rss, r.peakRSSMB)
                }
                times.sort()
                cpus.sort()
                results.append((tool.name, times[times.count / 2], cpus[cpus.count / 2], rss))
            }
            let pydicom = results.first { $0.name.hasPrefix("pydicom") }
            for r in results {
                let rate = Double(n) / r.seconds
                let cpuRate = Double(n) / r.cpu
                let ratio = pydicom.map { String(format: "%.1f", rate / (Double(n) / $0.seconds)) } ?? "-"
                let cpuRatio = pydicom.map { String(format: "%.1f", cpuRate / (Double(n) / $0.cpu)) } ?? "-"
                print(String(format: "| %d | %@ | %.3f | %.0f | %@ | %.3f | %.0f | %@ | %.1f |",
                             n, r.name, r.seconds, rate, ratio, r.cpu, cpuRate, cpuRatio, r.rssMB))
            }
            if !keep { try? FileManager.default.removeItem(atPath: tree) }
        }
    }
}

/// Helpers for the scan benchmark (names kept private to this file).
private enum ScanBench {
    static func executablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// `files` copies of the source files, round-robin, 500 per directory (like a PACS export).
    static func buildTree(at tree: String, files n: Int, from sources: [String]) throws {
        let fm = FileManager.default
        if let existing = try? DirectoryScanner.files(under: tree), existing.count == n { return }
        try? fm.removeItem(atPath: tree)
        for i in 0 ..< n {
            let sub = String(format: "%@/d%03d", tree, i / 500)
            if i % 500 == 0 { try fm.createDirectory(atPath: sub, withIntermediateDirectories: true) }
            try fm.copyItem(atPath: sources[i % sources.count], toPath: String(format: "%@/f%06d.dcm", sub, i))
        }
    }

    /// Reads every byte once so all tools start from a warm page cache.
    static func warmPageCache(_ tree: String) {
        for f in (try? DirectoryScanner.files(under: tree)) ?? [] { _ = FileManager.default.contents(atPath: f) }
    }

    struct Measurement {
        var wallSeconds: Double
        /// User + system CPU time of the child (getrusage via wait4).
        var cpuSeconds: Double
        var peakRSSMB: Double
        var stdout: String
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Runs argv (PATH lookup) with stdout to /dev/null or a temp file, waits with wait4 and returns
    /// the wall time and the child's own peak resident set size (ru_maxrss, KiB on Linux).
    static func measure(_ argv: [String], captureStdout: Bool) throws -> Measurement {
        let out = captureStdout ? FileManager.default.temporaryDirectory.appendingPathComponent("nadir-bench-\(UUID().uuidString)").path : "/dev/null"
        defer { if captureStdout { try? FileManager.default.removeItem(atPath: out) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        var pid: pid_t = 0
        let start = now()
        let rc = posix_spawnp(&pid, argv[0], &actions, nil, cArgs, environ)
        guard rc == 0 else { throw ValidationError("cannot start \(argv[0]): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        var usage = rusage()
        _ = wait4(pid, &status, 0, &usage)
        let elapsed = now() - start
        let stdout = captureStdout ? ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "") : ""
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return Measurement(wallSeconds: elapsed, cpuSeconds: cpu, peakRSSMB: Double(usage.ru_maxrss) / 1024, stdout: stdout)
    }

    static func jsonNumber(_ text: String, _ key: String) -> Double? {
        guard let data = text.split(separator: "\n").last.map({ Data($0.utf8) }),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return object[key] as? Double
    }
}
