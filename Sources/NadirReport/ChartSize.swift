/// Outer size of a chart in CSS pixels (the SVG also carries a viewBox, so it scales).
public struct ChartSize: Hashable, Sendable {
    public var width: Double
    public var height: Double
    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }
}

/// Unit of the time axis. Trials report swimmer and survival time in months (30.4375 days,
/// i.e. 365.25 / 12) and spider-plot time in weeks or days since first dose.
public enum TimeUnit: String, Hashable, Sendable, CaseIterable, Codable {
    case days, weeks, months

    /// Axis-label suffix, e.g. "Time since start of treatment (weeks)".
    public var label: String { rawValue }

    /// Short form for in-chart annotations ("7.4 mo").
    public var abbreviation: String {
        switch self {
        case .days: "d"
        case .weeks: "wk"
        case .months: "mo"
        }
    }
}
