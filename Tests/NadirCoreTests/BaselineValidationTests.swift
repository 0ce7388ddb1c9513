import Testing
@testable import NadirCore

struct BaselineCase: CustomTestStringConvertible, Sendable {
    var name: String
    var lesions: String
    var visits: [String]
    var thickness: [String: Double] = [:]
    /// The rule that must be reported (nil: the baseline is valid), and the lesion it names.
    var rule: String?
    var lesion: String? = nil
    var testDescription: String { name }
}

let baselineCases: [BaselineCase] = [
    BaselineCase(name: "five targets in five organs are valid", lesions: "T1 T LIVER; T2 T LUNG; T3 T KIDNEY; T4 T SPLEEN; T5 T NODE nodal",
                 visits: ["0 d0 T1=10 T2=11 T3=12 T4=13 T5=15"], rule: nil),
    BaselineCase(name: "six targets", lesions: "T1 T LIVER; T2 T LUNG; T3 T KIDNEY; T4 T SPLEEN; T5 T BRAIN; T6 T SKIN",
                 visits: ["0 d0 T1=10 T2=11 T3=12 T4=13 T5=14 T6=15"], rule: Rules.maxTargets),
    BaselineCase(name: "three targets in one organ", lesions: "T1 T LIVER; T2 T LIVER; T3 T liver",
                 visits: ["0 d0 T1=10 T2=11 T3=12"], rule: Rules.maxPerOrgan, lesion: "T3"),
    BaselineCase(name: "three target nodes in different chains are one organ", lesions: "T1 T NECK nodal; T2 T AXILLA nodal; T3 T PELVIS nodal",
                 visits: ["0 d0 T1=15 T2=16 T3=17"], rule: Rules.maxPerOrgan, lesion: "T3"),
    BaselineCase(name: "non-nodal target of 9.9 mm", lesions: "T1 T LIVER", visits: ["0 d0 T1=9.9"], rule: Rules.nonNodalMinimum, lesion: "T1"),
    BaselineCase(name: "non-nodal target of exactly 10 mm", lesions: "T1 T LIVER", visits: ["0 d0 T1=10"], rule: nil),
    BaselineCase(name: "10 mm on 6 mm slices is below 2× slice thickness", lesions: "T1 T LIVER", visits: ["0 d0 T1=10"],
                 thickness: ["T1": 6], rule: Rules.nonNodalMinimum, lesion: "T1"),
    BaselineCase(name: "12 mm on 6 mm slices is measurable", lesions: "T1 T LIVER", visits: ["0 d0 T1=12"], thickness: ["T1": 6], rule: nil),
    BaselineCase(name: "10 mm on 5 mm slices is measurable", lesions: "T1 T LIVER", visits: ["0 d0 T1=10"], thickness: ["T1": 5], rule: nil),
    BaselineCase(name: "nodal target of 14.9 mm short axis", lesions: "T1 T NODE nodal", visits: ["0 d0 T1=14.9"], rule: Rules.nodalMinimum, lesion: "T1"),
    BaselineCase(name: "nodal target of 15 mm short axis", lesions: "T1 T NODE nodal", visits: ["0 d0 T1=15"], rule: nil),
    BaselineCase(name: "target not measured at baseline", lesions: "T1 T LIVER; T2 T LUNG", visits: ["0 d0 T1=20"], rule: Rules.targetMeasuredAtBaseline, lesion: "T2"),
    BaselineCase(name: "target too small to measure at baseline", lesions: "T1 T LIVER", visits: ["0 d0 T1=TS"], rule: Rules.targetMeasuredAtBaseline, lesion: "T1"),
    BaselineCase(name: "target not evaluable at baseline", lesions: "T1 T LIVER", visits: ["0 d0 T1=NE"], rule: Rules.targetMeasuredAtBaseline, lesion: "T1"),
    BaselineCase(name: "non-target absent at baseline", lesions: "T1 T LIVER; NT1 NT BONE", visits: ["0 d0 T1=20 NT1=A"], rule: Rules.nonTargetAtBaseline, lesion: "NT1"),
    BaselineCase(name: "new lesion at baseline", lesions: "T1 T LIVER; N1 N LUNG", visits: ["0 d0 T1=20 N1=P"], rule: Rules.noNewAtBaseline, lesion: "N1"),
    BaselineCase(name: "no baseline assessment", lesions: "T1 T LIVER", visits: ["1 d42 T1=20"], rule: Rules.baselineRequired),
    BaselineCase(name: "follow-up dated before baseline", lesions: "T1 T LIVER", visits: ["0 d10 T1=20", "1 d5 T1=20"], rule: Rules.afterBaseline),
    BaselineCase(name: "merged into a non-target", lesions: "T1 T LIVER; NT1 NT BONE", visits: ["0 d0 T1=20 NT1=P", "1 d42 T1=>NT1 NT1=P"], rule: Rules.mergeTarget, lesion: "T1"),
]

@Suite("RECIST 1.1 baseline validation")
struct BaselineValidationTests {
    @Test(arguments: baselineCases)
    func baselineRules(_ c: BaselineCase) {
        let subject = CaseNotation.subject("P-17", lesions: c.lesions, visits: c.visits, thickness: c.thickness)
        do {
            _ = try RECIST11().evaluate(subject)
            #expect(c.rule == nil, "expected a violation of \(c.rule ?? "")")
        } catch {
            guard let rule = c.rule else { Issue.record("unexpected: \(error)"); return }
            let v = error.violations.first { $0.rule == rule }
            #expect(v != nil, "\(rule) not in \(error)")
            #expect(v?.subjectID == "P-17")
            if let lesion = c.lesion { #expect(v?.lesionID == lesion) }
            #expect(error.description.contains("subject P-17"))
        }
    }

    @Test func observationKindMustMatchTheLesionRole() {
        var subject = CaseNotation.subject("P-17", lesions: "T1 T LIVER; NT1 NT BONE", visits: ["0 d0 T1=20 NT1=P"])
        subject.assessments[0].observations["NT1"] = .target(.measured(.mm(12)))
        #expect(throws: RuleViolations.self) { try RECIST11().evaluate(subject) }
        do { _ = try RECIST11().evaluate(subject) } catch {
            #expect(error.violations.map(\.rule).contains(Rules.observationKind))
            #expect(error.violations.first?.lesionID == "NT1")
        }
    }

    @Test(arguments: [(nil, 10.0), (2.5, 10), (5, 10), (5.5, 11), (8, 16)] as [(Double?, Double)])
    func minimumMeasurableSize(thickness: Double?, minimum: Double) {
        let t = thickness.flatMap { Length(millimetres: $0) }
        #expect(RECIST11.minimumMeasurableSize(sliceThickness: t) == Length(millimetres: minimum)!)
    }
}
