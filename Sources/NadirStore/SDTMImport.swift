import Foundation
import GRDB
import NadirCore
import NadirSDTM

/// What `importSDTM` added.
public struct SDTMImportSummary: Sendable, Hashable {
    public var batchID: Int64 = 0
    public var subjects = 0
    public var lesions = 0
    public var reads = 0
    public var measurements = 0
    public var adjudicationsOpened = 0
}

/// One TR row, compact: the import holds every row of the file until the write.
struct ImportedResult: Sendable {
    var line: Int
    var lesionID: String
    var group: String?
    var visit: Int
    var date: CalendarDate
    var kind: MeasurementKind
    var value: Int64?
    var state: String?
    /// A fragment of the split target `lesionID` (RECIST 1.1 §4.3.2): the fragment's own TRLNKID.
    var fragment: String = ""
    /// Index of the lesion in the subject's TU lesions (the import's lesion ids are assigned in that order).
    var lesionIndex: Int = 0
}

/// Byte-level field parsers for TR (NadirSDTM keeps its own internal).
enum Fields {
    static func integer(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !b.isEmpty, b.count < 10 else { return nil }
        var v = 0
        for c in b { guard c >= 48 && c <= 57 else { return nil }; v = v * 10 + Int(c - 48) }
        return v
    }

    /// Millimetres as exact micrometres: digits with an optional fraction (rounded half away
    /// from zero past the third decimal, as `Length(millimetres:)`). Negative values parse so
    /// that the plausibility check can name them.
    static func micrometres(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0, negative = false
        if i < b.count && b[i] == 0x2D { negative = true; i += 1 }
        var whole: Int64 = 0, frac: Int64 = 0, fracDigits = 0, digits = 0
        var roundUp = false
        while i < b.count && b[i] >= 48 && b[i] <= 57 {
            whole = whole * 10 + Int64(b[i] - 48); digits += 1; i += 1
            if digits > 9 { return nil }
        }
        if i < b.count && b[i] == 0x2E {
            i += 1
            while i < b.count && b[i] >= 48 && b[i] <= 57 {
                if fracDigits < 3 { frac = frac * 10 + Int64(b[i] - 48) } else if fracDigits == 3 { roundUp = b[i] >= 53 }
                fracDigits += 1; digits += 1; i += 1
            }
        }
        guard i == b.count, digits > 0 else { return nil }
        while fracDigits < 3 { frac *= 10; fracDigits += 1 }
        let v = whole * 1000 + frac + (roundUp ? 1 : 0)
        return negative ? -v : v
    }

    static func date(_ b: UnsafeBufferPointer<UInt8>) -> CalendarDate? {
        guard b.count >= 10, b[4] == 0x2D, b[7] == 0x2D else { return nil }
        func n(_ r: Range<Int>) -> Int? {
            var v = 0
            for k in r { guard b[k] >= 48 && b[k] <= 57 else { return nil }; v = v * 10 + Int(b[k] - 48) }
            return v
        }
        guard let y = n(0..<4), let m = n(5..<7), let d = n(8..<10) else { return nil }
        return CalendarDate(year: y, month: m, day: d)
    }
}

extension ReadingStore {
    /// Imports SDTM TU + TR (+ DM for treatment start) as the reads of one reader, in the
    /// formats `nadir rescore` reads. Every subject × visit of TR becomes one read of `reader`;
    /// with `submit`, the reads are submitted, which runs the same baseline validation and
    /// evaluation as an interactive submit.
    ///
    /// One transaction: a malformed row or a rule violation anywhere rolls the whole import
    /// back, and the error names the file, row and field (or subject, lesion and rule). One
    /// audit entry records the batch with a SHA-256 digest of every measurement row it wrote,
    /// which `verifyAudit` re-computes.
    @discardableResult
    public func importSDTM(tuPath: String, trPath: String, dmPath: String? = nil, reader: String, submit: Bool = true,
                           by actor: String, progress: (@Sendable (Int) -> Void)? = nil) throws(StoreError) -> SDTMImportSummary {
        // Parse and validate everything before taking the write lock.
        let lesions: [String: [Lesion]]
        var starts: [String: CalendarDate] = [:]
        do {
            lesions = try TumourIdentification.read(path: tuPath, name: tuPath)
            if let dmPath { starts = try Demographics.readTreatmentStart(path: dmPath, name: dmPath) }
        } catch {
            throw ReadingStore.importError(error, file: tuPath)
        }
        do {
            return try importSDTM(tuPath: tuPath, trPath: trPath, dmPath: dmPath, lesions: lesions, starts: starts, reader: reader,
                                  submit: submit, by: actor, streaming: true, progress: progress)
        } catch .workflow(let rule, _) where rule == TRPipeline.scatteredRule {
            // A subject's TR rows are not contiguous: parse the whole file first, then write.
            return try importSDTM(tuPath: tuPath, trPath: trPath, dmPath: dmPath, lesions: lesions, starts: starts, reader: reader,
                                  submit: submit, by: actor, streaming: false, progress: progress)
        }
    }

    /// The import proper. TR is parsed on a second thread that hands each subject's block of
    /// rows to this one as soon as the block ends (TR files usually come sorted by subject), so
    /// parsing overlaps the writing; the same thread then validates every subject and computes
    /// the row digest. With `streaming` off, the whole file is parsed before the first block.
    func importSDTM(tuPath: String, trPath: String, dmPath: String?, lesions: [String: [Lesion]], starts: [String: CalendarDate],
                    reader: String, submit: Bool, by actor: String, streaming: Bool,
                    progress: (@Sendable (Int) -> Void)?) throws(StoreError) -> SDTMImportSummary {
        try bulkWrite("importing SDTM") { db in
            _ = try ReadingStore.require(db, actor, [.studyAdmin], "import SDTM reads")
            let r = try ReadingStore.user(db, reader)
            guard r.role == .reader else { throw StoreError.workflow(rule: WorkflowRule.role, detail: "\(reader) is a \(r.role.rawValue), not a reader") }
            var summary = SDTMImportSummary()
            let now = clock.stamp()
            try db.execute(sql: "INSERT INTO importBatch (source, sha256, userId, at) VALUES (?, '', ?, ?)",
                           arguments: [trPath, actor, now])
            let batch = db.lastInsertedRowID
            summary.batchID = batch
            // Row ids are assigned here, in import order, so that the digest of the rows can be
            // computed on the second thread while this one writes.
            let ids = ImportIDs(
                lesion: (try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM lesion") ?? 0) + 1,
                read: (try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM read") ?? 0) + 1,
                measurement: (try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM measurement") ?? 0) + 1)
            // The engine's checks (baseline validation, then the whole evaluation) and the row
            // digest run on a second thread while this one writes: on a violation the write
            // transaction is rolled back, so nothing is kept, and the two cores share the work.
            let pipeline = TRPipeline(trPath: trPath, lesions: lesions, starts: starts, validate: submit, streaming: streaming,
                                      ids: ids, tail: Array("||||\(reader)|\(now)\n".utf8))
            var next = ids
            var completed = false
            defer { if !completed { pipeline.cancel() } }
            let subjectExists = try RawStatement(db, "SELECT 1 FROM subject WHERE id = ?")
            let insertSubject = try RawStatement(db, "INSERT INTO subject (id, treatmentStart) VALUES (?, ?)")
            let anyRead = try RawStatement(db, "SELECT COUNT(DISTINCT readerId) FROM read WHERE subjectId = ?")
            let insertLesion = try RawStatement(db, "INSERT INTO lesion (subjectId, readerId, lesionId, role, site, nodal, id) VALUES (?, ?, ?, ?, ?, ?, ?)")
            let findTimepoint = try RawStatement(db, "SELECT id FROM timepoint WHERE subjectId = ? AND visit = ?")
            let insertTimepoint = try RawStatement(db, "INSERT INTO timepoint (subjectId, visit, date) VALUES (?, ?, ?)")
            let insertReadFast = try RawStatement(db, "INSERT INTO read (subjectId, timepointId, readerId, slot, status, assignedAt, submittedAt, id) VALUES (?, ?, ?, 1, ?, ?, ?, ?)")
            let insertMeasurement = try RawStatement(db, """
                INSERT INTO measurement (readId, lesionRef, version, kind, value, state, mergedInto, readerId, recordedAt, importBatch, fragment, id)
                VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            // Constant for the whole batch; SQLite keeps bindings across resets.
            insertMeasurement.bind(7, reader); insertMeasurement.bind(8, now); insertMeasurement.bind(9, batch)
            var lastKind = MeasurementKind.state, lastState: String? = nil, lastMerged: String? = nil, lastFragment = ""
            insertMeasurement.bind(3, lastKind.rawValue); insertMeasurement.bind(5, lastState)
            insertMeasurement.bind(6, lastMerged); insertMeasurement.bind(10, lastFragment)
            let status = submit ? ReadStatus.submitted.rawValue : ReadStatus.inProgress.rawValue
            var compare: [String] = []
            insertReadFast.bind(3, reader); insertReadFast.bind(4, status); insertReadFast.bind(5, now); insertReadFast.bind(6, submit ? now : nil)
            var written = Set<String>()
            func writeSubject(_ s: String, _ parsedRows: [ImportedResult]) throws {
                subjectExists.bind(1, s)
                let existed = try subjectExists.int64() != nil
                if !existed {
                    insertSubject.bind(1, s); insertSubject.bind(2, starts[s].map { Int64($0.dayNumber) })
                    try insertSubject.run()
                    summary.subjects += 1
                }
                anyRead.bind(1, s)
                let otherReaders = existed ? (try anyRead.int64() ?? 0) : 0
                var refs: [Int64] = []
                for l in lesions[s] ?? [] {
                    insertLesion.bind(1, s); insertLesion.bind(2, reader); insertLesion.bind(3, l.id)
                    insertLesion.bind(4, l.role.rawValue); insertLesion.bind(5, l.site); insertLesion.bind(6, l.isNodal ? 1 : 0)
                    insertLesion.bind(7, next.lesion)
                    do { refs.append(try insertLesion.run()); next.lesion += 1 } catch {
                        throw StoreError.importRow(file: tuPath, line: nil, field: "TULNKID",
                                                   message: "lesion \(l.id) of subject \(s) is already identified by \(reader) (imported before?)")
                    }
                    summary.lesions += 1
                }
                let rows = ImportJob.byVisit(parsedRows)
                var start = 0
                while start < rows.count {
                    let visit = rows[start].visit
                    var end = start + 1
                    while end < rows.count && rows[end].visit == visit { end += 1 }
                    let vr = rows[start..<end]
                    start = end
                    var date = vr[vr.startIndex].date
                    for m in vr where m.date < date { date = m.date }
                    findTimepoint.bind(1, s); findTimepoint.bind(2, Int64(visit))
                    var tp = existed ? try findTimepoint.int64() : nil
                    if tp == nil {
                        insertTimepoint.bind(1, s); insertTimepoint.bind(2, Int64(visit)); insertTimepoint.bind(3, Int64(date.dayNumber))
                        tp = try insertTimepoint.run()
                    }
                    let readID: Int64
                    if otherReaders == 0 {
                        insertReadFast.bind(1, s); insertReadFast.bind(2, tp!); insertReadFast.bind(7, next.read)
                        readID = try insertReadFast.run()
                    } else {
                        // A second reader: the general rules (slot, one read per reader and timepoint).
                        readID = try insertRead(db, subject: s, timepointID: tp!, visit: visit, reader: reader, actor: actor,
                                                status: submit ? .submitted : .inProgress, id: next.read)
                        if submit {
                            try db.execute(sql: "UPDATE read SET submittedAt = ? WHERE id = ?", arguments: [now, readID])
                            if try Bool.fetchOne(db, sql: "SELECT 1 FROM read WHERE timepointId = ? AND id != ? AND status = 'submitted'",
                                                 arguments: [tp!, readID]) == true {
                                try db.execute(sql: "UPDATE read SET status = 'locked' WHERE timepointId = ?", arguments: [tp!])
                                if compare.last != s { compare.append(s) }
                            }
                        }
                    }
                    summary.reads += 1
                    next.read += 1
                    for m in vr {
                        guard m.lesionIndex < refs.count else {
                            throw StoreError.importRow(file: trPath, line: m.line, field: "TRLNKID", message: "lesion \(m.lesionID) is not identified in TU")
                        }
                        let ref = refs[m.lesionIndex]
                        insertMeasurement.bind(1, readID); insertMeasurement.bind(2, ref); insertMeasurement.bind(4, m.value)
                        // Text parameters are re-bound only when they change: SQLite keeps
                        // bindings across resets, and most rows repeat the previous row's.
                        if m.kind != lastKind { insertMeasurement.bind(3, m.kind.rawValue); lastKind = m.kind }
                        if m.state != lastState { insertMeasurement.bind(5, m.state); lastState = m.state }
                        let merged = m.state == "MERGED" ? m.group : nil
                        if merged != lastMerged { insertMeasurement.bind(6, merged); lastMerged = merged }
                        if m.fragment != lastFragment { insertMeasurement.bind(10, m.fragment); lastFragment = m.fragment }
                        insertMeasurement.bind(11, next.measurement)
                        try insertMeasurement.run()
                        next.measurement += 1
                        summary.measurements += 1
                    }
                }
                if written.count % 1_000 == 0 { progress?(written.count) }
            }
            while let (s, rows) = pipeline.next() {
                guard written.insert(s).inserted else { throw StoreError.workflow(rule: TRPipeline.scatteredRule, detail: s) }
                try writeSubject(s, rows)
            }
            if let e = pipeline.parseError() { throw e }
            // Subjects identified in TU with no TR rows, after the others (the digest's order too).
            for s in lesions.keys.filter({ !written.contains($0) }).sorted() {
                written.insert(s)
                try writeSubject(s, [])
            }
            completed = true
            let (violations, measurementDigest) = pipeline.join()
            if !violations.isEmpty { throw StoreError.baseline(violations) }

            for s in compare {
                if try compareReaders(db, subject: s, actor: actor) != nil { summary.adjudicationsOpened += 1 }
            }
            try audit(db, user: actor, entity: "import", id: String(batch), action: "import-sdtm", after: .object([
                "reader": .string(reader), "TU": .string(tuPath), "TR": .string(trPath), "DM": .optional(dmPath),
                "subjects": .int(Int64(written.count)), "reads": .int(Int64(summary.reads)), "lesions": .int(Int64(summary.lesions)),
                "measurements": .int(Int64(summary.measurements)), "status": .string(status), "measurementDigest": .string(measurementDigest),
            ]))
            return summary
        }
    }

    static func importError(_ error: any Error, file: String) -> StoreError {
        switch error {
        case let e as InputErrors:
            guard let first = e.errors.first else { return .importRow(file: file, line: nil, field: nil, message: "\(e)") }
            let more = e.errors.count > 1 ? " (and \(e.errors.count - 1) more errors)" : ""
            return .importRow(file: first.file, line: first.line, field: first.field, message: first.message + more)
        case let e as InputError:
            return .importRow(file: e.file, line: e.line, field: e.field, message: e.message)
        case let e as StoreError:
            return e
        default:
            return .importRow(file: file, line: nil, field: nil, message: "\(error)")
        }
    }

    /// Parses TR and checks each row against its lesion in TU (test code against role, known
    /// codes, plausible values, no duplicate lesion × visit). The first bad row stops the import.
    static func parseTR(_ path: String, lesions: [String: [Lesion]],
                        onBlock: ((_ subject: String, _ rows: [ImportedResult], _ seenBefore: Bool) -> Void)? = nil) throws(StoreError) -> [String: [ImportedResult]] {
        var out: [String: [ImportedResult]] = [:]
        func finish(_ subject: String, _ rows: [ImportedResult]) {
            let before = out[subject] != nil
            out[subject, default: []].append(contentsOf: rows)
            onBlock?(subject, rows, before)
        }
        do {
            let csv = try CSVReader(path: path)
            func col(_ c: String) throws -> Int {
                do { return try csv.requiredColumn(c) } catch { throw InputError(file: path, line: 1, field: c, message: error.message) }
            }
            let subject = try col("USUBJID"), lesion = try col("TRLNKID"), visitC = try col("VISITNUM"), dateC = try col("TRDTC")
            let test = try col("TRTESTCD"), stresc = try col("TRSTRESC"), stresn = try col("TRSTRESN")
            let group = csv.column("TRLNKGRP")
            var roles: [String: [String: (lesion: Lesion, index: Int)]] = [:]
            for (s, ls) in lesions {
                roles[s] = Dictionary(ls.enumerated().map { ($1.id, ($1, $0)) }, uniquingKeysWith: { a, _ in a })
            }
            // Per subject: the (lesion, visit) pairs seen, to refuse duplicate rows. Kept for the
            // current subject in locals and swapped only when the subject changes (rows of a
            // subject usually come together), so a row costs no string hashing for this.
            var seen: [String: (keys: Set<Int>, fragments: Set<String>)] = [:]
            var seenKeys = Set<Int>(), seenFragments = Set<String>()
            var currentSubject = ""
            var currentKey: [UInt8] = []
            var currentRoles: [String: (lesion: Lesion, index: Int)] = [:]
            var current: [ImportedResult] = []
            func failure(_ line: Int, _ field: String, _ message: String) -> InputError {
                InputError(file: path, line: line, field: field, message: message)
            }
            try csv.forEachRow { row in
                let line = row.line
                // Takes the line number only: a local function capturing the borrowed row crashes the compiler.
                func fail(_ field: String, _ message: String) -> InputError { failure(line, field, message) }
                if currentKey.isEmpty || !row.equals(subject, bytes: currentKey) {
                    let s = row.string(subject)
                    guard !s.isEmpty else { throw fail("USUBJID", "empty subject id") }
                    if !current.isEmpty { finish(currentSubject, current) }
                    if !currentSubject.isEmpty { seen[currentSubject] = (seenKeys, seenFragments) }
                    (seenKeys, seenFragments) = seen[s] ?? ([], [])
                    currentSubject = s; current = []
                    currentKey = Array(row.bytes(subject))
                    currentRoles = roles[s] ?? [:]
                }
                let s = currentSubject
                let id = row.string(lesion)
                var fragment = ""
                let l: Lesion, lesionIndex: Int
                if let known = currentRoles[id] {
                    (l, lesionIndex) = known
                } else if let g = group, !row.isEmpty(g), let parent = currentRoles[row.string(g)], parent.lesion.role == .target {
                    // A fragment of a split target (RECIST 1.1 §4.3.2): TRLNKGRP names the parent.
                    (l, lesionIndex) = parent; fragment = id
                } else {
                    throw fail("TRLNKID", "lesion \(id) of subject \(s) is not identified in TU")
                }
                guard let visit = Fields.integer(row.bytes(visitC)) else { throw fail("VISITNUM", "'\(row.string(visitC))' is not a visit number") }
                guard let date = Fields.date(row.bytes(dateC)) else { throw fail("TRDTC", "'\(row.string(dateC))' is not an ISO 8601 date (YYYY-MM-DD)") }
                let fresh = fragment.isEmpty ? seenKeys.insert(lesionIndex &* 1_000_000_000 &+ visit).inserted
                                             : seenFragments.insert("\(id)\u{1F}\(visit)").inserted
                guard fresh else {
                    throw fail("TRLNKID", "duplicate row for lesion \(id) of subject \(s) at visit \(visit)")
                }
                let kind: MeasurementKind
                if row.equals(test, "LDIAM") { kind = .longestDiameter }
                else if row.equals(test, "SAXIS") { kind = .shortAxis }
                else if row.equals(test, "TUMSTATE") { kind = .state }
                else { throw fail("TRTESTCD", "unknown code '\(row.string(test))' (expected LDIAM, SAXIS or TUMSTATE)") }
                let expected: MeasurementKind = l.role != .target ? .state : (l.isNodal ? .shortAxis : .longestDiameter)
                guard kind == expected else {
                    throw fail("TRTESTCD", "\(kind.testCode) for \(l.role.rawValue)\(l.isNodal ? " nodal" : "") lesion \(l.id); expected \(expected.testCode) [\(WorkflowRule.kindMatchesLesion)]")
                }
                var value: Int64? = nil, state: String? = nil
                if kind == .state {
                    let text = row.string(stresc).uppercased()
                    guard MeasurementInput.lesionStates.contains(text) else { throw fail("TRSTRESC", "unknown state '\(text)' for TUMSTATE") }
                    state = text
                } else if !row.isEmpty(stresn) {
                    guard let v = Fields.micrometres(row.bytes(stresn)) else { throw fail("TRSTRESN", "'\(row.string(stresn))' is not a number of millimetres") }
                    value = v
                } else {
                    let text = row.string(stresc).uppercased()
                    if let v = Fields.micrometres(row.bytes(stresc)) { value = v }
                    else if text == "NE" { state = "NOT EVALUABLE" }
                    else if MeasurementInput.targetStates.contains(text) { state = text }
                    else { throw fail("TRSTRESC", "unknown result '\(row.string(stresc))' (a diameter, TOO SMALL TO MEASURE, NOT EVALUABLE or MERGED)") }
                }
                if let v = value {
                    if v < 0 || (v == 0 && visit == 0) { throw fail("TRSTRESN", "impossible measurement: \(Length(micrometres: v)) mm [\(WorkflowRule.positive)]") }
                    if v > 1_000_000 { throw fail("TRSTRESN", "implausible measurement: \(Length(micrometres: v)) mm exceeds 1000 mm") }
                }
                var g: String? = nil
                if let gc = group, !row.isEmpty(gc) { g = row.string(gc) }
                if state == "MERGED" && g == nil { throw fail("TRLNKGRP", "a MERGED lesion names, in TRLNKGRP, the target it coalesced into") }
                if !fragment.isEmpty && value == nil { throw fail("TRSTRESN", "fragment \(fragment) of split lesion \(l.id) needs a measured diameter") }
                current.append(ImportedResult(line: line, lesionID: l.id, group: g, visit: visit, date: date, kind: kind, value: value, state: state,
                                              fragment: fragment, lesionIndex: lesionIndex))
            }
            if !current.isEmpty { finish(currentSubject, current) }
        } catch {
            throw importError(error, file: path)
        }
        return out
    }

    /// The engine's input for one imported subject (the same mapping as the stored path).
    static func assemble(subject: String, lesions: [Lesion], results: [ImportedResult], start: CalendarDate?) -> SubjectTumourData {
        let roles = Dictionary(lesions.map { ($0.id, $0.role) }, uniquingKeysWith: { a, _ in a })
        var byVisit: [Int: TumourAssessment] = [:]
        for r in results {
            var a = byVisit[r.visit] ?? TumourAssessment(visit: r.visit, date: r.date)
            if r.date < a.date { a.date = r.date }
            if let role = roles[r.lesionID] {
                let o = ReaderData.observation(role: role, kind: r.kind.rawValue, value: r.value, state: r.state,
                                               mergedInto: r.state == "MERGED" ? r.group : nil)
                a.observations[r.lesionID] = r.fragment.isEmpty ? o : ReaderData.addFragment(a.observations[r.lesionID], r.value)
            }
            byVisit[r.visit] = a
        }
        return SubjectTumourData(subjectID: subject, lesions: lesions, assessments: byVisit.keys.sorted().map { byVisit[$0]! }, referenceDate: start)
    }
}

/// The first row ids an import assigns to lesions, reads and measurements.
struct ImportIDs: Sendable { var lesion: Int64; var read: Int64; var measurement: Int64 }

/// The import's second thread: RECIST validation of every subject (first 100 violations),
/// then the SHA-256 digest of the measurement rows in the exact form
/// `MeasurementSnapshot.canonical` gives them, from the ids the writer assigns in the same order.
/// The import's second thread: parses TR and hands over each subject's rows, then runs the
/// RECIST validation of every subject (first 100 violations) and the SHA-256 digest of the
/// measurement rows in the exact form `MeasurementSnapshot.canonical` gives them, from the ids
/// the writer assigns in the same order (subjects in order of first appearance in TR, then
/// TU-only subjects sorted).
final class TRPipeline: @unchecked Sendable {
    static let scatteredRule = "internal: TR rows of a subject are not contiguous"
    // Guarded by `cond` until `finished`; the results below are written before `done` is signalled.
    private let cond = NSCondition()
    private var queue: [(String, [ImportedResult])] = []
    private var head = 0
    private var finished = false
    private var cancelled = false
    private var error: StoreError?
    private var violations: [RuleViolation] = []
    private var digest = ""
    private let done = DispatchSemaphore(value: 0)

    init(trPath: String, lesions: [String: [Lesion]], starts: [String: CalendarDate], validate: Bool, streaming: Bool,
         ids: ImportIDs, tail: [UInt8]) {
        let thread = Thread { [self] in
            var order: [String] = []
            var results: [String: [ImportedResult]] = [:]
            var failure: StoreError? = nil
            do throws(StoreError) {
                results = try ReadingStore.parseTR(trPath, lesions: lesions) { subject, rows, seenBefore in
                    if !seenBefore { order.append(subject) }
                    if streaming { self.put(subject, rows) }
                }
                if !streaming { for s in order { put(s, results[s] ?? []) } }
            } catch {
                failure = error
            }
            cond.lock(); error = failure; finished = true; cond.broadcast(); cond.unlock()
            guard failure == nil, !isCancelled else { done.signal(); return }
            let subjects = order + lesions.keys.filter { results[$0] == nil }.sorted()
            var found: [RuleViolation] = []
            if validate {
                for s in subjects {
                    let data = ReadingStore.assemble(subject: s, lesions: lesions[s] ?? [], results: results[s] ?? [], start: starts[s])
                    let v = RECIST11().validateBaseline(data)
                    if !v.isEmpty { found += v } else {
                        do throws(RuleViolations) { _ = try RECIST11().evaluate(data) } catch { found += error.violations }
                    }
                    if found.count >= 100 { break }
                }
            }
            violations = found
            if found.isEmpty { digest = ImportJob.digest(subjects: subjects, lesions: lesions, results: results, ids: ids, tail: tail) }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The writer gave up (an error rolled the import back): skip validation and digest.
    func cancel() { cond.lock(); cancelled = true; cond.unlock() }
    private var isCancelled: Bool { cond.lock(); defer { cond.unlock() }; return cancelled }

    private func put(_ subject: String, _ rows: [ImportedResult]) {
        cond.lock(); queue.append((subject, rows)); cond.signal(); cond.unlock()
    }

    /// The next subject's rows, waiting for the parser; nil once TR is parsed (or failed).
    func next() -> (String, [ImportedResult])? {
        cond.lock(); defer { cond.unlock() }
        while head == queue.count && !finished { cond.wait() }
        guard head < queue.count else { return nil }
        let item = queue[head]
        queue[head] = ("", [])  // release the rows once handed over
        head += 1
        return item
    }

    /// The parse error, once `next()` has returned nil.
    func parseError() -> StoreError? {
        cond.lock(); defer { cond.unlock() }
        return error
    }

    func join() -> ([RuleViolation], String) {
        done.wait()
        return (violations, digest)
    }
}

/// Helpers of the import's second thread.
enum ImportJob {
    /// Lines `id|readId|lesionRef|1|kind|value|state|mergedInto|fragment||||readerId|recordedAt`,
    /// in the writer's order: subjects sorted, lesions in TU order, visits ascending, rows in file order.
    static func digest(subjects: [String], lesions: [String: [Lesion]], results: [String: [ImportedResult]], ids: ImportIDs, tail: [UInt8]) -> String {
        var h = SHA256()
        var line: [UInt8] = []
        line.reserveCapacity(256)
        func number(_ v: Int64) {
            if v < 0 { line.append(0x2D) }
            var m = v.magnitude
            let start = line.count
            repeat { line.append(UInt8(48 + m % 10)); m /= 10 } while m > 0
            line[start...].reverse()
        }
        var next = ids
        for s in subjects {
            let lesionBase = next.lesion
            next.lesion += Int64(lesions[s]?.count ?? 0)
            let rows = byVisit(results[s] ?? [])
            for (k, m) in rows.enumerated() {
                if k > 0 && rows[k - 1].visit != m.visit { next.read += 1 }
                let readID = next.read
                do {
                    line.removeAll(keepingCapacity: true)
                    number(next.measurement); line.append(0x7C); number(readID); line.append(0x7C)
                    number(lesionBase + Int64(m.lesionIndex)); line.append(contentsOf: [0x7C, 0x31, 0x7C])
                    line.append(contentsOf: m.kind.rawValue.utf8); line.append(0x7C)
                    if let v = m.value { number(v) }
                    line.append(0x7C)
                    if let st = m.state { line.append(contentsOf: st.utf8) }
                    line.append(0x7C)
                    if m.state == "MERGED", let g = m.group { line.append(contentsOf: g.utf8) }
                    line.append(0x7C)
                    line.append(contentsOf: m.fragment.utf8)
                    line.append(contentsOf: tail)
                    line.withUnsafeBytes { h.update(buffer: $0) }
                    next.measurement += 1
                }
            }
            if !rows.isEmpty { next.read += 1 }
        }
        return SHA256.hexString(h.finalize())
    }

    /// A subject's rows by visit, ascending, in file order within a visit (a stable sort; files
    /// usually come sorted already). The writer and the digest walk rows in this same order.
    static func byVisit(_ rows: [ImportedResult]) -> [ImportedResult] {
        var sorted = true
        for k in rows.indices.dropFirst() where rows[k].visit < rows[k - 1].visit { sorted = false; break }
        if sorted { return rows }
        return rows.enumerated().sorted { ($0.element.visit, $0.offset) < ($1.element.visit, $1.offset) }.map(\.element)
    }
}
