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
        validateBaseline(ObservationGrid(subject))
    }

    /// `validateBaseline` on a subject's observation grid.
    public func validateBaseline(_ grid: ObservationGrid) -> [RuleViolation] {
        let id = grid.subjectID
        guard let baseline = grid.baselineRow else {
            return [RuleViolation(subjectID: id, visit: 0, rule: Rules.baselineRequired,
                                  detail: "no baseline assessment")]
        }
        var violations: [RuleViolation] = []
        let lesions = grid.lesions
        let targetColumns = grid.columns(of: .target)
        if targetColumns.count > 5 {
            violations.append(RuleViolation(subjectID: id, visit: 0, rule: Rules.maxTargets,
                                            detail: "\(targetColumns.count) target lesions selected"))
        }
        // At most 2 per organ: only possible to break with 3 or more targets. A handful of
        // targets: group by organ with a linear scan, no hashing.
        if targetColumns.count > 2 {
            var perOrgan: [(organ: String, ids: [String])] = []
            for c in targetColumns {
                let t = lesions[c]
                let key = t.organKey
                if let k = perOrgan.firstIndex(where: { $0.organ == key }) { perOrgan[k].ids.append(t.id) }
                else { perOrgan.append((key, [t.id])) }
            }
            for (organ, ids) in perOrgan.sorted(by: { $0.organ < $1.organ }) where ids.count > 2 {
                violations.append(RuleViolation(
                    subjectID: id, lesionID: ids[2], visit: 0, rule: Rules.maxPerOrgan,
                    detail: "\(ids.count) target lesions in \(organ) (\(ids.joined(separator: ", ")))"))
            }
        }
        for c in targetColumns {
            let t = lesions[c]
            let value: Length
            switch grid[baseline, c] {
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
                let minimum = RECIST11.minimumMeasurableSize(sliceThickness: grid.baselineSliceThickness[c])
                if value < minimum {
                    violations.append(RuleViolation(subjectID: id, lesionID: t.id, visit: 0, rule: Rules.nonNodalMinimum,
                                                    detail: "non-nodal target longest diameter \(value) mm is below the \(minimum) mm minimum"))
                }
            }
        }
        for (c, n) in lesions.enumerated() where n.role == .nonTarget {
            switch grid[baseline, c] {
            case .nonTarget(.present): break
            case .nonTarget(let state):
                violations.append(RuleViolation(subjectID: id, lesionID: n.id, visit: 0, rule: Rules.nonTargetAtBaseline,
                                                detail: "non-target lesion recorded as \(state.rawValue) at baseline"))
            default:
                violations.append(RuleViolation(subjectID: id, lesionID: n.id, visit: 0, rule: Rules.nonTargetAtBaseline,
                                                detail: "non-target lesion has no baseline assessment"))
            }
        }
        for (c, n) in lesions.enumerated() where n.role == .new && grid[baseline, c] != nil {
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
