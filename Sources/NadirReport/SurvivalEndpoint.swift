/// A time-to-event endpoint (PFS, OS) as estimated by the statistics module: its Kaplan–Meier
/// curves (one per stratum), medians, landmark rates and the times of the risk table.
public struct SurvivalEndpoint: Hashable, Sendable {
    /// e.g. "Progression-free survival".
    public var endpointName: String
    /// e.g. "PFS"; the y axis reads "Probability of PFS".
    public var abbreviation: String
    public var timeUnit: TimeUnit
    public var curves: [KaplanMeierSeries]
    /// Times of the x-axis ticks and of the numbers-at-risk columns.
    public var riskTableTimes: [Double]
    public var confidenceLevel: Double
    /// How the numbers were obtained, printed under the table, e.g.
    /// "Kaplan–Meier; Greenwood variance, log–log CI; median CI by Brookmeyer–Crowley".
    public var methodNote: String?

    public init(endpointName: String, abbreviation: String, timeUnit: TimeUnit = .months, curves: [KaplanMeierSeries],
                riskTableTimes: [Double], confidenceLevel: Double = 0.95, methodNote: String? = nil) {
        self.endpointName = endpointName
        self.abbreviation = abbreviation
        self.timeUnit = timeUnit
        self.curves = curves
        self.riskTableTimes = riskTableTimes
        self.confidenceLevel = confidenceLevel
        self.methodNote = methodNote
    }

    /// The plot for this endpoint with the report's defaults.
    public func plot(id: String) -> KaplanMeierPlot {
        KaplanMeierPlot(id: id, title: "\(endpointName) (\(abbreviation))", endpointAbbreviation: abbreviation,
                        timeUnit: timeUnit, curves: curves, riskTableTimes: riskTableTimes,
                        confidenceLevel: confidenceLevel)
    }
}
