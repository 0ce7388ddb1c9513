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
