/// Right-censored survival data: one time and one event indicator per subject, optionally a
/// group (arm, stratum). Valid by construction: times are finite and ≥ 0, lengths agree.
public struct SurvivalData: Sendable {
    /// Follow-up time per subject (any unit; the outputs use the same unit).
    public let times: [Double]
    /// true = event (progression, death), false = censored.
    public let events: [Bool]
    /// Group index per subject into `groupNames`.
    public let groupIndices: [Int32]
    /// Group names in stratum order (see `init(times:events:groups:)` for the order).
    public let groupNames: [String]

    /// - Parameter groups: one label per subject, or nil for a single stratum named "all".
    ///   Strata are ordered as R orders factor levels: numerically when every label is a number,
    ///   otherwise by Unicode code point (R in the C locale).
    public init(times: [Double], events: [Bool], groups: [String]? = nil) throws {
        guard times.count == events.count else {
            throw SurvivalDataError.lengthMismatch(times: times.count, events: events.count, groups: groups?.count)
        }
        if let g = groups, g.count != times.count {
            throw SurvivalDataError.lengthMismatch(times: times.count, events: events.count, groups: g.count)
        }
        for (i, t) in times.enumerated() where !(t.isFinite && t >= 0) {
            throw SurvivalDataError.invalidTime(subject: i, value: t)
        }
        if let groups {
            let names = SurvivalData.orderedLevels(Array(Set(groups)))
            var index: [String: Int32] = [:]
            for (i, name) in names.enumerated() { index[name] = Int32(i) }
            self.init(unchecked: times.map { $0 + 0 }, events: events, groupIndices: groups.map { index[$0] ?? 0 }, groupNames: names)
        } else {
            // + 0 turns −0 into +0: the sort orders times by their bit pattern.
            self.init(unchecked: times.map { $0 + 0 }, events: events, groupIndices: [Int32](repeating: 0, count: times.count), groupNames: ["all"])
        }
    }

    /// For readers that have validated already (the CSV reader); no checks.
    init(unchecked times: [Double], events: [Bool], groupIndices: [Int32], groupNames: [String]) {
        self.times = times; self.events = events; self.groupIndices = groupIndices; self.groupNames = groupNames
    }

    /// R's factor-level order: numeric when all labels parse as numbers, else code-point order.
    static func orderedLevels(_ labels: [String]) -> [String] {
        let numeric = labels.map { Double($0) }
        if !labels.isEmpty, numeric.allSatisfy({ $0 != nil }) {
            return zip(labels, numeric).sorted { ($0.1 ?? 0, $0.0) < ($1.1 ?? 0, $1.0) }.map(\.0)
        }
        return labels.sorted { Array($0.unicodeScalars.map(\.value)).lexicographicallyPrecedes($1.unicodeScalars.map(\.value)) }
    }
}

public enum SurvivalDataError: Error, Equatable, Sendable, CustomStringConvertible {
    case lengthMismatch(times: Int, events: Int, groups: Int?)
    case invalidTime(subject: Int, value: Double)
    case noSubjects

    public var description: String {
        switch self {
        case .lengthMismatch(let t, let e, let g):
            return "times (\(t)), events (\(e))\(g.map { " and groups (\($0))" } ?? "") must have the same length"
        case .invalidTime(let s, let v): return "subject \(s + 1): time must be finite and ≥ 0 (got \(v))"
        case .noSubjects: return "no subjects"
        }
    }
}
