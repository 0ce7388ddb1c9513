import NadirCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A seeded, reproducible synthetic trial in SDTM TU/TR/DM form, for benchmarks and tests.
///
/// Each subject has 3–5 targets (at most 2 per organ, nodal targets in short axis), 0–3
/// non-targets, a baseline and `visits − 1` follow-ups about every 6 weeks, and one of five
/// trajectories (complete response, partial response, stable, progression, new lesion), with
/// measurement noise, occasional not-evaluable readings and "too small to measure" lesions.
/// The same seed always produces byte-identical files. The data are synthetic: no patient.
public struct SyntheticCohort: Sendable {
    public var subjects: Int
    public var visits: Int
    public var seed: UInt64
    /// Leave out non-target and new lesions (for peers that read targets only).
    public var targetsOnly: Bool

    public init(subjects: Int, visits: Int = 8, seed: UInt64 = 1, targetsOnly: Bool = false) {
        self.subjects = subjects; self.visits = visits; self.seed = seed; self.targetsOnly = targetsOnly
    }

    typealias Random = SeededRandom

    static let organs = ["LIVER", "LUNG", "KIDNEY", "ADRENAL GLAND", "PERITONEUM", "SOFT TISSUE", "BONE"]
    static let nonTargetSites = ["BONE", "PLEURA", "LIVER", "LUNG", "LYMPH NODE"]

    public struct Counts: Sendable { public var subjects = 0, tuRows = 0, trRows = 0 }

    /// Writes `TU.csv`, `TR.csv` and `DM.csv` into `directory` (which must exist).
    @discardableResult
    public func write(to directory: String) throws -> Counts {
        let tu = try AtomicCSVWriter(path: directory + "/TU.csv", header: ["STUDYID", "USUBJID", "TULNKID", "TUSTRESC", "TULOC", "TUNODAL"])
        let tr = try AtomicCSVWriter(path: directory + "/TR.csv", header: ["STUDYID", "USUBJID", "TRLNKID", "VISITNUM", "TRDTC", "TRTESTCD", "TRSTRESC", "TRSTRESN"])
        let dm = try AtomicCSVWriter(path: directory + "/DM.csv", header: ["STUDYID", "USUBJID", "RFSTDTC"])
        var counts = Counts()
        var rng = Random(state: seed)
        let origin = CalendarDate(year: 2020, month: 1, day: 6)!
        for s in 0..<subjects {
            let id = "SYN-" + String(s + 1).leftPadded(to: 6)
            let start = origin.adding(days: rng.int(0...900))
            dm.writeRow(["SYN", id, start.description])
            counts.subjects += 1

            // Targets: 3–5, at most 2 per organ; about one in four is a lymph node.
            var targets: [(id: String, nodal: Bool, baseline: Double)] = []
            var perOrgan: [String: Int] = [:]
            for k in 0..<rng.int(3...5) {
                let nodal = rng.int(0...3) == 0 && perOrgan["LYMPH NODE", default: 0] < 2
                var organ = nodal ? "LYMPH NODE" : SyntheticCohort.organs[rng.int(0...(SyntheticCohort.organs.count - 1))]
                while !nodal && perOrgan[organ, default: 0] >= 2 {
                    organ = SyntheticCohort.organs[rng.int(0...(SyntheticCohort.organs.count - 1))]
                }
                perOrgan[organ, default: 0] += 1
                let lid = "T" + String(k + 1).leftPadded(to: 2)
                let size = nodal ? 15 + rng.unit() * 25 : 10 + rng.unit() * 60
                targets.append((lid, nodal, (size * 10).rounded() / 10))
                tu.writeRow(["SYN", id, lid, "TARGET", organ, nodal ? "Y" : "N"])
                counts.tuRows += 1
            }
            let nonTargets = targetsOnly ? 0 : rng.int(0...3)
            for k in 0..<nonTargets {
                tu.writeRow(["SYN", id, "NT" + String(k + 1).leftPadded(to: 2), "NON-TARGET",
                             SyntheticCohort.nonTargetSites[rng.int(0...(SyntheticCohort.nonTargetSites.count - 1))], "N"])
                counts.tuRows += 1
            }
            // Trajectory: 0 CR, 1 PR, 2 SD, 3 PD by growth, 4 PD by new lesion.
            let trajectory = rng.int(0...9) < 1 ? 0 : rng.int(1...4)
            let newLesionVisit = trajectory == 4 && !targetsOnly ? rng.int(2...max(2, visits - 1)) : Int.max
            if newLesionVisit != Int.max {
                tu.writeRow(["SYN", id, "N01", "NEW", "LIVER", "N"]); counts.tuRows += 1
            }
            var date = start.adding(days: -rng.int(1...14))
            for v in 0..<visits {
                if v > 0 { date = start.adding(days: 42 * v + rng.int(-3...3)) }
                let f = Double(v) / Double(max(1, visits - 1))
                let factor: Double
                switch trajectory {
                case 0: factor = max(0, 1 - 1.6 * f)
                case 1: factor = 1 - 0.55 * f
                case 2: factor = 1 - 0.1 * f
                case 3: factor = 1 + 0.6 * f
                default: factor = 1 - 0.05 * f
                }
                for t in targets {
                    let test = t.nodal ? "SAXIS" : "LDIAM"
                    if v > 0 && rng.int(0...199) == 0 {
                        tr.writeRow(["SYN", id, t.id, String(v), date.description, test, "NOT EVALUABLE", ""])
                    } else {
                        var value = t.baseline * factor * (v == 0 ? 1 : 0.95 + 0.1 * rng.unit())
                        if t.nodal && trajectory == 0 { value = max(value, 6 + rng.unit() * 3) }
                        value = (value * 10).rounded() / 10
                        if !t.nodal && value > 0 && value < 3 {
                            tr.writeRow(["SYN", id, t.id, String(v), date.description, test, "TOO SMALL TO MEASURE", ""])
                        } else {
                            let text = Length(millimetres: value)!.description
                            tr.writeRow(["SYN", id, t.id, String(v), date.description, test, text, text])
                        }
                    }
                    counts.trRows += 1
                }
                for k in 0..<nonTargets {
                    let state = v == 0 ? "PRESENT" : (trajectory == 0 && v >= 3 ? "ABSENT" : "PRESENT")
                    tr.writeRow(["SYN", id, "NT" + String(k + 1).leftPadded(to: 2), String(v), date.description, "TUMSTATE", state, ""])
                    counts.trRows += 1
                }
                if v >= newLesionVisit {
                    tr.writeRow(["SYN", id, "N01", String(v), date.description, "TUMSTATE", v == newLesionVisit ? "EQUIVOCAL" : "PRESENT", ""])
                    counts.trRows += 1
                }
            }
        }
        try tu.commit(); try tr.commit(); try dm.commit()
        return counts
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny, fast generator that gives the same sequence on
/// every platform, for reproducible synthetic data. Not for anything that needs secrecy.
public struct SeededRandom: Sendable {
    public var state: UInt64
    public init(state: UInt64) { self.state = state }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    public mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    /// Uniform in the open interval (0, 1): never 0, for logarithms.
    public mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992 }
    public mutating func chance(_ p: Double) -> Bool { unit() < p }
    public mutating func pick<T>(_ xs: [T]) -> T { xs[int(0...(xs.count - 1))] }
    public mutating func weighted<T>(_ xs: [(T, Double)]) -> T {
        var u = unit() * xs.reduce(0) { $0 + $1.1 }
        for (x, w) in xs { u -= w; if u <= 0 { return x } }
        return xs[xs.count - 1].0
    }
}
