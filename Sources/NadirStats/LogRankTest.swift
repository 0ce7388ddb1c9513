import Foundation

/// The log-rank test of equal survival across k groups (Mantel 1966; Peto & Peto 1972), as R
/// `survdiff(Surv(time, event) ~ group)` with rho = 0.
public struct LogRankTest: Sendable, Hashable, Codable {
    /// U' V⁻ U over the groups with expected > 0, the first of them dropped.
    public var chisq: Double
    /// Groups with expected > 0, minus one.
    public var df: Int
    /// P(χ²_df ≥ chisq); nil when df < 1.
    public var pValue: Double?
    /// Observed events per group (stratum order).
    public var observed: [Double]
    /// Expected events per group under H0: Σ_t d_t · n_jt / n_t.
    public var expected: [Double]
    /// Hypergeometric covariance of O − E: Σ_t d(n−d)/(n²(n−1)) · n_j (n δ_jl − n_l).
    public var variance: [[Double]]
}

enum LogRank {
    /// Merges the per-group tables over all distinct times and accumulates O, E and V.
    static func test(_ tables: [EventTable]) -> LogRankTest {
        let k = tables.count
        var observed = [Double](repeating: 0, count: k), expected = observed
        var variance = [Double](repeating: 0, count: k * k)
        var head = [Int](repeating: 0, count: k)
        var remaining = tables.map(\.subjects)
        var risk = [Double](repeating: 0, count: k), deaths = [Int](repeating: 0, count: k)
        while true {
            var t = Double.infinity
            for j in 0..<k where head[j] < tables[j].time.count { t = min(t, tables[j].time[head[j]]) }
            if t == .infinity { break }
            var n = 0, d = 0
            for j in 0..<k {
                risk[j] = Double(remaining[j]); n += remaining[j]
                if head[j] < tables[j].time.count, tables[j].time[head[j]] == t {
                    deaths[j] = tables[j].nEvent[head[j]]
                    remaining[j] -= tables[j].nEvent[head[j]] + tables[j].nCensor[head[j]]
                    head[j] += 1
                } else {
                    deaths[j] = 0
                }
                d += deaths[j]
            }
            guard d > 0 else { continue }
            let nd = Double(n), dd = Double(d)
            for j in 0..<k {
                observed[j] += Double(deaths[j])
                expected[j] += dd * risk[j] / nd
            }
            if n > 1 {
                let w = dd * (nd - dd) / (nd * (nd - 1))
                for j in 0..<k where risk[j] > 0 {
                    let tj = w * risk[j]
                    variance[j * k + j] += tj
                    for l in 0..<k where risk[l] > 0 { variance[j * k + l] -= tj * risk[l] / nd }
                }
            }
        }
        let kept = (0..<k).filter { expected[$0] > 0 }
        let df = kept.count - 1
        var chisq = 0.0
        if kept.count >= 2 {
            let idx = Array(kept.dropFirst())
            let u = idx.map { observed[$0] - expected[$0] }
            let v = idx.map { j in idx.map { l in variance[j * k + l] } }
            if let x = solve(v, u) { chisq = zip(x, u).reduce(0) { $0 + $1.0 * $1.1 } }
        }
        let p: Double? = df >= 1 ? SpecialFunctions.chiSquareUpperTail(chisq, df: Double(df)) : nil
        return LogRankTest(chisq: chisq, df: df, pValue: p, observed: observed, expected: expected,
                           variance: (0..<k).map { j in Array(variance[(j * k)..<(j * k + k)]) })
    }

    /// Gaussian elimination with partial pivoting (the system is small: groups − 1).
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        let n = b.count
        var m = a, r = b
        for c in 0..<n {
            guard let p = (c..<n).max(by: { abs(m[$0][c]) < abs(m[$1][c]) }), m[p][c] != 0 else { return nil }
            m.swapAt(c, p); r.swapAt(c, p)
            for i in (c + 1)..<max(c + 1, n) {
                let f = m[i][c] / m[c][c]
                if f == 0 { continue }
                for j in c..<n { m[i][j] -= f * m[c][j] }
                r[i] -= f * r[c]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = r[i]
            for j in (i + 1)..<max(i + 1, n) { s -= m[i][j] * x[j] }
            x[i] = s / m[i][i]
        }
        return x
    }
}
