import NadirCore

/// What changed in one subject's RS rows between an earlier scoring and this one: what a
/// response committee needs to see when a rule or a read changes.
public struct SubjectResponseChange: Hashable, Sendable {
    public struct Change: Hashable, Sendable {
        public var visit: Int?
        public var testCode: String
        /// `nil` when the row did not exist on that side.
        public var old: String?
        public var new: String?
    }
    public var subjectID: String
    public var changes: [Change]
}

public enum ResponseDiff {
    /// Reads an RS file written by `nadir rescore` (or any file with the same columns).
    public static func read(path: String) throws -> [ResponseRecord] {
        let csv = try CSVReader(path: path)
        let s = try csv.requiredColumn("USUBJID"), v = try csv.requiredColumn("VISITNUM")
        let d = try csv.requiredColumn("RSDTC"), t = try csv.requiredColumn("RSTESTCD"), r = try csv.requiredColumn("RSSTRESC")
        var rows: [ResponseRecord] = []
        try csv.forEachRow { row in
            var visit: Int? = nil
            if !row.isEmpty(v) {
                guard let x = FieldParsing.integer(row.bytes(v)) else {
                    throw InputError(file: path, line: row.line, field: "VISITNUM", message: "'\(row.string(v))' is not a visit number")
                }
                visit = x
            }
            rows.append(ResponseRecord(subjectID: row.string(s), visit: visit, date: FieldParsing.date(row.bytes(d)),
                                       testCode: row.string(t), result: row.string(r)))
        }
        return rows
    }

    /// Every row that differs, grouped by subject (sorted), visits in order, BOR last.
    public static func compare(old: [ResponseRecord], new: [ResponseRecord]) -> [SubjectResponseChange] {
        struct Key: Hashable { var subject: String; var visit: Int?; var test: String }
        var o: [Key: String] = [:], n: [Key: String] = [:]
        for r in old { o[Key(subject: r.subjectID, visit: r.visit, test: r.testCode)] = r.result }
        for r in new { n[Key(subject: r.subjectID, visit: r.visit, test: r.testCode)] = r.result }
        var bySubject: [String: [SubjectResponseChange.Change]] = [:]
        for key in Set(o.keys).union(n.keys) where o[key] != n[key] {
            bySubject[key.subject, default: []].append(.init(visit: key.visit, testCode: key.test, old: o[key], new: n[key]))
        }
        let order = ["SUMDIAM", "TRGRESP", "NTRGRESP", "NEWLPROG", "OVRLRESP", "BESTRSP"]
        return bySubject.keys.sorted().map { s in
            SubjectResponseChange(subjectID: s, changes: bySubject[s]!.sorted {
                ($0.visit ?? Int.max, order.firstIndex(of: $0.testCode) ?? 99, $0.testCode)
                    < ($1.visit ?? Int.max, order.firstIndex(of: $1.testCode) ?? 99, $1.testCode)
            })
        }
    }

    /// Human-readable report: one block per subject, one line per changed visit result or BOR.
    public static func format(_ changes: [SubjectResponseChange]) -> String {
        if changes.isEmpty { return "No changes.\n" }
        var out = ""
        for s in changes {
            out += "\(s.subjectID)\n"
            for c in s.changes {
                let place = c.visit.map { "visit \($0)" } ?? "best overall response"
                out += "  \(place) \(c.testCode): \(c.old.map { $0.isEmpty ? "(empty)" : $0 } ?? "(absent)") -> \(c.new.map { $0.isEmpty ? "(empty)" : $0 } ?? "(absent)")\n"
            }
        }
        let n = changes.reduce(0) { $0 + $1.changes.count }
        out += "\(n) change\(n == 1 ? "" : "s") in \(changes.count) subject\(changes.count == 1 ? "" : "s").\n"
        return out
    }
}
