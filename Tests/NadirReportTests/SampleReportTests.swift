import Foundation
import Testing
@testable import NadirReport

/// Writes the synthetic sample report. With `NADIR_REPORT_SAMPLE_DIR` set, into that directory
/// (for scripts/report-screenshots.py); otherwise into a temporary directory that is removed.
@Test func writesSampleReport() throws {
    let model = SyntheticReportModel.model(thumbnails: try SyntheticReportModel.thumbnails())
    let environment = ProcessInfo.processInfo.environment["NADIR_REPORT_SAMPLE_DIR"]
    let directory = environment.map { URL(fileURLWithPath: $0) }
        ?? FileManager.default.temporaryDirectory.appendingPathComponent("nadir-report-\(UUID().uuidString)")
    defer { if environment == nil { try? FileManager.default.removeItem(at: directory) } }
    let report = ReportDocument(model: model)
    let file = try report.write(to: directory)
    let written = try String(contentsOf: file, encoding: .utf8)
    #expect(written == report.html())
    if environment != nil {
        // Standalone SVGs next to the page, for looking at one chart at a time.
        let charts: [(String, String)] = [("waterfall", report.waterfallPlot.svg()), ("spider", report.spiderPlot.svg()),
                                          ("swimmer", report.swimmerPlot.svg()),
                                          ("km-pfs", report.progressionFreeSurvivalPlot?.svg() ?? ""),
                                          ("km-os", report.overallSurvivalPlot?.svg() ?? "")]
        for (name, svg) in charts {
            try Data(svg.utf8).write(to: directory.appendingPathComponent("\(name).svg"))
        }
    }
}
