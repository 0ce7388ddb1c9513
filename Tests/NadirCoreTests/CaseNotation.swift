@testable import NadirCore

/// A compact notation for RECIST case tables, so each case reads like a radiologist's worksheet.
///
/// Lesions: `"T1 T LIVER; T2 T NODE nodal; NT1 NT BONE; N1 N LUNG"` (id, role T/NT/N, site, optional `nodal`).
/// Visits: `"0 d0 T1=50 T2=20 NT1=P"` (VISITNUM, day since reference, observations). Observations:
/// a number (mm), `TS` too small, `NE` not evaluable, `12+8` fragments, `>T2` merged into T2,
/// `P` present, `A` absent, `UP` unequivocal progression, `EQ` equivocal (new lesions).
enum CaseNotation {
    static let reference = CalendarDate(year: 2024, month: 1, day: 1)!

    static func subject(_ id: String = "S1", lesions: String, visits: [String],
                        thickness: [String: Double] = [:]) -> SubjectTumourData {
        let ls: [Lesion] = lesions.split(separator: ";").map { spec in
            let f = spec.split(separator: " ").map(String.init)
            let role: LesionRole = f[1] == "T" ? .target : f[1] == "NT" ? .nonTarget : .new
            return Lesion(id: f[0], role: role, site: f[2], isNodal: f.count > 3 && f[3] == "nodal")
        }
        let roles = Dictionary(uniqueKeysWithValues: ls.map { ($0.id, $0.role) })
        let assessments: [TumourAssessment] = visits.map { v in
            let f = v.split(separator: " ").map(String.init)
            let visit = Int(f[0])!
            let day = Int(f[1].dropFirst())!
            var obs: [String: LesionObservation] = [:]
            for o in f.dropFirst(2) {
                let kv = o.split(separator: "=").map(String.init)
                obs[kv[0]] = observation(kv[1], role: roles[kv[0]] ?? .target)
            }
            var thick: [String: Length] = [:]
            if visit == 0 { for (k, t) in thickness { thick[k] = Length(millimetres: t)! } }
            return TumourAssessment(visit: visit, date: reference.adding(days: day), observations: obs,
                                    sliceThickness: thick)
        }
        return SubjectTumourData(subjectID: id, lesions: ls, assessments: assessments, referenceDate: reference)
    }

    static func observation(_ s: String, role: LesionRole) -> LesionObservation {
        switch role {
        case .target:
            if s == "TS" { return .target(.tooSmallToMeasure) }
            if s == "NE" { return .target(.notEvaluable) }
            if s.hasPrefix(">") { return .target(.mergedInto(lesionID: String(s.dropFirst()))) }
            if s.contains("+") {
                return .target(.fragments(s.split(separator: "+").map { Length(millimetres: Double($0)!)! }))
            }
            return .target(.measured(Length(millimetres: Double(s)!)!))
        case .nonTarget:
            let map: [String: NonTargetState] = ["P": .present, "A": .absent, "UP": .unequivocalProgression, "NE": .notEvaluable]
            return .nonTarget(map[s]!)
        case .new:
            return .new(s == "EQ" ? .equivocal : .present)
        }
    }
}
