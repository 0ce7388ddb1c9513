import NadirCore

/// One row of SDTM-style RS output: `USUBJID, VISITNUM, RSDTC, RSTESTCD, RSSTRESC`.
public struct ResponseRecord: Hashable, Sendable {
    public var subjectID: String
    /// `nil` for the subject-level best overall response.
    public var visit: Int?
    public var date: CalendarDate?
    public var testCode: String
    public var result: String

    public init(subjectID: String, visit: Int?, date: CalendarDate?, testCode: String, result: String) {
        self.subjectID = subjectID; self.visit = visit; self.date = date; self.testCode = testCode; self.result = result
    }

    public static let header = ["USUBJID", "VISITNUM", "RSDTC", "RSTESTCD", "RSSTRESC"]

    /// The RS rows of one evaluated subject, in output order: per visit `SUMDIAM` (empty when
    /// the sum is incomplete or the subject has no targets), `TRGRESP`, `NTRGRESP`, `NEWLPROG`,
    /// `OVRLRESP`; then `BESTRSP` with an empty `VISITNUM` and the date of the assessment that
    /// determined it.
    public static func rows(for e: SubjectEvaluation) -> [ResponseRecord] {
        var rows: [ResponseRecord] = []
        rows.reserveCapacity(e.timepoints.count * 5 + 1)
        for t in e.timepoints {
            let sum = t.sumIsComplete ? (t.sumOfDiameters?.description ?? "") : ""
            rows.append(ResponseRecord(subjectID: e.subjectID, visit: t.visit, date: t.date, testCode: "SUMDIAM", result: sum))
            rows.append(ResponseRecord(subjectID: e.subjectID, visit: t.visit, date: t.date, testCode: "TRGRESP", result: t.target.rawValue))
            rows.append(ResponseRecord(subjectID: e.subjectID, visit: t.visit, date: t.date, testCode: "NTRGRESP", result: t.nonTarget.rawValue))
            rows.append(ResponseRecord(subjectID: e.subjectID, visit: t.visit, date: t.date, testCode: "NEWLPROG", result: t.newLesionProgression ? "Y" : "N"))
            rows.append(ResponseRecord(subjectID: e.subjectID, visit: t.visit, date: t.date, testCode: "OVRLRESP", result: t.overall.rawValue))
        }
        let bestDate = e.bestResponseVisit.flatMap { v in e.timepoints.first { $0.visit == v }?.date }
        rows.append(ResponseRecord(subjectID: e.subjectID, visit: nil, date: bestDate, testCode: "BESTRSP",
                                   result: e.bestOverallResponse.rawValue))
        return rows
    }
}

extension ResponseRecord {
    /// Appends the RS rows of one subject to `out` as CSV bytes: the same rows as
    /// `rows(for:)`, without building a `String` per field (the batch path writes millions).
    public static func appendCSV(for e: SubjectEvaluation, to out: inout [UInt8]) {
        var subject: [UInt8] = []
        AtomicCSVWriter.appendField(e.subjectID, to: &subject)
        // "USUBJID,VISITNUM,RSDTC," is the same for the five rows of a visit: build it once.
        var prefix: [UInt8] = []
        prefix.reserveCapacity(subject.count + 24)
        func makePrefix(_ visit: Int?, _ d: CalendarDate?) {
            prefix.removeAll(keepingCapacity: true)
            prefix.append(contentsOf: subject); prefix.append(0x2C)
            if let visit {
                if visit < 0 { prefix.append(UInt8(ascii: "-")) }
                Length.appendDigits(UInt64(visit.magnitude), to: &prefix)
            }
            prefix.append(0x2C)
            if let d {
                let (y, m, day) = d.components
                prefix.append(UInt8(48 + y / 1000 % 10)); prefix.append(UInt8(48 + y / 100 % 10))
                prefix.append(UInt8(48 + y / 10 % 10)); prefix.append(UInt8(48 + y % 10)); prefix.append(0x2D)
                prefix.append(UInt8(48 + m / 10)); prefix.append(UInt8(48 + m % 10)); prefix.append(0x2D)
                prefix.append(UInt8(48 + day / 10)); prefix.append(UInt8(48 + day % 10))
            }
            prefix.append(0x2C)
        }
        func start(_ test: StaticString) {
            out.append(contentsOf: prefix)
            out.append(contentsOf: UnsafeBufferPointer(start: test.utf8Start, count: test.utf8CodeUnitCount)); out.append(0x2C)
        }
        func row(_ test: StaticString, _ result: String) {
            start(test)
            out.append(contentsOf: result.utf8); out.append(0x0A)
        }
        for t in e.timepoints {
            makePrefix(t.visit, t.date)
            start("SUMDIAM")
            if t.sumIsComplete, let sum = t.sumOfDiameters { sum.appendDescription(to: &out) }
            out.append(0x0A)
            row("TRGRESP", t.target.rawValue)
            row("NTRGRESP", t.nonTarget.rawValue)
            row("NEWLPROG", t.newLesionProgression ? "Y" : "N")
            row("OVRLRESP", t.overall.rawValue)
        }
        let bestDate = e.bestResponseVisit.flatMap { v in e.timepoints.first { $0.visit == v }?.date }
        makePrefix(nil, bestDate)
        row("BESTRSP", e.bestOverallResponse.rawValue)
    }
}

/// Buffered CSV output that becomes visible only when complete: rows go to a temporary file
/// beside the destination, which is renamed over it on `commit()` (atomic on POSIX), so a
/// failed run never leaves a half-written or stale-mixed file.
public final class AtomicCSVWriter {
    public let path: String
    private let temporaryPath: String
    private var buffer: [UInt8] = []
    private let file: UnsafeMutablePointer<FILE>
    private var committed = false

    public init(path: String, header: [String]) throws(InputError) {
        self.path = path
        self.temporaryPath = path + ".tmp-\(getpid())"
        guard let f = fopen(temporaryPath, "wb") else {
            throw InputError(file: path, message: "cannot write: \(String(cString: strerror(errno)))")
        }
        self.file = f
        buffer.reserveCapacity(1 << 20)
        writeRow(header)
    }

    deinit {
        if !committed { fclose(file); unlink(temporaryPath) }
    }

    public func writeRow(_ fields: [String]) {
        AtomicCSVWriter.appendRow(fields, to: &buffer)
        if buffer.count >= 1 << 20 { flush() }
    }

    /// One CSV row (fields quoted only where needed, then a newline) appended to `buffer`.
    static func appendRow(_ fields: [String], to buffer: inout [UInt8]) {
        for (i, f) in fields.enumerated() {
            if i > 0 { buffer.append(0x2C) }
            appendField(f, to: &buffer)
        }
        buffer.append(0x0A)
    }


    /// RFC 4180 quoting, only when the field needs it.
    static func appendField(_ f: String, to buffer: inout [UInt8]) {
        let needsQuotes = f.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        if !needsQuotes { buffer.append(contentsOf: f.utf8); return }
        buffer.append(0x22)
        for b in f.utf8 { buffer.append(b); if b == 0x22 { buffer.append(0x22) } }
        buffer.append(0x22)
    }

    /// Appends pre-formatted CSV bytes (whole rows).
    public func writeBytes(_ body: (inout [UInt8]) -> Void) {
        body(&buffer)
        if buffer.count >= 1 << 20 { flush() }
    }

    private func flush() {
        buffer.withUnsafeBytes { _ = fwrite($0.baseAddress, 1, $0.count, file) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, syncs and renames the temporary file over the destination.
    public func commit() throws(InputError) {
        flush()
        let ok = fflush(file) == 0 && fsync(fileno(file)) == 0
        fclose(file)
        committed = true
        guard ok, rename(temporaryPath, path) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw InputError(file: path, message: "cannot write: \(message)")
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
