/// Adverse events by preferred term and worst CTCAE v5.0 grade per subject: the number of
/// subjects with each event (a subject counts once per term, at their worst grade), as
/// percentages of the safety population (treated subjects).
public struct AdverseEventTables: Codable, Sendable, Hashable {
    public struct Row: Codable, Sendable, Hashable {
        public var term: String
        /// Subjects with the event at any grade.
        public var subjects: Int
        public var percent: Double
        /// Subjects whose worst grade is 1, 2, 3, 4, 5 (index 0 = grade 1).
        public var byWorstGrade: [Int]
        public var grade3OrHigher: Int
        public var grade3OrHigherPercent: Double
    }
    public var ctcaeVersion: String
    public var safetyPopulation: Int
    /// "Any adverse event" first, then terms by decreasing frequency, then alphabetically.
    public var anyGrade: [Row]
    /// Terms with at least one grade ≥ 3 event.
    public var grade3OrHigher: [Row]

    public static func make(events: [AdverseEvent], safetyPopulation: Set<String>, ctcaeVersion: String = "5.0") -> AdverseEventTables {
        let n = safetyPopulation.count
        let inSafety = events.filter { safetyPopulation.contains($0.subjectID) }
        func row(_ term: String, _ evs: [AdverseEvent]) -> Row {
            var worst: [String: Int] = [:]
            for e in evs { worst[e.subjectID] = max(worst[e.subjectID] ?? 0, e.grade) }
            var byGrade = [0, 0, 0, 0, 0]
            for g in worst.values { byGrade[g - 1] += 1 }
            let g3 = byGrade[2...].reduce(0, +)
            let pct = { (k: Int) in n == 0 ? 0 : 100 * Double(k) / Double(n) }
            return Row(term: term, subjects: worst.count, percent: pct(worst.count), byWorstGrade: byGrade,
                       grade3OrHigher: g3, grade3OrHigherPercent: pct(g3))
        }
        var byTerm: [String: [AdverseEvent]] = [:]
        for e in inSafety { byTerm[e.term, default: []].append(e) }
        let rows = byTerm.map { row($0.key, $0.value) }.sorted { ($1.subjects, $0.term) < ($0.subjects, $1.term) }
        let any = row("Any adverse event", inSafety)
        return AdverseEventTables(ctcaeVersion: ctcaeVersion, safetyPopulation: n, anyGrade: [any] + rows,
                                  grade3OrHigher: ([any] + rows).filter { $0.grade3OrHigher > 0 })
    }
}
