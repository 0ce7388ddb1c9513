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
        /// One evaluation per subject of TU, sorted by `USUBJID`.
        public var evaluations: [SubjectEvaluation]
        public var trRows: Int
        /// Subjects whose TR rows were not contiguous and needed the second pass.
        public var subjectsReread: Int
    }

    static let errorLimit = 100

    /// One subject's contiguous block of TR rows, handed from the parsing thread to the scorer.
    struct Block: Sendable {
        var subjectID: String
        var records: [TumourResultRecord]
    }

    /// Scores every subject. Throws `RescoreError` listing what is wrong.
    ///
    /// Two threads: this one parses TR into per-subject blocks; a worker reads TU and DM, then
    /// assembles and scores each block as it arrives.
    public func evaluate() throws(RescoreError) -> Outcome {
        let (tuPath, dmPath, trPath, criteria) = (self.tuPath, self.dmPath, self.trPath, self.criteria)
        let queue = BlockQueue<Block>(capacity: 1024)
        let reference = ReferenceData()
        // The worker reads TU and DM while this thread parses TR, then scores blocks as they come.
        let worker = WorkerThread<PassState?> {
            do {
                let lesions = try TumourIdentification.read(path: tuPath, name: tuPath)
                let starts = try dmPath.map { try Demographics.readTreatmentStart(path: $0, name: $0) } ?? [:]
                reference.publish(.success((lesions, starts)))
                var state = PassState(lesions: lesions, starts: starts, criteria: criteria, name: trPath)
                while let block = queue.take() { state.score(block.subjectID, block.records) }
                return state
            } catch {
                reference.publish(.failure(.input(Rescore.inputErrors(error, file: tuPath))))
                while queue.take() != nil {}  // let the parser finish
                return nil
            }
        }

        var rowErrors: [InputError] = []
        var trRows = 0
        var columns: TumourResultColumns? = nil
        var parseFailure: RescoreError? = nil
        // Subjects whose rows come in more than one block: scored again in a second pass.
        var seen = Set<String>()
        var scattered = Set<String>()
        do {
            let csv = try CSVReader(path: trPath)
            let cols = try TumourResultColumns(csv, name: trPath)
            columns = cols
            var currentKey: [UInt8] = []
            var block = Block(subjectID: "", records: [])
            var haveCurrent = false
            try csv.forEachRow { row in
                trRows += 1
                if !haveCurrent || !row.equals(cols.subject, bytes: currentKey) {
                    if haveCurrent { queue.put(block) }
                    currentKey = Array(row.bytes(cols.subject))
                    block = Block(subjectID: row.string(cols.subject), records: [])
                    block.records.reserveCapacity(64)
                    haveCurrent = true
                    if !seen.insert(block.subjectID).inserted { scattered.insert(block.subjectID) }
                    if block.subjectID.isEmpty {
                        rowErrors.append(InputError(file: trPath, line: row.line, field: "USUBJID", message: "empty subject id"))
                    }
                }
                do { block.records.append(try cols.parse(row, name: trPath)) }
                catch let e as InputError { rowErrors.append(e) }
                if rowErrors.count >= Rescore.errorLimit { throw InputErrors(rowErrors, truncated: true) }
            }
            if haveCurrent { queue.put(block) }
        } catch {
            parseFailure = .input(Rescore.inputErrors(error, file: trPath))
        }
        queue.close()
        // Parsing is done: this thread now helps the worker score what is left in the queue.
        var mine: PassState? = nil
        if case .success(let (lesions, starts)) = reference.wait() {
            var state = PassState(lesions: lesions, starts: starts, criteria: criteria, name: trPath)
            while let block = queue.take() { state.score(block.subjectID, block.records) }
            mine = state
        }
        guard var state = worker.join() else {
            if case .failure(let e) = reference.wait() { throw e }
            throw .input(InputErrors([InputError(file: tuPath, message: "could not be read")]))
        }
        if let parseFailure { throw parseFailure }
        if !rowErrors.isEmpty { throw .input(InputErrors(rowErrors)) }
        if let mine { state.merge(mine) }
        // Results computed from part of a scattered subject's rows are dropped.
        for id in scattered { state.results[id] = nil; state.violations[id] = nil; state.failures[id] = nil }
        state.scattered = scattered

        // Second pass for subjects whose rows were scattered through the file.
        if !state.scattered.isEmpty, let cols = columns {
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
        for id in state.lesions.keys where state.results[id] == nil && state.failures[id] == nil && state.violations[id] == nil {
            state.score(id, [])
        }
        let inputErrors = state.failures.keys.sorted().flatMap { state.failures[$0]!.errors }
        if !inputErrors.isEmpty {
            throw .input(InputErrors(Array(inputErrors.prefix(Rescore.errorLimit)), truncated: inputErrors.count > Rescore.errorLimit))
        }
        if !state.violations.isEmpty {
            throw .rules(state.violations.keys.sorted().flatMap { state.violations[$0]! })
        }
        let evaluations = state.results.keys.sorted().map { state.results[$0]! }
        return Outcome(evaluations: evaluations, trRows: trRows, subjectsReread: state.scattered.count)
    }

    static func inputErrors(_ error: any Error, file: String) -> InputErrors {
        switch error {
        case let e as InputErrors: return e
        case let e as InputError: return InputErrors([e])
        default: return InputErrors([InputError(file: file, message: "\(error)")])
        }
    }

    /// Scores and writes RS to `outPath` atomically (temporary file + rename). Subjects are
    /// serialised two chunks at a time on both cores, and written in `USUBJID` order.
    @discardableResult
    public func run(outPath: String) throws -> Outcome {
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

/// TU and DM, read by the worker and shared with the parsing thread once it has finished.
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
}

/// Book-keeping of one streaming pass.
struct PassState {
    let lesions: [String: [Lesion]]
    let starts: [String: CalendarDate]
    let criteria: any ResponseCriteria
    let name: String
    var results: [String: SubjectEvaluation] = [:]
    var violations: [String: [RuleViolation]] = [:]
    var failures: [String: InputErrors] = [:]
    var scattered = Set<String>()

    init(lesions: [String: [Lesion]], starts: [String: CalendarDate], criteria: any ResponseCriteria, name: String) {
        self.lesions = lesions; self.starts = starts; self.criteria = criteria; self.name = name
    }

    /// Adds the results another thread computed for other subjects.
    mutating func merge(_ other: PassState) {
        results.merge(other.results) { a, _ in a }
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
        case .success(let data):
            do { results[id] = try criteria.evaluate(data) }
            catch { violations[id] = error.violations }
        }
    }
}
