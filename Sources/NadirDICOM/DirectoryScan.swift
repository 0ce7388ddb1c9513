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
    /// Every file under `directory` (recursively; symbolic links to directories are skipped, not
    /// followed), sorted by path. Symbolic links to files are listed, and fail later if dangling.
    public static func files(under directory: String) throws(DICOMError) -> [String] {
        var st = stat()
        guard stat(directory, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else {
            throw .notADirectory(path: directory)
        }
        let base = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        var result: [String] = []
        walk(base, into: &result)
        return result.sorted()
    }

    /// readdir-based walk (FileManager's enumerator stat()s every entry; d_type usually spares that).
    /// Unreadable subdirectories are skipped, like `find` does after its warning.
    private static func walk(_ dir: String, into result: inout [String]) {
        guard let d = opendir(dir) else { return }
        defer { closedir(d) }
        while let entry = readdir(d) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let full = dir + "/" + name
            var isDirectory = false
            let type = Int32(entry.pointee.d_type)
            if type == Int32(DT_DIR) {
                isDirectory = true
            } else if type == Int32(DT_LNK) {
                // Links to directories are skipped, not followed (no cycles); links to files are
                // listed and fail later if they dangle.
                var st = stat()
                if stat(full, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR { continue }
            } else if type == Int32(DT_UNKNOWN) {
                // Some file systems do not fill d_type. lstat: links to directories are not followed.
                var st = stat()
                if lstat(full, &st) == 0 { isDirectory = (st.st_mode & S_IFMT) == S_IFDIR }
            }
            if isDirectory { walk(full, into: &result) } else { result.append(full) }
        }
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
        typealias Outcome = (index: Int, result: Result<InstanceHeader, DICOMError>)
        // Each worker collects its own outcomes; they are moved into place by index afterwards, so
        // no mutable state is shared between workers (only the atomic work counter).
        var slots = [Result<InstanceHeader, DICOMError>?](repeating: nil, count: paths.count)
        await withTaskGroup(of: [Outcome].self) { group in
            for _ in 0 ..< workers {
                group.addTask {
                    var mine: [Outcome] = []
                    let interner = Interner()
                    while true {
                        let i = next.take()
                        if i >= paths.count { break }
                        do throws(DICOMError) {
                            let f = try DICOMFile(path: paths[i], mode: .headerOnly)
                            mine.append((i, .success(try InstanceHeader.read(from: f, interner: interner))))
                        } catch {
                            mine.append((i, .failure(error)))
                        }
                    }
                    return mine
                }
            }
            for await part in group {
                for o in part { slots[o.index] = o.result }
            }
        }
        var headers: [InstanceHeader] = []
        var errors: [ScanFailure] = []
        headers.reserveCapacity(paths.count)
        for (i, slot) in slots.enumerated() {
            switch slot {
            case .success(let h)?: headers.append(h)
            case .failure(let e)?: errors.append(ScanFailure(file: paths[i], error: e))
            case nil: break
            }
        }
        slots = []
        return ScanResult(series: Series.group(headers), errors: errors)
    }
}

/// A shared work index for the scan's workers.
private final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    func take() -> Int { value.add(1, ordering: .relaxed).oldValue }
}
