import Foundation
@testable import NadirDICOM

/// Paths and helpers shared by the NadirDICOM tests.
enum TestSupport {
    /// The repository root (this file is Tests/NadirDICOMTests/TestSupport.swift).
    static let repoRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static let sampleScans = repoRoot + "/SampleScans"
    static let oracleScript = repoRoot + "/Tests/Fixtures/dicom/pydicom_oracle.py"

    /// Every DICOM file of the committed SampleScans, relative to it, sorted.
    static let sampleFiles: [String] = {
        (try? DirectoryScanner.files(under: sampleScans))?
            .filter { $0.hasSuffix(".dcm") }
            .map { String($0.dropFirst(sampleScans.count + 1)) } ?? []
    }()

    struct ProcessResult {
        var status: Int32
        var stdout: Data
        var stderr: String
    }

    /// Runs an executable found on PATH and captures its output.
    static func run(_ executable: String, _ arguments: [String]) throws -> ProcessResult {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [executable] + arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Read before waiting so a large output cannot fill the pipe and block the child.
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return ProcessResult(status: p.terminationStatus, stdout: o, stderr: String(decoding: e, as: UTF8.self))
    }

    static func which(_ tool: String) -> Bool {
        (try? run("which", [tool]).status) == 0
    }

    /// True when python3 with pydicom is installed (scripts/install-deps.sh --test installs it).
    static let pydicomAvailable: Bool = (try? run("python3", ["-c", "import pydicom"]).status) == 0

    enum OracleError: Error, CustomStringConvertible {
        case failed(String)
        var description: String { if case .failed(let s) = self { return s }; return "" }
    }

    /// Runs the pydicom oracle script and parses its JSON output.
    static func oracle(_ arguments: [String]) throws -> Any {
        let r = try run("python3", [oracleScript] + arguments)
        guard r.status == 0 else {
            throw OracleError.failed("pydicom oracle \(arguments.prefix(2)) failed (\(r.status)): \(r.stderr)")
        }
        return try JSONSerialization.jsonObject(with: r.stdout, options: [.fragmentsAllowed])
    }

    /// pydicom's bundled test-file directory (from the installed wheel; no network).
    static let pydicomTestData: String? = {
        guard pydicomAvailable, let s = try? oracle(["testdata-dir"]) as? String else { return nil }
        return s
    }()

    /// A fresh temporary directory, removed by the caller with `cleanUp`.
    static func temporaryDirectory(_ label: String) throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("nadir-dicom-tests-\(label)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func cleanUp(_ path: String) { try? FileManager.default.removeItem(atPath: path) }
}
