/// Numbers at risk for the table under a Kaplan–Meier plot.
///
/// At time t the number at risk is the number of subjects whose observed time (event or
/// censoring) is ≥ t — R `summary(survfit, times = t)$n.risk`.
public enum NumbersAtRisk {
    /// From raw observed times.
    public static func count(at t: Double, observedTimes: [Double]) -> Int {
        observedTimes.filter { $0 >= t }.count
    }

    /// From KM step data (time, n.risk): the `n.risk` of the first row at or after t. That row's
    /// n.risk counts exactly the subjects with time ≥ its time, and because the table lists every
    /// observed time no subject's time lies in [t, row time). Past the last row nobody is at risk.
    public static func count(at t: Double, steps: [KaplanMeierStep]) -> Int {
        steps.filter { $0.time >= t }.min { $0.time < $1.time }?.numberAtRisk ?? 0
    }

    /// One count per time, for `KaplanMeierSeries.numbersAtRisk`.
    public static func counts(at times: [Double], steps: [KaplanMeierStep]) -> [Int] {
        times.map { count(at: $0, steps: steps) }
    }
}
