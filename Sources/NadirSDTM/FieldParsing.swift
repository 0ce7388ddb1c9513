import NadirCore

/// Fast, exact parsers for CSV fields given as bytes.
public enum FieldParsing {
    /// A decimal number of millimetres (`23`, `23.45`, `-1.5`, `.5`) as an exact `Length`,
    /// rounded to the micrometre. Exponent forms go through `Double`. `nil` if not a number.
    public static func length(_ b: UnsafeBufferPointer<UInt8>) -> Length? {
        guard !b.isEmpty else { return nil }
        var i = 0
        var negative = false
        if b[0] == UInt8(ascii: "-") || b[0] == UInt8(ascii: "+") { negative = b[0] == UInt8(ascii: "-"); i = 1 }
        var whole: Int64 = 0
        var digits = 0
        while i < b.count, b[i] >= 48, b[i] <= 57 {
            whole = whole * 10 + Int64(b[i] - 48)
            digits += 1
            if digits > 12 { return nil }
            i += 1
        }
        var frac: Int64 = 0
        var fracDigits = 0
        var roundUp = false
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                if fracDigits < 3 {
                    frac = frac * 10 + Int64(b[i] - 48); fracDigits += 1
                } else if fracDigits == 3 {
                    roundUp = b[i] >= 53; fracDigits += 1
                }
                digits += 1
                i += 1
            }
        }
        if i < b.count {
            // Exponent or junk: let Double decide.
            guard let d = Double(String(decoding: b, as: UTF8.self)) else { return nil }
            return Length(millimetres: d)
        }
        guard digits > 0 else { return nil }
        for _ in min(fracDigits, 3)..<3 { frac *= 10 }
        var micrometres = whole * 1000 + frac + (roundUp ? 1 : 0)
        if negative { micrometres = -micrometres }
        return Length(micrometres: micrometres)
    }

    /// A non-negative integer such as VISITNUM (`3`, also `3.0` as SAS exports it).
    public static func integer(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !b.isEmpty else { return nil }
        var i = 0, v = 0
        var negative = false
        if b[0] == UInt8(ascii: "-") { negative = true; i = 1 }
        let digitsStart = i
        while i < b.count, b[i] >= 48, b[i] <= 57 {
            v = v * 10 + Int(b[i] - 48)
            if v > 1_000_000_000 { return nil }
            i += 1
        }
        guard i > digitsStart else { return nil }
        if i < b.count {
            // Accept a zero fraction only ("3.0", "3.00").
            guard b[i] == UInt8(ascii: ".") else { return nil }
            i += 1
            while i < b.count { if b[i] != 48 { return nil }; i += 1 }
        }
        return negative ? -v : v
    }

    /// `YYYY-MM-DD` (a time after `T` is ignored), without allocating.
    public static func date(_ b: UnsafeBufferPointer<UInt8>) -> CalendarDate? { CalendarDate.parse(b) }
}
