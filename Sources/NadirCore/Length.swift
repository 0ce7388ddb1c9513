/// A lesion diameter or a sum of diameters, held as an integer number of micrometres.
///
/// RECIST 1.1 thresholds are ratios (−30 % from baseline, +20 % over nadir) and an absolute
/// +5 mm. Comparing doubles at those thresholds misclassifies exact boundary cases
/// (70.0 vs 0.7 × 100.0); integer micrometres make every comparison exact. Inputs are rounded
/// to the nearest micrometre, far below any radiological measurement precision (0.1 mm).
public struct Length: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let micrometres: Int64

    public init(micrometres: Int64) { self.micrometres = micrometres }

    /// From millimetres; `nil` for NaN, infinities or absurd values (over 10 m).
    public init?(millimetres: Double) {
        guard millimetres.isFinite, abs(millimetres) < 10_000_000 else { return nil }
        self.micrometres = Int64((millimetres * 1000).rounded(.toNearestOrAwayFromZero))
    }

    public static let zero = Length(micrometres: 0)
    public static func mm(_ value: Int64) -> Length { Length(micrometres: value * 1000) }

    public var millimetres: Double { Double(micrometres) / 1000 }

    public static func + (a: Length, b: Length) -> Length { Length(micrometres: a.micrometres + b.micrometres) }
    public static func - (a: Length, b: Length) -> Length { Length(micrometres: a.micrometres - b.micrometres) }
    public static func < (a: Length, b: Length) -> Bool { a.micrometres < b.micrometres }

    /// Millimetres with no trailing zeros and at most three decimals: `57`, `57.5`, `0.125`.
    public var description: String {
        let sign = micrometres < 0 ? "-" : ""
        let v = micrometres.magnitude
        let whole = v / 1000, frac = v % 1000
        if frac == 0 { return "\(sign)\(whole)" }
        var f = String(frac)
        f = String(repeating: "0", count: 3 - f.count) + f
        while f.hasSuffix("0") { f.removeLast() }
        return "\(sign)\(whole).\(f)"
    }
}
