import Foundation
import Testing
@testable import NadirReport

/// The sample report opened in headless Chromium by scripts/report-screenshots.py: no console
/// error, no network request, every plot non-blank. Runs where the browser stack is installed
/// (`scripts/install-deps.sh --test`); elsewhere it is reported as skipped, not passed.
enum BrowserEnvironment {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

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

    static var available: Bool {
        let fm = FileManager.default
        guard fm.isExecutableFile(atPath: "/usr/bin/chromium"),
              fm.isExecutableFile(atPath: "/usr/bin/chromedriver") || fm.isExecutableFile(atPath: "/usr/lib/chromium/chromedriver")
        else { return false }
        return run(["python3", "-c", "import selenium"]).status == 0
    }
}

@Test(.enabled(if: BrowserEnvironment.available, "needs chromium, chromium-driver and python3 with selenium"),
      .timeLimit(.minutes(2)))
func sampleReportRendersInHeadlessChromium() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nadir-browser-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let index = try ReportDocument(model: SyntheticReportModel.model(thumbnails: try SyntheticReportModel.thumbnails()))
        .write(to: directory)
    let script = BrowserEnvironment.repositoryRoot.appendingPathComponent("scripts/report-screenshots.py").path
    let png = directory.appendingPathComponent("png")
    let result = BrowserEnvironment.run(["python3", script, index.path, "--out", png.path])
    #expect(result.status == 0, "\(result.output)")
    for id in [ReportDocument.PlotID.waterfall, ReportDocument.PlotID.spider, ReportDocument.PlotID.swimmer,
               ReportDocument.PlotID.progressionFreeSurvival, ReportDocument.PlotID.overallSurvival] {
        #expect(FileManager.default.fileExists(atPath: png.appendingPathComponent("\(id).png").path), "\(id).png")
    }
}
