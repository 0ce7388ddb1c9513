import Foundation
import Testing
@testable import NadirStats

/// Simon (1989) two-stage designs against the published Table 1 (p1 − p0 = 0.20), and the
/// attained error rates, PET(p0) and EN(p0) of each design recomputed by R from `dbinom`/`pbinom`.
struct SimonDesignTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let p0: Double, p1: Double, alpha: Double, power: Double
        /// r1, n1, r, n and EN(p0) as printed (one decimal) for the optimal and minimax designs.
        let optimal: (Int, Int, Int, Int, Double)
        let minimax: (Int, Int, Int, Int, Double)
        var testDescription: String { "Simon 1989 Table 1: p0=\(p0) p1=\(p1) α=\(alpha) β=\(((1 - power) * 100).rounded() / 100)" }
    }

    /// Simon, R. (1989) Controlled Clinical Trials 10:1–10, Table 1, rows p0 = 0.05 … 0.30.
    static let table1: [Row] = [
        Row(p0: 0.05, p1: 0.25, alpha: 0.10, power: 0.90, optimal: (0, 9, 2, 24, 14.5), minimax: (0, 13, 2, 20, 16.4)),
        Row(p0: 0.05, p1: 0.25, alpha: 0.05, power: 0.80, optimal: (0, 9, 2, 17, 12.0), minimax: (0, 12, 2, 16, 13.8)),
        Row(p0: 0.05, p1: 0.25, alpha: 0.05, power: 0.90, optimal: (0, 9, 3, 30, 16.8), minimax: (0, 15, 3, 25, 20.4)),
        Row(p0: 0.10, p1: 0.30, alpha: 0.10, power: 0.90, optimal: (1, 12, 5, 35, 19.8), minimax: (1, 16, 4, 25, 20.4)),
        Row(p0: 0.10, p1: 0.30, alpha: 0.05, power: 0.80, optimal: (1, 10, 5, 29, 15.0), minimax: (1, 15, 5, 25, 19.5)),
        Row(p0: 0.10, p1: 0.30, alpha: 0.05, power: 0.90, optimal: (2, 18, 6, 35, 22.5), minimax: (2, 22, 6, 33, 26.2)),
        Row(p0: 0.20, p1: 0.40, alpha: 0.10, power: 0.90, optimal: (3, 17, 10, 37, 26.0), minimax: (3, 19, 10, 36, 28.3)),
        Row(p0: 0.20, p1: 0.40, alpha: 0.05, power: 0.80, optimal: (3, 13, 12, 43, 20.6), minimax: (4, 18, 10, 33, 22.3)),
        Row(p0: 0.20, p1: 0.40, alpha: 0.05, power: 0.90, optimal: (4, 19, 15, 54, 30.4), minimax: (5, 24, 13, 45, 31.2)),
        Row(p0: 0.30, p1: 0.50, alpha: 0.10, power: 0.90, optimal: (7, 22, 17, 46, 29.9), minimax: (7, 28, 15, 39, 35.0)),
        Row(p0: 0.30, p1: 0.50, alpha: 0.05, power: 0.80, optimal: (5, 15, 18, 46, 23.6), minimax: (6, 19, 16, 39, 25.7)),
        Row(p0: 0.30, p1: 0.50, alpha: 0.05, power: 0.90, optimal: (8, 24, 24, 63, 34.7), minimax: (7, 24, 21, 53, 36.6)),
    ]

    @Test("published designs", arguments: table1)
    func matchesTable(_ row: Row) throws {
        let d = try SimonTwoStage.designs(p0: row.p0, p1: row.p1, alpha: row.alpha, power: row.power)
        for (label, ours, published) in [("optimal", d.optimal, row.optimal), ("minimax", d.minimax, row.minimax)] {
            #expect(ours.r1 == published.0 && ours.n1 == published.1 && ours.r == published.2 && ours.n == published.3,
                    "\(label): ours \(ours.r1)/\(ours.n1), \(ours.r)/\(ours.n)")
            // Simon prints EN(p0) to one decimal; allow the rounding.
            #expect(abs(ours.en0 - published.4) <= 0.05 + 1e-9, "\(label) EN(p0) \(ours.en0) vs \(published.4)")
            #expect(ours.alpha <= row.alpha && ours.power >= row.power)
        }
    }

    @Test("attained α, power, PET(p0), EN(p0) recomputed by R", arguments: table1)
    func operatingCharacteristicsMatchR(_ row: Row) throws {
        let d = try SimonTwoStage.designs(p0: row.p0, p1: row.p1, alpha: row.alpha, power: row.power)
        let script = [("opt", d.optimal), ("mm", d.minimax)].map { label, x in
            """
            oc <- function(p) { x1 <- (\(x.r1) + 1):\(x.n1); sum(dbinom(x1, \(x.n1), p) * pbinom(\(x.r) - x1, \(x.n - x.n1), p, lower.tail = FALSE)) }
            pet <- pbinom(\(x.r1), \(x.n1), \(row.p0))
            emit("\(label)", c(oc(\(row.p0)), oc(\(row.p1)), pet, \(x.n1) + (1 - pet) * \(x.n - x.n1)))
            """
        }.joined(separator: "\n")
        let r = try ROracle.run(script)
        expectAgree([d.optimal.alpha, d.optimal.power, d.optimal.pet0, d.optimal.en0], r["opt"], "optimal α, power, PET, EN", relative: 1e-10)
        expectAgree([d.minimax.alpha, d.minimax.power, d.minimax.pet0, d.minimax.en0], r["mm"], "minimax α, power, PET, EN", relative: 1e-10)
    }

    @Test func rejectsImpossibleInputs() {
        #expect(throws: SimonDesignError.self) { try SimonTwoStage.designs(p0: 0.3, p1: 0.2, alpha: 0.05, power: 0.8) }
        #expect(throws: SimonDesignError.self) { try SimonTwoStage.designs(p0: 0.1, p1: 0.3, alpha: 0.05, power: 0.01) }
        #expect(throws: SimonDesignError.noFeasibleDesign(maximumSampleSize: 10)) {
            try SimonTwoStage.designs(p0: 0.1, p1: 0.15, alpha: 0.05, power: 0.8, maximumSampleSize: 10)
        }
    }

    @Test("JSON keys as issue 4 specifies")
    func jsonShape() throws {
        let d = try SimonTwoStage.designs(p0: 0.05, p1: 0.25, alpha: 0.05, power: 0.8)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(StatsJSON.render(d))) as? [String: [String: Any]])
        #expect(json.keys.sorted() == ["minimax", "optimal"])
        #expect(json["optimal"]?.keys.sorted() == ["en0", "n", "n1", "pet0", "r", "r1"])
        #expect(json["optimal"]?["n"] as? Int == 17)
    }
}
