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

    /// Appends `description`'s bytes without building a `String` (the batch writers' path).
    public func appendDescription(to out: inout [UInt8]) {
        if micrometres < 0 { out.append(UInt8(ascii: "-")) }
        let v = micrometres.magnitude
        Length.appendDigits(v / 1000, to: &out)
        var frac = v % 1000
        guard frac != 0 else { return }
        out.append(UInt8(ascii: "."))
        var digits = 3
        while frac % 10 == 0 { frac /= 10; digits -= 1 }
        var divisor: UInt64 = 1
        for _ in 1..<digits { divisor *= 10 }
        while divisor > 0 { out.append(UInt8(48 + frac / divisor % 10)); divisor /= 10 }
    }

    /// Decimal digits of a non-negative integer.
    public static func appendDigits(_ value: UInt64, to out: inout [UInt8]) {
        if value < 10 { out.append(UInt8(48 + value)); return }
        var divisor: UInt64 = 1
        while divisor <= value / 10 { divisor *= 10 }
        while divisor > 0 { out.append(UInt8(48 + value / divisor % 10)); divisor /= 10 }
    }

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
