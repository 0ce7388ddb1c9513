import NadirCore

/// The workflow rules the store enforces, each quoted by the error that breaks it.
/// Blinded independent central review follows FDA "Clinical Trial Imaging Endpoint Process
/// Standards" (2018) §IV.D (independent readers, adjudication); the audit trail follows
/// 21 CFR 11.10(e) (secure, computer-generated, time-stamped audit trails that do not obscure
/// previously recorded information).
public enum WorkflowRule {
    public static let blinding = "blinding: a reader sees only their own reads until both reads of that subject and timepoint are submitted"
    public static let ownRead = "a reader records and submits only their own reads"
    public static let lockedRead = "a submitted read is locked; only a study admin re-opens it, with a reason"
    public static let reopenReason = "re-opening a read needs a written reason (21 CFR 11.10(e))"
    public static let correctionReason = "a measurement is never changed in place: a correction is a new version with a reason (21 CFR 11.10(e))"
    public static let twoReaders = "blinded independent central review: exactly two readers per subject"
    public static let distinctReaders = "the two reads of a subject are by two different readers"
    public static let adjudicatorIndependent = "the adjudicator is not one of the two readers of the subject"
    public static let adjudicationRationale = "an adjudication names reader 1 or reader 2 and gives a written rationale"
    public static let adjudicationOpen = "only an open adjudication task can be decided"
    public static let baselineFirst = "baseline: the baseline read (visit 0) is submitted before any follow-up read of the same reader"
    public static let positive = "plausibility: a diameter is positive (RECIST 1.1 §4.3.1; a vanished lesion is recorded as 0 mm only at follow-up)"
    public static let withinImage = "plausibility: caliper end points lie within the image (0 ≤ x ≤ Columns, 0 ≤ y ≤ Rows)"
    public static let seriesOfTimepoint = "plausibility: a measurement is made on a series of the read's timepoint"
    public static let instanceOfSeries = "plausibility: the SOP instance and frame belong to the measured series"
    public static let caliperLength = "plausibility: the recorded diameter matches the caliper length × pixel spacing (within 1 mm or 5 %)"
    public static let kindMatchesLesion = "RECIST 1.1 §4.3.1: non-nodal targets are measured in longest diameter (LD), nodal targets in short axis (SA); non-target and new lesions get a state"
    public static let measurable = "RECIST 1.1 §3.1.1 and Appendix II: a non-nodal target at baseline is ≥ 10 mm, or ≥ 2× the series' slice thickness when it exceeds 5 mm"
    public static let role = "role: the action needs a role the user does not have"
    /// Nadir's own limit, not a RECIST rule: split fragments come only from SDTM import.
    public static let splitLesion = "a split target (RECIST 1.1 §4.3.2) is recorded as its fragments, which only an SDTM import writes; a whole-lesion measurement cannot replace them on the same read"
    public static let lesionDefinition = "a lesion is identified once per reader and subject (TU), with role, site and nodal flag"
}

/// Why a store operation was refused or failed. Every case names what, where and which rule.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No database at the path.
    case databaseMissing(path: String)
    /// The path already holds a database (study init refuses to overwrite).
    case databaseExists(path: String)
    /// The database was written by a newer Nadir: migrations this code does not know.
    case schemaTooNew(path: String, unknownMigrations: [String], knownLatest: String)
    /// The user has no account in this study.
    case unknownUser(String)
    /// The user's role does not allow the action.
    case forbidden(user: String, role: Role, action: String, rule: String)
    /// A named entity does not exist.
    case notFound(entity: String, id: String)
    /// A workflow rule was broken (state, ownership, blinding …).
    case workflow(rule: String, detail: String)
    /// A measurement failed a plausibility or measurability check.
    case implausible(lesion: String, rule: String, detail: String)
    /// The engine's baseline validation failed at submit time; each violation names lesion and rule.
    case baseline([RuleViolation])
    /// An input file row could not be imported; the whole import was rolled back.
    case importRow(file: String, line: Int?, field: String?, message: String)
    /// The underlying SQLite error, with the operation that hit it.
    case database(operation: String, message: String)

    public var description: String {
        switch self {
        case .databaseMissing(let p):
            return "no Nadir database at \(p): create one with `nadir study init --db \(p)` or pass --db / set NADIR_DB"
        case .databaseExists(let p):
            return "\(p) already exists: `nadir study init` never overwrites a study database"
        case .schemaTooNew(let p, let unknown, let known):
            return "\(p) has a newer schema than this nadir knows (unknown migrations: \(unknown.joined(separator: ", ")); this build knows up to \(known)): use a newer nadir"
        case .unknownUser(let u):
            return "unknown user '\(u)': a study admin adds users with `nadir study add-user`"
        case .forbidden(let u, let r, let a, let rule):
            return "forbidden: \(u) (\(r.rawValue)) cannot \(a) [\(rule)]"
        case .notFound(let e, let id):
            return "\(e) \(id) not found"
        case .workflow(let rule, let detail):
            return "\(detail) [\(rule)]"
        case .implausible(let lesion, let rule, let detail):
            return "lesion \(lesion): \(detail) [\(rule)]"
        case .baseline(let v):
            return "baseline validation failed:\n" + v.map { "  " + $0.description }.joined(separator: "\n")
        case .importRow(let f, let line, let field, let m):
            var s = f
            if let line { s += ", row \(line)" }
            if let field { s += ", \(field)" }
            return "\(s): \(m) (nothing was imported)"
        case .database(let op, let m):
            return "database error during \(op): \(m)"
        }
    }
}
