/// DICOM DA values (`YYYYMMDD`, PS3.5 §6.2) as day numbers, without Foundation's calendar, so the
/// timepoint arithmetic is pure and time-zone free.
public enum DicomDate {
    /// Days since 1970-01-01 in the proleptic Gregorian calendar, or nil if `da` is not a valid
    /// `YYYYMMDD` date. Accepts the ACR-NEMA `YYYY.MM.DD` form too, as PS3.5 asks readers to.
    public static func dayNumber(_ da: String) -> Int? {
        let digits = da.filter { $0 != "." }
        guard digits.count == 8, digits.allSatisfy(\.isASCII), let v = Int(digits) else { return nil }
        let y = v / 10000, m = (v / 100) % 100, d = v % 100
        guard (1 ... 12).contains(m), d >= 1, d <= daysIn(month: m, year: y) else { return nil }
        // Howard Hinnant's days_from_civil.
        let yy = m <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The `YYYYMMDD` string for a day number (inverse of `dayNumber`).
    public static func string(dayNumber z0: Int) -> String {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func pad(_ v: Int, _ n: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, n - s.count)) + s
        }
        return pad(y, 4) + pad(m, 2) + pad(d, 2)
    }

    private static func daysIn(month m: Int, year y: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
