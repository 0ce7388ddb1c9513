import Foundation
import Synchronization

/// A file the scan could not use, and why.
public struct ScanFailure: Sendable, Hashable {
    public var file: String
    public var error: DICOMError
}

/// The result of scanning a directory tree: series found and files that could not be read.
public struct ScanResult: Sendable {
    public var series: [Series]
    public var errors: [ScanFailure]
    /// Files read successfully (the instances of all series).
    public var filesRead: Int { series.reduce(0) { $0 + $1.instances.count } }
}

/// Recursive, parallel, header-only reading of a directory tree.
public enum DirectoryScanner {
    /// Every regular file under `directory` (recursively, following no symbolic links to
    /// directories), sorted by path. Symbolic links to files are listed, and fail later if dangling.
    public static func files(under directory: String) throws(DICOMError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .notADirectory(path: directory)
        }
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else {
            throw .notADirectory(path: directory)
        }
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        var result: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let full = base + "/" + relative
            var isDir: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: full, isDirectory: &isDir)
            if exists && isDir.boolValue { continue }
            result.append(full)
        }
        return result.sorted()
    }

    /// Reads the header (stop before Pixel Data) of every file under `directory` with `jobs`
    /// parallel workers, and groups the readable ones into series. A file that cannot be read goes
    /// to `errors`; the scan itself only throws when `directory` is not a directory.
    ///
    /// Each DCMTK handle is created, read and closed inside one worker, so no handle is shared
    /// between threads. Workers run on Swift's cooperative pool, so more jobs than cores only
    /// interleave.
    public static func scan(directory: String, jobs: Int = ProcessInfo.processInfo.activeProcessorCount) async throws(DICOMError) -> ScanResult {
        let paths = try files(under: directory)
        return await scan(files: paths, jobs: jobs)
    }

    /// Reads and groups the given files (see `scan(directory:jobs:)`).
    public static func scan(files paths: [String], jobs: Int = ProcessInfo.processInfo.activeProcessorCount) async -> ScanResult {
        DICOMToolkit.ensureInitialised()
        let next = Counter()
        let workers = max(1, min(jobs, paths.count))
        let outcomes = await withTaskGroup(of: [(Int, Result<InstanceHeader, DICOMError>)].self) { group in
            for _ in 0 ..< workers {
                group.addTask {
                    var mine: [(Int, Result<InstanceHeader, DICOMError>)] = []
                    while true {
                        let i = next.take()
                        if i >= paths.count { break }
                        do throws(DICOMError) {
                            mine.append((i, .success(try InstanceHeader.read(path: paths[i], mode: .headerOnly))))
                        } catch {
                            mine.append((i, .failure(error)))
                        }
                    }
                    return mine
                }
            }
            var all: [(Int, Result<InstanceHeader, DICOMError>)] = []
            for await part in group { all += part }
            return all.sorted { $0.0 < $1.0 }
        }
        var headers: [InstanceHeader] = []
        var errors: [ScanFailure] = []
        headers.reserveCapacity(outcomes.count)
        for (i, outcome) in outcomes {
            switch outcome {
            case .success(let h): headers.append(h)
            case .failure(let e): errors.append(ScanFailure(file: paths[i], error: e))
            }
        }
        return ScanResult(series: Series.group(headers), errors: errors)
    }
}

/// A shared work index for the scan's workers.
private final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    func take() -> Int { value.add(1, ordering: .relaxed).oldValue }
}
