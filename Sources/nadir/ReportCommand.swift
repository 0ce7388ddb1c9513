import ArgumentParser
import Foundation
import NadirTrialReport

/// `nadir report`: the self-contained trial report (one index.html, inline SVG, no JavaScript).
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the trial report: endpoints, waterfall/spider/swimmer/Kaplan–Meier plots, AE tables, one page per patient.")

    @Option(help: ArgumentHelp("Study definition (JSON).", valueName: "STUDY")) var study: String
    @Option(help: ArgumentHelp("Directory with TU, TR, DM (AE, LT) CSV files.", valueName: "DIR")) var data: String
    @Option(help: ArgumentHelp("DICOM directory: patients whose PatientID matches a USUBJID get slice thumbnails.", valueName: "DIR")) var scans: String?
    @Option(help: ArgumentHelp("Output directory (index.html, RS/ADRS/ADTTE, endpoints.json).", valueName: "DIR")) var out: String
    @Flag(help: "Also print the report to report.pdf with headless Chromium.") var pdf = false

    func run() async throws {
        do {
            let output = try await TrialReport.write(study: study, data: data, scans: scans, out: out,
                                                     provenance: "Nadir \(NadirVersion.current) · \(study)")
            print("Report: \(output.indexPath)")
            if pdf {
                try TrialReport.printPDF(index: output.indexPath, to: out + "/report.pdf")
                print("PDF:    \(out)/report.pdf")
            }
        } catch {
            stderrWrite("nadir report: \(error)\n")
            throw ExitCode(2)
        }
    }
}

/// `nadir demo`: the main job end to end on the bundled SampleScans and seed study.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run Nadir end to end on the bundled data: sample scans → scan → seed study → re-score → endpoints → report.")

    @Option(help: "Sample scans directory (verified, or generated when missing).") var scans = "SampleScans"
    @Option(name: .customLong("study-dir"), help: "Seed study directory (study.json and demo/).") var studyDir = "seeds/lmx-rrst-01"
    @Option(help: "Output directory.") var out = "nadir-demo"
    @Flag(help: "Also print the report to PDF with headless Chromium.") var pdf = false

    func run() async throws {
        let pipeline = DemoPipeline(scansDirectory: scans, studyDirectory: studyDir, outputDirectory: out, pdf: pdf)
        let terminal = isatty(1) != 0
        do {
            let summary = try await pipeline.run { event in
                switch event {
                case .stepStarted(let i, let n, let title):
                    let bar = String(repeating: "█", count: i - 1) + String(repeating: "░", count: n - i + 1)
                    stdoutWrite("[\(bar)] \(i)/\(n) \(title) …" + (terminal ? "" : "\n"))
                case .stepFinished(_, let detail, let seconds):
                    stdoutWrite((terminal ? " " : "      ") + "done in \(String(format: "%.1f", seconds)) s: \(detail)\n")
                }
            }
            let e = summary.endpoints
            func pct(_ x: Double) -> String { String(format: "%.1f", x) }
            print("")
            print("\(e.studyID) (synthetic demonstration data), data cut-off \(e.dataCutoff)")
            print("  ORR  \(e.orr.count)/\(e.orr.n) = \(pct(e.orr.percent)) % (95 % CI \(pct(100 * e.orr.lower))–\(pct(100 * e.orr.upper))), one-sided exact p = \(String(format: "%.4g", e.orr.pValueOneSided ?? .nan)) vs historical \(pct(100 * (e.orr.p0 ?? 0))) %")
            print("  DCR  \(e.dcr.count)/\(e.dcr.n) = \(pct(e.dcr.percent)) %   local treatment eligible \(e.localTreatment.count)/\(e.localTreatment.n)")
            let m = { (d: Double?) in d.map { String(format: "%.1f months", $0 / 30.4375) } ?? "not reached" }
            print("  PFS  median \(m(e.pfs.medianDays)) (\(e.pfs.events) events)   OS median \(m(e.os.medianDays)) (\(e.os.events) deaths)")
            print("  Grade ≥ 3 adverse events in \(e.adverseEvents.anyGrade.first?.grade3OrHigher ?? 0) of \(e.adverseEvents.safetyPopulation) patients")
            print("")
            print("Report: \(summary.reportPath)")
            if let p = summary.pdfPath { print("PDF:    \(p)") }
        } catch {
            if terminal { stdoutWrite("\n") }
            stderrWrite("nadir demo: \(error)\n")
            throw ExitCode(2)
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// Unbuffered standard output, so progress lines appear as each step starts.
func stdoutWrite(_ s: String) {
    var s = s
    s.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
}
