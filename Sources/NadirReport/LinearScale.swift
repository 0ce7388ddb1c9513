import Foundation

/// A linear map from a data domain to a pixel range, with "nice" tick values.
///
/// Modelled on d3-scale's `scaleLinear`: the range may be inverted (SVG y grows downwards, so
/// a y scale maps the domain's lower end to the plot's bottom edge).
public struct LinearScale: Hashable, Sendable {
    public var domainStart: Double
    public var domainEnd: Double
    public var rangeStart: Double
    public var rangeEnd: Double

    public init(domain: (Double, Double), range: (Double, Double)) {
        domainStart = domain.0
        domainEnd = domain.1
        rangeStart = range.0
        rangeEnd = range.1
    }

    /// The pixel position of a data value. A degenerate domain maps everything to the range
    /// midpoint rather than dividing by zero.
    public func callAsFunction(_ value: Double) -> Double {
        let span = domainEnd - domainStart
        guard span != 0 else { return (rangeStart + rangeEnd) / 2 }
        return rangeStart + (value - domainStart) / span * (rangeEnd - rangeStart)
    }

    /// The data value at a pixel position.
    public func invert(_ position: Double) -> Double {
        let span = rangeEnd - rangeStart
        guard span != 0 else { return (domainStart + domainEnd) / 2 }
        return domainStart + (position - rangeStart) / span * (domainEnd - domainStart)
    }

    /// Tick values at multiples of 1, 2 or 5 × 10ⁿ inside the domain, about `count` of them.
    public func ticks(count: Int = 5) -> [Double] {
        let lo = min(domainStart, domainEnd), hi = max(domainStart, domainEnd)
        let step = LinearScale.tickStep(lo, hi, count: count)
        guard step > 0, step.isFinite else { return [lo] }
        // As d3 does: for steps below 1 count in whole inverse steps (0.1 → tenths), so
        // 3 / 10 gives 0.3 exactly where 3 × 0.1 gives 0.30000000000000004 and drops the last tick.
        if step < 1 {
            let inverse = (1 / step).rounded()
            var first = (lo * inverse).rounded(), last = (hi * inverse).rounded()
            if first / inverse < lo { first += 1 }
            if last / inverse > hi { last -= 1 }
            guard last >= first else { return [] }
            return stride(from: first, through: last, by: 1).map { $0 / inverse == 0 ? 0 : $0 / inverse }
        }
        var first = (lo / step).rounded(), last = (hi / step).rounded()
        if first * step < lo { first += 1 }
        if last * step > hi { last -= 1 }
        guard last >= first else { return [] }
        return stride(from: first, through: last, by: 1).map { $0 * step == 0 ? 0 : $0 * step }
    }

    /// The same scale with its domain widened outwards to tick multiples, so the axis starts
    /// and ends on a labelled tick.
    public func nice(count: Int = 5) -> LinearScale {
        let lo = min(domainStart, domainEnd), hi = max(domainStart, domainEnd)
        let step = LinearScale.tickStep(lo, hi, count: count)
        guard step > 0, step.isFinite else { return self }
        let niceLo: Double, niceHi: Double
        if step < 1 {
            let inverse = (1 / step).rounded()
            niceLo = (lo * inverse).rounded(.down) / inverse
            niceHi = (hi * inverse).rounded(.up) / inverse
        } else {
            niceLo = (lo / step).rounded(.down) * step
            niceHi = (hi / step).rounded(.up) * step
        }
        var copy = self
        if domainStart <= domainEnd {
            copy.domainStart = niceLo; copy.domainEnd = niceHi
        } else {
            copy.domainStart = niceHi; copy.domainEnd = niceLo
        }
        return copy
    }

    /// Tick spacing: the span divided by `count`, rounded to 1, 2, 5 or 10 × 10ⁿ
    /// (the thresholds √50, √10, √2 are d3's, chosen to minimise the relative rounding error).
    public static func tickStep(_ start: Double, _ stop: Double, count: Int) -> Double {
        let span = abs(stop - start)
        guard span > 0, span.isFinite, count > 0 else { return 0 }
        let rough = span / Double(count)
        let power = (log10(rough)).rounded(.down)
        let base = pow(10, power)
        let error = rough / base
        let factor: Double
        if error >= 50.0.squareRoot() { factor = 10 }
        else if error >= 10.0.squareRoot() { factor = 5 }
        else if error >= 2.0.squareRoot() { factor = 2 }
        else { factor = 1 }
        return factor * base
    }

    /// Number of decimals needed to print ticks of this step without noise ("0.2", not "0.2000001").
    public static func decimals(forStep step: Double) -> Int {
        guard step > 0, step.isFinite else { return 0 }
        return max(0, Int((-log10(step)).rounded(.up)))
    }

}
