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

    /// Scores every subject. Throws `RescoreError` listing what is wrong.
    public func evaluate() throws(RescoreError) -> Outcome {
        let lesions: [String: [Lesion]]
        var starts: [String: CalendarDate] = [:]
        do {
            lesions = try TumourIdentification.read(path: tuPath, name: tuPath)
            if let dm = dmPath { starts = try Demographics.readTreatmentStart(path: dm, name: dm) }
        } catch let e as InputErrors { throw .input(e) }
        catch let e as InputError { throw .input(InputErrors([e])) }
        catch { throw .input(InputErrors([InputError(file: tuPath, message: "\(error)")])) }

        var state = PassState(lesions: lesions, starts: starts, criteria: criteria, name: trPath)
        var trRows = 0
        do {
            let csv = try CSVReader(path: trPath)
            let columns = try TumourResultColumns(csv, name: trPath)
            var currentKey: [UInt8] = []
            var currentID = ""
            var records: [TumourResultRecord] = []
            var haveCurrent = false
            try csv.forEachRow { row in
                trRows += 1
                if !haveCurrent || !row.equals(columns.subject, bytes: currentKey) {
                    if haveCurrent { state.finishBlock(currentID, records) }
                    records.removeAll(keepingCapacity: true)
                    currentKey = Array(row.bytes(columns.subject))
                    currentID = row.string(columns.subject)
                    haveCurrent = true
                    if currentID.isEmpty {
                        state.rowErrors.append(InputError(file: trPath, line: row.line, field: "USUBJID", message: "empty subject id"))
                    }
                }
                do { records.append(try columns.parse(row, name: trPath)) }
                catch let e as InputError { state.rowErrors.append(e) }
                if state.rowErrors.count >= Rescore.errorLimit { throw InputErrors(state.rowErrors, truncated: true) }
            }
            if haveCurrent { state.finishBlock(currentID, records) }

            // Second pass for subjects whose rows were scattered.
            if !state.scattered.isEmpty {
                var bySubject: [String: [TumourResultRecord]] = [:]
                let again = try CSVReader(path: trPath)
                try again.forEachRow { row in
                    let id = row.string(columns.subject)
                    guard state.scattered.contains(id), let r = try? columns.parse(row, name: trPath) else { return }
                    bySubject[id, default: []].append(r)
                }
                for (id, rs) in bySubject { state.score(id, rs) }
            }
        } catch let e as InputErrors { throw .input(e) }
        catch let e as InputError { throw .input(InputErrors([e])) }
        catch { throw .input(InputErrors([InputError(file: trPath, message: "\(error)")])) }

        if !state.rowErrors.isEmpty { throw .input(InputErrors(state.rowErrors)) }
        // Subjects identified in TU with no TR rows at all still get scored (and fail the
        // baseline rule) so that nobody silently drops out of the analysis.
        for id in lesions.keys where state.results[id] == nil && state.failures[id] == nil {
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

    /// Scores and writes RS to `outPath` atomically (temporary file + rename).
    @discardableResult
    public func run(outPath: String) throws -> Outcome {
        let outcome = try evaluate()
        let writer = try AtomicCSVWriter(path: outPath, header: ResponseRecord.header)
        for e in outcome.evaluations {
            for r in ResponseRecord.rows(for: e) {
                writer.writeRow([r.subjectID, r.visit.map(String.init) ?? "", r.date?.description ?? "", r.testCode, r.result])
            }
        }
        try writer.commit()
        return outcome
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
    var rowErrors: [InputError] = []
    var finished = Set<String>()
    var scattered = Set<String>()

    init(lesions: [String: [Lesion]], starts: [String: CalendarDate], criteria: any ResponseCriteria, name: String) {
        self.lesions = lesions; self.starts = starts; self.criteria = criteria; self.name = name
    }

    /// The end of a contiguous block of one subject's rows.
    mutating func finishBlock(_ id: String, _ records: [TumourResultRecord]) {
        if scattered.contains(id) { return }
        if finished.contains(id) {
            // Seen before: the earlier result was from part of its rows. Re-read it later.
            scattered.insert(id)
            results[id] = nil; violations[id] = nil; failures[id] = nil
            return
        }
        finished.insert(id)
        score(id, records)
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
