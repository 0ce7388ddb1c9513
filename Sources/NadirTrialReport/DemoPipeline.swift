import Foundation
import NadirDICOM
import NadirTrial

/// Nadir's main job on its bundled data: sample scans → scan → seed study → re-score →
/// endpoints → report. Each step reports progress through `progress`.
public struct DemoPipeline {
    public var scansDirectory: String
    public var studyDirectory: String
    public var outputDirectory: String
    public var pdf: Bool

    public init(scansDirectory: String = "SampleScans", studyDirectory: String = "seeds/lmx-rrst-01",
                outputDirectory: String = "nadir-demo", pdf: Bool = false) {
        self.scansDirectory = scansDirectory; self.studyDirectory = studyDirectory
        self.outputDirectory = outputDirectory; self.pdf = pdf
    }

    public enum Event: Sendable {
        case stepStarted(index: Int, count: Int, title: String)
        case stepFinished(index: Int, detail: String, seconds: Double)
    }

    public struct Summary: Sendable {
        public var reportPath: String
        public var pdfPath: String?
        public var endpoints: TrialEndpoints
        public var seriesScanned: Int
        public var filesScanned: Int
    }

    public func run(progress: @Sendable (Event) -> Void) async throws -> Summary {
        let steps = pdf ? 6 : 5
        var step = 0
        func timed<T>(_ title: String, _ body: () async throws -> (T, String)) async throws -> T {
            step += 1
            progress(.stepStarted(index: step, count: steps, title: title))
            let t0 = Date()
            let (value, detail) = try await body()
            progress(.stepFinished(index: step, detail: detail, seconds: Date().timeIntervalSince(t0)))
            return value
        }
        guard FileManager.default.fileExists(atPath: studyDirectory + "/study.json") else {
            throw ReportError("no seed study at \(studyDirectory)/study.json: run from the repository root, or pass --study-dir")
        }
        try await timed("Sample scans (\(scansDirectory))") {
            if FileManager.default.fileExists(atPath: scansDirectory + "/truth.json") {
                // Verified against a fresh generation; a mismatch is reported, not fatal: the
                // files are still valid DICOM, but their lesion truth may no longer hold.
                let v = try SampleScans.verify(directory: scansDirectory)
                return ((), v.matches ? "verified \(v.checked) files against the generator"
                    : "WARNING: \(v.mismatches.count) of \(v.checked) files differ from the generator (first: \(v.mismatches[0]))")
            }
            let m = try SampleScans.generate(to: scansDirectory)
            return ((), "generated \(m.files.count) files")
        }
        let scan = try await timed("Scanning DICOM headers (DCMTK)") {
            let r = try await DirectoryScanner.scan(directory: scansDirectory)
            let patients = Set(r.series.compactMap(\.patientID)).count
            return (r, "\(r.series.count) series, \(patients) patients, \(r.series.reduce(0) { $0 + $1.instances.count }) images, \(r.errors.count) other files skipped (not DICOM or unreadable)")
        }
        let (study, data, endpoints) = try await timed("Re-scoring the seed study (RECIST 1.1) and computing endpoints") {
            let study = try StudyDefinition.load(path: studyDirectory + "/study.json")
            let data = try TrialData.load(directory: studyDirectory + "/demo")
            let e = try TrialEndpoints.compute(study: study, data: data)
            return ((study, data, e), "\(e.populations.enrolled) patients, \(e.evaluations.reduce(0) { $0 + $1.timepoints.count }) timepoints scored")
        }
        let output = try await timed("Writing RS, ADRS, ADTTE and the report") {
            let o = try await TrialReport.write(study: study, data: data, endpoints: endpoints, scans: scansDirectory, out: outputDirectory,
                                                provenance: "Nadir \(NadirVersion.current) · \(studyDirectory) · synthetic demonstration data")
            return (o, o.indexPath)
        }
        var pdfPath: String? = nil
        if pdf {
            pdfPath = try await timed("Printing the report to PDF (headless Chromium)") {
                let p = outputDirectory + "/report.pdf"
                try TrialReport.printPDF(index: output.indexPath, to: p)
                return (p, p)
            }
        }
        try await timed("Checking the report against the endpoints") {
            let html = try String(contentsOfFile: output.indexPath, encoding: .utf8)
            let orr = output.endpoints.orr
            guard html.contains("\(orr.count)/\(orr.n)") || html.contains("\(orr.count) / \(orr.n)") || html.contains(">\(orr.count)<") else {
                throw ReportError("the report does not show ORR \(orr.count)/\(orr.n)")
            }
            return ((), "ORR \(orr.count)/\(orr.n) shown")
        }
        return Summary(reportPath: output.indexPath, pdfPath: pdfPath, endpoints: output.endpoints,
                       seriesScanned: scan.series.count, filesScanned: scan.series.reduce(0) { $0 + $1.instances.count })
    }
}

public enum NadirVersion {
    public static let current = "0.1.0"
}
