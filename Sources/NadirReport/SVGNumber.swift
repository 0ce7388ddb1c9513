/// Locale-free number formatting for SVG coordinates and chart labels.
///
/// Why not `String(format:)` or `formatted()`: both may consult a locale (decimal comma in
/// `de_DE`), and the report must be byte-identical on every machine so that a re-run can be
/// diffed against the archived copy.
public enum SVGNumber {
    /// `value` rounded half away from zero to at most `decimals` places, trailing zeros dropped,
    /// no exponent, no thousands separator, never "-0". Non-finite values print as "0" because
    /// an SVG attribute cannot hold NaN and a chart must still render.
    public static func format(_ value: Double, decimals: Int = 2) -> String {
        fixed(value, decimals: decimals, trimZeros: true)
    }

    /// Exactly `decimals` places (for tables: "12.0", "4.50").
    public static func fixed(_ value: Double, decimals: Int) -> String {
        fixed(value, decimals: decimals, trimZeros: false)
    }

    private static func fixed(_ value: Double, decimals: Int, trimZeros: Bool) -> String {
        guard value.isFinite else { return "0" }
        let places = max(0, min(decimals, 9))
        var factor: Int64 = 1
        for _ in 0..<places { factor *= 10 }
        // Values beyond ±9e9 do not occur in a chart; clamp rather than trap on Int64 overflow.
        let magnitude = min(abs(value), 9e9)
        let scaled = Int64((magnitude * Double(factor)).rounded(.toNearestOrAwayFromZero))
        let integerPart = scaled / factor
        let fractionPart = scaled % factor
        var text = String(integerPart)
        if places > 0 {
            var fraction = String(fractionPart)
            while fraction.count < places { fraction = "0" + fraction }
            if trimZeros {
                while fraction.hasSuffix("0") { fraction.removeLast() }
            }
            if !fraction.isEmpty { text += "." + fraction }
        }
        if value < 0 && scaled != 0 { text = "-" + text }
        return text
    }

    /// A percentage for tables, e.g. `41.7`; one decimal is the convention in CSR tables.
    public static func percent(_ proportion: Double, decimals: Int = 1) -> String {
        fixed(proportion * 100, decimals: decimals)
    }

    /// A p-value as reported in clinical study reports: three decimals, "<0.001" below that.
    public static func pValue(_ p: Double) -> String {
        guard p.isFinite else { return "NA" }
        if p < 0.001 { return "<0.001" }
        if p > 0.999 { return ">0.999" }
        return fixed(p, decimals: 3)
    }
}
