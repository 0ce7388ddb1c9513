import NadirCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where one thread of a streaming `nadir rescore` run writes RS rows as it scores subjects, so
/// that serialising RS overlaps parsing and the run does not keep every subject's evaluation.
///
/// Rows go to a part file in 1 MiB writes. The subject at the open end of the thread's range
/// of TR (the last one for the first half, the first one for the second half) is held back in
/// memory: it may be the subject whose rows straddle the cut, which is scored again from both
/// halves. The sink also records what the run needs to trust its output: subject ids in
/// strictly increasing order (RS is written in `USUBJID` order) and how many were written.
final class ResponseSink: @unchecked Sendable {  // used by one thread at a time, handed over at join
    let path: String
    private(set) var fd: Int32
    /// Hold back the first subject (second half) instead of only the last (first half).
    let holdFirst: Bool
    private(set) var heldFirst: [UInt8] = []
    /// Bytes not yet written; the last subject's start at `lastStart`.
    private(set) var pending: [UInt8] = []
    private(set) var lastStart = 0
    private(set) var count = 0
    private(set) var firstID: String?
    private(set) var secondID: String?
    private(set) var lastButOneID: String?
    private(set) var lastID: String?
    /// Subject ids came in strictly increasing order.
    private(set) var sorted = true
    /// `errno` of a failed write (the run then falls back to writing at the end).
    private(set) var writeError: Int32 = 0
    private var kept = false

    static let flushSize = 1 << 20

    init(path: String, holdFirst: Bool, header: [UInt8] = []) throws(InputError) {
        self.path = path
        self.holdFirst = holdFirst
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw InputError(file: path, message: "cannot write: \(String(cString: strerror(errno)))") }
        pending.reserveCapacity(Self.flushSize + 64 << 10)
        pending += header
        lastStart = pending.count
    }

    deinit {
        if fd >= 0 { close(fd) }
        if !kept { unlink(path) }
    }

    func add(_ e: SubjectEvaluation) {
        if let last = lastID, !(last < e.subjectID) { sorted = false }
        count += 1
        if count == 1 { firstID = e.subjectID } else if count == 2 { secondID = e.subjectID }
        lastButOneID = lastID
        lastID = e.subjectID
        if holdFirst && count == 1 {
            ResponseRecord.appendCSV(for: e, to: &heldFirst)
            return
        }
        lastStart = pending.count
        ResponseRecord.appendCSV(for: e, to: &pending)
        if lastStart >= Self.flushSize {
            write(pending, upTo: lastStart)
            pending.removeFirst(lastStart)
            lastStart = 0
        }
    }

    /// Writes `bytes[0..<count]` to the part file.
    func write(_ bytes: [UInt8], upTo count: Int) {
        guard writeError == 0 else { return }
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    writeError = errno
                    return
                }
                offset += n
            }
        }
    }

    /// Appends another part file's contents (in the kernel where it can: `sendfile`).
    func append(contentsOf other: ResponseSink) {
        guard writeError == 0 else { return }
        let source = open(other.path, O_RDONLY)
        guard source >= 0 else { writeError = errno; return }
        defer { close(source) }
        var copyInKernel = true
        var scratch: [UInt8] = []
        while true {
            if copyInKernel {
                let n = sendfile(fd, source, nil, 1 << 30)
                if n > 0 { continue }
                if n == 0 { return }
                if errno == EINTR { continue }
                if errno != ENOSYS && errno != EINVAL { writeError = errno; return }
                copyInKernel = false
                scratch = [UInt8](repeating: 0, count: Self.flushSize)
            }
            let n = scratch.withUnsafeMutableBytes { read(source, $0.baseAddress!, $0.count) }
            if n == 0 { return }
            if n < 0 {
                if errno == EINTR { continue }
                writeError = errno; return
            }
            write(scratch, upTo: n)
            if writeError != 0 { return }
        }
    }

    /// Syncs and renames the part file over `destination`; it is then no longer removed.
    func commit(as destination: String) throws(InputError) {
        if writeError == 0 && fsync(fd) != 0 { writeError = errno }
        close(fd)
        fd = -1
        guard writeError == 0, rename(path, destination) == 0 else {
            let code = writeError != 0 ? writeError : errno
            throw InputError(file: destination, message: "cannot write: \(String(cString: strerror(code)))")
        }
        kept = true
    }
}
