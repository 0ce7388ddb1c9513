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
        // Workers hand their outcomes over in batches of 256 into per-series buckets behind a Mutex,
        // so at most one copy of the headers (plus one batch per worker) is alive at a time: memory
        // per file is what a big scan costs. DCMTK handles never leave their worker.
        let collected = Collector()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0 ..< workers {
                group.addTask {
                    var batch: [Outcome] = []
                    batch.reserveCapacity(256)
                    let interner = Interner()
                    while true {
                        let i = next.take()
                        if i < paths.count {
                            do throws(DICOMError) {
                                let f = try DICOMFile(path: paths[i], mode: .headerOnly)
                                batch.append((i, .success(try InstanceHeader.read(from: f, interner: interner))))
                            } catch {
                                batch.append((i, .failure(error)))
                            }
                        }
                        if batch.count == 256 || (i >= paths.count && !batch.isEmpty) {
                            let full = batch
                            batch.removeAll(keepingCapacity: true)
                            collected.state.withLock { c in
                                for o in full {
                                    switch o.result {
                                    case .success(let h): c.buckets[h.seriesInstanceUID, default: []].append(h)
                                    case .failure(let e): c.failures.append((o.index, ScanFailure(file: paths[o.index], error: e)))
                                    }
                                }
                            }
                        }
                        if i >= paths.count { break }
                    }
                }
            }
        }
        var (buckets, failures) = collected.state.withLock { c in
            let taken = (c.buckets, c.failures)
            c = Collected()
            return taken
        }
        var series: [Series] = []
        series.reserveCapacity(buckets.count)
        for uid in Array(buckets.keys) {
            if let members = buckets.removeValue(forKey: uid) { series.append(Series(instances: members)) }
        }
        series.sort(by: Series.displayOrder)
        failures.sort { $0.index < $1.index }
        return ScanResult(series: series, errors: failures.map(\.failure))
    }
}

/// What the scan's workers hand over: headers grouped by Series Instance UID, and failures with
/// their position in the input list.
private struct Collected: Sendable {
    var buckets: [String: [InstanceHeader]] = [:]
    var failures: [(index: Int, failure: ScanFailure)] = []
}

/// The Mutex-protected hand-over point of the scan's workers.
private final class Collector: Sendable {
    let state = Mutex<Collected>(Collected())
}

/// A shared work index for the scan's workers.
private final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    func take() -> Int { value.add(1, ordering: .relaxed).oldValue }
}
