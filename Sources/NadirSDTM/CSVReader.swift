#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An error in an input file, naming the file, the line (the header is line 1) and the field.
public struct InputError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var field: String?
    public var message: String

    public init(file: String, line: Int? = nil, field: String? = nil, message: String) {
        self.file = file; self.line = line; self.field = field; self.message = message
    }

    public var description: String {
        var s = file
        if let line { s += ", row \(line)" }
        if let field { s += ", \(field)" }
        return "\(s): \(message)"
    }
}

/// Several input errors at once (the first ones found; a run stops collecting after a limit).
public struct InputErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [InputError]
    public var truncated: Bool
    public init(_ errors: [InputError], truncated: Bool = false) { self.errors = errors; self.truncated = truncated }
    public var description: String {
        errors.map(\.description).joined(separator: "\n") + (truncated ? "\n… (more errors not shown)" : "")
    }
}

/// A streaming CSV reader over raw bytes (RFC 4180: quoted fields, doubled quotes, CRLF or LF).
///
/// It reads the file in large chunks and hands each row to a closure as byte ranges into its
/// buffer, so a multi-million-row file is parsed without a `String` per field and without
/// holding the file in memory. Header names are matched case-insensitively.
public final class CSVReader {
    public let path: String
    public private(set) var header: [String] = []
    private let fd: Int32
    private var buffer: UnsafeMutableRawBufferPointer
    private var start = 0      // first unconsumed byte
    private var end = 0        // one past the last valid byte
    private var eof = false
    private var line = 1       // line number of the row being parsed (header = 1)
    private var nextLine = 1
    /// Byte offset (in the file) of `buffer[0]`.
    private var bufferFileOffset = 0
    /// Field boundaries of the row being parsed (raw memory: no uniqueness or bounds checks in
    /// the byte loop); grown when a row has more fields.
    private var fieldCapacity = 64
    private var fieldStarts = UnsafeMutablePointer<Int>.allocate(capacity: 64)
    private var fieldEnds = UnsafeMutablePointer<Int>.allocate(capacity: 64)
    private var fieldQuoted = UnsafeMutablePointer<Bool>.allocate(capacity: 64)

    /// Sees every byte of the file as it is read, in order (header included), once: lets a
    /// caller hash exactly the bytes it parsed (`nadir import sdtm` records the SHA-256 of
    /// each file it imports) without reading the file twice or racing a writer.
    private let onRead: ((UnsafeRawBufferPointer) -> Void)?

    /// Opens `path` and reads its header row. `onRead`, when given, is called with each block
    /// of bytes as it is read from the file (not for re-reads after `forEachRow(from:to:…)`
    /// seeks: use it with one sequential pass).
    public init(path: String, chunkSize: Int = 1 << 22, onRead: ((UnsafeRawBufferPointer) -> Void)? = nil) throws(InputError) {
        self.path = path
        self.onRead = onRead
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw InputError(file: path, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        self.fd = fd
        self.buffer = .allocate(byteCount: chunkSize, alignment: 16)
        var headerFields: [String] = []
        var gotHeader = false
        do {
            try forEachRowInternal(limit: 1) { row in
                headerFields = (0..<row.count).map { row.string($0).uppercased() }
                gotHeader = true
            }
        } catch {
            // Every stored property is initialised here, so `deinit` closes and frees.
            throw InputError(file: path, line: 1, message: "unreadable header: \(error)")
        }
        guard gotHeader, !(headerFields.count == 1 && headerFields[0].isEmpty) else {
            throw InputError(file: path, line: 1, message: "empty file: a header row is required")
        }
        // Strip a UTF-8 byte order mark from the first column name.
        if let first = headerFields.first, first.hasPrefix("\u{FEFF}") {
            headerFields[0] = String(first.dropFirst())
        }
        self.header = headerFields
        self.dataOffset = bufferFileOffset + start
        var st = stat()
        self.fileSize = fstat(fd, &st) == 0 ? Int(st.st_size) : 0
    }

    /// Byte offset where the data rows start (just after the header).
    public private(set) var dataOffset = 0
    /// Size of the file in bytes when it was opened.
    public private(set) var fileSize = 0

    /// About how many data rows the file has: newlines in the first buffer, extrapolated to the
    /// file size (exact when the file fits in one buffer), at most 2²¹. For reserving capacity
    /// only.
    public var estimatedRows: Int {
        let base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var newlines = 0
        for k in start..<end where base[k] == 0x0A { newlines += 1 }
        let scanned = end - start
        guard scanned > 0 else { return 0 }
        if eof || bufferFileOffset + end >= fileSize { return newlines + 1 }
        return min(Int(Double(newlines) * Double(fileSize - dataOffset) / Double(scanned)) + 1, 1 << 21)
    }

    deinit {
        close(fd)
        buffer.deallocate()
        fieldStarts.deallocate(); fieldEnds.deallocate(); fieldQuoted.deallocate()
    }

    /// Index of a column by (case-insensitive) name.
    public func column(_ name: String) -> Int? { header.firstIndex(of: name.uppercased()) }

    /// Index of a required column, or an error naming it.
    public func requiredColumn(_ name: String) throws(InputError) -> Int {
        guard let i = column(name) else {
            throw InputError(file: path, line: 1, field: name,
                             message: "missing column \(name) (found: \(header.joined(separator: ", ")))")
        }
        return i
    }

    /// Calls `body` for each data row. Blank lines are skipped; a row whose number of fields
    /// differs from the header's is an error (a shifted column would otherwise be read as the
    /// wrong field).
    public func forEachRow(_ body: (borrowing CSVRow) throws -> Void) throws {
        let width = header.count
        try forEachRowInternal(limit: Int.max) { row in
            guard row.count == width else {
                throw InputError(file: path, line: row.line,
                                 message: "the row has \(row.count) field\(row.count == 1 ? "" : "s"); the header has \(width)")
            }
            try body(row)
        }
    }

    /// Calls `body` for each data row that starts in the byte range `from..<to`; `firstLine` is
    /// the line number of the row at `from`. Lets two threads parse two halves of one file.
    public func forEachRow(from: Int, to: Int, firstLine: Int, _ body: (borrowing CSVRow) throws -> Void) throws {
        guard lseek(fd, off_t(from), SEEK_SET) >= 0 else {
            throw InputError(file: path, message: "seek error: \(String(cString: strerror(errno)))")
        }
        start = 0; end = 0; eof = false; bufferFileOffset = from; nextLine = firstLine
        stopOffset = to
        defer { stopOffset = Int.max }
        try forEachRow(body)
    }

    private var stopOffset = Int.max

    /// A row boundary near `offset` at which the file can be split in two for parallel parsing:
    /// the start of a line, outside any quoted field (an even number of `"` before it, which is
    /// exact for RFC 4180, where quotes inside fields are doubled). Returns the offset and the
    /// line number there, or nil when there is no such boundary before the end.
    public func splitPoint(near offset: Int) -> (offset: Int, line: Int)? {
        let chunk = 1 << 20
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer { scratch.deallocate() }
        var position = 0, newlines = 0, quotes = 0
        while position < fileSize {
            let n = pread(fd, scratch.baseAddress!, chunk, off_t(position))
            guard n > 0 else { return nil }
            let bytes = scratch.baseAddress!.assumingMemoryBound(to: UInt8.self)
            for k in 0..<n {
                let c = bytes[k]
                if c == 0x22 { quotes += 1 }
                else if c == 0x0A {
                    newlines += 1
                    if position + k + 1 >= offset && quotes % 2 == 0 {
                        return position + k + 1 < fileSize ? (position + k + 1, newlines + 1) : nil
                    }
                }
            }
            position += n
        }
        return nil
    }

    /// The first row boundary (just after a newline) at or after `offset`, without reading
    /// what comes before: it may lie inside a quoted field, which the caller must rule out.
    /// `nil` when there is none before the end of the file.
    public func rowBoundary(atOrAfter offset: Int) -> Int? {
        let chunk = 1 << 16
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer { scratch.deallocate() }
        var position = max(offset - 1, dataOffset - 1)
        while position < fileSize {
            let n = pread(fd, scratch.baseAddress!, chunk, off_t(position))
            guard n > 0 else { return nil }
            let bytes = scratch.baseAddress!.assumingMemoryBound(to: UInt8.self)
            for k in 0..<n where bytes[k] == 0x0A {
                let boundary = position + k + 1
                return boundary < fileSize ? boundary : nil
            }
            position += n
        }
        return nil
    }

    /// File offset of the next row to be parsed.
    public var position: Int { bufferFileOffset + start }

    private func fill() throws(InputError) {
        if start > 0 {
            let remaining = end - start
            if remaining > 0 {
                buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: remaining)
            }
            bufferFileOffset += start
            end = remaining
            start = 0
        }
        if end == buffer.count {
            // A single row longer than the buffer: grow.
            let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 16)
            bigger.baseAddress!.copyMemory(from: buffer.baseAddress!, byteCount: end)
            buffer.deallocate()
            buffer = bigger
        }
        let n = read(fd, buffer.baseAddress! + end, buffer.count - end)
        if n < 0 { throw InputError(file: path, message: "read error: \(String(cString: strerror(errno)))") }
        if n == 0 { eof = true }
        if n > 0, let onRead { onRead(UnsafeRawBufferPointer(start: buffer.baseAddress! + end, count: n)) }
        end += n
    }

    private func growFields() {
        let capacity = fieldCapacity * 2
        let s = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
        let e = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
        let q = UnsafeMutablePointer<Bool>.allocate(capacity: capacity)
        s.update(from: fieldStarts, count: fieldCapacity)
        e.update(from: fieldEnds, count: fieldCapacity)
        q.update(from: fieldQuoted, count: fieldCapacity)
        fieldStarts.deallocate(); fieldEnds.deallocate(); fieldQuoted.deallocate()
        fieldStarts = s; fieldEnds = e; fieldQuoted = q; fieldCapacity = capacity
    }

    private func forEachRowInternal(limit: Int, _ body: (borrowing CSVRow) throws -> Void) throws {
        var starts = self.fieldStarts, ends = self.fieldEnds, quoted = self.fieldQuoted
        var rows = 0
        while rows < limit {
            if bufferFileOffset + start >= stopOffset { return }
            // Find one complete row starting at `start`.
            var i = start
            var fieldCount = 0
            var fieldStart = i
            var inQuotes = false
            var fieldQuoted = false
            var newlines = 0
            var base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
            func closeField(at e0: Int) {
                var e = e0
                if e > fieldStart && base[e - 1] == 0x0D { e -= 1 }
                if fieldCount == fieldCapacity {
                    growFields()
                    starts = self.fieldStarts; ends = self.fieldEnds; quoted = self.fieldQuoted
                }
                starts[fieldCount] = fieldStart; ends[fieldCount] = e; quoted[fieldCount] = fieldQuoted
                fieldCount += 1
            }
            scan: while true {
                if i >= end || (inQuotes && base[i] == 0x22 && i + 1 >= end && !eof) {
                    if eof && i >= end {
                        if i == start { return }  // nothing left
                        if inQuotes {
                            throw InputError(file: path, line: nextLine, message: "unterminated quoted field")
                        }
                        closeField(at: i)  // last row without a trailing newline
                        newlines += 1
                        break scan
                    }
                    let shift = start
                    try fill()
                    base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
                    i -= shift; fieldStart -= shift
                    for k in 0..<fieldCount { starts[k] -= shift; ends[k] -= shift }
                    continue
                }
                let c = base[i]
                if inQuotes {
                    if c == 0x22 {
                        if i + 1 < end && base[i + 1] == 0x22 { i += 2; continue }
                        inQuotes = false
                    } else if c == 0x0A { newlines += 1 }
                    i += 1
                    continue
                }
                if c == 0x22 && i == fieldStart {
                    inQuotes = true; fieldQuoted = true; i += 1
                } else if c == 0x2C {
                    closeField(at: i)
                    i += 1
                    fieldStart = i; fieldQuoted = false
                } else if c == 0x0A {
                    closeField(at: i)
                    i += 1
                    newlines += 1
                    break scan
                } else {
                    // Fast path: skip ordinary bytes up to the next comma, newline or quote.
                    i += 1
                    while i < end {
                        let d = base[i]
                        if d == 0x2C || d == 0x0A || d == 0x22 { break }
                        i += 1
                    }
                }
            }
            line = nextLine
            nextLine += max(newlines, 1)
            let blank = fieldCount == 1 && ends[0] == starts[0]
            if !blank {
                // The row borrows the field tables: no copies, no reference counting per row.
                let row = CSVRow(base: UnsafePointer(base), starts: UnsafeBufferPointer(start: starts, count: fieldCount),
                                 ends: UnsafeBufferPointer(start: ends, count: fieldCount),
                                 quoted: UnsafeBufferPointer(start: quoted, count: fieldCount),
                                 count: fieldCount, line: line, fileOffset: bufferFileOffset + start)
                try body(row)
                rows += 1
            }
            start = i
        }
    }
}

/// One CSV row: fields as byte ranges into the reader's buffer. Valid only inside the closure.
public struct CSVRow: ~Copyable {
    let base: UnsafePointer<UInt8>
    let starts: UnsafeBufferPointer<Int>
    let ends: UnsafeBufferPointer<Int>
    let quoted: UnsafeBufferPointer<Bool>
    public let count: Int
    /// Line number of the row in its file (the header is line 1).
    public let line: Int
    /// Byte offset of the row in its file.
    public let fileOffset: Int

    /// The raw bytes of field `i`, without surrounding quotes and ASCII spaces; empty when the
    /// row has fewer fields.
    public func bytes(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        guard i < count else { return UnsafeBufferPointer(start: base, count: 0) }
        var s = starts[i], e = ends[i]
        if quoted[i], e - s >= 2 { s += 1; e -= 1 }
        while s < e && base[s] == 0x20 { s += 1 }
        while e > s && base[e - 1] == 0x20 { e -= 1 }
        return UnsafeBufferPointer(start: base + s, count: e - s)
    }

    public func isEmpty(_ i: Int) -> Bool { bytes(i).isEmpty }

    /// Field `i` as a string (doubled quotes inside a quoted field become one).
    public func string(_ i: Int) -> String {
        let b = bytes(i)
        if i < count && quoted[i] && b.contains(0x22) {
            var out: [UInt8] = []
            out.reserveCapacity(b.count)
            var k = 0
            while k < b.count {
                out.append(b[k])
                if b[k] == 0x22 && k + 1 < b.count && b[k + 1] == 0x22 { k += 2 } else { k += 1 }
            }
            return String(decoding: out, as: UTF8.self)
        }
        return String(decoding: b, as: UTF8.self)
    }

    /// Whether field `i` equals an ASCII literal exactly (no allocation).
    public func equals(_ i: Int, _ literal: StaticString) -> Bool {
        let b = bytes(i)
        guard b.count == literal.utf8CodeUnitCount else { return false }
        let l = literal.utf8Start
        for k in 0..<b.count where b[k] != l[k] { return false }
        return true
    }

    /// Whether field `i` has the same bytes as `other`.
    public func equals(_ i: Int, bytes other: [UInt8]) -> Bool {
        let b = bytes(i)
        guard b.count == other.count else { return false }
        for k in 0..<b.count where b[k] != other[k] { return false }
        return true
    }
}
