import Foundation
import GRDB
import GRDBSQLite
import NadirCore

/// Turns stored reads into the engine's input, one subject × reader at a time.
enum ReaderData {
    /// The engine's observation for one stored measurement; nil for a recorded state that is
    /// not an observation (a new lesion ABSENT or NOT EVALUABLE: recorded, not an appearance).
    static func observation(role: LesionRole, kind: String, value: Int64?, state: String?, mergedInto: String?) -> LesionObservation? {
        switch role {
        case .target:
            if let value { return .target(.measured(Length(micrometres: value))) }
            switch state {
            case "TOO SMALL TO MEASURE": return .target(.tooSmallToMeasure)
            case "MERGED": return mergedInto.map { .target(.mergedInto(lesionID: $0)) } ?? .target(.notEvaluable)
            default: return .target(.notEvaluable)
            }
        case .nonTarget:
            return state.flatMap(NonTargetState.init(rawValue:)).map { .nonTarget($0) }
        case .new:
            switch state {
            case "PRESENT": return .new(.present)
            case "EQUIVOCAL": return .new(.equivocal)
            default: return nil
            }
        }
    }

    /// Adds one fragment's diameter to a split target's observation (RECIST 1.1 §4.3.2: the
    /// fragments' diameters are summed).
    static func addFragment(_ existing: LesionObservation?, _ value: Int64?) -> LesionObservation? {
        let v = Length(micrometres: value ?? 0)
        if case .target(.fragments(let parts))? = existing { return .target(.fragments(parts + [v])) }
        return .target(.fragments([v]))
    }

    /// One reader's data for one subject from the given reads (current measurement versions).
    /// Three cached statements per call, whatever the number of reads: a second reader's import
    /// compares every subject it locks, so this runs once per subject.
    static func subjectData(_ db: Database, subject: String, reader: String, reads: [ReadInfo]) throws -> SubjectTumourData {
        var lesions: [Lesion] = []
        var byRef: [Int64: Lesion] = [:]
        let lesionRows = try db.cachedStatement(sql: "SELECT id, lesionId, role, site, nodal FROM lesion WHERE subjectId = ? AND readerId = ? ORDER BY id")
        for row in try Row.fetchAll(lesionRows, arguments: [subject, reader]) {
            let l = Lesion(id: row[1], role: LesionRole(rawValue: row[2]) ?? .target, site: row[3], isNodal: row[4])
            lesions.append(l); byRef[row[0]] = l
        }
        let ordered = reads.sorted(by: { $0.visit < $1.visit })
        var assessments = ordered.map { TumourAssessment(visit: $0.visit, date: $0.date) }
        let index = Dictionary(ordered.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        // Every measurement of the reader's reads of the subject, by read; rows of reads not asked for are skipped.
        let measurementRows = try db.cachedStatement(sql: """
            SELECT m.readId, m.lesionRef, m.kind, m.value, m.state, m.mergedInto, coalesce(s.sliceThickness, m.sliceThickness), m.fragment,
                   s.sliceThickness
            FROM read r JOIN measurement m ON m.readId = r.id LEFT JOIN series s ON s.seriesInstanceUID = m.seriesInstanceUID
            WHERE r.subjectId = ? AND r.readerId = ? ORDER BY m.readId, m.lesionRef, m.fragment, m.version
            """)
        let rows = try Row.fetchCursor(measurementRows, arguments: [subject, reader])
        while let row = try rows.next() {  // later versions overwrite earlier ones
            guard let k = index[row[0]], let l = byRef[row[1]] else { continue }
            let fragment: String = row[7]
            assessments[k].observations[l.id] = fragment.isEmpty
                ? observation(role: l.role, kind: row[2], value: row[3], state: row[4], mergedInto: row[5])
                : addFragment(assessments[k].observations[l.id], row[3])
            // The series' thickness; else, on a lesion's own row, the thickness imported with it (as `nadir rescore`).
            if ordered[k].visit == 0, fragment.isEmpty || (row[8] as Int64?) != nil, let t = row[6] as Int64? {
                assessments[k].sliceThickness[l.id] = Length(micrometres: t)
            }
        }
        let start = try Int64.fetchOne(db.cachedStatement(sql: "SELECT treatmentStart FROM subject WHERE id = ?"), arguments: [subject])
        return SubjectTumourData(subjectID: subject, lesions: lesions, assessments: assessments,
                                 referenceDate: start.map { CalendarDate(dayNumber: Int32(truncatingIfNeeded: $0)) })
    }
}

/// All final reads of the study, loaded in a few sequential scans: the committee re-score and
/// the exports read 100,000 subjects this way instead of one query per read.
struct StudySnapshot: Sendable {
    struct ReadKey: Hashable, Sendable { var subject: Int32; var slot: Int8 }
    struct ReadRow: Sendable { var subject: Int32; var slot: Int; var visit: Int; var date: CalendarDate }
    struct ReaderSubject: Sendable {
        var readerID: String
        var lesions: [Lesion] = []
        var assessments: [Int: TumourAssessment] = [:]
    }
    var subjects: [String] = []
    var treatmentStart: [CalendarDate?] = []
    /// Per subject, reader 1 and reader 2 (nil when that reader has no scored read).
    var readers: [[ReaderSubject?]] = []

    /// Values by row id. Ids are assigned 1, 2, 3 … and never deleted, so a flat array indexed
    /// by id serves (no hashing per measurement row); a table whose ids are far sparser than
    /// its rows falls back to a dictionary.
    struct ByID<T: Sendable>: Sendable {
        private var dense: [T?] = []
        private var sparse: [Int64: T] = [:]
        private let isDense: Bool
        init(maxID: Int64, rows: Int) {
            isDense = maxID >= 0 && maxID <= Int64(4 * rows + 1_000_000)
            if isDense { dense = Array(repeating: nil, count: Int(maxID) + 1) }
        }
        subscript(id: Int64) -> T? {
            get { isDense ? (id >= 0 && id < dense.count ? dense[Int(id)] : nil) : sparse[id] }
            set { if isDense { if id >= 0 && id < dense.count { dense[Int(id)] = newValue } } else { sparse[id] = newValue } }
        }
    }

    func data(subject i: Int, slot: Int) -> SubjectTumourData? {
        guard let r = readers[i][slot - 1], !r.assessments.isEmpty else { return nil }
        return SubjectTumourData(subjectID: subjects[i], lesions: r.lesions,
                                 assessments: r.assessments.keys.sorted().map { r.assessments[$0]! },
                                 referenceDate: treatmentStart[i])
    }

    /// Reads that count for scoring: with two readers only locked timepoints (both submitted),
    /// so both readers are compared on the same visits; with one reader, its submitted reads.
    static func load(_ db: Database) throws -> StudySnapshot {
        var s = StudySnapshot()
        // Raw statements stepped row by row: no Row boxing, no String unless one is kept.
        func each(_ sql: String, _ body: (OpaquePointer) throws -> Void) throws {
            let stmt = try db.makeStatement(sql: sql)
            let h = stmt.sqliteStatement
            defer { sqlite3_reset(h) }
            while true {
                let rc = sqlite3_step(h)
                if rc == SQLITE_DONE { return }
                guard rc == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection))) }
                try body(h)
            }
        }
        func string(_ h: OpaquePointer, _ c: Int32) -> String { sqlite3_column_text(h, c).map { String(cString: $0) } ?? "" }
        func equals(_ h: OpaquePointer, _ c: Int32, _ text: StaticString) -> Bool {
            guard let p = sqlite3_column_text(h, c), Int(sqlite3_column_bytes(h, c)) == text.utf8CodeUnitCount else { return false }
            return memcmp(p, text.utf8Start, text.utf8CodeUnitCount) == 0
        }
        var index: [String: Int32] = [:]
        try each("SELECT id, treatmentStart FROM subject ORDER BY id") { h in
            let id = string(h, 0)
            index[id] = Int32(s.subjects.count)
            s.subjects.append(id)
            s.treatmentStart.append(sqlite3_column_type(h, 1) == SQLITE_NULL ? nil : CalendarDate(dayNumber: Int32(truncatingIfNeeded: sqlite3_column_int64(h, 1))))
        }
        // The subject of a row: rows of one subject usually follow each other, so the last
        // subject's bytes are compared before hashing a new string.
        var lastSubject: [UInt8] = [], lastIndex: Int32? = nil
        func subject(_ h: OpaquePointer, _ c: Int32) -> Int32? {
            guard let p = sqlite3_column_text(h, c) else { return nil }
            let n = Int(sqlite3_column_bytes(h, c))
            if n == lastSubject.count && lastSubject.withUnsafeBufferPointer({ memcmp($0.baseAddress!, p, n) == 0 }) && n > 0 { return lastIndex }
            lastSubject = Array(UnsafeBufferPointer(start: p, count: n))
            lastIndex = index[String(decoding: lastSubject, as: UTF8.self)]
            return lastIndex
        }
        let n = s.subjects.count
        s.readers = Array(repeating: [nil, nil], count: n)
        func bounds(_ table: String) throws -> (Int64, Int) {
            let row = try Row.fetchOne(db, sql: "SELECT coalesce(max(id), 0), count(*) FROM \(table)")
            return (row?[0] ?? 0, row?[1] ?? 0)
        }
        let (maxRead, readCount) = try bounds("read"), (maxLesion, lesionCount) = try bounds("lesion")
        // Every read once: who holds each reader slot of a subject (a reader keeps one slot),
        // and the submitted or locked reads.
        var slotReader = [[String?]](repeating: [nil, nil], count: n)
        struct Scored { var id: Int64; var subject: Int32; var slot: Int; var visit: Int; var date: CalendarDate; var locked: Bool }
        var scored: [Scored] = []
        scored.reserveCapacity(readCount)
        try each("""
            SELECT r.id, r.subjectId, r.readerId, r.slot, r.status, t.visit, t.date
            FROM read r JOIN timepoint t ON t.id = r.timepointId
            """) { h in
            guard let i = subject(h, 1) else { return }
            let slot = Int(sqlite3_column_int64(h, 3))
            guard slot == 1 || slot == 2 else { return }
            if slotReader[Int(i)][slot - 1] == nil { slotReader[Int(i)][slot - 1] = string(h, 2) }
            let locked = equals(h, 4, "locked")
            guard locked || equals(h, 4, "submitted") else { return }
            scored.append(Scored(id: sqlite3_column_int64(h, 0), subject: i, slot: slot, visit: Int(sqlite3_column_int64(h, 5)),
                                 date: CalendarDate(dayNumber: Int32(truncatingIfNeeded: sqlite3_column_int64(h, 6))), locked: locked))
        }
        // Reads that count for scoring: with two readers only locked timepoints (both submitted).
        var reads = ByID<ReadRow>(maxID: maxRead, rows: readCount)
        for r in scored {
            let i = Int(r.subject)
            if slotReader[i][0] != nil && slotReader[i][1] != nil && !r.locked { continue }
            reads[r.id] = ReadRow(subject: r.subject, slot: r.slot, visit: r.visit, date: r.date)
            if s.readers[i][r.slot - 1] == nil { s.readers[i][r.slot - 1] = ReaderSubject(readerID: slotReader[i][r.slot - 1] ?? "") }
            s.readers[i][r.slot - 1]!.assessments[r.visit] = TumourAssessment(visit: r.visit, date: r.date)
        }
        scored = []
        // Lesions, in identification order, of the readers that have scored reads.
        var lesionByRef = ByID<(subject: Int32, slot: Int, lesion: Lesion)>(maxID: maxLesion, rows: lesionCount)
        try each("SELECT id, subjectId, readerId, lesionId, role, site, nodal FROM lesion ORDER BY id") { h in
            guard let i = subject(h, 1) else { return }
            let reader = string(h, 2)
            let slot: Int
            if slotReader[Int(i)][0] == reader { slot = 1 } else if slotReader[Int(i)][1] == reader { slot = 2 } else { return }
            guard s.readers[Int(i)][slot - 1] != nil else { return }
            let l = Lesion(id: string(h, 3), role: LesionRole(rawValue: string(h, 4)) ?? .target, site: string(h, 5),
                           isNodal: sqlite3_column_int64(h, 6) != 0)
            s.readers[Int(i)][slot - 1]!.lesions.append(l)
            lesionByRef[sqlite3_column_int64(h, 0)] = (i, slot, l)
        }
        var thickness: [String: Length] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT seriesInstanceUID, sliceThickness FROM series WHERE sliceThickness IS NOT NULL") {
            thickness[row[0]] = Length(micrometres: row[1])
        }
        // Measurements: the hot loop. This thread steps the raw SQLite statement (no Row boxing
        // per column) and hands the rows over in chunks to a second thread, which turns them
        // into observations: reading SQLite and building the engine's input share the two cores,
        // on one connection and so one snapshot. Rows come by read: one read's assessment is
        // built locally and stored once.
        let builder = ObservationBuilder(snapshot: s, reads: reads, lesions: lesionByRef, thickness: thickness)
        let stmt = try db.makeStatement(sql: """
            SELECT readId, lesionRef, value, state, mergedInto, seriesInstanceUID, fragment, sliceThickness
            FROM measurement ORDER BY readId, lesionRef, fragment, version
            """)
        let h = stmt.sqliteStatement
        func text(_ c: Int32) -> String? {
            guard sqlite3_column_type(h, c) != SQLITE_NULL, let p = sqlite3_column_text(h, c) else { return nil }
            return ObservationBuilder.knownState(p, Int(sqlite3_column_bytes(h, c))) ?? String(cString: p)
        }
        var chunk: [RawMeasurement] = []
        chunk.reserveCapacity(ObservationBuilder.chunkSize)
        do {
            defer { builder.finish(chunk) }
            while true {
                let rc = sqlite3_step(h)
                if rc == SQLITE_DONE { break }
                guard rc == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection))) }
                chunk.append(RawMeasurement(
                    readID: sqlite3_column_int64(h, 0), lesionRef: sqlite3_column_int64(h, 1),
                    value: sqlite3_column_type(h, 2) == SQLITE_NULL ? nil : sqlite3_column_int64(h, 2),
                    thickness: sqlite3_column_type(h, 7) == SQLITE_NULL ? nil : sqlite3_column_int64(h, 7),
                    state: text(3), merged: text(4), series: text(5), isFragment: sqlite3_column_bytes(h, 6) > 0))
                if chunk.count == ObservationBuilder.chunkSize {
                    builder.put(chunk)
                    chunk.removeAll(keepingCapacity: true)
                }
            }
        }
        sqlite3_reset(h)
        return builder.join()
    }
}

/// One measurement row as read for scoring, before it becomes an observation.
struct RawMeasurement: Sendable {
    var readID: Int64, lesionRef: Int64, value: Int64?, thickness: Int64?
    var state: String?, merged: String?, series: String?
    var isFragment: Bool
}

/// The second thread of `StudySnapshot.load`: turns measurement rows, chunk by chunk, into each
/// read's assessment. At most a few chunks wait, so memory stays bounded.
final class ObservationBuilder: @unchecked Sendable {
    static let chunkSize = 8_192
    private static let maxWaiting = 8
    // Guarded by `cond`; `snapshot` belongs to the builder thread until `done`.
    private let cond = NSCondition()
    private var chunks: [[RawMeasurement]] = []
    private var finished = false
    private var snapshot: StudySnapshot
    private let done = DispatchSemaphore(value: 0)

    init(snapshot: StudySnapshot, reads: StudySnapshot.ByID<StudySnapshot.ReadRow>,
         lesions: StudySnapshot.ByID<(subject: Int32, slot: Int, lesion: Lesion)>, thickness: [String: Length]) {
        self.snapshot = snapshot
        let thread = Thread { [self] in
            var s = self.snapshot
            var currentID: Int64 = -1
            var current: StudySnapshot.ReadRow? = nil
            var a = TumourAssessment(visit: 0, date: CalendarDate(dayNumber: 0))
            func store() {
                guard let r = current else { return }
                s.readers[Int(r.subject)][r.slot - 1]!.assessments[r.visit] = a
            }
            while let chunk = take() {
                for m in chunk {
                    if m.readID != currentID {
                        store()
                        currentID = m.readID
                        current = reads[m.readID]
                        if let r = current { a = TumourAssessment(visit: r.visit, date: r.date) }
                    }
                    guard let r = current, let l = lesions[m.lesionRef] else { continue }
                    if m.isFragment {
                        a.observations[l.lesion.id] = ReaderData.addFragment(a.observations[l.lesion.id], m.value)
                    } else {
                        a.observations[l.lesion.id] = ReaderData.observation(role: l.lesion.role, kind: "", value: m.value, state: m.state,
                                                                             mergedInto: m.merged)
                    }
                    if r.visit == 0 {
                        // The series' thickness; else, on a lesion's own row, the thickness imported with it (as `nadir rescore`).
                        var t: Length? = m.series.flatMap { thickness[$0] }
                        if t == nil, !m.isFragment, let own = m.thickness { t = Length(micrometres: own) }
                        if let t { a.sliceThickness[l.lesion.id] = t }
                    }
                }
            }
            store()
            self.snapshot = s
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    func put(_ chunk: [RawMeasurement]) {
        cond.lock(); defer { cond.unlock() }
        while chunks.count >= ObservationBuilder.maxWaiting { cond.wait() }
        chunks.append(chunk)
        cond.broadcast()
    }

    /// The last rows; the builder stops once they are done. Called exactly once.
    func finish(_ chunk: [RawMeasurement]) {
        cond.lock(); defer { cond.unlock() }
        if !chunk.isEmpty { chunks.append(chunk) }
        finished = true
        cond.broadcast()
    }

    private func take() -> [RawMeasurement]? {
        cond.lock(); defer { cond.unlock() }
        while chunks.isEmpty && !finished { cond.wait() }
        guard !chunks.isEmpty else { return nil }
        let c = chunks.removeFirst()
        cond.broadcast()
        return c
    }

    /// The snapshot with every read's observations, once all rows are done.
    func join() -> StudySnapshot {
        done.wait()
        return snapshot
    }

    /// The stored state codes as constant strings (no allocation per row).
    static let states = ["TOO SMALL TO MEASURE", "NOT EVALUABLE", "MERGED", "PRESENT", "ABSENT", "UNEQUIVOCAL PROGRESSION", "EQUIVOCAL"]
    private static let stateBytes = states.map { Array($0.utf8) }
    static func knownState(_ p: UnsafePointer<UInt8>, _ n: Int) -> String? {
        for (k, b) in stateBytes.enumerated() where b.count == n {
            var same = true
            for i in 0..<n where b[i] != p[i] { same = false; break }
            if same { return states[k] }
        }
        return nil
    }
}
