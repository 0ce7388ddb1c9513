import Foundation
import Testing

/// R as an independent oracle: runs an R script with `Rscript --vanilla` and parses what it
/// prints as lines `key=v1;v2;…` (values with 17 significant digits, NA for missing).
///
/// When Rscript is absent the oracle throws, so the tests fail loudly: `scripts/test.sh`
/// installs R (`scripts/install-deps.sh --test`), and a silent skip would prove nothing.
enum ROracle {
    struct Failure: Error, CustomStringConvertible { let description: String }

    static let fixtures: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/stats")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    static func rscript() throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") + ["/usr/bin", "/usr/local/bin"] {
            let candidate = "\(dir)/Rscript"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw Failure(description: "Rscript not found on PATH: the R oracle tests need R and r-cran-survival (run scripts/install-deps.sh --test)")
    }

    /// Runs `script` and returns its `key=values` lines.
    static func run(_ script: String) throws -> [String: [Double?]] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nadir-stats-oracle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let scriptURL = dir.appendingPathComponent("oracle.R")
        let outURL = dir.appendingPathComponent("out.txt")
        let prelude = """
        suppressMessages(library(survival))
        invisible(Sys.setlocale("LC_COLLATE", "C"))
        .out <- file("\(outURL.path)", "w")
        emit <- function(key, v) {
          v <- as.numeric(v)
          s <- ifelse(is.na(v), "NA", sprintf("%.17g", v))
          cat(key, "=", paste(s, collapse = ";"), "\\n", sep = "", file = .out)
        }

        """
        try (prelude + script + "\nclose(.out)\n").write(to: scriptURL, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try rscript())
        process.arguments = ["--vanilla", scriptURL.path]
        let errPipe = Pipe()
        process.standardError = errPipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let errData = errPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "Rscript failed (\(process.terminationStatus)): \(String(decoding: errData, as: UTF8.self))")
        }
        var result: [String: [Double?]] = [:]
        for line in try String(contentsOf: outURL, encoding: .utf8).split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<eq])
            let body = line[line.index(after: eq)...]
            result[key] = body.isEmpty ? [] : body.split(separator: ";", omittingEmptySubsequences: false).map { s in
                switch s {
                case "NA", "NaN": return nil
                case "Inf": return .infinity
                case "-Inf": return -.infinity
                default: return Double(s)
                }
            }
        }
        return result
    }
}

/// |a − b| ≤ 1e-9·|b| (+1e-13 absolute for values at 0); nil matches nil, ∞ matches ∞.
func agrees(_ a: Double?, _ b: Double?, relative: Double = 1e-9) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case let (x?, y?):
        if x.isInfinite || y.isInfinite { return x == y }
        return abs(x - y) <= relative * abs(y) + 1e-13
    default: return false
    }
}

/// Records one issue per mismatching element, naming the column and the index.
func expectAgree(_ ours: [Double?], _ r: [Double?]?, _ what: String, relative: Double = 1e-9, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let r else { Issue.record("R printed no \(what)", sourceLocation: sourceLocation); return }
    guard ours.count == r.count else {
        Issue.record("\(what): \(ours.count) values, R has \(r.count)", sourceLocation: sourceLocation); return
    }
    var reported = 0
    for i in ours.indices where !agrees(ours[i], r[i], relative: relative) {
        if reported < 5 { Issue.record("\(what)[\(i)]: ours \(String(describing: ours[i])), R \(String(describing: r[i]))", sourceLocation: sourceLocation) }
        reported += 1
    }
}
