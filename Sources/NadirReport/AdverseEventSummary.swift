/// Adverse events by preferred term and worst grade, for the AE tables.
///
/// Counts are subjects, each counted once per term at the worst grade they had (the usual CSR
/// convention), so a term's row sums to the subjects with that term.
public struct AdverseEventSummary: Hashable, Sendable {
    /// Grading and coding, e.g. "CTCAE v5.0; MedDRA 27.0".
    public var dictionary: String
    /// Denominator: subjects in the safety set.
    public var numberOfSubjects: Int
    public var rows: [AdverseEventRow]

    public init(dictionary: String = "CTCAE v5.0", numberOfSubjects: Int, rows: [AdverseEventRow]) {
        self.dictionary = dictionary
        self.numberOfSubjects = numberOfSubjects
        self.rows = rows
    }
}

/// One preferred term (AEDECOD) with subjects by worst CTCAE grade 1–5.
public struct AdverseEventRow: Hashable, Sendable {
    public var term: String
    /// AEBODSYS, optional.
    public var systemOrganClass: String?
    /// Subjects whose worst grade for this term is 1, 2, 3, 4, 5 (index 0 = grade 1).
    public private(set) var subjectsByWorstGrade: [Int]

    public init(term: String, systemOrganClass: String? = nil,
                grade1: Int = 0, grade2: Int = 0, grade3: Int = 0, grade4: Int = 0, grade5: Int = 0) {
        self.term = term
        self.systemOrganClass = systemOrganClass
        self.subjectsByWorstGrade = [grade1, grade2, grade3, grade4, grade5].map { max(0, $0) }
    }

    public func subjects(worstGrade grade: Int) -> Int {
        (1...5).contains(grade) ? subjectsByWorstGrade[grade - 1] : 0
    }

    public var anyGrade: Int { subjectsByWorstGrade.reduce(0, +) }
    /// Grade ≥3 (severe, life-threatening, fatal).
    public var gradeThreeOrHigher: Int { subjectsByWorstGrade[2...].reduce(0, +) }
}
