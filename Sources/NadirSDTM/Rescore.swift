import Foundation
import NadirCore

/// Why a re-scoring run failed: malformed input (file, row, field), or data that breaks a
/// RECIST rule (subject, lesion, rule). Nothing is written in either case.
public enum RescoreError: Error, CustomStringConvertible {
    case input(InputErrors)
    case rules([RuleViolation])

    public var description: String {
        switch self {
        case .input(let e): return e.description
        case .rules(let v):
            let shown = v.prefix(100).map(\.description).joined(separator: "\n")
            return shown + (v.count > 100 ? "\n… (\(v.count - 100) more rule violations)" : "")
        }
    }
}

/// The batch re-scoring job behind `nadir rescore`: TU + TR (+ DM) in, RS out.
///
/// TR is streamed: rows of one subject that arrive together (the usual SDTM sort order) are
/// scored as soon as the subject's block ends, so memory holds one subject's rows plus the
/// compact results. A subject whose rows are scattered through the file is noticed when it
/// reappears; its early result is dropped and it is re-read in a second pass with all its rows,
/// so row order never changes the output.
public struct Rescore {
    public var tuPath: String
    public var trPath: String
    public var dmPath: String?
    public var criteria: any ResponseCriteria

    public init(tuPath: String, trPath: String, dmPath: String? = nil, criteria: any ResponseCriteria = RECIST11()) {
        self.tuPath = tuPath; self.trPath = trPath; self.dmPath = dmPath; self.criteria = criteria
    }

    public struct Outcome: Sendable {
        /// One evaluation per subject of TU, sorted by `USUBJID` (empty after a streaming `run`).
        public var evaluations: [SubjectEvaluation]
        /// Subjects scored.
        public var subjects: Int
        public var trRows: Int
        /// Subjects whose TR rows were not contiguous and needed the second pass.
        public var subjectsReread: Int
    }

    static let errorLimit = 100

    /// One subject's contiguous block of TR rows.
    struct Block: Sendable {
        var subjectID: String
        var records: [TumourResultRecord]
    }

    /// Row number given to the first row of the worker's part when rows are not counted.
    static let unnumberedFirstLine = 1 << 40

    /// How much parsed TR (bytes of records) the worker may hold while TU is still being read;
    /// past it, the worker waits for TU.
    public var pendingLimit = 32 << 20

    /// TR files at least this large are parsed by two threads, one half each.
    public var parallelThreshold = 4 << 20

    /// Scores every subject. Throws `RescoreError` listing what is wrong.
    ///
    /// Large files are cut in two at a row boundary: this thread reads TU and DM, then parses and
    /// scores the first half while a worker parses the second half (keeping its blocks until TU
    /// is available) and scores it. The subject whose rows straddle the cut, like any subject
    /// whose rows are scattered, is re-read whole in a second pass.
    public func evaluate() throws(RescoreError) -> Outcome {
        try finish(runPasses(firstSink: nil, secondSinkPath: nil))
    }

    /// What the two threads made of TR, before the subjects they could not score alone are
    /// put together.
    struct Passes {
        var first: RangeResult
        var second: RangeResult
        var reference: ReferenceData
        var columns: TumourResultColumns
        /// Where the second part of TR begins (`Int.max`: one part), and where the first
        /// thread's parse actually ended: the two agree when the cut is a true row boundary.
        var cut = Int.max
        var firstEnd = Int.max

        /// Subjects seen in several blocks, or on both sides of the cut.
        var scattered: Set<String> {
            first.scattered.union(second.scattered).union(first.seen.intersection(second.seen))
        }

        /// The usual case of `scattered`: only the subject cut in two by the split, whose two
        /// parts are the last block of the first part and the first block of the second.
        /// Returns that subject's rows, put back together; `nil` in any other case.
        func subjectCutInTwo(_ scattered: Set<String>) -> Block? {
            guard scattered.count == 1, let a = first.lastBlock, let b = second.firstBlock, a.subjectID == b.subjectID,
                  scattered.contains(a.subjectID), !first.scattered.contains(a.subjectID),
                  !second.scattered.contains(a.subjectID) else { return nil }
            return Block(subjectID: a.subjectID, records: a.records + b.records)
        }
    }

    /// Reads TU/DM and both halves of TR, scoring subjects as their blocks end. With sinks,
    /// scored subjects are serialised as RS rows (first half into `firstSink`, second half into
    /// a sink at `secondSinkPath`) instead of being kept.
    ///
    /// The worker's part starts at a row boundary. With `exactLines` it is found by counting
    /// the newlines (outside quotes) before it, so row numbers in errors are exact. Without
    /// (the streaming path), the cut is simply the next newline and the worker numbers its rows
    /// from 2⁴⁰ (keeping their order); the first thread's parse must then end exactly at the
    /// cut (`Passes.firstEnd == cut`), which proves the newline was not inside a quoted field,
    /// and any error sends the run to the general path, which reports exact rows.
    func runPasses(firstSink: ResponseSink?, secondSinkPath: String?, exactLines: Bool = true) throws(RescoreError) -> Passes {
        let (tuPath, dmPath, trPath, criteria) = (self.tuPath, self.dmPath, self.trPath, self.criteria)
        let pendingLimit = self.pendingLimit
        let reference = ReferenceData()
        let reader: CSVReader
        let columns: TumourResultColumns
        do {
            reader = try CSVReader(path: trPath)
            columns = try TumourResultColumns(reader, name: trPath)
        } catch {
            throw .input(Rescore.inputErrors(error, file: trPath))
        }
        let cut = SplitBox()
        var worker: WorkerThread<RangeResult>? = nil
        if reader.fileSize >= parallelThreshold {
            worker = WorkerThread<RangeResult> {
                var result = RangeResult()
                result.pendingLimit = pendingLimit
                do {
                    if let secondSinkPath { result.sink = try ResponseSink(path: secondSinkPath, holdFirst: true) }
                    let second = try CSVReader(path: trPath)
                    // This thread starts parsing at once while the other reads TU and DM first,
                    // so the other gets the smaller share (46 %, measured to finish together).
                    let target = second.dataOffset + (second.fileSize - second.dataOffset) * 23 / 50
                    let split = exactLines ? second.splitPoint(near: target)
                        : second.rowBoundary(atOrAfter: target).map { (offset: $0, line: Rescore.unnumberedFirstLine) }
                    cut.publish(split?.offset ?? Int.max)
                    guard let split else { return result }
                    try second.forEachRow(from: split.offset, to: Int.max, firstLine: split.line) { row in
                        try result.consume(row, columns: columns, name: trPath, reference: reference, criteria: criteria)
                    }
                    result.finish(reference: reference, criteria: criteria, name: trPath)
                } catch {
                    cut.publish(Int.max)
                    result.failure = .input(Rescore.inputErrors(error, file: trPath))
                }
                return result
            }
        } else {
            cut.publish(Int.max)
        }

        do {
            let lesions = try TumourIdentification.read(path: tuPath, name: tuPath)
            let starts = try dmPath.map { try Demographics.readTreatmentStart(path: $0, name: $0) } ?? [:]
            reference.publish(.success((lesions, starts)))
        } catch {
            reference.publish(.failure(.input(Rescore.inputErrors(error, file: tuPath))))
        }
        var first = RangeResult()
        first.sink = firstSink
        do {
            try reader.forEachRow(from: reader.dataOffset, to: cut.wait(), firstLine: 2) { row in
                try first.consume(row, columns: columns, name: trPath, reference: reference, criteria: criteria)
            }
            first.finish(reference: reference, criteria: criteria, name: trPath)
        } catch {
            first.failure = .input(Rescore.inputErrors(error, file: trPath))
        }
        let second = worker?.join() ?? RangeResult()
        return Passes(first: first, second: second, reference: reference, columns: columns,
                      cut: cut.wait(), firstEnd: reader.position)
    }

    /// Puts the passes together: subjects cut in two or scattered are re-read and scored whole,
    /// errors are collected, and every evaluation is returned in `USUBJID` order.
    func finish(_ passes: Passes) throws(RescoreError) -> Outcome {
        let (first, second, reference, columns) = (passes.first, passes.second, passes.reference, passes.columns)
        let (tuPath, trPath) = (self.tuPath, self.trPath)
        if case .failure(let e) = reference.wait() { throw e }
        if let f = first.failure ?? second.failure { throw f }
        let rowErrors = (first.rowErrors + second.rowErrors).sorted { ($0.line ?? 0) < ($1.line ?? 0) }
        if !rowErrors.isEmpty {
            throw .input(InputErrors(Array(rowErrors.prefix(Rescore.errorLimit)), truncated: rowErrors.count > Rescore.errorLimit))
        }
        guard var state = first.state else { throw .input(InputErrors([InputError(file: tuPath, message: "could not be read")])) }
        if let other = second.state { state.merge(other) }
        // Subjects seen in several blocks (or on both sides of the cut) are re-read whole.
        let scattered = passes.scattered
        if !scattered.isEmpty {
            state.results.removeAll { scattered.contains($0.subjectID) }
            for id in scattered { state.violations[id] = nil; state.failures[id] = nil }
        }
        state.scattered = scattered
        let trRows = first.rows + second.rows
        // The usual case: only the subject cut in two by the split is "scattered".
        if let whole = passes.subjectCutInTwo(scattered) {
            state.score(whole.subjectID, whole.records)
            state.scattered = []
        }

        // Second pass for subjects whose rows were scattered through the file.
        if !state.scattered.isEmpty {
            let cols = columns
            do {
                var bySubject: [String: [TumourResultRecord]] = [:]
                let again = try CSVReader(path: trPath)
                try again.forEachRow { row in
                    let id = row.string(cols.subject)
                    guard state.scattered.contains(id), let r = try? cols.parse(row, name: trPath) else { return }
                    bySubject[id, default: []].append(r)
                }
                for (id, rs) in bySubject { state.score(id, rs) }
            } catch {
                throw .input(Rescore.inputErrors(error, file: trPath))
            }
        }
        // Subjects identified in TU with no TR rows at all still get scored (and fail the
        // baseline rule) so that nobody silently drops out of the analysis.
        let accounted = state.results.count + state.violations.count + state.failures.keys.count { state.lesions[$0] != nil }
        if accounted != state.lesions.count {
            let scored = Set(state.results.map(\.subjectID))
            for id in state.lesions.keys where !scored.contains(id) && state.failures[id] == nil && state.violations[id] == nil {
                state.score(id, [])
            }
        }
        let inputErrors = state.failures.keys.sorted().flatMap { state.failures[$0]!.errors }
        if !inputErrors.isEmpty {
            throw .input(InputErrors(Array(inputErrors.prefix(Rescore.errorLimit)), truncated: inputErrors.count > Rescore.errorLimit))
        }
        if !state.violations.isEmpty {
            throw .rules(state.violations.keys.sorted().flatMap { state.violations[$0]! })
        }
        // Results arrive in file order, which is usually USUBJID order already.
        var evaluations = state.results
        if zip(evaluations, evaluations.dropFirst()).contains(where: { $0.subjectID >= $1.subjectID }) {
            evaluations.sort { $0.subjectID < $1.subjectID }
        }
        return Outcome(evaluations: evaluations, subjects: evaluations.count, trRows: trRows, subjectsReread: state.scattered.count)
    }

    static func inputErrors(_ error: any Error, file: String) -> InputErrors {
        switch error {
        case let e as InputErrors: return e
        case let e as InputError: return InputErrors([e])
        default: return InputErrors([InputError(file: file, message: "\(error)")])
        }
    }

    /// Scores and writes RS to `outPath` atomically (temporary file + rename).
    ///
    /// Streaming (the default): each thread writes its subjects' RS rows as it scores them and
    /// keeps no evaluation, so memory does not grow with the trial and writing overlaps
    /// parsing; `Outcome.evaluations` is then empty. This needs TR in the usual shape — each
    /// subject's rows together, subjects in `USUBJID` order — and clean input. Anything else
    /// (scattered or unsorted subjects, any error) discards the streamed rows and runs the
    /// general path below, which keeps every evaluation, re-reads scattered subjects, sorts
    /// and reports every error. `keepEvaluations` asks for the general path directly.
    @discardableResult
    public func run(outPath: String, keepEvaluations: Bool = false) throws -> Outcome {
        if !keepEvaluations, let outcome = try runStreaming(outPath: outPath) { return outcome }
        return try runGeneral(outPath: outPath)
    }

    /// The streaming path; `nil` when the input needs the general path (nothing is written).
    func runStreaming(outPath: String) throws -> Outcome? {
        let base = outPath + ".tmp-\(getpid())-part"
        var header: [UInt8] = []
        AtomicCSVWriter.appendRow(ResponseRecord.header, to: &header)
        guard let firstSink = try? ResponseSink(path: base + "1", holdFirst: false, header: header),
              let passes = try? runPasses(firstSink: firstSink, secondSinkPath: base + "2", exactLines: false),
              passes.cut == Int.max || passes.firstEnd == passes.cut else { return nil }
        let (first, second) = (passes.first, passes.second)
        guard first.failure == nil, second.failure == nil, first.rowErrors.isEmpty, second.rowErrors.isEmpty,
              case .success(let (lesions, starts)) = passes.reference.wait(), let state = first.state,
              second.state != nil || second.rows == 0 else { return nil }

        // The subject whose rows straddle the cut between the halves is the only one allowed
        // to appear in both; it is scored again from all its rows.
        let scattered = passes.scattered
        var splitID: String? = nil
        var splitBytes: [UInt8] = []
        if !scattered.isEmpty {
            guard let whole = passes.subjectCutInTwo(scattered), let ls = lesions[whole.subjectID],
                  case .success(let grid) = SubjectAssembler.assemble(subjectID: whole.subjectID, lesions: ls, records: whole.records,
                                                                      treatmentStart: starts[whole.subjectID], name: trPath),
                  let evaluation = try? criteria.evaluate(grid) else { return nil }
            splitID = whole.subjectID
            ResponseRecord.appendCSV(for: evaluation, to: &splitBytes)
        }
        // No other subject failed (its partial blocks may have).
        for pass in [state, second.state].compactMap({ $0 }) {
            guard pass.violations.keys.allSatisfy({ $0 == splitID }), pass.failures.keys.allSatisfy({ $0 == splitID }) else { return nil }
        }
        // USUBJID order across the halves, and every subject of TU scored exactly once: ids are
        // strictly increasing within each half and across the cut, so they are distinct.
        let secondSink = second.sink
        guard firstSink.sorted, secondSink?.sorted ?? true, firstSink.writeError == 0, (secondSink?.writeError ?? 0) == 0 else { return nil }
        let dropFirstHalfLast = splitID != nil && firstSink.lastID == splitID
        let dropSecondHalfFirst = splitID != nil && secondSink?.firstID == splitID
        let boundary = [dropFirstHalfLast ? firstSink.lastButOneID : firstSink.lastID, splitID,
                        dropSecondHalfFirst ? secondSink?.secondID : secondSink?.firstID].compactMap { $0 }
        guard zip(boundary, boundary.dropFirst()).allSatisfy({ $0 < $1 }) else { return nil }
        let subjects = firstSink.count - (dropFirstHalfLast ? 1 : 0) + (secondSink?.count ?? 0) - (dropSecondHalfFirst ? 1 : 0)
            + (splitID == nil ? 0 : 1)
        guard subjects == lesions.count else { return nil }

        // First half (less its held-back last subject if that is the split one), the split
        // subject, then the second half: its held-back first subject, its part file, its tail.
        firstSink.write(firstSink.pending, upTo: dropFirstHalfLast ? firstSink.lastStart : firstSink.pending.count)
        firstSink.write(splitBytes, upTo: splitBytes.count)
        if let secondSink {
            if !dropSecondHalfFirst { firstSink.write(secondSink.heldFirst, upTo: secondSink.heldFirst.count) }
            firstSink.append(contentsOf: secondSink)
            firstSink.write(secondSink.pending, upTo: secondSink.pending.count)
        }
        try firstSink.commit(as: outPath)
        return Outcome(evaluations: [], subjects: subjects, trRows: first.rows + second.rows, subjectsReread: 0)
    }

    /// The general path: every evaluation kept, serialised two chunks at a time on both cores
    /// and written in `USUBJID` order.
    func runGeneral(outPath: String) throws -> Outcome {
        let outcome = try evaluate()
        let writer = try AtomicCSVWriter(path: outPath, header: ResponseRecord.header)
        let evaluations = outcome.evaluations
        final class Buffer: @unchecked Sendable { var bytes: [UInt8] = [] }
        let buffers = [Buffer(), Buffer()]  // one per thread: no shared mutable state
        let chunk = 4096
        var i = 0
        while i < evaluations.count {
            let end = min(i + 2 * chunk, evaluations.count)
            let mid = min(i + chunk, end)
            let ranges = [i..<mid, mid..<end]
            DispatchQueue.concurrentPerform(iterations: 2) { k in
                var out: [UInt8] = []
                out.reserveCapacity(ranges[k].count * 1024)
                for e in evaluations[ranges[k]] { ResponseRecord.appendCSV(for: e, to: &out) }
                buffers[k].bytes = out
            }
            writer.writeBytes { $0.append(contentsOf: buffers[0].bytes) }
            writer.writeBytes { $0.append(contentsOf: buffers[1].bytes) }
            i = end
        }
        try writer.commit()
        return outcome
    }
}

/// What one thread made of its range of TR: per-subject blocks, scored as soon as TU is there.
struct RangeResult: Sendable {
    var state: PassState?
    /// When set, scored subjects are written here as RS rows instead of being kept.
    var sink: ResponseSink?
    var pending: [Rescore.Block] = []
    var pendingRows = 0
    /// Capacity reserved for the next subject's rows: about the size of the last subject.
    var previousBlockSize = 64
    /// Bytes of parsed rows the worker keeps while TU is still being read (`Rescore.pendingLimit`).
    var pendingLimit = 32 << 20
    var current: Rescore.Block?
    var currentKey: [UInt8] = []
    var seen = Set<String>()
    var scattered = Set<String>()
    var rowErrors: [InputError] = []
    var rows = 0
    var failure: RescoreError?
    /// The first and last blocks of the range: a subject cut in two by the split is put back
    /// together from these instead of re-reading the file.
    var firstBlock: Rescore.Block?
    var lastBlock: Rescore.Block?

    mutating func consume(_ row: borrowing CSVRow, columns cols: TumourResultColumns, name: String,
                          reference: ReferenceData, criteria: any ResponseCriteria) throws {
        rows += 1
        if current == nil || !row.equals(cols.subject, bytes: currentKey) {
            if let block = current {
                previousBlockSize = block.records.count + 8
                emit(block, reference: reference, criteria: criteria, name: name)
            }
            currentKey = Array(row.bytes(cols.subject))
            var block = Rescore.Block(subjectID: row.string(cols.subject), records: [])
            block.records.reserveCapacity(previousBlockSize)
            if !seen.insert(block.subjectID).inserted { scattered.insert(block.subjectID) }
            if block.subjectID.isEmpty {
                rowErrors.append(InputError(file: name, line: row.line, field: "USUBJID", message: "empty subject id"))
            }
            current = block
        }
        do { current!.records.append(try cols.parse(row, name: name)) }
        catch { rowErrors.append(error) }
        if rowErrors.count >= Rescore.errorLimit { throw InputErrors(rowErrors, truncated: true) }
    }

    mutating func emit(_ block: Rescore.Block, reference: ReferenceData, criteria: any ResponseCriteria, name: String) {
        if firstBlock == nil { firstBlock = block }
        guard rowErrors.isEmpty else { return }  // the run will fail: do not spend time scoring
        if state == nil, let loaded = reference.poll() {
            if case .success(let (lesions, starts)) = loaded {
                state = PassState(lesions: lesions, starts: starts, criteria: criteria, name: name, sink: sink)
                for b in pending { state!.score(b.subjectID, b.records) }
            }
            pending = []
        }
        if state != nil { state!.score(block.subjectID, block.records); return }
        guard reference.poll() == nil else { return }  // TU could not be read: the run fails
        pending.append(block)
        pendingRows += block.records.count
        // Bound what waits for TU: past ~32 MiB of parsed rows, wait for TU instead of reading on.
        if pendingRows * MemoryLayout<TumourResultRecord>.stride > pendingLimit {
            if case .success(let (lesions, starts)) = reference.wait() {
                state = PassState(lesions: lesions, starts: starts, criteria: criteria, name: name, sink: sink)
                for b in pending { state!.score(b.subjectID, b.records) }
            }
            pending = []
            pendingRows = 0
        }
    }

    mutating func finish(reference: ReferenceData, criteria: any ResponseCriteria, name: String) {
        if let block = current {
            lastBlock = block
            emit(block, reference: reference, criteria: criteria, name: name)
            current = nil
        }
        if state == nil, case .success(let (lesions, starts)) = reference.wait() {
            state = PassState(lesions: lesions, starts: starts, criteria: criteria, name: name, sink: sink)
            for b in pending { state!.score(b.subjectID, b.records) }
            pending = []
        }
    }
}

/// Where the second thread's half of TR begins, once it has found a safe row boundary.
final class SplitBox: @unchecked Sendable {
    private let condition = NSCondition()
    private var offset: Int?
    /// The first value published stands (a worker that fails after publishing its cut must not
    /// move it under the other thread).
    func publish(_ value: Int) {
        condition.lock()
        if offset == nil { offset = value }
        condition.broadcast()
        condition.unlock()
    }
    func wait() -> Int {
        condition.lock()
        defer { condition.unlock() }
        while offset == nil { condition.wait() }
        return offset!
    }
}

/// TU and DM, read by one thread and shared with the other.
final class ReferenceData: @unchecked Sendable {
    typealias Loaded = Result<([String: [Lesion]], [String: CalendarDate]), RescoreError>
    private let condition = NSCondition()
    private var loaded: Loaded?

    func publish(_ value: Loaded) {
        condition.lock(); loaded = value; condition.broadcast(); condition.unlock()
    }

    func wait() -> Loaded {
        condition.lock()
        defer { condition.unlock() }
        while loaded == nil { condition.wait() }
        return loaded!
    }

    /// The data if it is already there, without waiting.
    func poll() -> Loaded? {
        condition.lock()
        defer { condition.unlock() }
        return loaded
    }
}

/// Book-keeping of one streaming pass.
struct PassState {
    let lesions: [String: [Lesion]]
    let starts: [String: CalendarDate]
    let criteria: any ResponseCriteria
    let name: String
    /// In the order subjects were scored; each subject at most once.
    var results: [SubjectEvaluation] = []
    var violations: [String: [RuleViolation]] = [:]
    var failures: [String: InputErrors] = [:]
    var scattered = Set<String>()
    /// Streaming: evaluations go to the sink as RS rows and are not kept in `results`.
    let sink: ResponseSink?

    init(lesions: [String: [Lesion]], starts: [String: CalendarDate], criteria: any ResponseCriteria, name: String,
         sink: ResponseSink? = nil) {
        self.lesions = lesions; self.starts = starts; self.criteria = criteria; self.name = name; self.sink = sink
    }

    /// Adds the results another thread computed for other subjects.
    mutating func merge(_ other: PassState) {
        results += other.results
        violations.merge(other.violations) { a, _ in a }
        failures.merge(other.failures) { a, _ in a }
    }

    mutating func score(_ id: String, _ records: [TumourResultRecord]) {
        guard !id.isEmpty else { return }
        guard let ls = lesions[id] else {
            failures[id] = InputErrors([InputError(file: name, line: records.map(\.line).min(), field: "USUBJID",
                                                   message: "subject \(id) has tumour results but no lesions in TU")])
            return
        }
        switch SubjectAssembler.assemble(subjectID: id, lesions: ls, records: records, treatmentStart: starts[id], name: name) {
        case .failure(let e): failures[id] = e
        case .success(let grid):
            do {
                let evaluation = try criteria.evaluate(grid)
                if let sink { sink.add(evaluation) } else { results.append(evaluation) }
            }
            catch { violations[id] = error.violations }
        }
    }
}
