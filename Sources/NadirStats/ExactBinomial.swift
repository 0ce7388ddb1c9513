import Foundation

/// A two-sided confidence interval for a proportion.
public struct ProportionInterval: Sendable, Hashable, Codable {
    public var lower: Double
    public var upper: Double
    public var confidenceLevel: Double
    public init(lower: Double, upper: Double, confidenceLevel: Double) {
        self.lower = lower; self.upper = upper; self.confidenceLevel = confidenceLevel
    }
}

/// Exact inference on a single binomial proportion (e.g. ORR = (CR + PR) / N against a
/// historical rate p0).
public struct BinomialInference: Sendable, Hashable, Codable {
    public var successes: Int
    public var trials: Int
    /// x / n.
    public var estimate: Double
    /// Two-sided Clopper–Pearson interval.
    public var interval: ProportionInterval
    /// The historical (null) rate, if a test was asked for.
    public var p0: Double?
    /// One-sided exact p-value P(X ≥ x | n, p0), or nil without p0.
    public var pValue: Double?
}

/// Errors for inputs outside a binomial model's domain, each naming the argument.
public enum BinomialError: Error, Equatable, Sendable, CustomStringConvertible {
    case trialsNotPositive(Int)
    case successesOutOfRange(successes: Int, trials: Int)
    case probabilityOutOfRange(name: String, value: Double)
    case confidenceLevelOutOfRange(Double)

    public var description: String {
        switch self {
        case .trialsNotPositive(let n): return "n must be at least 1 (got \(n))"
        case .successesOutOfRange(let x, let n): return "successes must be between 0 and n (got x = \(x), n = \(n))"
        case .probabilityOutOfRange(let name, let v): return "\(name) must be strictly between 0 and 1 (got \(v))"
        case .confidenceLevelOutOfRange(let v): return "confidence level must be strictly between 0 and 1 (got \(v))"
        }
    }
}

/// Exact binomial methods.
public enum ExactBinomial {
    /// Clopper & Pearson (1934) exact two-sided interval: the lower limit solves
    /// P(X ≥ x | p) = α/2 and the upper limit P(X ≤ x | p) = α/2, i.e. the Beta quantiles
    /// `qbeta(α/2, x, n − x + 1)` and `qbeta(1 − α/2, x + 1, n − x)` with α = 1 − level
    /// (as R `binom.test` computes them). The limit is 0 when x = 0 and 1 when x = n.
    public static func clopperPearson(successes x: Int, trials n: Int, confidenceLevel: Double = 0.95) throws -> ProportionInterval {
        try validate(x: x, n: n)
        guard confidenceLevel > 0, confidenceLevel < 1 else { throw BinomialError.confidenceLevelOutOfRange(confidenceLevel) }
        let halfAlpha = (1 - confidenceLevel) / 2
        let xd = Double(x), nd = Double(n)
        // At x = 0 and x = n the limits have closed forms, (α/2)^(1/n) from the other end;
        // expm1 keeps 1 − (α/2)^(1/n) accurate for large n.
        let lower: Double, upper: Double
        switch x {
        case 0: lower = 0
        case n: lower = Foundation.exp(Foundation.log(halfAlpha) / nd)
        default: lower = SpecialFunctions.inverseIncompleteBeta(halfAlpha, xd, nd - xd + 1, upperTail: false)
        }
        switch x {
        case n: upper = 1
        case 0: upper = -Foundation.expm1(Foundation.log(halfAlpha) / nd)
        default: upper = SpecialFunctions.inverseIncompleteBeta(halfAlpha, xd + 1, nd - xd, upperTail: true)
        }
        return ProportionInterval(lower: lower, upper: upper, confidenceLevel: confidenceLevel)
    }

    /// Exact one-sided binomial test of H0: p ≤ p0 against H1: p > p0:
    /// P(X ≥ x | n, p0) = I_{p0}(x, n − x + 1) (the regularized incomplete beta identity for the
    /// binomial upper tail), as R `binom.test(x, n, p0, alternative = "greater")`.
    public static func upperTailPValue(successes x: Int, trials n: Int, p0: Double) throws -> Double {
        try validate(x: x, n: n)
        guard p0 > 0, p0 < 1 else { throw BinomialError.probabilityOutOfRange(name: "p0", value: p0) }
        if x == 0 { return 1 }
        return SpecialFunctions.incompleteBeta(p0, Double(x), Double(n - x + 1)).lower
    }

    /// Estimate, Clopper–Pearson interval and (with p0) the exact one-sided p-value, together.
    public static func inference(successes x: Int, trials n: Int, p0: Double? = nil, confidenceLevel: Double = 0.95) throws -> BinomialInference {
        let interval = try clopperPearson(successes: x, trials: n, confidenceLevel: confidenceLevel)
        let p = try p0.map { try upperTailPValue(successes: x, trials: n, p0: $0) }
        return BinomialInference(successes: x, trials: n, estimate: Double(x) / Double(n), interval: interval, p0: p0, pValue: p)
    }

    /// Binomial probability mass b(k; n, p), via log-gamma (exact cases p = 0, 1 handled).
    static func probabilityMass(_ k: Int, _ n: Int, _ p: Double) -> Double {
        if k < 0 || k > n { return 0 }
        if p == 0 { return k == 0 ? 1 : 0 }
        if p == 1 { return k == n ? 1 : 0 }
        let kd = Double(k), nd = Double(n)
        let logChoose = SpecialFunctions.logGamma(nd + 1) - SpecialFunctions.logGamma(kd + 1) - SpecialFunctions.logGamma(nd - kd + 1)
        return Foundation.exp(logChoose + kd * Foundation.log(p) + (nd - kd) * Foundation.log1p(-p))
    }

    private static func validate(x: Int, n: Int) throws {
        guard n >= 1 else { throw BinomialError.trialsNotPositive(n) }
        guard x >= 0, x <= n else { throw BinomialError.successesOutOfRange(successes: x, trials: n) }
    }
}
