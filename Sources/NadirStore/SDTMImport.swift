import Foundation
import GRDB
import NadirCore
import NadirSDTM

/// What `importSDTM` added.
public struct SDTMImportSummary: Sendable, Hashable {
    public var batchID: Int64 = 0
    /// SHA-256 (hex) of the bytes imported from each file: `TU`, `TR` and, when read, `DM`.
    /// Recorded in the import's audit entry; TR's also in `importBatch.sha256`.
    public var fileDigests: [String: String] = [:]
    public var subjects = 0
    public var lesions = 0
    public var reads = 0
    public var measurements = 0
    public var adjudicationsOpened = 0
}

/// One TR row, compact: no per-row heap storage (the state is a code into `ImportStates`;
/// group and fragment labels are short strings, stored inline).
struct ImportedResult: Sendable {
    var line: Int
    var visit: Int
    var date: CalendarDate
    var value: Int64?
    /// Slice thickness of the measured image, micrometres (optional TR column `SLICETHK`).
    var thickness: Int64?
    /// `TRLNKGRP` when given: the target a MERGED lesion coalesced into, or a fragment's parent.
    var group: String?
    /// A fragment of the split target (RECIST 1.1 §4.3.2): the fragment's own TRLNKID; "" otherwise.
    var fragment: String = ""
    /// Index of the lesion in the subject's TU lesions (the import's lesion ids are assigned in that order).
    var lesionIndex: Int32 = 0
    var kind: MeasurementKind
    /// 0: no state; else `ImportStates.names[stateCode - 1]`.
    var stateCode: UInt8 = 0

    var state: String? { stateCode == 0 ? nil : ImportStates.names[Int(stateCode) - 1] }
    var mergedInto: String? { stateCode == ImportStates.merged ? group : nil }
}

/// The states an imported row can carry, as stored (`measurement.state`).
enum ImportStates {
    static let names = ["TOO SMALL TO MEASURE", "NOT EVALUABLE", "MERGED", "PRESENT", "ABSENT", "UNEQUIVOCAL PROGRESSION", "EQUIVOCAL"]
    static let tooSmall: UInt8 = 1, notEvaluable: UInt8 = 2, merged: UInt8 = 3
    static let present: UInt8 = 4, absent: UInt8 = 5, unequivocalProgression: UInt8 = 6, equivocal: UInt8 = 7
    static func code(_ name: String) -> UInt8 { names.firstIndex(of: name).map { UInt8($0 + 1) } ?? 0 }
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
    /// which `verifyAudit` re-computes, and the SHA-256 of each source file as it was read
    /// (the bytes parsed, hashed while parsing), so anyone holding a copy of TU, TR or DM can
    /// check it is the file that was imported (`sha256sum`).
    @discardableResult
    public func importSDTM(tuPath: String, trPath: String, dmPath: String? = nil, reader: String, submit: Bool = true,
                           by actor: String, progress: (@Sendable (Int) -> Void)? = nil) throws(StoreError) -> SDTMImportSummary {
        // Parse and validate everything before taking the write lock.
        let lesions: [String: [Lesion]]
        var starts: [String: CalendarDate] = [:]
        var sites: [String: String] = [:]
        var digests: [String: String] = [:]
        do {
            var h = SHA256()
            lesions = try TumourIdentification.read(path: tuPath, name: tuPath) { h.update(buffer: $0) }
            digests["TU"] = SHA256.hexString(h.finalize())
            if let dmPath {
                h = SHA256()
                let dm = try Demographics.read(path: dmPath, name: dmPath) { h.update(buffer: $0) }
                digests["DM"] = SHA256.hexString(h.finalize())
                starts = dm.treatmentStart
                sites = dm.site
            }
        } catch {
            throw ReadingStore.importError(error, file: tuPath)
        }
        do {
            return try importSDTM(tuPath: tuPath, trPath: trPath, dmPath: dmPath, lesions: lesions, starts: starts, sites: sites,
                                  fileDigests: digests, reader: reader, submit: submit, by: actor, streaming: true, progress: progress)
        } catch .workflow(let rule, _) where rule == TRPipeline.scatteredRule {
            // A subject's TR rows are not contiguous: parse the whole file first, then write.
            return try importSDTM(tuPath: tuPath, trPath: trPath, dmPath: dmPath, lesions: lesions, starts: starts, sites: sites,
                                  fileDigests: digests, reader: reader, submit: submit, by: actor, streaming: false, progress: progress)
        }
    }

    /// The import proper. TR is parsed on a second thread that hands each subject's block of
    /// rows to this one as soon as the block ends (TR files usually come sorted by subject), so
    /// parsing overlaps the writing; the same thread then validates the subject and adds its
    /// rows to the digest, and forgets them. The hand-over queue is bounded, so memory does not
    /// grow with the file. With `streaming` off, the whole file is parsed before the first block.
    ///
    /// The writer inserts rows many per statement (`BulkInsert`): one `INSERT … VALUES (…), (…)`
    /// of 64 measurements costs a fraction of 64 single-row statements.
    func importSDTM(tuPath: String, trPath: String, dmPath: String?, lesions: [String: [Lesion]], starts: [String: CalendarDate], sites: [String: String] = [:],
                    fileDigests: [String: String], reader: String, submit: Bool, by actor: String, streaming: Bool,
                    progress: (@Sendable (Int) -> Void)?) throws(StoreError) -> SDTMImportSummary {
        try bulkWrite("importing SDTM") { db in
            _ = try ReadingStore.require(db, actor, [.studyAdmin], "import SDTM reads")
            let r = try ReadingStore.user(db, reader)
            guard r.role == .reader else { throw StoreError.workflow(rule: WorkflowRule.role, detail: "\(reader) is a \(r.role.rawValue), not a reader") }
            var summary = SDTMImportSummary()
            summary.fileDigests = fileDigests
            let now = clock.stamp()
            // Row ids are assigned here, in import order, so that the digest of the rows can be
            // computed on the second thread while this one writes, and rows can be inserted many
            // per statement.
            func nextID(_ table: String) throws -> Int64 { (try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM \(table)") ?? 0) + 1 }
            // The batch row (append-only) is written once the TR file has been read to its end,
            // with its SHA-256; its id is taken now for the measurement rows (this connection is
            // the only writer, inside this transaction).
            let batch = try nextID("importBatch")
            summary.batchID = batch
            let ids = ImportIDs(lesion: try nextID("lesion"), read: try nextID("read"), measurement: try nextID("measurement"))
            var nextTimepoint = try nextID("timepoint")
            // The engine's checks (baseline validation, then the whole evaluation) and the row
            // digest run on a second thread while this one writes: on a violation the write
            // transaction is rolled back, so nothing is kept, and the two cores share the work.
            let pipeline = TRPipeline(trPath: trPath, lesions: lesions, starts: starts, validate: submit, streaming: streaming,
                                      ids: ids, reader: reader, recordedAt: now)
            var next = ids
            var completed = false
            defer { if !completed { pipeline.cancel() } }
            let status = submit ? ReadStatus.submitted.rawValue : ReadStatus.inProgress.rawValue
            // The subjects already in the study, in one query (none in a fresh study).
            let existing = Set(try String.fetchAll(db, sql: "SELECT id FROM subject"))
            let lesionKnown = try RawStatement(db, "SELECT 1 FROM lesion WHERE subjectId = ? AND readerId = ? AND lesionId = ?")
            let findTimepoint = try RawStatement(db, "SELECT id FROM timepoint WHERE subjectId = ? AND visit = ?")
            // Constants of every row are numbered parameters bound once (bindings survive resets).
            // Investigator sites named by DM's SITEID that the study does not know yet are
            // registered (name = id), each with its audit entry; new subjects are linked to theirs.
            let knownSites = Set(try String.fetchAll(db, sql: "SELECT id FROM site"))
            for site in Set(sites.values).subtracting(knownSites).sorted() {
                try db.execute(sql: "INSERT INTO site (id, name) VALUES (?, ?)", arguments: [site, site])
                try audit(db, user: actor, entity: "site", id: site, action: "create",
                          after: .object(["id": .string(site), "name": .string(site), "source": .optional(dmPath)]))
            }
            var subjects = try BulkInsert<(String, Int64?, String?)>(db, table: "subject", columns: ["id", "treatmentStart", "siteId"], constants: 0) { st, p, v in
                st.bind(p + 1, v.0); st.bind(p + 2, v.1); st.bind(p + 3, v.2)
            }
            var lesionRows = try BulkInsert<(Int64, String, Lesion)>(db, table: "lesion", columns: ["id", "subjectId", "readerId", "lesionId", "role", "site", "nodal"],
                                                                     values: ["$", "$", "?1", "$", "$", "$", "$"], constants: 1) { st, p, v in
                st.bind(p + 1, v.0); st.bind(p + 2, v.1); st.bind(p + 3, v.2.id); st.bind(p + 4, v.2.role.rawValue)
                st.bind(p + 5, v.2.site); st.bind(p + 6, Int64(v.2.isNodal ? 1 : 0))
            }
            lesionRows.bindConstant(1, reader)
            var timepoints = try BulkInsert<(Int64, String, Int64, Int64)>(db, table: "timepoint", columns: ["id", "subjectId", "visit", "date"], constants: 0) { st, p, v in
                st.bind(p + 1, v.0); st.bind(p + 2, v.1); st.bind(p + 3, v.2); st.bind(p + 4, v.3)
            }
            // (id, subject, timepoint, slot, status)
            var reads = try BulkInsert<(Int64, String, Int64, Int64, String)>(db, table: "read",
                                                              columns: ["id", "subjectId", "timepointId", "readerId", "slot", "status", "assignedAt", "submittedAt"],
                                                              values: ["$", "$", "$", "?1", "$", "$", "?2", "?3"], constants: 3) { st, p, v in
                st.bind(p + 1, v.0); st.bind(p + 2, v.1); st.bind(p + 3, v.2); st.bind(p + 4, v.3); st.bind(p + 5, v.4)
            }
            reads.bindConstant(1, reader); reads.bindConstant(2, now); reads.bindConstant(3, submit ? now : nil)
            // A subject read before (by another reader, or with timepoints from a scan import):
            // the readers and slots it has, the visits this reader already has, and the other
            // reader's submitted reads, one query each per subject.
            let subjectSlots = try RawStatement(db, "SELECT readerId, min(slot) FROM read WHERE subjectId = ? GROUP BY readerId")
            let ownVisits = try RawStatement(db, "SELECT t.visit FROM read r JOIN timepoint t ON t.id = r.timepointId WHERE r.subjectId = ? AND r.readerId = ?")
            let otherSubmitted = try RawStatement(db, "SELECT timepointId FROM read WHERE subjectId = ? AND readerId != ? AND status = 'submitted'")
            let lockOther = try RawStatement(db, "UPDATE read SET status = 'locked' WHERE timepointId = ? AND readerId != ? AND status = 'submitted'")
            var lockedTimepoints = 0
            var measurements = try BulkInsert<(Int64, Int64, Int64, ImportedResult)>(
                db, table: "measurement",
                columns: ["id", "readId", "lesionRef", "version", "kind", "value", "state", "mergedInto", "fragment", "sliceThickness", "importBatch"],
                values: ["$", "$", "$", "1", "$", "$", "$", "$", "$", "$", "?1"], constants: 1) { st, p, v in
                let m = v.3
                st.bind(p + 1, v.0); st.bind(p + 2, v.1); st.bind(p + 3, v.2)
                st.bind(p + 4, m.kind.rawValue); st.bind(p + 5, m.value); st.bind(p + 6, m.state)
                st.bind(p + 7, m.mergedInto); st.bind(p + 8, m.fragment); st.bind(p + 9, m.thickness)
            }
            measurements.bindConstant(1, batch)
            func flushAll() throws {
                try subjects.flush(); try lesionRows.flush(); try timepoints.flush(); try reads.flush(); try measurements.flush()
            }
            var compare: [String] = []
            var written = Set<String>()
            func writeSubject(_ s: String, _ rows: [ImportedResult]) throws {
                let existed = existing.contains(s)
                if !existed {
                    try subjects.add((s, starts[s].map { Int64($0.dayNumber) }, sites[s]))
                    summary.subjects += 1
                }
                // The workflow rules of `insertRead` for a subject with earlier reads, checked
                // here once per subject (every pending row is another subject's): at most two
                // readers, each keeping their slot; one read per reader and timepoint; a read
                // submitted where the other reader's is submitted locks both (blinding ends).
                var slot: Int64 = 1
                var visitsRead = Set<Int>(), submittedByOther = Set<Int64>()
                if existed {
                    var slots: [String: Int64] = [:]
                    try subjectSlots.rows([.text(s)]) { slots[$0.text(0)] = $0.int64(1) }
                    if let mine = slots[reader] {
                        slot = mine
                    } else if let free = [Int64(1), 2].first(where: { !slots.values.contains($0) }) {
                        slot = free
                    } else {
                        throw StoreError.workflow(rule: WorkflowRule.twoReaders, detail: "subject \(s) already has readers \(slots.keys.sorted().joined(separator: ", "))")
                    }
                    try ownVisits.rows([.text(s), .text(reader)]) { visitsRead.insert(Int($0.int64(0))) }
                    if submit { try otherSubmitted.rows([.text(s), .text(reader)]) { submittedByOther.insert($0.int64(0)) } }
                }
                let subjectLesions = lesions[s] ?? []
                let lesionBase = next.lesion
                for l in subjectLesions {
                    if existed {
                        lesionKnown.bind(1, s); lesionKnown.bind(2, reader); lesionKnown.bind(3, l.id)
                        if try lesionKnown.int64() != nil {
                            throw StoreError.importRow(file: tuPath, line: nil, field: "TULNKID",
                                                       message: "lesion \(l.id) of subject \(s) is already identified by \(reader) (imported before?)")
                        }
                    }
                    try lesionRows.add((next.lesion, s, l))
                    next.lesion += 1
                    summary.lesions += 1
                }
                // Rows come sorted by visit (stable) from the pipeline, as the digest walks them.
                var start = 0
                while start < rows.count {
                    let visit = rows[start].visit
                    var end = start + 1
                    var date = rows[start].date
                    while end < rows.count && rows[end].visit == visit { if rows[end].date < date { date = rows[end].date }; end += 1 }
                    var tp: Int64? = nil
                    if existed { findTimepoint.bind(1, s); findTimepoint.bind(2, Int64(visit)); tp = try findTimepoint.int64() }
                    if tp == nil {
                        tp = nextTimepoint
                        try timepoints.add((nextTimepoint, s, Int64(visit), Int64(date.dayNumber)))
                        nextTimepoint += 1
                    }
                    let readID = next.read
                    if visitsRead.contains(visit) {
                        throw StoreError.workflow(rule: WorkflowRule.distinctReaders, detail: "\(reader) already has a read of subject \(s) visit \(visit)")
                    }
                    var readStatus = status
                    if submittedByOther.contains(tp!) {
                        lockOther.bind(1, tp!); lockOther.bind(2, reader)
                        try lockOther.run()
                        readStatus = ReadStatus.locked.rawValue
                        lockedTimepoints += 1
                        if compare.last != s { compare.append(s) }
                    }
                    try reads.add((readID, s, tp!, slot, readStatus))
                    summary.reads += 1
                    next.read += 1
                    for k in start..<end {
                        let m = rows[k]
                        guard Int(m.lesionIndex) < subjectLesions.count else {
                            throw StoreError.importRow(file: trPath, line: m.line, field: "TRLNKID", message: "lesion index \(m.lesionIndex) is not identified in TU")
                        }
                        try measurements.add((next.measurement, readID, lesionBase + Int64(m.lesionIndex), m))
                        next.measurement += 1
                        summary.measurements += 1
                    }
                    start = end
                }
                if written.count % 1_000 == 0 { progress?(written.count) }
            }
            while let (s, rows) = pipeline.next() {
                guard written.insert(s).inserted else { throw StoreError.workflow(rule: TRPipeline.scatteredRule, detail: s) }
                try writeSubject(s, rows)
            }
            if let e = pipeline.parseError() { throw e }
            try flushAll()
            completed = true
            let (violations, measurementDigest, trDigest) = pipeline.join()
            if !violations.isEmpty { throw StoreError.baseline(violations) }
            summary.fileDigests["TR"] = trDigest
            // The batch records who read (readerId) and when (at) for all its measurement rows,
            // which store neither (see Schema.v2 and the measurementProvenance view), and the
            // SHA-256 of the TR file its rows came from.
            try db.execute(sql: "INSERT INTO importBatch (id, source, sha256, userId, at, readerId) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [batch, trPath, trDigest, actor, now, reader])

            for s in compare {
                if try compareReaders(db, subject: s, actor: actor) != nil { summary.adjudicationsOpened += 1 }
            }
            try audit(db, user: actor, entity: "import", id: String(batch), action: "import-sdtm", after: .object([
                "reader": .string(reader), "TU": .string(tuPath), "TR": .string(trPath), "DM": .optional(dmPath),
                "subjects": .int(Int64(written.count)), "reads": .int(Int64(summary.reads)), "lesions": .int(Int64(summary.lesions)),
                "measurements": .int(Int64(summary.measurements)), "status": .string(status), "measurementDigest": .string(measurementDigest),
                "lockedTimepoints": .int(Int64(lockedTimepoints)),
                "TUsha256": .optional(summary.fileDigests["TU"]), "TRsha256": .string(trDigest), "DMsha256": .optional(summary.fileDigests["DM"]),
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

    /// Stops `parseTR` when `onBlock` declines a block.
    struct ParseStopped: Error {}

    /// Parses TR and checks each row against its lesion in TU (test code against role, known
    /// codes, plausible values, no duplicate lesion × visit). The first bad row stops the import.
    /// `onBlock` receives each run of rows of one subject as it ends (and whether the subject
    /// had rows before); returning false stops the parse. With `keepAll`, every row is also
    /// returned, by subject (the whole-file mode); otherwise nothing is kept.
    /// `onRead` sees every byte of the file as it is read (the import hashes TR with it).
    static func parseTR(_ path: String, lesions: [String: [Lesion]], keepAll: Bool = true,
                        onRead: ((UnsafeRawBufferPointer) -> Void)? = nil,
                        onBlock: ((_ subject: String, _ rows: [ImportedResult], _ seenBefore: Bool) -> Bool)? = nil) throws(StoreError) -> [String: [ImportedResult]] {
        var out: [String: [ImportedResult]] = [:]
        var subjectsSeen = Set<String>()
        do {
            let csv = try CSVReader(path: path, onRead: onRead)
            func col(_ c: String) throws -> Int {
                do { return try csv.requiredColumn(c) } catch { throw InputError(file: path, line: 1, field: c, message: error.message) }
            }
            let subject = try col("USUBJID"), lesion = try col("TRLNKID"), visitC = try col("VISITNUM"), dateC = try col("TRDTC")
            let test = try col("TRTESTCD"), stresc = try col("TRSTRESC"), stresn = try col("TRSTRESN")
            let group = csv.column("TRLNKGRP"), thicknessC = csv.column("SLICETHK")
            // Per subject: the (lesion, visit) pairs seen, to refuse duplicate rows. Kept for the
            // current subject in locals and swapped only when the subject changes (rows of a
            // subject usually come together).
            var seen: [String: (keys: Set<Int>, fragments: Set<String>)] = [:]
            var seenKeys = Set<Int>(), seenFragments = Set<String>()
            var currentSubject = ""
            var currentKey: [UInt8] = []
            var currentLesions: [Lesion] = []
            var currentIDs: [[UInt8]] = []  // the subject's TU lesion ids, compared as bytes
            var current: [ImportedResult] = []
            func finish() throws {
                guard !current.isEmpty else { return }
                let before = !subjectsSeen.insert(currentSubject).inserted
                if keepAll { out[currentSubject, default: []].append(contentsOf: current) }
                if let onBlock, !onBlock(currentSubject, current, before) { throw ParseStopped() }
                current.removeAll(keepingCapacity: true)
            }
            func failure(_ line: Int, _ field: String, _ message: String) -> InputError {
                InputError(file: path, line: line, field: field, message: message)
            }
            func lesionIndex(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
                for (k, id) in currentIDs.enumerated() where id.count == b.count {
                    var same = true
                    for j in 0..<b.count where id[j] != b[j] { same = false; break }
                    if same { return k }
                }
                return nil
            }
            func stateCode(_ b: UnsafeBufferPointer<UInt8>, _ names: [String]) -> UInt8 {
                let text = String(decoding: b, as: UTF8.self).uppercased()
                guard names.contains(text) else { return 0 }
                return text == "NE" ? ImportStates.notEvaluable : ImportStates.code(text)
            }
            try csv.forEachRow { row in
                let line = row.line
                // Takes the line number only: a local function capturing the borrowed row crashes the compiler.
                func fail(_ field: String, _ message: String) -> InputError { failure(line, field, message) }
                if currentKey.isEmpty || !row.equals(subject, bytes: currentKey) {
                    let s = row.string(subject)
                    guard !s.isEmpty else { throw fail("USUBJID", "empty subject id") }
                    try finish()
                    if keepAll {
                        if !currentSubject.isEmpty { seen[currentSubject] = (seenKeys, seenFragments) }
                        (seenKeys, seenFragments) = seen[s] ?? ([], [])
                    } else {
                        seenKeys.removeAll(keepingCapacity: true); seenFragments.removeAll()
                    }
                    currentSubject = s
                    currentKey = Array(row.bytes(subject))
                    currentLesions = lesions[s] ?? []
                    currentIDs = currentLesions.map { Array($0.id.utf8) }
                }
                var fragment = ""
                let l: Lesion, index: Int
                if let k = lesionIndex(row.bytes(lesion)) {
                    index = k; l = currentLesions[k]
                } else if let g = group, !row.isEmpty(g), let k = lesionIndex(row.bytes(g)), currentLesions[k].role == .target {
                    // A fragment of a split target (RECIST 1.1 §4.3.2): TRLNKGRP names the parent.
                    index = k; l = currentLesions[k]; fragment = row.string(lesion)
                } else {
                    throw fail("TRLNKID", "lesion \(row.string(lesion)) of subject \(currentSubject) is not identified in TU")
                }
                guard let visit = FieldParsing.integer(row.bytes(visitC)), visit >= 0 else {
                    throw fail("VISITNUM", "'\(row.string(visitC))' is not a visit number (an integer, 0 = baseline)")
                }
                guard let date = FieldParsing.date(row.bytes(dateC)) else { throw fail("TRDTC", "'\(row.string(dateC))' is not an ISO 8601 date (YYYY-MM-DD)") }
                let fresh = fragment.isEmpty ? seenKeys.insert(index &* 1_000_000_000 &+ visit).inserted
                                             : seenFragments.insert("\(fragment)\u{1F}\(visit)").inserted
                guard fresh else {
                    throw fail("TRLNKID", "duplicate row for lesion \(row.string(lesion)) of subject \(currentSubject) at visit \(visit)")
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
                var value: Int64? = nil, state: UInt8 = 0
                if kind == .state {
                    if row.equals(stresc, "PRESENT") { state = ImportStates.present }
                    else if row.equals(stresc, "ABSENT") { state = ImportStates.absent }
                    else if row.equals(stresc, "NOT EVALUABLE") { state = ImportStates.notEvaluable }
                    else if row.equals(stresc, "UNEQUIVOCAL PROGRESSION") { state = ImportStates.unequivocalProgression }
                    else if row.equals(stresc, "EQUIVOCAL") { state = ImportStates.equivocal }
                    else {
                        state = stateCode(row.bytes(stresc), ["PRESENT", "ABSENT", "UNEQUIVOCAL PROGRESSION", "NOT EVALUABLE", "EQUIVOCAL"])
                        guard state != 0 else { throw fail("TRSTRESC", "unknown state '\(row.string(stresc).uppercased())' for TUMSTATE") }
                    }
                } else if !row.isEmpty(stresn) {
                    guard let v = FieldParsing.length(row.bytes(stresn))?.micrometres else { throw fail("TRSTRESN", "'\(row.string(stresn))' is not a number of millimetres") }
                    value = v
                } else if let v = FieldParsing.length(row.bytes(stresc))?.micrometres {
                    value = v
                } else {
                    state = stateCode(row.bytes(stresc), ["TOO SMALL TO MEASURE", "NOT EVALUABLE", "MERGED", "NE"])
                    guard state != 0 else {
                        throw fail("TRSTRESC", "unknown result '\(row.string(stresc))' (a diameter, TOO SMALL TO MEASURE, NOT EVALUABLE or MERGED)")
                    }
                }
                if let v = value {
                    if v < 0 || (v == 0 && visit == 0) { throw fail("TRSTRESN", "impossible measurement: \(Length(micrometres: v)) mm [\(WorkflowRule.positive)]") }
                    if v > 1_000_000 { throw fail("TRSTRESN", "implausible measurement: \(Length(micrometres: v)) mm exceeds 1000 mm") }
                }
                var g: String? = nil
                if let gc = group, !row.isEmpty(gc) { g = row.string(gc) }
                if state == ImportStates.merged && g == nil { throw fail("TRLNKGRP", "a MERGED lesion names, in TRLNKGRP, the target it coalesced into") }
                if !fragment.isEmpty && value == nil { throw fail("TRSTRESN", "fragment \(fragment) of split lesion \(l.id) needs a measured diameter") }
                var thickness: Int64? = nil
                if let tc = thicknessC, !row.isEmpty(tc) {
                    // As `nadir rescore`: a positive thickness below 100 mm.
                    guard let t = FieldParsing.length(row.bytes(tc))?.micrometres, t > 0, t < 100_000 else {
                        throw fail("SLICETHK", "'\(row.string(tc))' is not a slice thickness in mm")
                    }
                    thickness = t
                }
                current.append(ImportedResult(line: line, visit: visit, date: date, value: value, thickness: thickness, group: g,
                                              fragment: fragment, lesionIndex: Int32(index), kind: kind, stateCode: state))
            }
            try finish()
        } catch is ParseStopped {
            return out
        } catch {
            throw importError(error, file: path)
        }
        return out
    }

    /// The engine's input for one imported subject (the same mapping as the stored path), from
    /// rows in visit order (`ImportJob.byVisit`).
    static func assemble(subject: String, lesions: [Lesion], results: [ImportedResult], start: CalendarDate?) -> SubjectTumourData {
        var assessments: [TumourAssessment] = []
        for r in results {
            if assessments.last?.visit != r.visit {
                assessments.append(TumourAssessment(visit: r.visit, date: r.date))
            }
            let k = assessments.count - 1
            if r.date < assessments[k].date { assessments[k].date = r.date }
            guard Int(r.lesionIndex) < lesions.count else { continue }
            let l = lesions[Int(r.lesionIndex)]
            if r.fragment.isEmpty {
                assessments[k].observations[l.id] = ReaderData.observation(role: l.role, kind: r.kind.rawValue, value: r.value, state: r.state,
                                                                           mergedInto: r.mergedInto)
                // As `nadir rescore`: the thickness of a lesion's own baseline row (RECIST 1.1 §3.1.1).
                if r.visit == 0, let t = r.thickness { assessments[k].sliceThickness[l.id] = Length(micrometres: t) }
            } else {
                assessments[k].observations[l.id] = ReaderData.addFragment(assessments[k].observations[l.id], r.value)
            }
        }
        return SubjectTumourData(subjectID: subject, lesions: lesions, assessments: assessments, referenceDate: start)
    }
}

/// The first row ids an import assigns to lesions, reads and measurements.
struct ImportIDs: Sendable { var lesion: Int64; var read: Int64; var measurement: Int64 }

/// A multi-row INSERT of one table: rows are collected and inserted `rowsPerStatement` at a
/// time by one prepared statement; `flush` inserts the rest one by one.
///
/// `INSERT OR ROLLBACK`: a constraint that fails (a bug, the import checks its rows first) rolls
/// back the whole import at once, as any other error does. With the default ABORT, SQLite would
/// have to be able to undo a half-done multi-row statement, so it copies every page the
/// statement touches into a statement journal first (a temporary file once past 64 KiB): 1.2
/// million writes, 4.8 GB, for the 100,000-subject benchmark cohort. `values` are the SQL
/// of each column of a row: `$` for a parameter bound per row by `bindRow` (whose second
/// argument is the number of the row's first parameter minus one), or a literal or a numbered
/// constant parameter `?1` … `?constants`, bound once with `bindConstant`.
struct BulkInsert<Element> {
    let many: RawStatement, one: RawStatement
    let perRow: Int32, constants: Int32, rowsPerStatement: Int
    let bindRow: (RawStatement, Int32, Element) -> Void
    var pending: [Element] = []

    init(_ db: Database, table: String, columns: [String], values: [String]? = nil, constants: Int32, rowsPerStatement: Int = 64,
         bindRow: @escaping (RawStatement, Int32, Element) -> Void) throws {
        let values = values ?? columns.map { _ in "$" }
        let perRow = Int32(values.filter { $0 == "$" }.count)
        func sql(_ rows: Int) -> String {
            var p = constants
            let tuples = (0..<rows).map { _ in
                "(" + values.map { v -> String in
                    guard v == "$" else { return v }
                    p += 1
                    return "?\(p)"
                }.joined(separator: ", ") + ")"
            }
            return "INSERT OR ROLLBACK INTO \(table) (\(columns.joined(separator: ", "))) VALUES " + tuples.joined(separator: ", ")
        }
        many = try RawStatement(db, sql(rowsPerStatement))
        one = try RawStatement(db, sql(1))
        self.perRow = perRow; self.constants = constants; self.rowsPerStatement = rowsPerStatement; self.bindRow = bindRow
        pending.reserveCapacity(rowsPerStatement)
    }

    func bindConstant(_ i: Int32, _ v: String?) { many.bind(i, v); one.bind(i, v) }
    func bindConstant(_ i: Int32, _ v: Int64?) { many.bind(i, v); one.bind(i, v) }

    mutating func add(_ e: Element) throws {
        pending.append(e)
        if pending.count == rowsPerStatement {
            for (k, e) in pending.enumerated() { bindRow(many, constants + Int32(k) * perRow, e) }
            try many.run()
            pending.removeAll(keepingCapacity: true)
        }
    }

    mutating func flush() throws {
        for e in pending { bindRow(one, constants, e); try one.run() }
        pending.removeAll(keepingCapacity: true)
    }
}

/// The import's second thread: parses TR and hands over each subject's rows (in visit order),
/// then validates the subject under RECIST 1.1 (first 100 violations) and adds its measurement
/// rows to the SHA-256 digest in the exact form `MeasurementLineDigest` gives them,
/// from the ids the writer assigns in the same order (subjects in order of first appearance in
/// TR, then TU-only subjects sorted). At most `capacity` subjects wait for the writer, so the
/// import holds a bounded number of rows however large the file.
final class TRPipeline: @unchecked Sendable {
    static let scatteredRule = "internal: TR rows of a subject are not contiguous"
    /// Subjects are handed over `batch` at a time (one lock and wake-up per batch, not per
    /// subject), at most `capacity` subjects waiting.
    static let batch = 64, capacity = 1_024
    typealias Block = (subject: String, rows: [ImportedResult])
    // Guarded by `cond` until `finished`; the results below are written before `done` is signalled.
    private let cond = NSCondition()
    private var queue: [[Block]] = []
    private var finished = false
    private var cancelled = false
    private var error: StoreError?
    private var violations: [RuleViolation] = []
    private var digest = ""
    private var fileDigest = ""
    private let done = DispatchSemaphore(value: 0)
    // The writer's current batch: touched by the writer thread only.
    private var taken: [Block] = []
    private var takenIndex = 0

    init(trPath: String, lesions: [String: [Lesion]], starts: [String: CalendarDate], validate: Bool, streaming: Bool,
         ids: ImportIDs, reader: String, recordedAt: String) {
        let thread = Thread { [self] in
            var found: [RuleViolation] = []
            var hasher = ImportDigest(ids: ids, reader: reader, recordedAt: recordedAt)
            var failure: StoreError? = nil
            var file = SHA256()
            var subjectsInTR = Set<String>()
            var pending: [Block] = []
            pending.reserveCapacity(TRPipeline.batch)
            // Queues one subject for the writer, then checks and hashes it; false once the writer gave up.
            func handle(_ s: String, _ parsed: [ImportedResult]) -> Bool {
                let rows = ImportJob.byVisit(parsed)
                // As `nadir rescore`: a follow-up row dated before the baseline is a data error of
                // that row (RECIST 1.1 §4.1), whether or not the reads are submitted.
                if let (row, baseline) = ImportJob.firstBeforeBaseline(rows) {
                    failure = .importRow(file: trPath, line: row.line, field: "TRDTC",
                                         message: "measurement dated \(row.date) is before the baseline assessment (\(baseline))")
                    return false
                }
                pending.append((s, rows))
                if pending.count >= TRPipeline.batch {
                    guard put(pending) else { return false }
                    pending.removeAll(keepingCapacity: true)
                }
                let ls = lesions[s] ?? []
                if validate && found.count < 100 {
                    let data = ReadingStore.assemble(subject: s, lesions: ls, results: rows, start: starts[s])
                    let v = RECIST11().validateBaseline(data)
                    if !v.isEmpty { found += v } else {
                        do throws(RuleViolations) { _ = try RECIST11().evaluate(data) } catch { found += error.violations }
                    }
                }
                if found.isEmpty { hasher.add(lesionCount: ls.count, rows: rows) }
                return true
            }
            do throws(StoreError) {
                var go = true
                if streaming {
                    _ = try ReadingStore.parseTR(trPath, lesions: lesions, keepAll: false, onRead: { file.update(buffer: $0) }) { s, rows, seenBefore in
                        if seenBefore { failure = .workflow(rule: TRPipeline.scatteredRule, detail: s); go = false; return false }
                        subjectsInTR.insert(s)
                        go = handle(s, rows)
                        return go
                    }
                } else {
                    var order: [String] = []
                    let all = try ReadingStore.parseTR(trPath, lesions: lesions, keepAll: true, onRead: { file.update(buffer: $0) }) { s, _, seenBefore in
                        if !seenBefore { order.append(s) }
                        return true
                    }
                    subjectsInTR = Set(order)
                    for s in order where go { go = handle(s, all[s] ?? []) }
                }
                // Subjects identified in TU with no TR rows, after the others.
                if go && failure == nil {
                    for s in lesions.keys.filter({ !subjectsInTR.contains($0) }).sorted() where go { go = handle(s, []) }
                }
                if go && failure == nil && !pending.isEmpty { _ = put(pending) }
            } catch {
                failure = error
            }
            violations = found
            if failure == nil && found.isEmpty { digest = hasher.finish(); fileDigest = SHA256.hexString(file.finalize()) }
            cond.lock(); error = failure; finished = true; cond.broadcast(); cond.unlock()
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The writer gave up (an error rolled the import back): stop parsing and checking.
    func cancel() { cond.lock(); cancelled = true; cond.broadcast(); cond.unlock() }

    /// Queues subjects for the writer, waiting while `capacity` subjects wait; false once cancelled.
    private func put(_ blocks: [Block]) -> Bool {
        cond.lock(); defer { cond.unlock() }
        while queue.count * TRPipeline.batch >= TRPipeline.capacity && !cancelled { cond.wait() }
        guard !cancelled else { return false }
        queue.append(blocks)
        cond.broadcast()
        return true
    }

    /// The next subject's rows, waiting for the parser; nil once every subject is handed over
    /// (or the parse failed). Writer thread only.
    func next() -> (String, [ImportedResult])? {
        if takenIndex == taken.count {
            cond.lock()
            while queue.isEmpty && !finished { cond.wait() }
            guard !queue.isEmpty else { cond.unlock(); return nil }
            taken = queue.removeFirst()
            takenIndex = 0
            cond.broadcast()
            cond.unlock()
        }
        let item = taken[takenIndex]
        taken[takenIndex] = ("", [])  // release the rows once handed over
        takenIndex += 1
        return (item.subject, item.rows)
    }

    /// The parse error, once `next()` has returned nil.
    func parseError() -> StoreError? {
        cond.lock(); defer { cond.unlock() }
        return error
    }

    /// The rule violations found, the digest of the measurement rows and the SHA-256 of the
    /// TR file (both digests empty unless the parse read the whole file and found no violation).
    func join() -> ([RuleViolation], String, String) {
        done.wait()
        return (violations, digest, fileDigest)
    }
}

/// The SHA-256 digest of an import's measurement rows, subject by subject, as
/// `MeasurementLineDigest` lines, from the ids the writer assigns in the same order (lesions in
/// TU order, visits ascending, rows in file order within a visit): the lines the verifier
/// computes from the rows as read back.
struct ImportDigest {
    private var lines = MeasurementLineDigest()
    private var next: ImportIDs
    /// The empty series, SOP instance and frame, then the reader and time of every row.
    private let tail: [UInt8]

    init(ids: ImportIDs, reader: String, recordedAt: String) {
        next = ids
        tail = Array("||||\(reader)|\(recordedAt)".utf8)
    }

    mutating func add(lesionCount: Int, rows: [ImportedResult]) {
        let lesionBase = next.lesion
        next.lesion += Int64(lesionCount)
        for (k, m) in rows.enumerated() {
            if k > 0 && rows[k - 1].visit != m.visit { next.read += 1 }
            lines.number(next.measurement); lines.separator(); lines.number(next.read); lines.separator()
            lines.number(lesionBase + Int64(m.lesionIndex)); lines.separator(); lines.number(1); lines.separator()
            lines.bytes(m.kind.rawValue.utf8); lines.separator()
            if let v = m.value { lines.number(v) }
            lines.separator()
            if let st = m.state { lines.bytes(st.utf8) }
            lines.separator()
            if let g = m.mergedInto { lines.bytes(g.utf8) }
            lines.separator()
            lines.bytes(m.fragment.utf8)
            lines.bytes(tail)
            if let t = m.thickness { lines.separator(); lines.number(t) }
            lines.endLine()
            next.measurement += 1
        }
        if !rows.isEmpty { next.read += 1 }
    }

    mutating func finish() -> String { lines.finish() }
}

enum ImportJob {
    /// The first row (in file order) of a follow-up visit dated before the subject's baseline
    /// (the earliest date of visit 0), with that baseline date; nil when there is none or no
    /// baseline. `rows` in visit order.
    static func firstBeforeBaseline(_ rows: [ImportedResult]) -> (ImportedResult, CalendarDate)? {
        guard let first = rows.first, first.visit == 0 else { return nil }
        var baseline = first.date
        var k = 1
        while k < rows.count && rows[k].visit == 0 { if rows[k].date < baseline { baseline = rows[k].date }; k += 1 }
        var found: ImportedResult? = nil
        while k < rows.count {
            if rows[k].date < baseline && (found == nil || rows[k].line < found!.line) { found = rows[k] }
            k += 1
        }
        return found.map { ($0, baseline) }
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
