import Foundation
import GRDB
import NadirCore

/// One read: one reader's assessment of one subject at one timepoint.
public struct ReadInfo: Sendable, Hashable {
    public var id: Int64
    public var subjectID: String
    public var visit: Int
    public var date: CalendarDate
    public var timepointID: Int64
    public var readerID: String
    /// Reader 1 or reader 2 of the subject (fixed for the subject across timepoints).
    public var slot: Int
    public var status: ReadStatus
    public var assignedAt: String
    public var submittedAt: String?

    static let select = """
        SELECT r.id, r.subjectId, t.visit, t.date, r.timepointId, r.readerId, r.slot, r.status, r.assignedAt, r.submittedAt
        FROM read r JOIN timepoint t ON t.id = r.timepointId
        """

    init(row: Row) throws {
        id = row[0]; subjectID = row[1]; visit = row[2]
        date = CalendarDate(dayNumber: Int32(truncatingIfNeeded: row[3] as Int64))
        timepointID = row[4]; readerID = row[5]; slot = row[6]
        guard let s = ReadStatus(rawValue: row[7]) else { throw StoreError.database(operation: "reading read \(id)", message: "unknown status") }
        status = s; assignedAt = row[8]; submittedAt = row[9]
    }

    var json: JSON {
        .object(["id": .int(id), "subjectId": .string(subjectID), "visit": .int(Int64(visit)), "readerId": .string(readerID),
                 "slot": .int(Int64(slot)), "status": .string(status.rawValue), "submittedAt": .optional(submittedAt)])
    }
}

/// What happened when a read was submitted.
public struct SubmitOutcome: Sendable, Hashable {
    public var read: ReadInfo
    /// Both reads of the timepoint are now submitted and locked (blinding lifts).
    public var timepointLocked: Bool
    /// The adjudication task created because the two readers disagree, if any.
    public var adjudicationID: Int64?
}

extension ReadingStore {
    static func readInfo(_ db: Database, _ id: Int64) throws -> ReadInfo {
        guard let row = try Row.fetchOne(db, sql: ReadInfo.select + " WHERE r.id = ?", arguments: [id]) else {
            throw StoreError.notFound(entity: "read", id: String(id))
        }
        return try ReadInfo(row: row)
    }

    /// Assigns `reader` to read `subject` at `visit`. The subject and timepoint are created on
    /// first use (the timepoint needs `date` then). A subject has exactly two readers; each keeps
    /// the same slot (reader 1 or 2) at every timepoint.
    @discardableResult
    public func assign(subject: String, visit: Int, date: CalendarDate? = nil, reader: String, by actor: String) throws(StoreError) -> ReadInfo {
        try write("assigning a read") { db in
            _ = try ReadingStore.require(db, actor, [.studyAdmin], "assign reads")
            let r = try ReadingStore.user(db, reader)
            guard r.role == .reader else {
                throw StoreError.workflow(rule: WorkflowRule.role, detail: "\(reader) is a \(r.role.rawValue), not a reader")
            }
            if try ReadingStore.ensureSubject(db, subject) {
                try audit(db, user: actor, entity: "subject", id: subject, action: "create", after: .object(["id": .string(subject)]))
            }
            let tp = try ReadingStore.ensureTimepoint(db, subject: subject, visit: visit, date: date)
            if tp.created, let date {
                try audit(db, user: actor, entity: "timepoint", id: String(tp.id), action: "create",
                          after: .object(["subjectId": .string(subject), "visit": .int(Int64(visit)), "date": .string(date.description)]))
            }
            let id = try insertRead(db, subject: subject, timepointID: tp.id, visit: visit, reader: reader, actor: actor)
            return try ReadingStore.readInfo(db, id)
        }
    }

    /// Inserts one read after the slot rules (shared by `assign` and the SDTM import).
    func insertRead(_ db: Database, subject: String, timepointID: Int64, visit: Int, reader: String, actor: String,
                    status: ReadStatus = .assigned, id explicitID: Int64? = nil) throws -> Int64 {
        if let existing = try Int64.fetchOne(db, sql: "SELECT id FROM read WHERE timepointId = ? AND readerId = ?", arguments: [timepointID, reader]) {
            throw StoreError.workflow(rule: WorkflowRule.distinctReaders,
                                      detail: "\(reader) already has read \(existing) of subject \(subject) visit \(visit)")
        }
        let slots = try Row.fetchAll(db, sql: "SELECT DISTINCT readerId, slot FROM read WHERE subjectId = ?", arguments: [subject])
        var slot: Int
        if let mine = slots.first(where: { ($0[0] as String) == reader }) {
            slot = mine[1]
        } else {
            let used = Set(slots.map { $0[1] as Int })
            guard let free = [1, 2].first(where: { !used.contains($0) }) else {
                let names = Set(slots.map { $0[0] as String }).sorted().joined(separator: ", ")
                throw StoreError.workflow(rule: WorkflowRule.twoReaders, detail: "subject \(subject) already has readers \(names)")
            }
            slot = free
        }
        let now = clock.stamp()
        try db.execute(sql: "INSERT INTO read (id, subjectId, timepointId, readerId, slot, status, assignedAt) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       arguments: [explicitID, subject, timepointID, reader, slot, status.rawValue, now])
        let id = db.lastInsertedRowID
        try audit(db, user: actor, entity: "read", id: String(id), action: "assign",
                  after: .object(["subjectId": .string(subject), "visit": .int(Int64(visit)), "readerId": .string(reader),
                                  "slot": .int(Int64(slot)), "status": .string(status.rawValue)]))
        return id
    }

    // MARK: - Visibility (blinding)

    /// Whether `viewer` may see `read` (blinding: FDA imaging endpoint guidance §IV.D).
    static func canSee(_ db: Database, _ viewer: User, _ read: ReadInfo) throws -> Bool {
        switch viewer.role {
        case .studyAdmin, .monitor: return true
        case .reader:
            if read.readerID == viewer.id { return true }
            // The other reader's read only once both reads of the timepoint are locked.
            guard read.status == .locked else { return false }
            return try Bool.fetchOne(db, sql: "SELECT 1 FROM read WHERE timepointId = ? AND readerId = ?",
                                     arguments: [read.timepointID, viewer.id]) ?? false
        case .adjudicator:
            return read.status == .locked
        }
    }

    /// The reads `viewer` may see, optionally of one subject.
    public func reads(visibleTo viewer: String, subject: String? = nil) throws(StoreError) -> [ReadInfo] {
        try read("listing reads") { db in
            let u = try ReadingStore.user(db, viewer)
            var sql = ReadInfo.select
            var args: StatementArguments = []
            if let subject { sql += " WHERE r.subjectId = ?"; args = [subject] }
            sql += " ORDER BY r.subjectId, t.visit, r.slot"
            return try Row.fetchAll(db, sql: sql, arguments: args).map(ReadInfo.init(row:)).filter { try ReadingStore.canSee(db, u, $0) }
        }
    }

    /// The current measurements of a read (latest version per lesion), if `viewer` may see it.
    public func measurements(read id: Int64, viewer: String, includeHistory: Bool = false) throws(StoreError) -> [Measurement] {
        try read("reading measurements") { db in
            let u = try ReadingStore.user(db, viewer)
            let r = try ReadingStore.readInfo(db, id)
            guard try ReadingStore.canSee(db, u, r) else {
                throw StoreError.forbidden(user: viewer, role: u.role, action: "see read \(id) of \(r.readerID)", rule: WorkflowRule.blinding)
            }
            return try ReadingStore.measurements(db, readID: id, includeHistory: includeHistory)
        }
    }

    static func measurements(_ db: Database, readID: Int64, includeHistory: Bool) throws -> [Measurement] {
        let lesionNames = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: """
            SELECT l.id, l.lesionId FROM lesion l JOIN read r ON r.subjectId = l.subjectId AND r.readerId = l.readerId WHERE r.id = ?
            """, arguments: [readID]).map { ($0[0] as Int64, $0[1] as String) })
        var out: [Measurement] = []
        for row in try Row.fetchAll(db, sql: MeasurementSnapshot.select + " WHERE readId = ? ORDER BY lesionRef, fragment, version", arguments: [readID]) {
            var (ref, m) = MeasurementSnapshot(row: row).measurement
            m.lesionID = lesionNames[ref] ?? String(ref)
            // Only the latest version of each lesion (or fragment) unless the history is asked for.
            if !includeHistory, let last = out.last, last.lesionID == m.lesionID, last.fragment == m.fragment { out.removeLast() }
            out.append(m)
        }
        return out.sorted { ($0.lesionID, $0.fragment ?? "", $0.version) < ($1.lesionID, $1.fragment ?? "", $1.version) }
    }

    // MARK: - Recording measurements

    /// Records a measurement on the reader's own open read. A second measurement of the same
    /// lesion on the same read is a correction: a new version, which needs `reason`; nothing is
    /// overwritten. Plausibility and measurability are checked first.
    @discardableResult
    public func record(_ input: MeasurementInput, read readID: Int64, by actor: String, reason: String? = nil) throws(StoreError) -> Measurement {
        try write("recording a measurement") { db in
            let u = try ReadingStore.require(db, actor, [.reader], "record measurements")
            let r = try ReadingStore.readInfo(db, readID)
            guard r.readerID == u.id else {
                throw StoreError.forbidden(user: actor, role: u.role, action: "record on read \(readID) of \(r.readerID)", rule: WorkflowRule.ownRead)
            }
            guard !r.status.isFinal else {
                throw StoreError.workflow(rule: WorkflowRule.lockedRead, detail: "read \(readID) is \(r.status.rawValue)")
            }
            return try recordChecked(db, input, read: r, actor: actor, reason: reason)
        }
    }

    func lesionRef(_ db: Database, subject: String, reader: String, _ input: MeasurementInput, actor: String) throws -> (ref: Int64, lesion: Lesion) {
        if let row = try Row.fetchOne(db, sql: "SELECT id, role, site, nodal FROM lesion WHERE subjectId = ? AND readerId = ? AND lesionId = ?",
                                      arguments: [subject, reader, input.lesionID]) {
            let lesion = Lesion(id: input.lesionID, role: LesionRole(rawValue: row[1]) ?? .target, site: row[2], isNodal: row[3])
            if let d = input.definition, d.role != lesion.role || d.isNodal != lesion.isNodal {
                throw StoreError.workflow(rule: WorkflowRule.lesionDefinition,
                                          detail: "lesion \(input.lesionID) of \(subject) is already identified as \(lesion.role.rawValue)\(lesion.isNodal ? " (nodal)" : "")")
            }
            return (row[0], lesion)
        }
        guard let d = input.definition else {
            throw StoreError.workflow(rule: WorkflowRule.lesionDefinition,
                                      detail: "lesion \(input.lesionID) of subject \(subject) is not identified yet: give its role and site")
        }
        try db.execute(sql: "INSERT INTO lesion (subjectId, readerId, lesionId, role, site, nodal) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [subject, reader, input.lesionID, d.role.rawValue, d.site, d.isNodal])
        let ref = db.lastInsertedRowID
        try audit(db, user: actor, entity: "lesion", id: String(ref), action: "identify",
                  after: .object(["subjectId": .string(subject), "readerId": .string(reader), "lesionId": .string(input.lesionID),
                                  "role": .string(d.role.rawValue), "site": .string(d.site), "nodal": .bool(d.isNodal)]))
        return (ref, Lesion(id: input.lesionID, role: d.role, site: d.site, isNodal: d.isNodal))
    }

    func recordChecked(_ db: Database, _ input: MeasurementInput, read r: ReadInfo, actor: String, reason: String?) throws -> Measurement {
        let (ref, lesion) = try lesionRef(db, subject: r.subjectID, reader: r.readerID, input, actor: actor)
        try ReadingStore.checkPlausibility(db, input, lesion: lesion, read: r)
        // A lesion split into fragments on this read (an SDTM import, RECIST 1.1 §4.3.2): a whole
        // measurement beside the fragments would be outvoted by them in every re-score, so it is
        // refused rather than stored and silently ignored.
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM measurement WHERE readId = ? AND lesionRef = ? AND fragment != '' LIMIT 1",
                             arguments: [r.id, ref]) == true {
            throw StoreError.workflow(rule: WorkflowRule.splitLesion,
                                      detail: "lesion \(input.lesionID) is recorded as split fragments on read \(r.id)")
        }
        let previous = try Row.fetchOne(db, sql: MeasurementSnapshot.select + " WHERE readId = ? AND lesionRef = ? ORDER BY version DESC LIMIT 1",
                                        arguments: [r.id, ref]).map(MeasurementSnapshot.init(row:))
        if previous != nil, (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw StoreError.workflow(rule: WorkflowRule.correctionReason,
                                      detail: "lesion \(input.lesionID) already has a measurement on read \(r.id): give a reason for the correction")
        }
        let version = (previous?.version ?? 0) + 1
        let now = clock.stamp()
        try db.execute(sql: """
            INSERT INTO measurement (readId, lesionRef, version, kind, value, state, mergedInto, seriesInstanceUID, sopInstanceUID, frame,
                                     x1, y1, x2, y2, readerId, recordedAt, reason)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [r.id, ref, version, input.kind.rawValue, input.value?.micrometres, input.state, input.mergedInto,
                             input.image?.seriesInstanceUID, input.image?.sopInstanceUID, input.image?.frame,
                             input.caliper?.x1, input.caliper?.y1, input.caliper?.x2, input.caliper?.y2,
                             r.readerID, now, previous == nil ? nil : reason])
        let id = db.lastInsertedRowID
        guard let row = try Row.fetchOne(db, sql: MeasurementSnapshot.select + " WHERE id = ?", arguments: [id]) else {
            throw StoreError.notFound(entity: "measurement", id: String(id))
        }
        let snap = MeasurementSnapshot(row: row)
        try audit(db, user: actor, entity: "measurement", id: String(id), action: previous == nil ? "record" : "correct",
                  before: previous?.json, after: snap.json, reason: previous == nil ? nil : reason)
        if r.status == .assigned {
            try db.execute(sql: "UPDATE read SET status = ? WHERE id = ?", arguments: [ReadStatus.inProgress.rawValue, r.id])
            var after = r; after.status = .inProgress
            try audit(db, user: actor, entity: "read", id: String(r.id), action: "start", before: r.json, after: after.json)
        }
        var m = snap.measurement.value
        m.lesionID = input.lesionID
        return m
    }

    /// Plausibility (positive, in the image, on a series of this timepoint) and RECIST
    /// measurability against the series' slice thickness.
    static func checkPlausibility(_ db: Database, _ input: MeasurementInput, lesion: Lesion, read r: ReadInfo) throws {
        let name = "\(input.lesionID) (subject \(r.subjectID), visit \(r.visit))"
        func fail(_ rule: String, _ detail: String) -> StoreError { .implausible(lesion: name, rule: rule, detail: detail) }
        // Kind against role (RECIST 1.1 §4.3.1).
        let expected: MeasurementKind = lesion.role != .target ? .state : (lesion.isNodal ? .shortAxis : .longestDiameter)
        guard input.kind == expected else {
            throw fail(WorkflowRule.kindMatchesLesion, "\(input.kind.rawValue) recorded for a \(lesion.isNodal ? "nodal " : "")\(lesion.role.rawValue) lesion; expected \(expected.rawValue)")
        }
        switch input.kind {
        case .longestDiameter, .shortAxis:
            if let v = input.value {
                guard input.state == nil else { throw fail(WorkflowRule.kindMatchesLesion, "both a diameter and a state") }
                if v < .zero || (v == .zero && r.visit == 0) {
                    throw fail(WorkflowRule.positive, "diameter \(v) mm")
                }
                if v > .mm(1000) { throw fail(WorkflowRule.positive, "diameter \(v) mm exceeds 1000 mm") }
            } else {
                guard let s = input.state, MeasurementInput.targetStates.contains(s) else {
                    throw fail(WorkflowRule.kindMatchesLesion, "a target needs a diameter, TOO SMALL TO MEASURE, NOT EVALUABLE or MERGED")
                }
                if s == "MERGED", input.mergedInto == nil {
                    throw fail(WorkflowRule.kindMatchesLesion, "MERGED needs the target it coalesced into (RECIST 1.1 §4.3.2)")
                }
            }
        case .state:
            guard input.value == nil, let s = input.state, MeasurementInput.lesionStates.contains(s) else {
                throw fail(WorkflowRule.kindMatchesLesion, "a \(lesion.role.rawValue) lesion needs a state: \(MeasurementInput.lesionStates.sorted().joined(separator: ", "))")
            }
        }
        var sliceThickness: Length? = nil
        if let image = input.image {
            guard let s = try Row.fetchOne(db, sql: "SELECT * FROM series WHERE seriesInstanceUID = ?", arguments: [image.seriesInstanceUID]) else {
                throw fail(WorkflowRule.seriesOfTimepoint, "series \(image.seriesInstanceUID) is not in the study (import the scans first)")
            }
            guard (s["timepointId"] as Int64) == r.timepointID else {
                throw fail(WorkflowRule.seriesOfTimepoint, "series \(image.seriesInstanceUID) belongs to another timepoint")
            }
            sliceThickness = (s["sliceThickness"] as Int64?).map { Length(micrometres: $0) }
            if let sop = image.sopInstanceUID {
                guard let inst = try Row.fetchOne(db, sql: "SELECT seriesInstanceUID, numberOfFrames FROM instance WHERE sopInstanceUID = ?", arguments: [sop]),
                      (inst[0] as String) == image.seriesInstanceUID else {
                    throw fail(WorkflowRule.instanceOfSeries, "SOP instance \(sop) is not in series \(image.seriesInstanceUID)")
                }
                if let f = image.frame, f < 1 || f > (inst[1] as Int) {
                    throw fail(WorkflowRule.instanceOfSeries, "frame \(f) is outside 1…\(inst[1] as Int)")
                }
            }
            if let c = input.caliper {
                let rows: Int? = s["imageRows"], columns: Int? = s["imageColumns"]
                if let rows, let columns {
                    for (x, y) in [(c.x1, c.y1), (c.x2, c.y2)] where !(x.isFinite && y.isFinite && x >= 0 && y >= 0 && x <= Double(columns) && y <= Double(rows)) {
                        throw fail(WorkflowRule.withinImage, "point (\(x), \(y)) is outside the \(columns)×\(rows) image")
                    }
                }
                // PixelSpacing: row spacing (between rows, y) then column spacing (x), in mm (PS3.3 C.7.6.2.1.1).
                if let v = input.value, let ps: Double = s["pixelSpacingRow"], let pc: Double = s["pixelSpacingColumn"] {
                    let dx = (c.x2 - c.x1) * pc, dy = (c.y2 - c.y1) * ps
                    let caliperMM = (dx * dx + dy * dy).squareRoot()
                    if abs(caliperMM - v.millimetres) > max(1, 0.05 * v.millimetres) {
                        throw fail(WorkflowRule.caliperLength, String(format: "recorded %@ mm but the calipers span %.1f mm", v.description, caliperMM))
                    }
                }
            }
        } else if input.caliper != nil {
            throw fail(WorkflowRule.seriesOfTimepoint, "caliper points need the series they were placed on")
        }
        // Measurability at baseline (RECIST 1.1 §3.1.1, Appendix II).
        if r.visit == 0, lesion.role == .target, !lesion.isNodal, let v = input.value {
            let minimum = RECIST11.minimumMeasurableSize(sliceThickness: sliceThickness)
            if v < minimum {
                throw fail(WorkflowRule.measurable, "longest diameter \(v) mm is below the \(minimum) mm minimum"
                           + (sliceThickness.map { " for \($0) mm slices" } ?? ""))
            }
        }
    }
}
