import Foundation
import GRDB
import NadirCore

/// An adjudication task: the two readers of a subject disagree on a timepoint response or on
/// the best overall response; an adjudicator picks reader 1 or reader 2, with a rationale.
public struct Adjudication: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable { case open, decided, withdrawn }
    public var id: Int64
    public var subjectID: String
    /// The last visit both readers had submitted when the task was created.
    public var throughVisit: Int
    public var status: Status
    /// What differs, as canonical JSON: `{"bestOverallResponse":[r1,r2],"timepoints":[[visit,r1,r2],…]}`.
    public var differences: String
    public var createdAt: String
    public var adjudicatorID: String?
    public var chosenSlot: Int?
    public var rationale: String?
    public var decidedAt: String?

    init(row: Row) {
        id = row["id"]; subjectID = row["subjectId"]; throughVisit = row["throughVisit"]
        status = Status(rawValue: row["status"]) ?? .open; differences = row["differences"]; createdAt = row["createdAt"]
        adjudicatorID = row["adjudicatorId"]; chosenSlot = row["chosenSlot"]; rationale = row["rationale"]; decidedAt = row["decidedAt"]
    }

    var json: JSON {
        .object(["id": .int(id), "subjectId": .string(subjectID), "throughVisit": .int(Int64(throughVisit)), "status": .string(status.rawValue),
                 "adjudicatorId": .optional(adjudicatorID), "chosenSlot": .optional(chosenSlot.map(Int64.init)),
                 "rationale": .optional(rationale), "decidedAt": .optional(decidedAt)])
    }
}

/// How a subject's committee result came about.
public enum CommitteeSource: String, Sendable, Hashable {
    /// Both readers agree on every timepoint response and on BOR.
    case agreement
    /// The readers disagree and the adjudicator chose reader 1.
    case adjudicatedReader1 = "adjudicated-reader-1"
    case adjudicatedReader2 = "adjudicated-reader-2"
    /// Only one reader has read this subject (e.g. an imported single read).
    case singleReader = "single-reader"
    /// Disagreement not yet adjudicated, or reads still open: no committee result yet.
    case pending
}

/// One subject's reads and committee result.
public struct CommitteeResult: Sendable {
    public var subjectID: String
    public var reader1: SubjectEvaluation?
    public var reader2: SubjectEvaluation?
    public var committee: SubjectEvaluation?
    public var source: CommitteeSource
    /// Engine rule violations that stopped scoring a reader's data (should not happen after submit checks).
    public var problems: [RuleViolation]
}

/// The two readers' differences on the visits both have read.
struct Disagreement {
    var timepoints: [(visit: Int, reader1: OverallResponse, reader2: OverallResponse)]
    var best: (OverallResponse, OverallResponse)?
    var isEmpty: Bool { timepoints.isEmpty && best == nil }

    init(_ a: SubjectEvaluation, _ b: SubjectEvaluation) {
        let bv = Dictionary(b.timepoints.map { ($0.visit, $0.overall) }, uniquingKeysWith: { x, _ in x })
        timepoints = a.timepoints.compactMap { t in
            guard let o = bv[t.visit], o != t.overall else { return nil }
            return (t.visit, t.overall, o)
        }
        best = a.bestOverallResponse == b.bestOverallResponse ? nil : (a.bestOverallResponse, b.bestOverallResponse)
    }

    var json: JSON {
        .object([
            "timepoints": .array(timepoints.map { .array([.int(Int64($0.visit)), .string($0.reader1.rawValue), .string($0.reader2.rawValue)]) }),
            "bestOverallResponse": best.map { .array([.string($0.0.rawValue), .string($0.1.rawValue)]) } ?? .null,
        ])
    }
}

extension ReadingStore {
    // MARK: - Submit and re-open

    /// Submits the reader's own read. Runs the engine's baseline validation (and, for a
    /// follow-up, the whole evaluation of the reader's submitted visits) first: errors name
    /// lesion and rule and leave the read open. When the other reader's read of the timepoint
    /// is already submitted, both are locked and, if the readers' responses differ, an
    /// adjudication task is created.
    @discardableResult
    public func submit(read readID: Int64, by actor: String) throws(StoreError) -> SubmitOutcome {
        try write("submitting a read") { db in
            let u = try ReadingStore.require(db, actor, [.reader], "submit reads")
            var r = try ReadingStore.readInfo(db, readID)
            guard r.readerID == u.id else {
                throw StoreError.forbidden(user: actor, role: u.role, action: "submit read \(readID) of \(r.readerID)", rule: WorkflowRule.ownRead)
            }
            guard !r.status.isFinal else {
                throw StoreError.workflow(rule: WorkflowRule.lockedRead, detail: "read \(readID) is already \(r.status.rawValue)")
            }
            return try submitChecked(db, &r, actor: actor)
        }
    }

    func submitChecked(_ db: Database, _ r: inout ReadInfo, actor: String) throws -> SubmitOutcome {
        let mine = try Row.fetchAll(db, sql: ReadInfo.select + " WHERE r.subjectId = ? AND r.readerId = ? AND r.status IN ('submitted', 'locked')",
                                    arguments: [r.subjectID, r.readerID]).map(ReadInfo.init(row:))
        if r.visit > 0, !mine.contains(where: { $0.visit == 0 }) {
            throw StoreError.workflow(rule: WorkflowRule.baselineFirst, detail: "read \(r.id) (visit \(r.visit)): \(r.readerID) has not submitted the baseline read of \(r.subjectID)")
        }
        let data = try ReaderData.subjectData(db, subject: r.subjectID, reader: r.readerID, reads: mine + [r])
        let baseline = RECIST11().validateBaseline(data)
        if !baseline.isEmpty { throw StoreError.baseline(baseline) }
        do { _ = try RECIST11().evaluate(data) } catch { throw StoreError.baseline(error.violations) }

        let before = r
        let now = clock.stamp()
        let other = try Row.fetchOne(db, sql: ReadInfo.select + " WHERE r.timepointId = ? AND r.id != ?", arguments: [r.timepointID, r.id])
            .map(ReadInfo.init(row:))
        let lock = other?.status == .submitted
        r.status = lock ? .locked : .submitted
        r.submittedAt = now
        try db.execute(sql: "UPDATE read SET status = ?, submittedAt = ? WHERE id = ?", arguments: [r.status.rawValue, now, r.id])
        try audit(db, user: actor, entity: "read", id: String(r.id), action: "submit", before: before.json, after: r.json)
        var adjudication: Int64? = nil
        if lock, var o = other {
            let ob = o
            o.status = .locked
            try db.execute(sql: "UPDATE read SET status = 'locked' WHERE id = ?", arguments: [o.id])
            try audit(db, user: actor, entity: "read", id: String(o.id), action: "lock", before: ob.json, after: o.json)
            adjudication = try compareReaders(db, subject: r.subjectID, actor: actor)
        }
        return SubmitOutcome(read: r, timepointLocked: lock, adjudicationID: adjudication)
    }

    /// Compares the two readers on the locked visits; opens an adjudication task when they
    /// differ (withdrawing an open one that covered fewer visits).
    func compareReaders(_ db: Database, subject: String, actor: String) throws -> Int64? {
        let locked = try Row.fetchAll(db.cachedStatement(sql: ReadInfo.select + " WHERE r.subjectId = ? AND r.status = 'locked'"), arguments: [subject])
            .map(ReadInfo.init(row:))
        let bySlot = Dictionary(grouping: locked, by: \.slot)
        guard let one = bySlot[1], let two = bySlot[2], let r1 = one.first?.readerID, let r2 = two.first?.readerID,
              one.contains(where: { $0.visit == 0 }) else { return nil }
        let e1: SubjectEvaluation, e2: SubjectEvaluation
        do {
            e1 = try RECIST11().evaluate(try ReaderData.subjectData(db, subject: subject, reader: r1, reads: one))
            e2 = try RECIST11().evaluate(try ReaderData.subjectData(db, subject: subject, reader: r2, reads: two))
        } catch let e as RuleViolations {
            throw StoreError.baseline(e.violations)
        }
        let d = Disagreement(e1, e2)
        let through = locked.map(\.visit).max() ?? 0
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM adjudication WHERE subjectId = ? AND status = 'open'"), arguments: [subject]) {
            let a = Adjudication(row: row)
            var w = a; w.status = .withdrawn
            try db.execute(sql: "UPDATE adjudication SET status = 'withdrawn' WHERE id = ?", arguments: [a.id])
            try audit(db, user: actor, entity: "adjudication", id: String(a.id), action: "withdraw", before: a.json, after: w.json,
                      reason: "superseded: both readers submitted visit \(through)")
        }
        guard !d.isEmpty else { return nil }
        try db.cachedStatement(sql: "INSERT INTO adjudication (subjectId, throughVisit, status, differences, createdAt) VALUES (?, ?, 'open', ?, ?)")
            .execute(arguments: [subject, through, d.json.text, clock.stamp()])
        let id = db.lastInsertedRowID
        try audit(db, user: actor, entity: "adjudication", id: String(id), action: "create",
                  after: .object(["subjectId": .string(subject), "throughVisit": .int(Int64(through)), "differences": d.json]))
        return id
    }

    /// Re-opens a submitted or locked read: study admins only, with a written reason. The other
    /// reader's read of the timepoint goes back from locked to submitted, and an open
    /// adjudication of the subject is withdrawn (it compared data that may now change).
    @discardableResult
    public func reopen(read readID: Int64, reason: String, by actor: String) throws(StoreError) -> ReadInfo {
        try write("re-opening a read") { db in
            let u = try ReadingStore.user(db, actor)
            guard u.role == .studyAdmin else {
                throw StoreError.forbidden(user: actor, role: u.role, action: "re-open read \(readID)", rule: WorkflowRule.lockedRead)
            }
            guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw StoreError.workflow(rule: WorkflowRule.reopenReason, detail: "no reason given for re-opening read \(readID)")
            }
            var r = try ReadingStore.readInfo(db, readID)
            guard r.status.isFinal else {
                throw StoreError.workflow(rule: WorkflowRule.lockedRead, detail: "read \(readID) is \(r.status.rawValue), not submitted")
            }
            let before = r
            r.status = .inProgress; r.submittedAt = nil
            try db.execute(sql: "UPDATE read SET status = ?, submittedAt = NULL WHERE id = ?", arguments: [r.status.rawValue, r.id])
            try audit(db, user: actor, entity: "read", id: String(r.id), action: "reopen", before: before.json, after: r.json, reason: reason)
            if let o = try Row.fetchOne(db, sql: ReadInfo.select + " WHERE r.timepointId = ? AND r.id != ? AND r.status = 'locked'",
                                        arguments: [r.timepointID, r.id]).map(ReadInfo.init(row:)) {
                var after = o; after.status = .submitted
                try db.execute(sql: "UPDATE read SET status = 'submitted' WHERE id = ?", arguments: [o.id])
                try audit(db, user: actor, entity: "read", id: String(o.id), action: "unlock", before: o.json, after: after.json, reason: reason)
            }
            for row in try Row.fetchAll(db, sql: "SELECT * FROM adjudication WHERE subjectId = ? AND status = 'open'", arguments: [r.subjectID]) {
                let a = Adjudication(row: row)
                var w = a; w.status = .withdrawn
                try db.execute(sql: "UPDATE adjudication SET status = 'withdrawn' WHERE id = ?", arguments: [a.id])
                try audit(db, user: actor, entity: "adjudication", id: String(a.id), action: "withdraw", before: a.json, after: w.json,
                          reason: "read \(r.id) re-opened: \(reason)")
            }
            return r
        }
    }

    // MARK: - Adjudication

    public func adjudications(viewer: String, status: Adjudication.Status? = nil) throws(StoreError) -> [Adjudication] {
        try read("listing adjudications") { db in
            _ = try ReadingStore.require(db, viewer, [.adjudicator, .studyAdmin, .monitor], "see adjudication tasks")
            var sql = "SELECT * FROM adjudication"
            var args: StatementArguments = []
            if let status { sql += " WHERE status = ?"; args = [status.rawValue] }
            return try Row.fetchAll(db, sql: sql + " ORDER BY id", arguments: args).map(Adjudication.init(row:))
        }
    }

    /// The adjudicator's decision: reader 1 or reader 2, with a rationale. The chosen reader's
    /// assessment becomes the committee result for the subject.
    @discardableResult
    public func adjudicate(_ id: Int64, choose slot: Int, rationale: String, by actor: String) throws(StoreError) -> Adjudication {
        try write("adjudicating") { db in
            _ = try ReadingStore.require(db, actor, [.adjudicator], "adjudicate")
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM adjudication WHERE id = ?", arguments: [id]) else {
                throw StoreError.notFound(entity: "adjudication", id: String(id))
            }
            let a = Adjudication(row: row)
            guard a.status == .open else {
                throw StoreError.workflow(rule: WorkflowRule.adjudicationOpen, detail: "adjudication \(id) is \(a.status.rawValue)")
            }
            guard slot == 1 || slot == 2, !rationale.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw StoreError.workflow(rule: WorkflowRule.adjudicationRationale, detail: "adjudication \(id): choose 1 or 2 and give a rationale")
            }
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM read WHERE subjectId = ? AND readerId = ?", arguments: [a.subjectID, actor]) == true {
                throw StoreError.workflow(rule: WorkflowRule.adjudicatorIndependent, detail: "\(actor) read subject \(a.subjectID)")
            }
            let now = clock.stamp()
            try db.execute(sql: "UPDATE adjudication SET status = 'decided', adjudicatorId = ?, chosenSlot = ?, rationale = ?, decidedAt = ? WHERE id = ?",
                           arguments: [actor, slot, rationale, now, id])
            var d = a
            d.status = .decided; d.adjudicatorID = actor; d.chosenSlot = slot; d.rationale = rationale; d.decidedAt = now
            try audit(db, user: actor, entity: "adjudication", id: String(id), action: "decide", before: a.json, after: d.json, reason: rationale)
            return d
        }
    }

    // MARK: - Committee result

    /// Every subject's reader evaluations and committee result, re-scored from the store.
    /// Study admins, monitors and adjudicators (who see locked reads anyway).
    public func committeeResults(by actor: String) throws(StoreError) -> [CommitteeResult] {
        let (snapshot, decisions) = try read("loading reads for the committee result") { db in
            _ = try ReadingStore.require(db, actor, [.studyAdmin, .monitor, .adjudicator], "see committee results")
            var decisions: [String: Adjudication] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM adjudication WHERE status != 'withdrawn' ORDER BY id") {
                let a = Adjudication(row: row)
                decisions[a.subjectID] = a
            }
            return (try StudySnapshot.load(db), decisions)
        }
        return ReadingStore.score(snapshot, decisions)
    }

    static func score(_ s: StudySnapshot, _ decisions: [String: Adjudication]) -> [CommitteeResult] {
        let n = s.subjects.count
        // One part per thread, each written by its own thread only (as in NadirSDTM's Rescore).
        final class Part: @unchecked Sendable { var results: [CommitteeResult] = [] }
        let workers = 2
        let parts = (0..<workers).map { _ in Part() }
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let range = (n * w / workers)..<(n * (w + 1) / workers)
            var local: [CommitteeResult] = []
            local.reserveCapacity(range.count)
            defer { parts[w].results = local }
            for i in range {
                var problems: [RuleViolation] = []
                func eval(_ slot: Int) -> SubjectEvaluation? {
                    guard let d = s.data(subject: i, slot: slot) else { return nil }
                    do { return try RECIST11().evaluate(d) } catch { problems += error.violations; return nil }
                }
                let e1 = eval(1), e2 = eval(2)
                var result = CommitteeResult(subjectID: s.subjects[i], reader1: e1, reader2: e2, committee: nil, source: .pending, problems: problems)
                switch (e1, e2) {
                case (let a?, let b?):
                    if Disagreement(a, b).isEmpty {
                        result.committee = a; result.source = .agreement
                    } else if let d = decisions[s.subjects[i]], d.status == .decided, let slot = d.chosenSlot,
                              d.throughVisit >= max(a.timepoints.last?.visit ?? 0, b.timepoints.last?.visit ?? 0) {
                        result.committee = slot == 1 ? a : b
                        result.source = slot == 1 ? .adjudicatedReader1 : .adjudicatedReader2
                    }
                case (let a?, nil) where s.readers[i][1] == nil:
                    result.committee = a; result.source = .singleReader
                case (nil, let b?) where s.readers[i][0] == nil:
                    result.committee = b; result.source = .singleReader
                default: break
                }
                local.append(result)
            }
        }
        return parts.flatMap(\.results)
    }
}
