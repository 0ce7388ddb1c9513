/// One row of a Kaplan–Meier table, with the columns of R's `survfit` summary
/// (`time, n.risk, n.event, n.censor, surv, lower, upper`).
///
/// The table must list every distinct observed time, event or censoring (R's default,
/// `censor = TRUE`): numbers at risk and censoring ticks are read from it.
public struct KaplanMeierStep: Hashable, Sendable {
    public var time: Double
    /// Subjects with observed time ≥ `time` (R `n.risk`).
    public var numberAtRisk: Int
    public var numberOfEvents: Int
    public var numberCensored: Int
    /// Survival estimate just after `time` (the product-limit estimate including this row's events).
    public var survival: Double
    /// Confidence limits for `survival`; `nil` where not estimable (R prints NA, e.g. once survival is 0).
    public var lowerConfidenceLimit: Double?
    public var upperConfidenceLimit: Double?

    public init(time: Double, numberAtRisk: Int, numberOfEvents: Int, numberCensored: Int, survival: Double,
                lowerConfidenceLimit: Double? = nil, upperConfidenceLimit: Double? = nil) {
        self.time = time
        self.numberAtRisk = numberAtRisk
        self.numberOfEvents = numberOfEvents
        self.numberCensored = numberCensored
        self.survival = survival
        self.lowerConfidenceLimit = lowerConfidenceLimit
        self.upperConfidenceLimit = upperConfidenceLimit
    }
}

/// A median survival time with its confidence interval; `nil` parts print as "NR" (not reached)
/// or "NE" (not estimable), as in CSR tables.
public struct SurvivalMedian: Hashable, Sendable {
    public var estimate: Double?
    public var lowerConfidenceLimit: Double?
    public var upperConfidenceLimit: Double?

    public init(estimate: Double?, lowerConfidenceLimit: Double? = nil, upperConfidenceLimit: Double? = nil) {
        self.estimate = estimate
        self.lowerConfidenceLimit = lowerConfidenceLimit
        self.upperConfidenceLimit = upperConfidenceLimit
    }
}

/// Event-free probability at a fixed time (e.g. 6-month PFS rate) with its confidence interval.
public struct LandmarkRate: Hashable, Sendable {
    public var time: Double
    public var survival: Double?
    public var lowerConfidenceLimit: Double?
    public var upperConfidenceLimit: Double?

    public init(time: Double, survival: Double?, lowerConfidenceLimit: Double? = nil, upperConfidenceLimit: Double? = nil) {
        self.time = time
        self.survival = survival
        self.lowerConfidenceLimit = lowerConfidenceLimit
        self.upperConfidenceLimit = upperConfidenceLimit
    }
}
