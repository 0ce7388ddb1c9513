import Foundation
import GRDB
import GRDBSQLite

/// One entry of the audit trail: who did what to which entity, when and why, with the
/// entity's state before and after (21 CFR 11.10(e)).
public struct AuditEntry: Sendable, Hashable {
    public var seq: Int64
    public var at: String
    public var userId: String
    public var entity: String
    public var entityId: String
    public var action: String
    public var before: String?
    public var after: String?
    public var reason: String?
    public var previousHash: String
    public var hash: String

    /// The hash chain: SHA-256 over the previous entry's hash and every field of this one,
    /// each length-prefixed so that no two different entries serialise alike. Editing any
    /// field, reordering, or deleting an entry breaks the chain from that point on.
    public static func computeHash(seq: Int64, at: String, userId: String, entity: String, entityId: String,
                                   action: String, before: String?, after: String?, reason: String?,
                                   previousHash: String) -> String {
        var h = SHA256()
        func field(_ s: String?) {
            guard let s else { h.update("-;"); return }
            h.update("\(s.utf8.count):"); h.update(s); h.update(";")
        }
        field(previousHash); field(String(seq)); field(at); field(userId); field(entity); field(entityId)
        field(action); field(before); field(after); field(reason)
        return SHA256.hexString(h.finalize())
    }

    var recomputedHash: String {
        AuditEntry.computeHash(seq: seq, at: at, userId: userId, entity: entity, entityId: entityId, action: action,
                               before: before, after: after, reason: reason, previousHash: previousHash)
    }

    public static let genesisHash = String(repeating: "0", count: 64)

    init(row: Row) {
        seq = row["seq"]; at = row["at"]; userId = row["userId"]; entity = row["entity"]; entityId = row["entityId"]
        action = row["action"]; before = row["before"]; after = row["after"]; reason = row["reason"]
        previousHash = row["previousHash"]; hash = row["hash"]
    }
}

/// What `verifyAudit` found.
public struct AuditVerification: Sendable {
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public var seq: Int64?
        public var detail: String
        public var description: String { (seq.map { "audit entry \($0): " } ?? "") + detail }
    }
    public var entries: Int
    /// The last entry's hash: record it outside the database (e.g. in the trial master file)
    /// to detect a truncated tail later with `--expect-head`.
    public var headHash: String
    public var problems: [Problem]
    public var isIntact: Bool { problems.isEmpty }
    /// "intact", or how many problems were found ("1 problem", "3 problems").
    public var summary: String { isIntact ? "intact" : "\(problems.count) problem\(problems.count == 1 ? "" : "s")" }
}

extension ReadingStore {
    /// Appends one audit entry inside the caller's transaction.
    func audit(_ db: Database, user: String, entity: String, id: String, action: String,
               before: JSON? = nil, after: JSON? = nil, reason: String? = nil) throws {
        try appendAudit(db, user: user, entity: entity, id: id, action: action, before: before?.text, after: after?.text, reason: reason)
    }

    func appendAudit(_ db: Database, user: String, entity: String, id: String, action: String,
                     before: String?, after: String?, reason: String?) throws {
        // The sequence continues from the highest number ever issued (sqlite_sequence), not
        // from the highest row left, so a deleted tail shows up as a gap.
        // Cached statements: a bulk step (a second reader's import) appends thousands of entries.
        let last = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"))
        let issued = try Int64.fetchOne(db.cachedStatement(sql: "SELECT seq FROM sqlite_sequence WHERE name = 'audit'")) ?? 0
        let previousHash: String = last?["hash"] ?? AuditEntry.genesisHash
        let seq = max(issued, last?["seq"] ?? 0) + 1
        let at = clock.stamp()
        let hash = AuditEntry.computeHash(seq: seq, at: at, userId: user, entity: entity, entityId: id, action: action,
                                          before: before, after: after, reason: reason, previousHash: previousHash)
        try db.cachedStatement(sql: """
            INSERT INTO audit (seq, at, userId, entity, entityId, action, before, after, reason, previousHash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [seq, at, user, entity, id, action, before, after, reason, previousHash, hash])
    }

    /// The audit trail, oldest first, optionally for one entity. Study admins and monitors only.
    public func auditLog(by actor: String, entity: String? = nil, entityId: String? = nil, limit: Int? = nil) throws(StoreError) -> [AuditEntry] {
        try read("reading the audit trail") { db in
            _ = try ReadingStore.require(db, actor, [.studyAdmin, .monitor], "read the audit trail")
            var sql = "SELECT * FROM audit"
            var conditions: [String] = []
            var args: [any DatabaseValueConvertible] = []
            if let entity { conditions.append("entity = ?"); args.append(entity) }
            if let entityId { conditions.append("entityId = ?"); args.append(entityId) }
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            sql += " ORDER BY seq"
            if let limit { sql += " LIMIT \(limit)" }
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map(AuditEntry.init(row:))
        }
    }

    /// Re-computes the hash chain and checks the recorded data against it:
    /// - every entry's hash matches its fields and the previous entry's hash (an edited row);
    /// - sequence numbers run 1, 2, 3 … up to the highest ever issued (a deleted row or tail);
    /// - every measurement row equals the snapshot its audit entry recorded, and every bulk
    ///   import's measurement rows still hash to the digest its entry recorded (an edited
    ///   measurement, even with the append-only triggers dropped);
    /// - optionally, the head hash equals one recorded outside the database.
    public func verifyAudit(expectedHead: String? = nil) throws(StoreError) -> AuditVerification {
        try read("verifying the audit trail") { db in
            var problems: [AuditVerification.Problem] = []
            var previous = AuditEntry.genesisHash
            var expectedSeq: Int64 = 1
            var count = 0
            var measurementSnapshots: [Int64: String] = [:]
            var importDigests: [Int64: String] = [:]
            var importSources: [Int64: (tr: String, sha256: String?, reader: String?)] = [:]
            let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM audit ORDER BY seq")
            while let row = try cursor.next() {
                let e = AuditEntry(row: row)
                count += 1
                if e.seq != expectedSeq {
                    problems.append(.init(seq: e.seq, detail: "sequence gap: expected \(expectedSeq) (entries \(expectedSeq)…\(e.seq - 1) are missing)"))
                }
                if e.previousHash != previous {
                    problems.append(.init(seq: e.seq, detail: "chain broken: previousHash does not match the hash of the entry before it"))
                }
                if e.recomputedHash != e.hash {
                    problems.append(.init(seq: e.seq, detail: "entry altered: its hash does not match its contents"))
                }
                if e.entity == "measurement", let id = Int64(e.entityId), let after = e.after { measurementSnapshots[id] = after }
                if e.entity == "import", e.action == "import-sdtm", let after = e.after, let id = Int64(e.entityId) {
                    // Decoded in full: a path may hold characters JSON escapes.
                    let object = (try? JSONSerialization.jsonObject(with: Data(after.utf8))) as? [String: Any] ?? [:]
                    importDigests[id] = object["measurementDigest"] as? String
                    importSources[id] = (object["TR"] as? String ?? "", object["TRsha256"] as? String, object["reader"] as? String)
                }
                previous = e.hash
                expectedSeq = e.seq + 1
            }
            let issued = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'audit'") ?? 0
            if issued >= expectedSeq {
                problems.append(.init(seq: nil, detail: "entries \(expectedSeq)…\(issued) were issued but are missing (deleted tail)"))
            }
            if let expectedHead, expectedHead != previous {
                problems.append(.init(seq: nil, detail: "head hash \(previous) differs from the expected \(expectedHead)"))
            }
            // Bulk-imported measurements against their batch digests (millions of rows: stepped
            // on the raw statement, each row's line written as bytes), then every
            // other measurement against its audited snapshot.
            var present = Set<Int64>()
            let digests = try ReadingStore.importedRowDigests(db) { id, batch in
                if measurementSnapshots[id] != nil { present.insert(id) }
                if importDigests[batch] == nil {
                    problems.append(.init(seq: nil, detail: "measurement \(id) names import batch \(batch), which no audited import wrote (added outside Nadir)"))
                }
            }
            let rows = try Row.fetchCursor(db, sql: MeasurementSnapshot.select + " WHERE importBatch IS NULL ORDER BY id")
            while let row = try rows.next() {
                let m = MeasurementSnapshot(row: row)
                present.insert(m.id)
                if let snap = measurementSnapshots[m.id] {
                    if snap != m.json.text {
                        problems.append(.init(seq: nil, detail: "measurement \(m.id) differs from its audited snapshot (changed outside Nadir)"))
                    }
                } else {
                    problems.append(.init(seq: nil, detail: "measurement \(m.id) has no audit entry"))
                }
            }
            for id in measurementSnapshots.keys.sorted() where !present.contains(id) {
                problems.append(.init(seq: nil, detail: "measurement \(id), recorded in the audit trail, is missing from the measurement table (deleted outside Nadir)"))
            }
            for (batch, expected) in importDigests.sorted(by: { $0.key < $1.key }) {
                if (digests[batch] ?? SHA256.hex([UInt8]())) != expected {
                    problems.append(.init(seq: nil, detail: "measurements of import \(batch) differ from the digest audited at import (changed outside Nadir)"))
                }
            }
            // Import batches against their audit entries: the TR file's digest, its path and the
            // reader (imports audited before file digests were recorded have no TRsha256).
            for (batch, audited) in importSources.sorted(by: { $0.key < $1.key }) {
                guard let row = try Row.fetchOne(db, sql: "SELECT source, sha256, readerId FROM importBatch WHERE id = ?", arguments: [batch]) else {
                    problems.append(.init(seq: nil, detail: "import batch \(batch), recorded in the audit trail, is missing (deleted outside Nadir)"))
                    continue
                }
                let source: String = row["source"], sha256: String = row["sha256"], reader: String? = row["readerId"]
                if source != audited.tr || (audited.sha256 != nil && sha256 != audited.sha256) || (audited.reader != nil && reader != audited.reader) {
                    problems.append(.init(seq: nil, detail: "import batch \(batch) differs from its audit entry (source file, its SHA-256 or the reader changed outside Nadir)"))
                }
            }
            return AuditVerification(entries: count, headHash: previous, problems: problems)
        }
    }

    /// The SHA-256 of each import batch's measurement rows, as `MeasurementLineDigest` lines in
    /// id order (what `ImportDigest` computed at import), read through the
    /// `measurementProvenance` view. `row` is called with each row's id and batch. A NULL where
    /// the import wrote a value hashes as an empty field, so it breaks the digest rather than
    /// the verification.
    static func importedRowDigests(_ db: Database, row: (_ id: Int64, _ batch: Int64) -> Void) throws -> [Int64: String] {
        let stmt = try db.makeStatement(sql: """
            SELECT id, readId, lesionRef, version, kind, value, state, mergedInto, fragment, seriesInstanceUID, sopInstanceUID,
                   frame, readerId, recordedAt, sliceThickness, importBatch
            FROM measurementProvenance WHERE importBatch IS NOT NULL ORDER BY id
            """)
        let h = stmt.sqliteStatement
        var batches: [Int64: MeasurementLineDigest] = [:]
        var current: Int64? = nil
        var lines = MeasurementLineDigest()
        while true {
            let rc = sqlite3_step(h)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            let batch = sqlite3_column_int64(h, 15)
            if batch != current {
                if let c = current { batches[c] = lines }
                lines = batches[batch] ?? MeasurementLineDigest()  // a batch's rows resumed after another's (only if tampered)
                current = batch
            }
            row(sqlite3_column_int64(h, 0), batch)
            for c: Int32 in 0...14 {
                if c > 0 && (c < 14 || sqlite3_column_type(h, 14) != SQLITE_NULL) { lines.separator() }
                switch c {
                case 0, 1, 2, 3, 5, 11, 14:  // integers; NULL as an empty field
                    if sqlite3_column_type(h, c) != SQLITE_NULL { lines.number(sqlite3_column_int64(h, c)) }
                default:
                    if let p = sqlite3_column_text(h, c) { lines.bytes(UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(h, c)))) }
                }
            }
            lines.endLine()
        }
        if let c = current { batches[c] = lines }
        return batches.mapValues { var d = $0; return d.finish() }
    }
}
