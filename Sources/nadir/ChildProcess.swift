import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program as a child process and measures it the way a benchmark should: wall time
/// from spawn to exit, and the child's peak resident set size from `wait4`'s rusage.
struct ChildProcess {
    struct Measurement {
        var status: Int32
        var seconds: Double
        /// Peak RSS of the child, in KiB (`ru_maxrss`).
        var maxRSSKiB: Int
        /// CPU time of the child (user + system), seconds: stable when the machine is shared.
        var cpuSeconds: Double = 0
    }

    /// Runs `argv` (searched in PATH) to completion and returns its standard output (stderr is
    /// discarded); throws when it cannot start or exits non-zero. Not timed: for a tool's answer.
    static func output(_ argv: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = argv
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw BenchError("\(argv[0]) exited with \(p.terminationStatus)") }
        return String(decoding: data, as: UTF8.self)
    }

    /// Runs `argv` (searched in PATH), with stdout/stderr to `/dev/null` unless `quiet` is false.
    static func run(_ argv: [String], quiet: Bool = true) throws -> Measurement {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if quiet {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        let cArgs = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var pid: pid_t = 0
        let t0 = monotonicSeconds()
        let rc = posix_spawnp(&pid, argv[0], &actions, nil, cArgs, environ)
        guard rc == 0 else { throw BenchError("cannot start \(argv[0]): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        var usage = rusage()
        _ = wait4(pid, &status, 0, &usage)
        let t1 = monotonicSeconds()
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return Measurement(status: exit, seconds: t1 - t0, maxRSSKiB: Int(usage.ru_maxrss), cpuSeconds: cpu)
    }

    /// The 1-minute load average, to report how busy the machine was during a benchmark.
    static var loadAverage: Double {
        var loads = [Double](repeating: 0, count: 3)
        return getloadavg(&loads, 3) > 0 ? loads[0] : .nan
    }

    static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// The path of the running `nadir` executable.
    static var selfExecutable: String {
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        return n > 0 ? String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
