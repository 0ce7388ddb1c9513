import Foundation
import Testing
@testable import NadirTrialReport

enum Browser {
    static func run(_ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (-1, "\(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// In CI (`CI=true`) the browser stack is installed by scripts/test.sh, so the test must run
    /// there; on a developer machine without Chromium it is skipped, not passed.
    static var shouldRun: Bool {
        if ProcessInfo.processInfo.environment["CI"] == "true" { return true }
        return FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") && run(["python3", "-c", "import selenium"]).status == 0
    }
}

/// The demo's report in a real browser: no console error, no network request, every plot drawn.
@Test(.enabled(if: Browser.shouldRun, "needs chromium, chromium-driver and python3 with selenium"), .timeLimit(.minutes(3)))
func demoReportRendersInHeadlessChromium() async throws {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("nadir-demo-browser-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: out) }
    let o = try await TrialReport.write(study: Paths.study, data: Paths.demo, scans: Paths.scans, out: out)
    let result = Browser.run(["python3", Paths.root + "/scripts/report-screenshots.py", o.indexPath, "--out", out + "/png"])
    #expect(result.status == 0, "\(result.output)")
    for id in ["plot-waterfall", "plot-spider", "plot-swimmer", "plot-km-pfs", "plot-km-os"] {
        #expect(FileManager.default.fileExists(atPath: out + "/png/\(id).png"), "\(id).png")
    }
}
