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
    static func subjectData(_ db: Database, subject: String, reader: String, reads: [ReadInfo]) throws -> SubjectTumourData {
        var lesions: [Lesion] = []
        var byRef: [Int64: Lesion] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, lesionId, role, site, nodal FROM lesion WHERE subjectId = ? AND readerId = ? ORDER BY id",
                                    arguments: [subject, reader]) {
            let l = Lesion(id: row[1], role: LesionRole(rawValue: row[2]) ?? .target, site: row[3], isNodal: row[4])
            lesions.append(l); byRef[row[0]] = l
        }
        var assessments: [TumourAssessment] = []
        for r in reads.sorted(by: { $0.visit < $1.visit }) {
            var a = TumourAssessment(visit: r.visit, date: r.date)
            let rows = try Row.fetchAll(db, sql: """
                SELECT m.lesionRef, m.kind, m.value, m.state, m.mergedInto, s.sliceThickness, m.fragment
                FROM measurement m LEFT JOIN series s ON s.seriesInstanceUID = m.seriesInstanceUID
                WHERE m.readId = ? ORDER BY m.lesionRef, m.fragment, m.version
                """, arguments: [r.id])
            for row in rows {  // later versions overwrite earlier ones
                guard let l = byRef[row[0]] else { continue }
                let fragment: String = row[6]
                a.observations[l.id] = fragment.isEmpty
                    ? observation(role: l.role, kind: row[1], value: row[2], state: row[3], mergedInto: row[4])
                    : addFragment(a.observations[l.id], row[2])
                if r.visit == 0, let t = row[5] as Int64? { a.sliceThickness[l.id] = Length(micrometres: t) }
            }
            assessments.append(a)
        }
        let start = try Int64.fetchOne(db, sql: "SELECT treatmentStart FROM subject WHERE id = ?", arguments: [subject])
        return SubjectTumourData(subjectID: subject, lesions: lesions, assessments: assessments,
                                 referenceDate: start.map { CalendarDate(dayNumber: Int32(truncatingIfNeeded: $0)) })
    }
}

/// All final reads of the study, loaded in a few sequential scans: the committee re-score and
/// the exports read 100,000 subjects this way instead of one query per read.
struct StudySnapshot: Sendable {
    struct ReadKey: Hashable, Sendable { var subject: Int32; var slot: Int8 }
    struct ReaderSubject: Sendable {
        var readerID: String
        var lesions: [Lesion] = []
        var assessments: [Int: TumourAssessment] = [:]
        var readIDs: [Int: Int64] = [:]
    }
    var subjects: [String] = []
    var treatmentStart: [CalendarDate?] = []
    /// Per subject, reader 1 and reader 2 (nil when that reader has no scored read).
    var readers: [[ReaderSubject?]] = []
    /// Lesions by row id, for exports.
    var lesionSites: [Int64: (subject: Int32, reader: String, lesion: Lesion)] = [:]

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
        var index: [String: Int32] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, treatmentStart FROM subject ORDER BY id") {
            index[row[0]] = Int32(s.subjects.count)
            s.subjects.append(row[0])
            s.treatmentStart.append((row[1] as Int64?).map { CalendarDate(dayNumber: Int32(truncatingIfNeeded: $0)) })
        }
        s.readers = Array(repeating: [nil, nil], count: s.subjects.count)
        let twoReaders = Set(try String.fetchAll(db, sql: "SELECT subjectId FROM read GROUP BY subjectId HAVING COUNT(DISTINCT slot) = 2"))
        struct ReadRow { var subject: Int32; var slot: Int; var visit: Int; var date: CalendarDate }
        var reads: [Int64: ReadRow] = [:]
        let readCursor = try Row.fetchCursor(db, sql: """
            SELECT r.id, r.subjectId, r.readerId, r.slot, r.status, t.visit, t.date
            FROM read r JOIN timepoint t ON t.id = r.timepointId WHERE r.status IN ('submitted', 'locked')
            """)
        while let row = try readCursor.next() {
            let subject: String = row[1], status: String = row[4]
            guard let i = index[subject] else { continue }
            if twoReaders.contains(subject) && status != ReadStatus.locked.rawValue { continue }
            let slot: Int = row[3], visit: Int = row[5]
            let date = CalendarDate(dayNumber: Int32(truncatingIfNeeded: row[6] as Int64))
            reads[row[0]] = ReadRow(subject: i, slot: slot, visit: visit, date: date)
            if s.readers[Int(i)][slot - 1] == nil { s.readers[Int(i)][slot - 1] = ReaderSubject(readerID: row[2]) }
            s.readers[Int(i)][slot - 1]!.assessments[visit] = TumourAssessment(visit: visit, date: date)
            s.readers[Int(i)][slot - 1]!.readIDs[visit] = row[0]
        }
        // Lesions, in identification order, of the readers that have scored reads.
        var lesionByRef: [Int64: (subject: Int32, slot: Int, lesion: Lesion)] = [:]
        var slotOf: [String: [String: Int]] = [:]  // subject → reader → slot
        for row in try Row.fetchAll(db, sql: "SELECT DISTINCT subjectId, readerId, slot FROM read") {
            slotOf[row[0], default: [:]][row[1]] = row[2]
        }
        let lesionCursor = try Row.fetchCursor(db, sql: "SELECT id, subjectId, readerId, lesionId, role, site, nodal FROM lesion ORDER BY id")
        while let row = try lesionCursor.next() {
            let subject: String = row[1], reader: String = row[2]
            guard let i = index[subject], let slot = slotOf[subject]?[reader] else { continue }
            let l = Lesion(id: row[3], role: LesionRole(rawValue: row[4]) ?? .target, site: row[5], isNodal: row[6])
            s.lesionSites[row[0]] = (i, reader, l)
            guard s.readers[Int(i)][slot - 1] != nil else { continue }
            s.readers[Int(i)][slot - 1]!.lesions.append(l)
            lesionByRef[row[0]] = (i, slot, l)
        }
        var thickness: [String: Length] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT seriesInstanceUID, sliceThickness FROM series WHERE sliceThickness IS NOT NULL") {
            thickness[row[0]] = Length(micrometres: row[1])
        }
        // Measurements: the hot loop, on the raw SQLite statement (no Row boxing per column).
        let stmt = try db.makeStatement(sql: """
            SELECT readId, lesionRef, kind, value, state, mergedInto, seriesInstanceUID, fragment FROM measurement ORDER BY readId, lesionRef, fragment, version
            """)
        let h = stmt.sqliteStatement
        func text(_ c: Int32) -> String? {
            guard sqlite3_column_type(h, c) != SQLITE_NULL, let p = sqlite3_column_text(h, c) else { return nil }
            return String(cString: p)
        }
        while true {
            let rc = sqlite3_step(h)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection))) }
            let readID = sqlite3_column_int64(h, 0)
            guard let r = reads[readID], let l = lesionByRef[sqlite3_column_int64(h, 1)] else { continue }
            let value: Int64? = sqlite3_column_type(h, 3) == SQLITE_NULL ? nil : sqlite3_column_int64(h, 3)
            let state = sqlite3_column_type(h, 4) == SQLITE_NULL ? nil : text(4)
            let merged = sqlite3_column_type(h, 5) == SQLITE_NULL ? nil : text(5)
            let isFragment = sqlite3_column_bytes(h, 7) > 0
            if isFragment {
                let previous = s.readers[Int(r.subject)][r.slot - 1]!.assessments[r.visit]!.observations[l.lesion.id]
                s.readers[Int(r.subject)][r.slot - 1]!.assessments[r.visit]!.observations[l.lesion.id] = ReaderData.addFragment(previous, value)
            } else {
                let obs = ReaderData.observation(role: l.lesion.role, kind: "", value: value, state: state, mergedInto: merged)
                s.readers[Int(r.subject)][r.slot - 1]!.assessments[r.visit]!.observations[l.lesion.id] = obs
            }
            if r.visit == 0, sqlite3_column_type(h, 6) != SQLITE_NULL, let uid = text(6), let t = thickness[uid] {
                s.readers[Int(r.subject)][r.slot - 1]!.assessments[r.visit]!.sliceThickness[l.lesion.id] = t
            }
        }
        sqlite3_reset(h)
        return s
    }
}
