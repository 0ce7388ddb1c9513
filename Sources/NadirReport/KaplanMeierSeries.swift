/// One stratum (arm, cohort, or "All patients") of a Kaplan–Meier plot.
public struct KaplanMeierSeries: Hashable, Sendable {
    public var stratum: String
    /// The KM table in time order, every distinct observed time (see `KaplanMeierStep`).
    public var steps: [KaplanMeierStep]
    /// Subjects in the stratum (R `n`); defaults to the first row's n.risk.
    public var numberOfSubjects: Int
    public var median: SurvivalMedian?
    public var landmarks: [LandmarkRate]
    /// Numbers at risk printed under the axis, one per `KaplanMeierPlot.riskTableTimes` entry,
    /// as computed by the statistics module (or by `NumbersAtRisk.count(at:steps:)`).
    public var numbersAtRisk: [Int]

    public init(stratum: String, steps: [KaplanMeierStep], numberOfSubjects: Int? = nil,
                median: SurvivalMedian? = nil, landmarks: [LandmarkRate] = [], numbersAtRisk: [Int] = []) {
        self.stratum = stratum
        self.steps = steps.sorted { $0.time < $1.time }
        self.numberOfSubjects = numberOfSubjects ?? (self.steps.first?.numberAtRisk ?? 0)
        self.median = median
        self.landmarks = landmarks
        self.numbersAtRisk = numbersAtRisk
    }

    public var numberOfEvents: Int { steps.reduce(0) { $0 + $1.numberOfEvents } }

    /// The estimate at time t: the survival of the last row at or before t with events, 1 before the first event.
    public func survival(at t: Double) -> Double {
        var level = 1.0
        for step in steps where step.time <= t && step.numberOfEvents > 0 { level = step.survival }
        return level
    }
}

extension KaplanMeierSeries {
    /// From the columns of a `survfit`-style table (time, n.risk, n.event, n.censor, surv,
    /// lower, upper), which is how the statistics module stores a curve. Columns of unequal
    /// length are an error rather than silently truncated.
    public init(stratum: String, time: [Double], numberAtRisk: [Int], numberOfEvents: [Int], numberCensored: [Int],
                survival: [Double], lowerConfidenceLimit: [Double?], upperConfidenceLimit: [Double?],
                numberOfSubjects: Int? = nil, median: SurvivalMedian? = nil, landmarks: [LandmarkRate] = [],
                riskTableTimes: [Double] = []) throws(ReportInputError) {
        let lengths = [time.count, numberAtRisk.count, numberOfEvents.count, numberCensored.count, survival.count,
                       lowerConfidenceLimit.count, upperConfidenceLimit.count]
        guard Set(lengths).count == 1 else { throw .columnLengthMismatch(stratum: stratum, lengths: lengths) }
        let steps = time.indices.map { i in
            KaplanMeierStep(time: time[i], numberAtRisk: numberAtRisk[i], numberOfEvents: numberOfEvents[i],
                            numberCensored: numberCensored[i], survival: survival[i],
                            lowerConfidenceLimit: lowerConfidenceLimit[i], upperConfidenceLimit: upperConfidenceLimit[i])
        }
        self.init(stratum: stratum, steps: steps, numberOfSubjects: numberOfSubjects, median: median, landmarks: landmarks,
                  numbersAtRisk: NumbersAtRisk.counts(at: riskTableTimes, steps: steps))
    }
}
