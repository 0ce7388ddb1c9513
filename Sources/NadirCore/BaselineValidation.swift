extension RECIST11 {
    /// Checks lesion selection and measurability at baseline and returns every violation,
    /// each naming subject, lesion and rule:
    /// - a baseline assessment exists (RECIST 1.1 §4.1);
    /// - at most 5 targets, at most 2 per organ, all lymph nodes one organ (§3.2; EORTC Q&A);
    /// - every target measured at baseline (§3.2);
    /// - non-nodal targets ≥ 10 mm, or ≥ 2× slice thickness when thickness > 5 mm (§3.1.1,
    ///   Appendix II); nodal targets ≥ 15 mm short axis (§3.1.1);
    /// - non-targets present at baseline, no new lesion at baseline (§3.2, §4.3.2).
    public func validateBaseline(_ subject: SubjectTumourData) -> [RuleViolation] {
        let id = subject.subjectID
        guard let baseline = subject.assessments.first(where: { $0.isBaseline }) else {
            return [RuleViolation(subjectID: id, visit: 0, rule: Rules.baselineRequired,
                                  detail: "no baseline assessment")]
        }
        var violations: [RuleViolation] = []
        let targets = subject.lesions.filter { $0.role == .target }
        if targets.count > 5 {
            violations.append(RuleViolation(subjectID: id, visit: 0, rule: Rules.maxTargets,
                                            detail: "\(targets.count) target lesions selected"))
        }
        // A handful of targets: group by organ with a linear scan, no hashing.
        var perOrgan: [(organ: String, ids: [String])] = []
        for t in targets {
            let key = t.organKey
            if let k = perOrgan.firstIndex(where: { $0.organ == key }) { perOrgan[k].ids.append(t.id) }
            else { perOrgan.append((key, [t.id])) }
        }
        for (organ, ids) in perOrgan.sorted(by: { $0.organ < $1.organ }) where ids.count > 2 {
            violations.append(RuleViolation(
                subjectID: id, lesionID: ids[2], visit: 0, rule: Rules.maxPerOrgan,
                detail: "\(ids.count) target lesions in \(organ) (\(ids.joined(separator: ", ")))"))
        }
        for t in targets {
            let value: Length
            switch baseline.observations[t.id] {
            case .target(.measured(let v)): value = v
            case .target(.fragments(let parts)): value = parts.reduce(.zero, +)
            case .target(.tooSmallToMeasure):
                violations.append(RuleViolation(subjectID: id, lesionID: t.id, visit: 0, rule: Rules.targetMeasuredAtBaseline,
                                                detail: "target lesion recorded as too small to measure at baseline"))
                continue
            default:
                violations.append(RuleViolation(subjectID: id, lesionID: t.id, visit: 0, rule: Rules.targetMeasuredAtBaseline,
                                                detail: "target lesion has no baseline measurement"))
                continue
            }
            if t.isNodal {
                if value < .mm(15) {
                    violations.append(RuleViolation(subjectID: id, lesionID: t.id, visit: 0, rule: Rules.nodalMinimum,
                                                    detail: "nodal target short axis \(value) mm is below 15 mm"))
                }
            } else {
                let minimum = RECIST11.minimumMeasurableSize(sliceThickness: baseline.sliceThickness[t.id])
                if value < minimum {
                    violations.append(RuleViolation(subjectID: id, lesionID: t.id, visit: 0, rule: Rules.nonNodalMinimum,
                                                    detail: "non-nodal target longest diameter \(value) mm is below the \(minimum) mm minimum"))
                }
            }
        }
        for n in subject.lesions where n.role == .nonTarget {
            switch baseline.observations[n.id] {
            case .nonTarget(.present): break
            case .nonTarget(let state):
                violations.append(RuleViolation(subjectID: id, lesionID: n.id, visit: 0, rule: Rules.nonTargetAtBaseline,
                                                detail: "non-target lesion recorded as \(state.rawValue) at baseline"))
            default:
                violations.append(RuleViolation(subjectID: id, lesionID: n.id, visit: 0, rule: Rules.nonTargetAtBaseline,
                                                detail: "non-target lesion has no baseline assessment"))
            }
        }
        for n in subject.lesions where n.role == .new && baseline.observations[n.id] != nil {
            violations.append(RuleViolation(subjectID: id, lesionID: n.id, visit: 0, rule: Rules.noNewAtBaseline,
                                            detail: "new lesion recorded at baseline"))
        }
        return violations
    }

    /// The smallest measurable non-nodal lesion for a given slice thickness: 10 mm, or twice the
    /// slice thickness when it exceeds 5 mm (RECIST 1.1 §3.1.1 and Appendix II).
    public static func minimumMeasurableSize(sliceThickness: Length?) -> Length {
        guard let thickness = sliceThickness, thickness > .mm(5) else { return .mm(10) }
        return max(.mm(10), thickness + thickness)
    }

}

/// A subject's observations as a matrix: one row per assessment (in visit order), one column
/// per lesion (in the order of `SubjectTumourData.lesions`). Building it checks that each
/// observation matches its lesion's role, that diameters are not negative and that merges
/// point at another target (RECIST 1.1 §4.3).
struct ObservationGrid {
    let lesions: [Lesion]
    let visits: [Int]
    var rows: [[LesionObservation?]] = []
    var violations: [RuleViolation] = []

    init(subject: SubjectTumourData, assessments: [TumourAssessment]) {
        lesions = subject.lesions
        visits = assessments.map(\.visit)
        // A subject has a handful of lesions: comparing ids beats hashing them.
        let lesions = self.lesions
        func indexOf(_ id: String) -> Int? { lesions.firstIndex { $0.id == id } }
        let id = subject.subjectID
        rows.reserveCapacity(assessments.count)
        for a in assessments {
            var row = [LesionObservation?](repeating: nil, count: lesions.count)
            for (lesionID, obs) in a.observations {
                guard let i = indexOf(lesionID) else {
                    violations.append(RuleViolation(subjectID: id, lesionID: lesionID, visit: a.visit, rule: Rules.observationKind,
                                                    detail: "observation for a lesion that is not identified (no TU record)"))
                    continue
                }
                let role = lesions[i].role
                switch (role, obs) {
                case (.target, .target(let t)):
                    let values: [Length]
                    switch t {
                    case .measured(let v): values = [v]
                    case .fragments(let parts): values = parts
                    case .mergedInto(let other):
                        values = []
                        if other == lesionID || indexOf(other).map({ lesions[$0].role }) != .target {
                            violations.append(RuleViolation(subjectID: id, lesionID: lesionID, visit: a.visit, rule: Rules.mergeTarget,
                                                            detail: "merged into '\(other)', which is not another target lesion"))
                        }
                    default: values = []
                    }
                    if values.contains(where: { $0 < .zero }) {
                        violations.append(RuleViolation(subjectID: id, lesionID: lesionID, visit: a.visit, rule: Rules.positiveDiameter,
                                                        detail: "negative diameter"))
                    }
                case (.nonTarget, .nonTarget), (.new, .new): break
                default:
                    violations.append(RuleViolation(subjectID: id, lesionID: lesionID, visit: a.visit, rule: Rules.observationKind,
                                                    detail: "a \(role.rawValue) lesion cannot have this kind of observation"))
                }
                row[i] = obs
            }
            rows.append(row)
        }
        // Dictionary order is arbitrary: sort so that messages come out the same every run.
        violations.sort { ($0.visit ?? 0, $0.lesionID ?? "", $0.detail) < ($1.visit ?? 0, $1.lesionID ?? "", $1.detail) }
    }

    /// Lesions of one role with their column index.
    func indices(of role: LesionRole) -> [(index: Int, lesion: Lesion)] {
        var out: [(index: Int, lesion: Lesion)] = []
        for (i, l) in lesions.enumerated() where l.role == role { out.append((i, l)) }
        return out
    }
}
