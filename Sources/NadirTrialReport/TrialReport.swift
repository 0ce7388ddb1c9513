import Foundation
import NadirReport
import NadirTrial

/// `nadir report`: endpoints + report model + HTML, written to a folder.
public enum TrialReport {
    public struct Output: Sendable {
        public var indexPath: String
        public var endpoints: TrialEndpoints
    }

    /// Computes the endpoints, writes RS/ADRS/ADTTE/endpoints.json and `index.html` into `out`.
    public static func write(study studyPath: String, data dataDirectory: String, scans: String?, out: String,
                             provenance: String? = nil) async throws -> Output {
        let study = try StudyDefinition.load(path: studyPath)
        let data = try TrialData.load(directory: dataDirectory)
        let endpoints = try TrialEndpoints.compute(study: study, data: data)
        return try await write(study: study, data: data, endpoints: endpoints, scans: scans, out: out, provenance: provenance)
    }

    /// The same from endpoints already computed (the demo computes them once).
    public static func write(study: StudyDefinition, data: TrialData, endpoints: TrialEndpoints, scans: String?, out: String,
                             provenance: String? = nil) async throws -> Output {
        try AnalysisDatasets.writeAll(endpoints, studyID: study.studyID, to: out)
        let model = try await TrialReportBuilder(study: study, data: data, endpoints: endpoints, scansDirectory: scans,
                                                 provenance: provenance).model()
        let url = try ReportDocument(model: model).write(to: URL(fileURLWithPath: out))
        return Output(indexPath: url.path, endpoints: endpoints)
    }

    /// Prints `index.html` to PDF with headless Chromium, when it is installed.
    public static func printPDF(index: String, to pdf: String) throws {
        guard let chromium = ["chromium", "chromium-browser", "google-chrome"].lazy.compactMap(which).first else {
            throw ReportError("--pdf needs headless Chromium, which is not installed (Debian: apt-get install -y chromium)")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: chromium)
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                       "--print-to-pdf=\(pdf)", URL(fileURLWithPath: index).absoluteString]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0, FileManager.default.fileExists(atPath: pdf) else {
            throw ReportError("Chromium could not print \(index) to \(pdf) (exit \(p.terminationStatus))")
        }
    }

    static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}

public struct ReportError: Error, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}
