import Foundation

/// Special functions the exact tests and confidence intervals rest on. Internal: callers use the
/// statistical types, which name the method; these are the numerical building blocks.
///
/// Accuracy targets are those of R's `pbeta`/`qbeta`/`pchisq`/`qnorm` to about 1e-13 relative in
/// the tails that matter (each function evaluates the *smaller* tail directly, never `1 - big`).
enum SpecialFunctions {
    /// log Γ(x) for x > 0 (glibc `lgamma`, accurate to a few ulp).
    static func logGamma(_ x: Double) -> Double { Foundation.lgamma(x) }

    /// log B(a, b).
    static func logBeta(_ a: Double, _ b: Double) -> Double {
        logGamma(a) + logGamma(b) - logGamma(a + b)
    }

    /// Regularized incomplete beta I_x(a, b) and its complement 1 − I_x(a, b), each to full
    /// relative accuracy in its own tail.
    ///
    /// Continued fraction (Abramowitz & Stegun 26.5.8) evaluated with the modified Lentz algorithm
    /// (Lentz 1976; Thompson & Barnett 1986), on whichever side of the mean converges fast, the
    /// other side obtained by the symmetry I_x(a, b) = 1 − I_{1−x}(b, a).
    static func incompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> (lower: Double, upper: Double) {
        if x <= 0 { return (0, 1) }
        if x >= 1 { return (1, 0) }
        if x < (a + 1) / (a + b + 2) {
            let direct = betaFront(x, 1 - x, a, b) * betaContinuedFraction(x, 1 - x, a, b)
            return (direct, 1 - direct)
        } else {
            let direct = betaFront(1 - x, x, b, a) * betaContinuedFraction(1 - x, x, b, a)
            return (1 - direct, direct)
        }
    }

    /// x^a y^b / (a·B(a, b)) with y = 1 − x, the factor in front of the continued fraction.
    ///
    /// For b ≥ 1 it equals dbinom(a; a + b − 1, x)·y, which Loader's (2000) saddle-point form
    /// evaluates without the cancellation of log-gamma differences: at n = 10⁶ the naive form
    /// loses about 1e-10 of relative accuracy, this one about 1e-15 (R's dbinom/dbeta use it too).
    static func betaFront(_ x: Double, _ y: Double, _ a: Double, _ b: Double) -> Double {
        if b >= 1 {
            return binomialDensity(a, a + b - 1, x, y) * y
        }
        let logFront = a * Foundation.log(x) + b * Foundation.log(y) - logBeta(a, b)
        return Foundation.exp(logFront) / a
    }

    /// Loader (2000), "Fast and accurate computation of binomial probabilities": the density
    /// C(n, k) p^k q^(n−k) for real 0 ≤ k ≤ n via Stirling-error terms and the deviance bd0.
    static func binomialDensity(_ k: Double, _ n: Double, _ p: Double, _ q: Double) -> Double {
        if p == 0 { return k == 0 ? 1 : 0 }
        if q == 0 { return k == n ? 1 : 0 }
        if k == 0 {
            if n == 0 { return 1 }
            return Foundation.exp(p < 0.1 ? -deviance(n, n * q) - n * p : n * Foundation.log(q))
        }
        if k == n {
            return Foundation.exp(q < 0.1 ? -deviance(n, n * p) - n * q : n * Foundation.log(p))
        }
        if k < 0 || k > n { return 0 }
        let lc = stirlingError(n) - stirlingError(k) - stirlingError(n - k) - deviance(k, n * p) - deviance(n - k, n * q)
        let lf = Foundation.log(2 * Double.pi) + Foundation.log(k) + Foundation.log1p(-k / n)
        return Foundation.exp(lc - 0.5 * lf)
    }

    /// log Γ(n + 1) − [(n + ½) log n − n + ½ log 2π]: the error of Stirling's formula.
    /// Direct for n ≤ 15 (an absolute error of 1e-15 is what matters: it enters an exponent),
    /// the asymptotic series beyond.
    static func stirlingError(_ n: Double) -> Double {
        let s0 = 1.0 / 12, s1 = 1.0 / 360, s2 = 1.0 / 1260, s3 = 1.0 / 1680, s4 = 1.0 / 1188
        if n <= 15 {
            return logGamma(n + 1) - (n + 0.5) * Foundation.log(n) + n - 0.5 * Foundation.log(2 * Double.pi)
        }
        let nn = n * n
        if n > 500 { return (s0 - s1 / nn) / n }
        if n > 80 { return (s0 - (s1 - s2 / nn) / nn) / n }
        if n > 35 { return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n }
        return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n
    }

    /// The deviance term bd0(x, m) = x log(x/m) + m − x, by its series when x ≈ m (Loader 2000).
    static func deviance(_ x: Double, _ m: Double) -> Double {
        if abs(x - m) < 0.1 * (x + m) {
            var v = (x - m) / (x + m)
            var s = (x - m) * v
            if abs(s) < Double.leastNormalMagnitude { return s }
            var ej = 2 * x * v
            v *= v
            for j in 1..<1000 {
                ej *= v
                let s1 = s + ej / Double(2 * j + 1)
                if s1 == s { return s1 }
                s = s1
            }
        }
        return x * Foundation.log(x / m) + m - x
    }

    /// The continued fraction for I_x(a, b) (A&S 26.5.8), modified Lentz.
    /// `y` = 1 − x as the caller knows it: when x is close to 1 the first term
    /// 1 − (a + b)x/(a + 1) is rewritten as (1 − b + (a + b)y)/(a + 1), which does not cancel.
    private static func betaContinuedFraction(_ x: Double, _ y: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = y < 0.5 ? (1 - b + qab * y) / qap : 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...100_000 {
            let dm = Double(m), m2 = 2 * dm
            var aa = dm * (b - dm) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + dm) * (qab + dm) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let del = d * c
            h *= del
            if abs(del - 1) < 1e-16 { break }
        }
        return h
    }

    /// Beta density, the derivative Newton's method needs when inverting `incompleteBeta`.
    static func betaDensity(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 || x >= 1 { return 0 }
        return Foundation.exp((a - 1) * Foundation.log(x) + (b - 1) * Foundation.log1p(-x) - logBeta(a, b))
    }

    /// The x at which a tail of the Beta(a, b) distribution equals `tailProbability`:
    /// `upperTail == false` solves I_x(a, b) = p (R `qbeta(p, a, b)`),
    /// `upperTail == true` solves 1 − I_x(a, b) = p (R `qbeta(p, a, b, lower.tail = FALSE)`).
    ///
    /// Safeguarded Newton iteration inside a shrinking bisection bracket, on the tail that is
    /// being matched so that small probabilities keep their relative accuracy.
    static func inverseIncompleteBeta(_ p: Double, _ a: Double, _ b: Double, upperTail: Bool) -> Double {
        if p <= 0 { return upperTail ? 1 : 0 }
        if p >= 1 { return upperTail ? 0 : 1 }
        // f(x) is increasing in x for the lower tail; flip the sign for the upper tail.
        func f(_ x: Double) -> Double {
            let t = incompleteBeta(x, a, b)
            return upperTail ? p - t.upper : t.lower - p
        }
        var lo = 0.0, hi = 1.0
        // Start from the mean, then bisect a few times so Newton starts inside its basin.
        var x = a / (a + b)
        for _ in 0..<400 {
            let fx = f(x)
            if fx == 0 { return x }
            if fx < 0 { lo = x } else { hi = x }
            let slope = betaDensity(x, a, b)
            var next = slope > 0 ? x - fx / slope : .nan
            if !(next > lo && next < hi) {
                // Newton left the bracket: bisect. Across several orders of magnitude the geometric
                // mean keeps the relative precision that tiny quantiles (x = 1 of n = 10⁴) need.
                next = (lo > 0 && hi / lo > 4) ? (lo * hi).squareRoot() : 0.5 * (lo + hi)
            }
            if abs(next - x) <= 4 * Double.ulpOfOne * abs(x) || hi - lo <= 2 * Double.ulpOfOne * hi {
                return next
            }
            x = next
        }
        return x
    }

    /// Regularized upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a): series (A&S 6.5.29) below
    /// x = a + 1, Legendre continued fraction (A&S 6.5.31, modified Lentz) above, so the upper tail
    /// keeps relative accuracy when it is tiny.
    static func upperIncompleteGamma(_ a: Double, _ x: Double) -> Double {
        if x <= 0 { return 1 }
        if x.isInfinite { return 0 }
        let logFront = -x + a * Foundation.log(x) - logGamma(a)
        if x < a + 1 {
            var sum = 1 / a, term = 1 / a, ap = a
            for _ in 0..<100_000 {
                ap += 1
                term *= x / ap
                sum += term
                if abs(term) < abs(sum) * 1e-17 { break }
            }
            return 1 - sum * Foundation.exp(logFront)
        }
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1...100_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b; if abs(d) < tiny { d = tiny }
            c = b + an / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let del = d * c
            h *= del
            if abs(del - 1) < 1e-16 { break }
        }
        return Foundation.exp(logFront) * h
    }

    /// Upper tail of the χ² distribution with `df` degrees of freedom (R `pchisq(q, df, lower.tail = FALSE)`).
    static func chiSquareUpperTail(_ q: Double, df: Double) -> Double {
        upperIncompleteGamma(df / 2, q / 2)
    }

    /// Standard normal quantile Φ⁻¹(p): Wichura (1988), algorithm AS 241 (PPND16), the algorithm
    /// R's `qnorm` uses, accurate to about 1e-16.
    static func normalQuantile(_ p: Double) -> Double {
        if p <= 0 { return -.infinity }
        if p >= 1 { return .infinity }
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            return q * (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r
                + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r
                + 133.14166789178437745) * r + 3.387132872796366608)
                / (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r
                + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r
                + 42.313330701600911252) * r + 1)
        }
        var r = q < 0 ? p : 1 - p
        r = (-Foundation.log(r)).squareRoot()
        var value: Double
        if r <= 5 {
            r -= 1.6
            value = (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r
                + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r
                + 4.6303378461565452959) * r + 1.42343711074968357734)
                / (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r
                + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r
                + 2.05319162663775882187) * r + 1)
        } else {
            r -= 5
            value = (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r
                + 0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r
                + 5.4637849111641143699) * r + 6.6579046435011037772)
                / (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r
                + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r
                + 0.59983220655588793769) * r + 1)
        }
        return q < 0 ? -value : value
    }
}
