/// A proportion with its exact confidence interval and, optionally, the test against a
/// historical (null) rate — ORR, DCR, local-treatment proportion. All numbers are given by the
/// statistics module; the report only formats them.
public struct BinomialEstimate: Hashable, Sendable {
    /// e.g. "Objective response rate (CR + PR)".
    public var label: String
    /// Subjects with the outcome (x).
    public var count: Int
    /// Subjects in the analysis set (n).
    public var total: Int
    public var lowerConfidenceLimit: Double
    public var upperConfidenceLimit: Double
    public var confidenceLevel: Double
    /// e.g. "Clopper–Pearson".
    public var intervalMethod: String
    public var test: HistoricalRateTest?

    public init(label: String, count: Int, total: Int, lowerConfidenceLimit: Double, upperConfidenceLimit: Double,
                confidenceLevel: Double = 0.95, intervalMethod: String = "Clopper–Pearson", test: HistoricalRateTest? = nil) {
        self.label = label
        self.count = count
        self.total = total
        self.lowerConfidenceLimit = lowerConfidenceLimit
        self.upperConfidenceLimit = upperConfidenceLimit
        self.confidenceLevel = confidenceLevel
        self.intervalMethod = intervalMethod
        self.test = test
    }

    /// x / n; 0 for an empty set (shown with n = 0, so not misleading).
    public var proportion: Double { total > 0 ? Double(count) / Double(total) : 0 }
}

/// An exact binomial test of the observed proportion against a historical rate (R `binom.test`).
public struct HistoricalRateTest: Hashable, Sendable {
    /// The null rate p0.
    public var historicalRate: Double
    public var pValue: Double
    /// e.g. "one-sided, greater" or "two-sided".
    public var alternative: String
    /// e.g. "Exact binomial test".
    public var method: String

    public init(historicalRate: Double, pValue: Double, alternative: String = "one-sided, greater",
                method: String = "Exact binomial test") {
        self.historicalRate = historicalRate
        self.pValue = pValue
        self.alternative = alternative
        self.method = method
    }
}
