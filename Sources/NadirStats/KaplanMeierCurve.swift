import Foundation

/// A quantile of survival time with its confidence interval; nil where not reached.
public struct SurvivalQuantile: Sendable, Hashable, Codable {
    public var probability: Double
    public var estimate: Double?
    public var lower: Double?
    public var upper: Double?
}

/// S(t) read off the curve at a landmark time (e.g. 6, 12, 24 months).
public struct LandmarkSurvival: Sendable, Hashable, Codable {
    public var time: Double
    /// Subjects still at risk at `time` (follow-up ≥ time).
    public var nRisk: Int
    public var survival: Double
    /// Greenwood standard error of S(t); nil where S(t) = 0.
    public var stdErr: Double?
    public var lower: Double?
    public var upper: Double?
    /// true when `time` lies after the last follow-up of the stratum: S is carried forward from the
    /// last time (as R `summary(fit, times, extend = TRUE)`), but nothing is observed there.
    public var beyondFollowUp: Bool
}

/// One Kaplan–Meier curve, one entry per distinct time (event or censoring), exactly the columns
/// of R `survfit`: time, n.risk, n.event, n.censor, surv, std.err, lower, upper.
public struct KaplanMeierCurve: Sendable {
    public let name: String
    /// Subjects in the stratum.
    public let n: Int
    /// Total events.
    public let events: Int
    public let time: [Double]
    public let nRisk: [Int]
    public let nEvent: [Int]
    public let nCensor: [Int]
    /// Product-limit estimate S(t) = Π_{t_i ≤ t} (1 − d_i / n_i) (Kaplan & Meier 1958).
    public let survival: [Double]
    /// Greenwood (1926) standard error **of S(t)**: S(t)·√(Σ_{t_i ≤ t} d_i / (n_i (n_i − d_i))).
    /// nil where S(t) = 0 (the last term has n_i = d_i and the formula is undefined).
    /// Note: R `survfit`'s `std.err` is the other quantity, see `cumulativeHazardStdErr`.
    public let stdErr: [Double?]
    /// √(Σ d_i / (n_i (n_i − d_i))): the Greenwood standard error of −log S(t) (the cumulative
    /// hazard); this is what R `survfit` reports as `std.err`. +∞ once S(t) = 0.
    public let cumulativeHazardStdErr: [Double]
    /// Pointwise confidence limits (see `SurvivalConfidenceType`); nil where R gives NA or NaN.
    public let lower: [Double?]
    public let upper: [Double?]
    public let confidenceType: SurvivalConfidenceType
    public let confidenceLevel: Double
    /// Median survival with its Brookmeyer & Crowley (1982) interval, as `print(survfit)` reports.
    public let median: SurvivalQuantile

    init(name: String, table: EventTable, confidenceType: SurvivalConfidenceType, confidenceLevel: Double) {
        let m = table.time.count
        var nRisk = [Int](repeating: 0, count: m)
        var survival = [Double](repeating: 0, count: m)
        var hazardSE = [Double](repeating: 0, count: m)
        var stdErr = [Double?](repeating: nil, count: m)
        var lower = [Double?](repeating: nil, count: m)
        var upper = [Double?](repeating: nil, count: m)
        let z = SpecialFunctions.normalQuantile(1 - (1 - confidenceLevel) / 2)
        var atRisk = table.subjects, s = 1.0, greenwood = 0.0, events = 0
        for i in 0..<m {
            let d = table.nEvent[i]
            nRisk[i] = atRisk
            if d > 0 {
                events += d
                let nd = Double(atRisk), dd = Double(d)
                s *= (nd - dd) / nd
                // Greenwood (1926): Var(log S) = Σ d/(n(n−d)); infinite when the last at risk all fail.
                greenwood += atRisk == d ? .infinity : dd / (nd * (nd - dd))
            }
            survival[i] = s
            let se = greenwood.squareRoot()
            hazardSE[i] = se
            stdErr[i] = s > 0 ? s * se : nil
            (lower[i], upper[i]) = KaplanMeierCurve.limits(s: s, se: se, z: z, type: confidenceType)
            atRisk -= d + table.nCensor[i]
        }
        self.name = name; self.n = table.subjects; self.events = events
        self.time = table.time; self.nRisk = nRisk; self.nEvent = table.nEvent; self.nCensor = table.nCensor
        self.survival = survival; self.stdErr = stdErr; self.cumulativeHazardStdErr = hazardSE
        self.lower = lower; self.upper = upper
        self.confidenceType = confidenceType; self.confidenceLevel = confidenceLevel
        self.median = SurvivalQuantile(
            probability: 0.5,
            estimate: KaplanMeierCurve.firstCrossing(survival, table.time),
            lower: KaplanMeierCurve.firstCrossing(lower, table.time),
            upper: KaplanMeierCurve.firstCrossing(upper, table.time))
    }

    /// Pointwise limits exactly as R `survival:::survfit_confint` (se = SE of log S).
    static func limits(s: Double, se: Double, z: Double, type: SurvivalConfidenceType) -> (Double?, Double?) {
        func finite(_ v: Double) -> Double? { v.isNaN ? nil : v }
        switch type {
        case .plain:
            let w = se * s * z
            // R: pmax(p − w, 0) and pmin(p + w, 1); NaN (S = 0, se = ∞) stays missing.
            return (finite(w.isNaN ? .nan : max(s - w, 0)), finite(w.isNaN ? .nan : min(s + w, 1)))
        case .log:
            guard s > 0 else { return (nil, nil) }
            return (finite(Foundation.exp(Foundation.log(s) - z * se)), finite(min(Foundation.exp(Foundation.log(s) + z * se), 1)))
        case .logLog:
            guard s > 0, s < 1 else { return (nil, nil) }
            let ls = Foundation.log(s)
            let w = z * se / ls
            let center = Foundation.log(-ls)
            return (finite(Foundation.exp(-Foundation.exp(center - w))), finite(Foundation.exp(-Foundation.exp(center + w))))
        }
    }

    /// Median by the rule of R `print.survfit` (`survival:::survmean`, `minmin`): the first time the
    /// curve is < 0.5 (within √ε); if it sits at exactly 0.5 there and falls later, the midpoint
    /// of that time and the time it next falls. Applied to the lower and upper confidence curves
    /// this is the Brookmeyer & Crowley (1982) interval: the times where the band crosses 0.5.
    static func firstCrossing(_ y: [Double?], _ x: [Double]) -> Double? {
        let tolerance = Double.ulpOfOne.squareRoot()
        var first: Int?
        for i in 0..<y.count {
            guard let v = y[i], v < 0.5 + tolerance else { continue }
            if let f = first, let fv = y[f] {
                if v < fv { return (x[f] + x[i]) / 2 }
            } else {
                first = i
                if abs(v - 0.5) >= tolerance { return x[i] }
            }
        }
        return first.map { x[$0] }
    }

    static func firstCrossing(_ y: [Double], _ x: [Double]) -> Double? {
        firstCrossing(y.map { Optional($0) }, x)
    }

    /// Survival-time quantile t_p = min{t : S(t) ≤ 1 − p} with its Brookmeyer & Crowley (1982)
    /// interval, by the rule of R `quantile.survfit` (`survival:::findq`): on a flat stretch at
    /// exactly 1 − p the midpoint to the next drop (or to the last follow-up time if none).
    public func quantile(_ p: Double) throws -> SurvivalQuantile {
        guard p >= 0, p <= 1 else { throw KaplanMeierError.probabilityOutOfRange(p) }
        let x = [0] + time
        func q(_ curve: [Double?]) -> Double? {
            KaplanMeierCurve.findq(x: x, y: [0] + curve.map { $0.map { 1 - $0 } }, p: p)
        }
        return SurvivalQuantile(probability: p, estimate: q(survival.map { Optional($0) }), lower: q(lower), upper: q(upper))
    }

    /// R `survival:::findq`, transcribed for one probability; `y` = 1 − curve, missing as nil.
    static func findq(x allX: [Double], y allY: [Double?], p: Double) -> Double? {
        let tol = Double.ulpOfOne.squareRoot()
        guard let maxY = allY.compactMap({ $0 }).max(), maxY >= p else { return nil }
        guard let xmax = allX.last else { return nil }
        // Drop repeated y values (R `duplicated`, which treats all missing values as one value).
        var x: [Double] = [], y: [Double?] = []
        var seen = Set<Double>(), seenMissing = false
        for (xv, yv) in zip(allX, allY) {
            if let v = yv { if seen.insert(v).inserted { x.append(xv); y.append(v) } }
            else if !seenMissing { seenMissing = true; x.append(xv); y.append(nil) }
        }
        if p == 0 { return x.first }
        // R `approx(y ± tol, 1:n, p, method = "constant", f = 1)`: approx sorts the knots by
        // their value (a confidence limit need not be monotone), then takes the first knot ≥ p;
        // missing outside the knots' range.
        func index(_ shift: Double) -> Int? {
            let knots = y.indices.compactMap { i in y[i].map { (i, $0 + shift) } }.sorted { $0.1 < $1.1 }
            guard let lo = knots.first, let hi = knots.last, p >= lo.1, p <= hi.1 else { return nil }
            return knots.first(where: { $0.1 >= p })?.0
        }
        let i1 = index(tol), i2 = index(-tol)
        // R overrides the midpoint when p equals the curve's final value: the flat stretch then
        // runs to the last follow-up time.
        if let last = y.last, let lastY = last, abs(p - lastY) < tol {
            return i1.map { (x[$0] + xmax) / 2 }
        }
        guard let i1, let i2 else { return nil }
        return (x[i1] + x[i2]) / 2
    }

    /// Index of the last distinct time ≤ t, or nil before the first.
    private func lastIndex(atOrBefore t: Double) -> Int? {
        var lo = 0, hi = time.count
        while lo < hi { let mid = (lo + hi) / 2; if time[mid] <= t { lo = mid + 1 } else { hi = mid } }
        return lo == 0 ? nil : lo - 1
    }

    /// Number at risk at `t`: subjects whose follow-up is ≥ t (R `summary(fit, times = t)$n.risk`).
    public func numberAtRisk(at t: Double) -> Int {
        var lo = 0, hi = time.count
        while lo < hi { let mid = (lo + hi) / 2; if time[mid] < t { lo = mid + 1 } else { hi = mid } }
        return lo < time.count ? nRisk[lo] : 0
    }

    /// S(t) and its interval at a landmark, reading the right-continuous step function as R
    /// `summary(fit, times = t, extend = TRUE)` does.
    public func survival(at t: Double) -> LandmarkSurvival {
        let risk = numberAtRisk(at: t)
        let beyond = time.last.map { t > $0 } ?? true
        guard let i = lastIndex(atOrBefore: t) else {
            // Before the first observed time R's summary() reports S = 1 with limits [1, 1]
            // whatever the interval type.
            return LandmarkSurvival(time: t, nRisk: risk, survival: 1, stdErr: 0, lower: 1, upper: 1, beyondFollowUp: beyond)
        }
        return LandmarkSurvival(time: t, nRisk: risk, survival: survival[i], stdErr: stdErr[i], lower: lower[i], upper: upper[i], beyondFollowUp: beyond)
    }
}
