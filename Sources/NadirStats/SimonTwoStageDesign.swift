import Foundation

/// One Simon two-stage design: treat n1 patients; stop (drug not promising) if ≤ r1 respond;
/// otherwise treat n − n1 more and reject the drug if ≤ r of all n respond.
public struct SimonDesign: Sendable, Hashable, Codable {
    public var r1: Int
    public var n1: Int
    public var r: Int
    public var n: Int
    /// Expected sample size under p0: EN(p0) = n1 + (1 − PET(p0)) (n − n1).
    public var en0: Double
    /// Probability of early termination under p0: PET(p0) = P(X1 ≤ r1 | n1, p0).
    public var pet0: Double
    /// Attained type I error P(declare promising | p0).
    public var alpha: Double
    /// Attained power P(declare promising | p1).
    public var power: Double
}

/// The optimal (smallest EN(p0)) and minimax (smallest n, then smallest EN(p0)) designs.
public struct SimonDesigns: Sendable, Hashable, Codable {
    public var optimal: SimonDesign
    public var minimax: SimonDesign
}

public enum SimonDesignError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidRates(p0: Double, p1: Double)
    case invalidErrorRates(alpha: Double, power: Double)
    case noFeasibleDesign(maximumSampleSize: Int)

    public var description: String {
        switch self {
        case .invalidRates(let p0, let p1): return "need 0 < p0 < p1 < 1 (got p0 = \(p0), p1 = \(p1))"
        case .invalidErrorRates(let a, let pw): return "need 0 < alpha < power < 1 (got alpha = \(a), power = \(pw))"
        case .noFeasibleDesign(let m): return "no design with n ≤ \(m) meets alpha and power; raise the maximum sample size"
        }
    }
}

/// Simon (1989), "Optimal two-stage designs for phase II clinical trials", Controlled Clinical
/// Trials 10:1–10.
public enum SimonTwoStage {
    /// Exhaustive search over n ≤ `maximumSampleSize`, 1 ≤ n1 < n, 0 ≤ r1 < n1, r1 ≤ r < n for
    /// designs with P(declare promising | p0) ≤ alpha and P(declare promising | p1) ≥ power,
    /// where P(declare promising | p) = Σ_{x1 = r1+1}^{n1} b(x1; n1, p) · P(X2 > r − x1; n − n1, p).
    ///
    /// For fixed (n, n1, r1) both error rates fall as r grows and EN(p0) does not depend on r, so
    /// only the smallest r meeting alpha needs its power checked. For each n the design with the
    /// smallest EN(p0) is kept (as Simon 1989 and R `clinfun::ph2simon` do); the optimal design is
    /// the overall smallest EN(p0) (first n on ties), the minimax design the smallest feasible n.
    ///
    /// - Parameter power: 1 − β (e.g. 0.8), not β.
    public static func designs(p0: Double, p1: Double, alpha: Double, power: Double, maximumSampleSize: Int = 100) throws -> SimonDesigns {
        guard p0 > 0, p1 < 1, p0 < p1 else { throw SimonDesignError.invalidRates(p0: p0, p1: p1) }
        guard alpha > 0, power < 1, alpha < power else { throw SimonDesignError.invalidErrorRates(alpha: alpha, power: power) }
        let maxN = max(2, maximumSampleSize)
        // pmf[m][k] = b(k; m, p) and tail[m][k] = P(X ≥ k; m, p) for k in 0...m+1.
        func tables(_ p: Double) -> (pmf: [[Double]], tail: [[Double]]) {
            var pmf: [[Double]] = [], tail: [[Double]] = []
            for m in 0...maxN {
                let row = (0...m).map { ExactBinomial.probabilityMass($0, m, p) }
                var t = [Double](repeating: 0, count: m + 2)
                // Sum from the top so small upper tails are not 1 − (almost 1).
                for k in stride(from: m, through: 0, by: -1) { t[k] = t[k + 1] + row[k] }
                pmf.append(row); tail.append(t)
            }
            return (pmf, tail)
        }
        let null = tables(p0), alt = tables(p1)
        // Guard the comparisons against rounding in the sums (1e-12 of a probability).
        let slack = 1e-12
        var bestPerN: [SimonDesign] = []
        var reject0 = [Double](repeating: 0, count: maxN + 1)
        var reject1 = [Double](repeating: 0, count: maxN + 1)
        // EN(p0) ≥ n1, so once n1 reaches the smallest EN(p0) found so far (this n, or any smaller
        // n once a design exists) nothing better can follow. This prunes without changing the
        // optimal design, nor the minimax design (the first n with any feasible design).
        var overallBest = Double.infinity
        for n in 2...maxN {
            var best: SimonDesign?
            for n1 in 1..<n {
                if Double(n1) >= min(best?.en0 ?? .infinity, overallBest) { break }
                let n2 = n - n1
                let pmf0 = null.pmf[n1], pmf1 = alt.pmf[n1], tail0 = null.tail[n2], tail1 = alt.tail[n2]
                // reject*[r] accumulates Σ_{x1 > r1} b(x1; n1) P(X2 ≥ r + 1 − x1; n2) as r1 falls.
                for i in 0...n { reject0[i] = 0; reject1[i] = 0 }
                var pet = 1.0
                for r1 in stride(from: n1 - 1, through: 0, by: -1) {
                    let x1 = r1 + 1
                    let b0 = pmf0[x1], b1 = pmf1[x1]
                    // Every r, not only r ≥ r1: smaller r1 later query those r, where this x1
                    // already guarantees stage 2 success (tail = 1).
                    reject0.withUnsafeMutableBufferPointer { a0 in
                        reject1.withUnsafeMutableBufferPointer { a1 in
                            for r in 0..<min(n, x1 + n2) {
                                let k = max(0, r + 1 - x1)
                                a0[r] += b0 * tail0[k]
                                a1[r] += b1 * tail1[k]
                            }
                        }
                    }
                    // PET(p0) = P(X1 ≤ r1) summed directly, not as 1 − (upper part).
                    pet = 0
                    for k in 0...r1 { pet += pmf0[k] }
                    let en0 = Double(n1) + (1 - pet) * Double(n2)
                    if en0 >= min(best?.en0 ?? .infinity, overallBest) { continue }
                    // Smallest r in r1..<n with type I error ≤ alpha.
                    guard let r = (r1..<n).first(where: { reject0[$0] <= alpha + slack }) else { continue }
                    guard reject1[r] >= power - slack else { continue }
                    best = SimonDesign(r1: r1, n1: n1, r: r, n: n, en0: en0, pet0: pet, alpha: reject0[r], power: reject1[r])
                }
            }
            if let b = best {
                bestPerN.append(b)
                overallBest = min(overallBest, b.en0)
            }
        }
        guard let minimax = bestPerN.first else { throw SimonDesignError.noFeasibleDesign(maximumSampleSize: maxN) }
        var optimal = minimax
        for d in bestPerN where d.en0 < optimal.en0 - 1e-12 { optimal = d }
        return SimonDesigns(optimal: optimal, minimax: minimax)
    }
}
