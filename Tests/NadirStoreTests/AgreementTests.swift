import Foundation
import Testing
@testable import NadirStore

/// Cohen's kappa, κ = (p_o − p_e) / (1 − p_e) (Cohen 1960, eq. 1), against tables worked by hand.
struct AgreementTests {
    static func pairs(_ counts: [((String, String), Int)]) -> [(String, String)] {
        counts.flatMap { Array(repeating: $0.0, count: $0.1) }
    }

    /// 2 × 2: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no (N = 50).
    /// p_o = 35/50 = 0.70; rater 1 yes = 25/50, rater 2 yes = 30/50;
    /// p_e = 0.5·0.6 + 0.5·0.4 = 0.50; κ = (0.70 − 0.50)/(1 − 0.50) = 0.40.
    @Test func twoByTwo() {
        let s = AgreementStatistic(pairs: Self.pairs([(("yes", "yes"), 20), (("yes", "no"), 5), (("no", "yes"), 10), (("no", "no"), 15)]))
        #expect(s.n == 50 && s.agreements == 35)
        #expect(abs(s.percentAgreement! - 70) < 1e-12)
        #expect(abs(s.expectedAgreement! - 0.5) < 1e-12)
        #expect(abs(s.kappa! - 0.4) < 1e-12)
        #expect(s.table == [[15, 10], [5, 20]])  // categories sorted: no, yes
    }

    /// 3 × 3 on RECIST responses (N = 20), rows reader 1, columns reader 2 (PR, SD, PD):
    ///   PR: 5 1 0 | SD: 1 6 1 | PD: 0 2 4.
    /// p_o = 15/20 = 0.75. Row totals 6, 8, 6; column totals 6, 9, 5.
    /// p_e = (6·6 + 8·9 + 6·5)/400 = 138/400 = 0.345; κ = (0.75 − 0.345)/0.655 = 0.618320610…
    @Test func threeCategories() {
        let s = AgreementStatistic(pairs: Self.pairs([
            (("PR", "PR"), 5), (("PR", "SD"), 1),
            (("SD", "PR"), 1), (("SD", "SD"), 6), (("SD", "PD"), 1),
            (("PD", "SD"), 2), (("PD", "PD"), 4),
        ]))
        #expect(s.n == 20)
        #expect(abs(s.percentAgreement! - 75) < 1e-12)
        #expect(abs(s.expectedAgreement! - 0.345) < 1e-12)
        #expect(abs(s.kappa! - 0.405 / 0.655) < 1e-12)
    }

    @Test func perfectAgreementAndDegenerateCases() {
        let perfect = AgreementStatistic(pairs: [("PR", "PR"), ("SD", "SD"), ("PD", "PD")])
        #expect(perfect.kappa == 1)
        // One category throughout: p_e = 1, kappa undefined (Cohen 1960).
        let single = AgreementStatistic(pairs: [("SD", "SD"), ("SD", "SD")])
        #expect(single.kappa == nil && single.percentAgreement == 100)
        let empty = AgreementStatistic(pairs: [])
        #expect(empty.n == 0 && empty.kappa == nil && empty.percentAgreement == nil)
        // Systematic disagreement gives negative kappa: p_o = 0, p_e = 0.5, κ = −1.
        let opposite = AgreementStatistic(pairs: [("PR", "SD"), ("SD", "PR")])
        #expect(opposite.kappa == -1)
    }
}

/// Cohen's kappa and percent agreement against scikit-learn's `cohen_kappa_score`, an
/// independent implementation (scripts/install-deps.sh --test installs it), on hand tables and
/// seeded random pairs of RECIST responses: skewed marginals, categories one reader never uses,
/// single pairs, one category throughout (κ undefined: nil here, NaN there).
@Suite("reader agreement against scikit-learn")
struct AgreementOracleTests {
    static let script = """
    import json, math, sys, warnings
    warnings.simplefilter("ignore")
    from sklearn.metrics import cohen_kappa_score
    out = []
    for case in json.load(open(sys.argv[1])):
        a, b = case["r1"], case["r2"]
        k = cohen_kappa_score(a, b)
        po = sum(1 for x, y in zip(a, b) if x == y) / len(a)
        out.append({"kappa": None if math.isnan(k) else k, "po": 100 * po})
    print(json.dumps(out))
    """

    /// Deterministic pairs: `n` subjects, reader 2 agreeing with reader 1 with probability
    /// `agree`, otherwise drawing from a skewed distribution over `codes`.
    static func pairs(seed: UInt64, n: Int, codes: [String], agree: Double) -> [(String, String)] {
        var state = seed
        func next() -> Double {  // SplitMix64
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        func draw() -> String { codes[min(codes.count - 1, Int(pow(next(), 1.7) * Double(codes.count)))] }
        return (0..<n).map { _ in
            let a = draw()
            return (a, next() < agree ? a : draw())
        }
    }

    static var cases: [[(String, String)]] {
        let recist = ["SD", "PR", "PD", "CR", "NE"]
        var out: [[(String, String)]] = [
            AgreementTests.pairs([(("yes", "yes"), 20), (("yes", "no"), 5), (("no", "yes"), 10), (("no", "no"), 15)]),
            [("PR", "PR")],
            [("SD", "SD"), ("SD", "SD"), ("SD", "SD")],
            [("PR", "SD"), ("SD", "PR")],
            [("CR", "PR"), ("PR", "PR"), ("SD", "PD"), ("PD", "PD"), ("NE", "SD")],  // NE and CR used by reader 1 only
        ]
        for (k, (n, agree)) in [(10, 0.5), (49, 0.8), (49, 0.95), (200, 0.3), (1_000, 0.7), (37, 0.0)].enumerated() {
            out.append(pairs(seed: UInt64(k + 1), n: n, codes: recist, agree: agree))
            out.append(pairs(seed: UInt64(100 + k), n: n, codes: Array(recist.prefix(3)), agree: agree))
        }
        return out
    }

    @Test func kappaAndAgreementMatchScikitLearn() throws {
        let dir = NSTemporaryDirectory() + "nadir-kappa-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cases = Self.cases
        let json = cases.map { c in ["r1": c.map(\.0), "r2": c.map(\.1)] }
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: dir + "/cases.json"))
        try Self.script.write(toFile: dir + "/kappa.py", atomically: true, encoding: .utf8)
        let r = try run(["python3", dir + "/kappa.py", dir + "/cases.json"])
        try #require(r.status == 0, "scikit-learn oracle failed (run scripts/install-deps.sh --test): \(r.output)")
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(r.output.utf8)) as? [[String: Any]])
        try #require(expected.count == cases.count)
        for (k, c) in cases.enumerated() {
            let s = AgreementStatistic(pairs: c)
            let po = try #require(expected[k]["po"] as? Double)
            #expect(abs(s.percentAgreement! - po) < 1e-9, "case \(k)")
            if let kappa = expected[k]["kappa"] as? Double {
                #expect(s.kappa.map { abs($0 - kappa) < 1e-12 } == true, "case \(k): \(String(describing: s.kappa)) vs \(kappa)")
            } else {
                #expect(s.kappa == nil, "case \(k): scikit-learn finds kappa undefined")
            }
        }
    }
}
