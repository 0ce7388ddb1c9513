import ArgumentParser
import Foundation
import NadirDICOM

/// `nadir scan DIR [--format json|table] [--jobs N]`: series metadata of every DICOM file under DIR.
struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "List the DICOM series under a directory (header-only, parallel).",
        discussion: """
            Reads every file under DIR recursively, stopping before Pixel Data, and groups the \
            instances into series ordered along the slice normal. Unreadable files are listed \
            under "errors" and the scan goes on. Exits 0 when at least one file was read.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, table
    }

    @Argument(help: "Directory to scan recursively.")
    var directory: String

    @Option(help: "Output format: json (machine-readable) or table (for people).")
    var format: Format = .json

    @Option(help: "Parallel readers (default: number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Show DCMTK's own warnings and errors on stderr.")
    var verbose = false

    func validate() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("'\(directory)' is not a directory: give the folder that holds the DICOM files")
        }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1 (try --jobs \(ProcessInfo.processInfo.activeProcessorCount))") }
    }

    func run() async throws {
        DICOMToolkit.configure(logging: verbose ? .verbose : .quiet)
        let result: ScanResult
        do {
            result = try await DirectoryScanner.scan(directory: directory, jobs: jobs)
        } catch {
            FileHandle.standardError.write(Data("nadir scan: \(error)\n".utf8))
            throw ExitCode(1)
        }
        switch format {
        case .json: print(result.json(), terminator: "")
        case .table: print(result.table(), terminator: "")
        }
        if result.filesRead == 0 {
            let total = result.errors.count
            FileHandle.standardError.write(Data("nadir scan: no readable DICOM file under \(directory) (\(total) file\(total == 1 ? "" : "s") tried)\n".utf8))
            throw ExitCode(1)
        }
    }
}
