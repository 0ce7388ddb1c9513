import Foundation
import NadirCore
import NadirSDTM

/// The seed study's demonstration cohort: 49 synthetic patients aged 6–24 with relapsed or
/// refractory solid tumours, in the formats `nadir endpoints` reads (TU, TR, DM, AE, LT).
///
/// Reproducible: the same seed writes byte-identical files. Three patients (NADIR-001 to -003)
/// are the patients of `SampleScans/`: their measurements are the true lesion diameters of the
/// synthetic CT series, so the report can show their slices. Everything here is SYNTHETIC.
public struct DemoCohort: Sendable {
    public var seed: UInt64
    public var patients: Int
    /// `SampleScans/truth.json`, when the scanned patients should be included.
    public var scanTruthPath: String?

    public init(seed: UInt64 = 20_240_101, patients: Int = 49, scanTruthPath: String? = nil) {
        self.seed = seed; self.patients = patients; self.scanTruthPath = scanTruthPath
    }

    typealias Random = SeededRandom

    /// How a patient's disease behaves (the engine, not this label, decides the response).
    enum Course: CaseIterable { case complete, partial, partialThenProgression, unconfirmedPartial, stable, stableThenProgression,
                                     progression, newLesion, equivocalNewLesion, earlyDeath, withdrawn, lateProgressionAfterMissedScans }

    struct TruthFile: Decodable {
        struct Lesion: Decodable {
            var patientID: String
            var intendedCourse: String
            var studyDate: String
            var lesionID: String
            var site: String
            var nodal: Bool
            var longAxisMM: Double
            var shortAxisMM: Double
            var sliceThickness: Double
        }
        var lesions: [Lesion]
    }

    static let tumourTypes: [(String, Double)] = [
        ("Osteosarcoma", 0.26), ("Ewing sarcoma", 0.2), ("Rhabdomyosarcoma", 0.18), ("Neuroblastoma", 0.12),
        ("Synovial sarcoma", 0.08), ("Wilms tumour", 0.06), ("Desmoplastic small round cell tumour", 0.05), ("Other soft tissue sarcoma", 0.05),
    ]
    static let targetSites = ["LUNG", "LUNG", "LIVER", "SOFT TISSUE", "PELVIS", "RETROPERITONEUM", "PLEURA", "KIDNEY"]
    static let nonTargetSites = ["BONE", "BONE MARROW", "PLEURAL EFFUSION", "LUNG", "LYMPH NODE"]
    /// CTCAE v5.0 terms expected with an anthracenedione + fluoropyrimidine + VEGFR TKI regimen:
    /// (term, system organ class, probability a patient has it, grade weights 1…5).
    static let adverseEventProfile: [(String, String, Double, [Double])] = [
        ("Neutrophil count decreased", "Investigations", 0.62, [0.15, 0.3, 0.35, 0.2, 0]),
        ("White blood cell decreased", "Investigations", 0.55, [0.25, 0.35, 0.3, 0.1, 0]),
        ("Anemia", "Blood and lymphatic system disorders", 0.5, [0.35, 0.4, 0.25, 0, 0]),
        ("Platelet count decreased", "Investigations", 0.3, [0.5, 0.25, 0.15, 0.1, 0]),
        ("Palmar-plantar erythrodysesthesia syndrome", "Skin and subcutaneous tissue disorders", 0.35, [0.45, 0.4, 0.15, 0, 0]),
        ("Diarrhea", "Gastrointestinal disorders", 0.3, [0.6, 0.3, 0.1, 0, 0]),
        ("Nausea", "Gastrointestinal disorders", 0.4, [0.65, 0.3, 0.05, 0, 0]),
        ("Vomiting", "Gastrointestinal disorders", 0.3, [0.6, 0.35, 0.05, 0, 0]),
        ("Mucositis oral", "Gastrointestinal disorders", 0.25, [0.5, 0.35, 0.15, 0, 0]),
        ("Hypertension", "Vascular disorders", 0.22, [0.3, 0.5, 0.2, 0, 0]),
        ("Proteinuria", "Renal and urinary disorders", 0.15, [0.7, 0.3, 0, 0, 0]),
        ("Fatigue", "General disorders and administration site conditions", 0.35, [0.6, 0.35, 0.05, 0, 0]),
        ("Anorexia", "Metabolism and nutrition disorders", 0.2, [0.6, 0.35, 0.05, 0, 0]),
        ("Alanine aminotransferase increased", "Investigations", 0.2, [0.7, 0.2, 0.1, 0, 0]),
        ("Hypothyroidism", "Endocrine disorders", 0.12, [0.5, 0.5, 0, 0, 0]),
        ("Epistaxis", "Respiratory, thoracic and mediastinal disorders", 0.1, [0.9, 0.1, 0, 0, 0]),
        ("Febrile neutropenia", "Blood and lymphatic system disorders", 0.12, [0, 0, 0.85, 0.15, 0]),
        ("Ejection fraction decreased", "Investigations", 0.05, [0.3, 0.5, 0.2, 0, 0]),
    ]

    struct Subject {
        var id: String
        var site: String
        var age: Int
        var sex: String
        var tumour: String
        var enrolment: CalendarDate
        var start: CalendarDate
        var death: CalendarDate?
        var lastAlive: CalendarDate
    }

    public struct Counts: Sendable { public var subjects = 0, trRows = 0, adverseEvents = 0 }

    /// Writes TU.csv, TR.csv, DM.csv, AE.csv and LT.csv into `directory`.
    @discardableResult
    public func write(to directory: String, cutoff: CalendarDate) throws -> Counts {
        var rng = Random(state: seed)
        let tu = try AtomicCSVWriter(path: directory + "/TU.csv", header: ["STUDYID", "USUBJID", "TULNKID", "TUSTRESC", "TULOC", "TUNODAL"])
        let tr = try AtomicCSVWriter(path: directory + "/TR.csv", header: ["STUDYID", "USUBJID", "TRLNKID", "VISITNUM", "TRDTC", "TRTESTCD", "TRSTRESC", "TRSTRESN", "SLICETHK"])
        let dm = try AtomicCSVWriter(path: directory + "/DM.csv", header: ["STUDYID", "USUBJID", "SITEID", "AGE", "AGEU", "SEX", "TUMTYPE", "ENRLDTC", "RFSTDTC", "RFENDTC", "DTHDTC", "DTHFL", "LSTALVDTC"])
        let ae = try AtomicCSVWriter(path: directory + "/AE.csv", header: ["STUDYID", "USUBJID", "AESEQ", "AETERM", "AEDECOD", "AEBODSYS", "AETOXGR", "AESER", "AESTDTC"])
        let lt = try AtomicCSVWriter(path: directory + "/LT.csv", header: ["STUDYID", "USUBJID", "LTELIG", "LTMODAL", "LTDTC"])
        let study = "LMX-RRST-01"
        var counts = Counts()

        // The scanned patients first, from the SampleScans truth.
        var scanned: [String: [TruthFile.Lesion]] = [:]
        if let path = scanTruthPath {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            for l in try JSONDecoder().decode(TruthFile.self, from: data).lesions { scanned[l.patientID, default: []].append(l) }
        }
        let scannedIDs = scanned.keys.sorted()

        // Courses for the generated patients: a plausible mix for a relapsed paediatric/AYA
        // solid-tumour population on a new combination.
        var courses: [Course] = [.complete, .complete, .complete,
                                 .partial, .partial, .partial, .partial, .partial, .partial, .partial, .partial,
                                 .partialThenProgression, .partialThenProgression, .partialThenProgression, .unconfirmedPartial,
                                 .stable, .stable, .stable, .stable, .stable, .stable, .stable, .stable,
                                 .stableThenProgression, .stableThenProgression, .stableThenProgression, .stableThenProgression,
                                 .progression, .progression, .progression, .progression, .progression, .progression, .progression,
                                 .newLesion, .newLesion, .equivocalNewLesion, .earlyDeath, .earlyDeath, .earlyDeath, .withdrawn,
                                 .lateProgressionAfterMissedScans, .stable, .partial, .progression, .stableThenProgression]
        for i in stride(from: courses.count - 1, to: 0, by: -1) { courses.swapAt(i, rng.int(0...i)) }

        for k in 0..<patients {
            let id = "NADIR-" + String(format: "%03d", k + 1)
            let site = String(format: "%02d", (k % 4) + 1)
            var subject: Subject
            var visits: [(date: CalendarDate, obs: [(String, String, String, String)])] = []  // lesion, test, stresc, thickness
            var lesions: [(id: String, role: String, site: String, nodal: Bool)] = []
            var eligibleForLocal = false
            var course: Course

            if let truth = scanned[id] {
                // A SampleScans patient: measurements are the true diameters.
                let dates = Array(Set(truth.map(\.studyDate))).sorted()
                let baseline = CalendarDate(iso8601: Self.iso(dates[0]))!
                let first = truth.first!
                course = first.intendedCourse == "responder" ? .partial : first.intendedCourse == "progressor" ? .progression : .stable
                subject = Subject(id: id, site: site, age: rng.int(8...22), sex: rng.pick(["M", "F"]),
                                  tumour: rng.weighted(Self.tumourTypes), enrolment: baseline.adding(days: 3), start: baseline.adding(days: 5),
                                  death: nil, lastAlive: cutoff.adding(days: -rng.int(0...30)))
                for l in truth where l.studyDate == dates[0] {
                    lesions.append((l.lesionID, "TARGET", l.site.uppercased(), l.nodal))
                }
                for d in dates {
                    let obs = truth.filter { $0.studyDate == d }.map { l -> (String, String, String, String) in
                        let v = l.nodal ? l.shortAxisMM : l.longAxisMM
                        return (l.lesionID, l.nodal ? "SAXIS" : "LDIAM", Length(millimetres: v)!.description, Length(millimetres: l.sliceThickness)!.description)
                    }
                    visits.append((CalendarDate(iso8601: Self.iso(d))!, obs))
                }
                if course == .progression {
                    subject.death = visits.last!.date.adding(days: rng.int(120...300))
                }
                eligibleForLocal = course == .partial
            } else {
                course = courses[(k - scannedIDs.count) % courses.count]
                let enrolment = CalendarDate(year: 2024, month: 1, day: 8)!.adding(days: rng.int(0...520))
                subject = Subject(id: id, site: site, age: rng.int(6...24), sex: rng.pick(["M", "F"]), tumour: rng.weighted(Self.tumourTypes),
                                  enrolment: enrolment, start: enrolment.adding(days: rng.int(1...7)), death: nil,
                                  lastAlive: cutoff.adding(days: -rng.int(0...30)))
                // Baseline lesions: 1–4 targets (≤ 2 per organ), 0–2 non-targets.
                var perOrgan: [String: Int] = [:]
                var baselineSizes: [Double] = []
                for t in 0..<rng.int(1...4) {
                    let nodal = rng.chance(0.15)
                    var organ = nodal ? "LYMPH NODE" : rng.pick(Self.targetSites)
                    while perOrgan[organ, default: 0] >= 2 { organ = rng.pick(Self.targetSites) }
                    perOrgan[organ, default: 0] += 1
                    lesions.append(("T" + String(format: "%02d", t + 1), "TARGET", organ, nodal))
                    baselineSizes.append(nodal ? 15 + rng.unit() * 20 : 12 + rng.unit() * 60)
                }
                let nonTargets = rng.int(0...2)
                for n in 0..<nonTargets { lesions.append(("NT" + String(format: "%02d", n + 1), "NON-TARGET", rng.pick(Self.nonTargetSites), false)) }
                let newLesionID = "N01"
                if course == .newLesion || course == .equivocalNewLesion { lesions.append((newLesionID, "NEW", rng.pick(["LUNG", "LIVER", "BONE"]), false)) }

                // Assessment dates: every 2 cycles (42 days) on treatment, then every 63 days,
                // to 12 months, stopping after progression.
                let baselineDate = subject.enrolment.adding(days: -rng.int(3...20))
                var dates: [CalendarDate] = [baselineDate]
                var day = 42
                while day <= 380 {  // the last scan near 12 months (day 378) closes PFS follow-up
                    dates.append(subject.start.adding(days: day + rng.int(-3...3)))
                    day += day < 126 ? 42 : 63
                }
                // Relative size per assessment index and when the disease progresses.
                let n = dates.count
                var factor = [Double](repeating: 1, count: n)
                var progressionAt = Int.max
                var stopAfter = n - 1
                switch course {
                case .complete:
                    for i in 1..<n { factor[i] = max(0, 1 - 0.45 * Double(i)) }
                case .partial:
                    let depth = 0.4 + rng.unit() * 0.3
                    for i in 1..<n { factor[i] = 1 - depth * min(1, Double(i) / 2) }
                case .partialThenProgression:
                    let depth = 0.38 + rng.unit() * 0.2
                    progressionAt = rng.int(4...6)
                    for i in 1..<n { factor[i] = i < progressionAt ? 1 - depth * min(1, Double(i) / 2) : (1 - depth) * 1.45 }
                case .unconfirmedPartial:
                    factor[1] = 0.66; progressionAt = 2
                    for i in 2..<n { factor[i] = 0.95 }
                case .stable:
                    let drift = -0.2 + rng.unit() * 0.3
                    for i in 1..<n { factor[i] = 1 + drift * min(1, Double(i) / 3) }
                case .stableThenProgression:
                    progressionAt = rng.int(3...5)
                    for i in 1..<n { factor[i] = i < progressionAt ? 1.05 : 1.35 }
                case .progression:
                    progressionAt = 1
                    for i in 1..<n { factor[i] = 1.3 + 0.15 * rng.unit() }
                case .newLesion:
                    progressionAt = rng.int(1...3)
                    for i in 1..<n { factor[i] = 0.9 }
                case .equivocalNewLesion:
                    progressionAt = 3  // equivocal at 2, confirmed at 3: PD dated to assessment 2
                    for i in 1..<n { factor[i] = 0.92 }
                case .earlyDeath:
                    stopAfter = 0
                    subject.death = subject.start.adding(days: rng.int(18...38))
                case .withdrawn:
                    stopAfter = 1
                    for i in 1..<n { factor[i] = 0.97 }
                    subject.lastAlive = dates[1].adding(days: rng.int(20...60))
                case .lateProgressionAfterMissedScans:
                    // SD, then two scheduled assessments missed, then PD: PFS censored (FDA 2018).
                    // Planned assessments 3 and 4 (days 126 and 189) are missed; PD at day 252.
                    for i in 1..<n { factor[i] = i < 5 ? 1.02 : 1.4 }
                    dates.removeSubrange(3..<5)
                    factor.removeSubrange(3..<5)
                    progressionAt = 3
                }
                // Imaging stops at progression.
                if progressionAt != Int.max { stopAfter = min(stopAfter, progressionAt) }
                stopAfter = min(stopAfter, dates.count - 1)
                for i in 0...stopAfter where dates[i] <= cutoff || i == 0 {
                    var obs: [(String, String, String, String)] = []
                    for (t, lesion) in lesions.enumerated() where lesion.role == "TARGET" {
                        let base = baselineSizes[t]
                        var v = base * factor[i] * (i == 0 ? 1 : 0.96 + 0.08 * rng.unit())
                        if lesion.nodal && course == .complete && i > 0 { v = min(v, 6 + 3 * rng.unit()) }
                        if lesion.nodal && v < 10 && course != .complete { v = max(v, 10.5) }
                        v = (v * 10).rounded() / 10
                        let test = lesion.nodal ? "SAXIS" : "LDIAM"
                        if !lesion.nodal && v > 0 && v < 4 {
                            obs.append((lesion.id, test, "TOO SMALL TO MEASURE", "5"))
                        } else {
                            obs.append((lesion.id, test, Length(millimetres: v)!.description, "5"))
                        }
                    }
                    for lesion in lesions where lesion.role == "NON-TARGET" {
                        let state: String
                        if i == 0 { state = "PRESENT" }
                        else if course == .complete && i >= 2 { state = "ABSENT" }
                        else if course == .stableThenProgression && i >= progressionAt && lesion.id == "NT01" { state = "UNEQUIVOCAL PROGRESSION" }
                        else { state = "PRESENT" }
                        obs.append((lesion.id, "TUMSTATE", state, ""))
                    }
                    if course == .newLesion && i >= progressionAt { obs.append((newLesionID, "TUMSTATE", "PRESENT", "")) }
                    if course == .equivocalNewLesion && i >= 2 { obs.append((newLesionID, "TUMSTATE", i == 2 ? "EQUIVOCAL" : "PRESENT", "")) }
                    visits.append((dates[i], obs))
                }
                // Deaths: most patients who progress die within the 24-month window.
                if progressionAt != Int.max, subject.death == nil, progressionAt < dates.count, rng.chance(0.7) {
                    subject.death = dates[min(progressionAt, dates.count - 1)].adding(days: rng.int(60...330))
                }
                eligibleForLocal = [.complete, .partial, .partialThenProgression].contains(course) ? rng.chance(0.85)
                    : course == .stable ? rng.chance(0.25) : false
            }
            if let d = subject.death {
                if d > cutoff { subject.death = nil } else { subject.lastAlive = d }
            }
            if subject.lastAlive > cutoff { subject.lastAlive = cutoff }

            // Write the subject.
            for l in lesions {
                tu.writeRow([study, id, l.id, l.role, l.site, l.nodal ? "Y" : "N"])
            }
            for (v, visit) in visits.enumerated() {
                for (lesion, test, result, thickness) in visit.obs {
                    let numeric = Double(result) != nil
                    tr.writeRow([study, id, lesion, String(v), visit.date.description, test, result, numeric ? result : "", thickness])
                    counts.trRows += 1
                }
            }
            let cycles = course == .earlyDeath ? 1 : rng.int(4...6)
            let lastDose = subject.start.adding(days: 21 * cycles - 7)
            dm.writeRow([study, id, site, String(subject.age), "YEARS", subject.sex, subject.tumour, subject.enrolment.description,
                         subject.start.description, min(lastDose, subject.death ?? lastDose).description,
                         subject.death?.description ?? "", subject.death == nil ? "" : "Y", subject.lastAlive.description])
            counts.subjects += 1
            if eligibleForLocal {
                lt.writeRow([study, id, "Y", rng.pick(["SURGERY", "RADIOTHERAPY", "SURGERY", "SURGERY AND RADIOTHERAPY"]),
                             subject.start.adding(days: 21 * cycles + rng.int(7...21)).description])
            } else {
                lt.writeRow([study, id, "N", "", ""])
            }
            // Adverse events, with grade drawn from each term's profile.
            var seq = 0
            for (term, soc, p, weights) in Self.adverseEventProfile where rng.chance(course == .earlyDeath ? p / 2 : p) {
                let grade = rng.weighted(Array(zip([1, 2, 3, 4, 5], weights)))
                seq += 1
                let startDay = rng.int(3...(21 * cycles))
                ae.writeRow([study, id, String(seq), term.lowercased(), term, soc, String(grade), grade >= 4 || term == "Febrile neutropenia" ? "Y" : "N",
                             subject.start.adding(days: startDay).description])
                counts.adverseEvents += 1
            }
        }
        try tu.commit(); try tr.commit(); try dm.commit(); try ae.commit(); try lt.commit()
        return counts
    }

    static func iso(_ dicomDate: String) -> String {
        let c = Array(dicomDate)
        guard c.count == 8 else { return dicomDate }
        return String(c[0..<4]) + "-" + String(c[4..<6]) + "-" + String(c[6..<8])
    }
}
