import NadirCore

/// One parsed row of SDTM TR (tumour results).
struct TumourResultRecord: Sendable {
    enum Result: Sendable, Equatable {
        case measured(Length)
        case tooSmallToMeasure
        case notEvaluable
        /// `TRSTRESC = MERGED`: the lesion coalesced into the target named in `TRLNKGRP`.
        case merged
        case state(TumourState)
    }
    /// `TRSTRESC` of a `TUMSTATE` row.
    enum TumourState: String, Sendable {
        case present = "PRESENT", absent = "ABSENT", unequivocalProgression = "UNEQUIVOCAL PROGRESSION"
        case notEvaluable = "NOT EVALUABLE", equivocal = "EQUIVOCAL"
    }
    enum Test: String, Sendable { case longestDiameter = "LDIAM", shortAxis = "SAXIS", tumourState = "TUMSTATE" }

    var line: Int
    var lesionID: String
    /// `TRLNKGRP` (optional): the parent target of a fragment, or the target a merged lesion
    /// coalesced into (Nadir's convention for RECIST 1.1 §4.3.2, see docs/cli.md).
    var group: String?
    var visit: Int
    var date: CalendarDate
    var test: Test
    var result: Result
    /// Slice thickness of the measured image, mm (optional `SLICETHK` column).
    var sliceThickness: Length?
}

/// Column positions of a TR file, resolved once from its header.
struct TumourResultColumns {
    let subject, lesion, visit, date, test, stresc, stresn: Int
    let group: Int?
    let thickness: Int?

    init(_ csv: CSVReader, name: String) throws(InputError) {
        func col(_ c: String) throws(InputError) -> Int {
            do { return try csv.requiredColumn(c) } catch { throw InputError(file: name, line: 1, field: c, message: error.message) }
        }
        subject = try col("USUBJID"); lesion = try col("TRLNKID"); visit = try col("VISITNUM")
        date = try col("TRDTC"); test = try col("TRTESTCD"); stresc = try col("TRSTRESC"); stresn = try col("TRSTRESN")
        group = csv.column("TRLNKGRP")
        thickness = csv.column("SLICETHK")
    }

    /// The largest diameter Nadir accepts: a 1 m lesion is a data entry error.
    static let implausibleDiameter = Length.mm(1000)

    /// Parses one row; throws an error naming file, row and field.
    func parse(_ row: borrowing CSVRow, name: String) throws(InputError) -> TumourResultRecord {
        func fail(_ field: String, _ message: String) -> InputError {
            InputError(file: name, line: row.line, field: field, message: message)
        }
        let lesionID = row.string(lesion)
        guard !lesionID.isEmpty else { throw fail("TRLNKID", "empty lesion id") }
        guard let v = FieldParsing.integer(row.bytes(visit)), v >= 0 else {
            throw fail("VISITNUM", "'\(row.string(visit))' is not a visit number (an integer, 0 = baseline)")
        }
        guard let d = FieldParsing.date(row.bytes(date)) else {
            throw fail("TRDTC", "'\(row.string(date))' is not an ISO 8601 date (YYYY-MM-DD)")
        }
        let t: TumourResultRecord.Test
        if row.equals(test, "LDIAM") { t = .longestDiameter }
        else if row.equals(test, "SAXIS") { t = .shortAxis }
        else if row.equals(test, "TUMSTATE") { t = .tumourState }
        else { throw fail("TRTESTCD", "unknown code '\(row.string(test))' (expected LDIAM, SAXIS or TUMSTATE)") }

        let result: TumourResultRecord.Result
        switch t {
        case .longestDiameter, .shortAxis:
            if !row.isEmpty(stresn) {
                guard let value = FieldParsing.length(row.bytes(stresn)) else {
                    throw fail("TRSTRESN", "'\(row.string(stresn))' is not a number of millimetres")
                }
                result = .measured(try checked(value, field: "TRSTRESN", fail))
            } else if row.equals(stresc, "TOO SMALL TO MEASURE") {
                result = .tooSmallToMeasure
            } else if row.equals(stresc, "NOT EVALUABLE") || row.equals(stresc, "NE") {
                result = .notEvaluable
            } else if row.equals(stresc, "MERGED") {
                result = .merged
            } else if let value = FieldParsing.length(row.bytes(stresc)) {
                result = .measured(try checked(value, field: "TRSTRESC", fail))
            } else if row.isEmpty(stresc) {
                throw fail("TRSTRESN", "no result: a diameter in TRSTRESN, or TRSTRESC = TOO SMALL TO MEASURE / NOT EVALUABLE")
            } else {
                throw fail("TRSTRESC", "unknown result '\(row.string(stresc))' for \(t.rawValue) (expected a number, TOO SMALL TO MEASURE or NOT EVALUABLE)")
            }
        case .tumourState:
            // Byte comparisons on the hot path; case-insensitive fallback for hand-made files.
            let state: TumourResultRecord.TumourState
            if row.equals(stresc, "PRESENT") { state = .present }
            else if row.equals(stresc, "ABSENT") { state = .absent }
            else if row.equals(stresc, "NOT EVALUABLE") { state = .notEvaluable }
            else if row.equals(stresc, "UNEQUIVOCAL PROGRESSION") { state = .unequivocalProgression }
            else if row.equals(stresc, "EQUIVOCAL") { state = .equivocal }
            else if let s = TumourResultRecord.TumourState(rawValue: row.string(stresc).uppercased()) { state = s }
            else {
                throw fail("TRSTRESC", "unknown code '\(row.string(stresc))' for TUMSTATE (expected PRESENT, ABSENT, UNEQUIVOCAL PROGRESSION, NOT EVALUABLE or EQUIVOCAL)")
            }
            result = .state(state)
        }
        var grp: String? = nil
        if let g = group, !row.isEmpty(g) { grp = row.string(g) }
        var thick: Length? = nil
        if let th = thickness, !row.isEmpty(th) {
            guard let value = FieldParsing.length(row.bytes(th)), value > .zero, value < .mm(100) else {
                throw fail("SLICETHK", "'\(row.string(th))' is not a slice thickness in mm")
            }
            thick = value
        }
        return TumourResultRecord(line: row.line, lesionID: lesionID, group: grp, visit: v, date: d,
                                  test: t, result: result, sliceThickness: thick)
    }

    private func checked(_ value: Length, field: String, _ fail: (String, String) -> InputError) throws(InputError) -> Length {
        if value < .zero { throw fail(field, "impossible measurement: negative diameter \(value) mm") }
        if value > TumourResultColumns.implausibleDiameter { throw fail(field, "implausible measurement: \(value) mm exceeds 1000 mm") }
        return value
    }
}

/// Turns one subject's TU lesions and TR records into the engine's input, checking what only
/// the whole subject can show: lesions missing from TU, the test code matching the lesion,
/// duplicate rows and measurements dated before baseline.
///
/// The result is the engine's observation grid, filled by lesion column: no dictionary per
/// assessment, nothing hashed (a subject has a handful of lesions; their ids are compared).
enum SubjectAssembler {
    static func assemble(subjectID: String, lesions: [Lesion], records: [TumourResultRecord],
                         treatmentStart: CalendarDate?, name: String) -> Result<ObservationGrid, InputErrors> {
        var errors: [InputError] = []
        func fail(_ r: TumourResultRecord, _ field: String, _ message: String) {
            errors.append(InputError(file: name, line: r.line, field: field, message: "subject \(subjectID): \(message)"))
        }
        func lesionIndex(_ id: String) -> Int? { lesions.firstIndex { $0.id == id } }

        // Baseline date: the earliest baseline row. (Index loops read fields in place instead of
        // copying whole records.)
        var baselineDate: CalendarDate? = nil
        var inOrder = true
        for k in records.indices {
            if records[k].visit == 0, baselineDate == nil || records[k].date < baselineDate! { baselineDate = records[k].date }
            if k > 0, (records[k - 1].visit, records[k - 1].line) >= (records[k].visit, records[k].line) { inOrder = false }
        }

        // Records by visit, then file order: one pass per visit group.
        let ordered = inOrder ? records : records.sorted { ($0.visit, $0.line) < ($1.visit, $1.line) }
        var grid = ObservationGrid(subjectID: subjectID, lesions: lesions, referenceDate: treatmentStart,
                                   expectedAssessments: min(ordered.last.map { $0.visit + 1 } ?? 0, ordered.count))
        // Row of the first record of each TU lesion at the current visit (0: none yet), and of
        // ids not in TU (fragments, or errors): duplicates are named with the first row.
        var firstLine = [Int](repeating: 0, count: lesions.count)
        var otherSeen: [(id: String, line: Int)] = []
        var i = 0
        while i < ordered.count {
            let visit = ordered[i].visit
            var j = i
            while j < ordered.count && ordered[j].visit == visit { j += 1 }
            let k = grid.appendAssessment(visit: visit, date: ordered[i].date)
            var date = ordered[i].date
            for c in firstLine.indices { firstLine[c] = 0 }
            otherSeen.removeAll(keepingCapacity: true)
            var fragments: [(parent: Int, parts: [Length], line: Int)] = []
            for r in ordered[i..<j] {
                if let b = baselineDate, visit > 0, r.date < b {
                    fail(r, "TRDTC", "measurement dated \(r.date) is before the baseline assessment (\(b))")
                    continue
                }
                let index = lesionIndex(r.lesionID)
                if let c = index {
                    if firstLine[c] != 0 {
                        fail(r, "TRLNKID", "duplicate row for lesion \(r.lesionID) at visit \(visit) (first on row \(firstLine[c]))")
                        continue
                    }
                    firstLine[c] = r.line
                } else {
                    if let first = otherSeen.first(where: { $0.id == r.lesionID }) {
                        fail(r, "TRLNKID", "duplicate row for lesion \(r.lesionID) at visit \(visit) (first on row \(first.line))")
                        continue
                    }
                    otherSeen.append((r.lesionID, r.line))
                }
                if r.date < date { date = r.date }
                guard let k2 = index else {
                    // A fragment of a split target (RECIST 1.1 §4.3.2): TRLNKGRP names the parent.
                    if let parent = r.group, let p = lesionIndex(parent), lesions[p].role == .target, r.test != .tumourState {
                        if case .measured(let v) = r.result {
                            if let f = fragments.firstIndex(where: { $0.parent == p }) {
                                fragments[f].parts.append(v)
                            } else {
                                fragments.append((p, [v], r.line))
                            }
                        } else {
                            fail(r, "TRSTRESN", "a fragment of split lesion \(parent) needs a measured diameter")
                        }
                    } else {
                        fail(r, "TRLNKID", "lesion \(r.lesionID) is not identified in TU.csv")
                    }
                    continue
                }
                let lesion = lesions[k2]
                let observation: LesionObservation
                switch (lesion.role, r.test, r.result) {
                case (.target, let test, _) where test == .tumourState
                        || (test == .longestDiameter && lesion.isNodal) || (test == .shortAxis && !lesion.isNodal):
                    let expected = lesion.isNodal ? "SAXIS (nodal target: short axis)" : "LDIAM (non-nodal target: longest diameter)"
                    fail(r, "TRTESTCD", "\(r.test.rawValue) for target lesion \(lesion.id); expected \(expected) [RECIST 1.1 §4.3.1]")
                    continue
                case (.target, _, .measured(let v)): observation = .target(.measured(v))
                case (.target, _, .tooSmallToMeasure): observation = .target(.tooSmallToMeasure)
                case (.target, _, .notEvaluable): observation = .target(.notEvaluable)
                case (.target, _, .merged):
                    guard let into = r.group else {
                        fail(r, "TRLNKGRP", "a MERGED lesion must name, in TRLNKGRP, the target it coalesced into")
                        continue
                    }
                    observation = .target(.mergedInto(lesionID: into))
                case (.nonTarget, .tumourState, .state(let s)):
                    switch s {
                    case .present: observation = .nonTarget(.present)
                    case .absent: observation = .nonTarget(.absent)
                    case .unequivocalProgression: observation = .nonTarget(.unequivocalProgression)
                    case .notEvaluable: observation = .nonTarget(.notEvaluable)
                    case .equivocal:
                        fail(r, "TRSTRESC", "EQUIVOCAL is not a non-target state (PRESENT, ABSENT, UNEQUIVOCAL PROGRESSION, NOT EVALUABLE)")
                        continue
                    }
                case (.new, .tumourState, .state(let s)):
                    switch s {
                    case .present: observation = .new(.present)
                    case .equivocal: observation = .new(.equivocal)
                    case .absent, .notEvaluable: continue  // recorded, but not an appearance
                    case .unequivocalProgression:
                        fail(r, "TRSTRESC", "UNEQUIVOCAL PROGRESSION is not a new-lesion state (PRESENT, EQUIVOCAL)")
                        continue
                    }
                default:
                    fail(r, "TRTESTCD", "\(r.test.rawValue) for \(lesion.role.rawValue) lesion \(lesion.id); expected TUMSTATE [RECIST 1.1 §4.3.3]")
                    continue
                }
                grid[k, k2] = observation
                if visit == 0, let t = r.sliceThickness { grid.baselineSliceThickness[k2] = t }
            }
            for f in fragments {
                if grid[k, f.parent] != nil {
                    errors.append(InputError(file: name, line: f.line, field: "TRLNKGRP",
                                             message: "subject \(subjectID): lesion \(lesions[f.parent].id) has both its own measurement and fragments at visit \(visit)"))
                } else {
                    grid[k, f.parent] = .target(.fragments(f.parts))
                }
            }
            if date != ordered[i].date { grid.setDate(date, ofRow: k) }
            i = j
        }
        if !errors.isEmpty { return .failure(InputErrors(errors.sorted { ($0.line ?? 0) < ($1.line ?? 0) })) }
        return .success(grid)
    }
}
