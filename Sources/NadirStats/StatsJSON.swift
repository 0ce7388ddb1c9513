import Foundation

/// JSON and plain-text renderings of the statistics, in the shapes `nadir stats` promises
/// (issue 4). Kept in the library so tests reach them without the command line.
///
/// Numbers are written with Swift's shortest round-trip formatting, so a reader gets back the
/// exact double that was computed; NaN, ±∞ and missing values are written as `null`.
public enum StatsJSON {
    public static func render(_ analysis: SurvivalAnalysis) -> [UInt8] {
        // Strata are rendered independently (number formatting dominates at a million rows),
        // spread over the cores, then joined in order.
        var parts = [[UInt8]](repeating: [], count: analysis.strata.count)
        parts.withUnsafeMutableBufferPointer { out in
            let base = UnsafeSendable(value: out.baseAddress)
            let strata = analysis.strata
            DispatchQueue.concurrentPerform(iterations: strata.count) { i in
                base.value?.advanced(by: i).pointee = stratum(strata[i])
            }
        }
        var w = JSONWriter()
        w.bytes.reserveCapacity(parts.reduce(64) { $0 + $1.count + 1 })
        w.raw("{\"strata\":[")
        for (i, part) in parts.enumerated() {
            if i > 0 { w.raw(",") }
            w.bytes.append(contentsOf: part)
        }
        w.raw("],\"logrank\":")
        if let lr = analysis.logRank {
            w.raw("{\"chisq\":"); w.double(lr.chisq)
            w.raw(",\"df\":"); w.int(lr.df)
            w.raw(",\"p\":"); w.double(lr.pValue)
            w.raw("}")
        } else {
            w.raw("null")
        }
        w.raw("}\n")
        return w.bytes
    }

    static func stratum(_ c: KaplanMeierCurve) -> [UInt8] {
        var w = JSONWriter()
        w.bytes.reserveCapacity(c.time.count * 120 + 256)
        w.raw("{\"name\":"); w.string(c.name)
        w.raw(",\"n\":"); w.int(c.n)
        w.raw(",\"events\":"); w.int(c.events)
        w.raw(",\"time\":"); w.doubles(c.time)
        w.raw(",\"n_risk\":"); w.ints(c.nRisk)
        w.raw(",\"n_event\":"); w.ints(c.nEvent)
        w.raw(",\"n_censor\":"); w.ints(c.nCensor)
        w.raw(",\"survival\":"); w.doubles(c.survival)
        w.raw(",\"std_err\":"); w.optionalDoubles(c.stdErr)
        w.raw(",\"lower\":"); w.optionalDoubles(c.lower)
        w.raw(",\"upper\":"); w.optionalDoubles(c.upper)
        w.raw(",\"median\":"); w.double(c.median.estimate)
        w.raw(",\"median_lower\":"); w.double(c.median.lower)
        w.raw(",\"median_upper\":"); w.double(c.median.upper)
        w.raw("}")
        return w.bytes
    }

    public static func render(_ b: BinomialInference) -> [UInt8] {
        var w = JSONWriter()
        w.raw("{\"estimate\":"); w.double(b.estimate)
        w.raw(",\"lower\":"); w.double(b.interval.lower)
        w.raw(",\"upper\":"); w.double(b.interval.upper)
        w.raw(",\"p_value\":"); w.double(b.pValue)
        w.raw("}\n")
        return w.bytes
    }

    public static func render(_ s: SimonDesigns) -> [UInt8] {
        var w = JSONWriter()
        func design(_ d: SimonDesign) {
            w.raw("{\"r1\":"); w.int(d.r1)
            w.raw(",\"n1\":"); w.int(d.n1)
            w.raw(",\"r\":"); w.int(d.r)
            w.raw(",\"n\":"); w.int(d.n)
            w.raw(",\"en0\":"); w.double(d.en0)
            w.raw(",\"pet0\":"); w.double(d.pet0)
            w.raw("}")
        }
        w.raw("{\"optimal\":"); design(s.optimal)
        w.raw(",\"minimax\":"); design(s.minimax)
        w.raw("}\n")
        return w.bytes
    }
}

/// Appends JSON tokens to a byte buffer (no intermediate String per value where avoidable).
struct JSONWriter {
    var bytes: [UInt8] = []

    mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func int(_ v: Int) {
        if v == 0 { bytes.append(48); return }
        var x = v.magnitude
        var tmp: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                  UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &tmp) { p in
            while x > 0 { p[n] = UInt8(48 + x % 10); x /= 10; n += 1 }
            if v < 0 { bytes.append(UInt8(ascii: "-")) }
            for i in stride(from: n - 1, through: 0, by: -1) { bytes.append(p[i]) }
        }
    }

    mutating func double(_ v: Double?) {
        guard let v, v.isFinite else { raw("null"); return }
        // Whole numbers below 2^53 print as integers ("12" rather than "12.0").
        if v == v.rounded(), abs(v) < 9_007_199_254_740_992 { int(Int(v)); return }
        bytes.append(contentsOf: v.description.utf8)
    }

    mutating func doubles(_ a: [Double]) {
        bytes.append(UInt8(ascii: "["))
        for (i, v) in a.enumerated() { if i > 0 { bytes.append(UInt8(ascii: ",")) }; double(v) }
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func optionalDoubles(_ a: [Double?]) {
        bytes.append(UInt8(ascii: "["))
        for (i, v) in a.enumerated() { if i > 0 { bytes.append(UInt8(ascii: ",")) }; double(v) }
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func ints(_ a: [Int]) {
        bytes.append(UInt8(ascii: "["))
        for (i, v) in a.enumerated() { if i > 0 { bytes.append(UInt8(ascii: ",")) }; int(v) }
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case 0..<0x20:
                raw("\\u00")
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(hex[Int(b >> 4)]); bytes.append(hex[Int(b & 15)])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
