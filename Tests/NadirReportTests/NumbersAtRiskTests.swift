import Testing
@testable import NadirReport

/// n at risk at t = number of subjects with observed time ≥ t; oracle: R
/// `summary(survfit(Surv(time, status) ~ x, aml), times = …, extend = TRUE)$n.risk` (aml-risk.csv).
struct NumbersAtRiskTests {
    /// survival::aml, observed times per arm (events and censorings).
    static let amlTimes: [String: [Double]] = [
        "Maintained": [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161],
        "Nonmaintained": [5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45],
    ]

    static func rRows() throws -> [(stratum: String, time: Double, nRisk: Int)] {
        try Fixtures.csvRows("aml-risk.csv").map { ($0[0], Double($0[1])!, Int($0[2])!) }
    }

    @Test func fromObservedTimesMatchesR() throws {
        for row in try Self.rRows() {
            #expect(NumbersAtRisk.count(at: row.time, observedTimes: Self.amlTimes[row.stratum]!) == row.nRisk,
                    "\(row.stratum) t = \(row.time)")
        }
    }

    @Test func fromKMStepDataMatchesR() throws {
        let curves = try KaplanMeierPlotTests.amlCurves()
        for row in try Self.rRows() {
            let curve = try #require(curves.first { $0.stratum == row.stratum })
            #expect(NumbersAtRisk.count(at: row.time, steps: curve.steps) == row.nRisk, "\(row.stratum) t = \(row.time)")
        }
    }

    /// Boundaries: at an event time the subject with that time is still at risk (≥, not >).
    @Test(arguments: [(9.0, 11), (9.5, 10), (13.0, 10), (13.01, 8), (161.0, 1), (161.5, 0), (-1.0, 11)])
    func boundaryTimes(t: Double, expected: Int) throws {
        let curve = try #require(try KaplanMeierPlotTests.amlCurves().first { $0.stratum == "Maintained" })
        #expect(NumbersAtRisk.count(at: t, steps: curve.steps) == expected)
        #expect(NumbersAtRisk.count(at: t, observedTimes: Self.amlTimes["Maintained"]!) == expected)
    }
}

/// The column-wise initialiser (the statistics module's layout) builds the same series as rows.
struct KaplanMeierSeriesColumnsTests {
    @Test func columnsEqualRowsAndFillTheRiskTable() throws {
        let rows = try KaplanMeierPlotTests.amlCurves()[0]
        let s = rows.steps
        let columns = try KaplanMeierSeries(
            stratum: rows.stratum, time: s.map(\.time), numberAtRisk: s.map(\.numberAtRisk), numberOfEvents: s.map(\.numberOfEvents),
            numberCensored: s.map(\.numberCensored), survival: s.map(\.survival), lowerConfidenceLimit: s.map(\.lowerConfidenceLimit),
            upperConfidenceLimit: s.map(\.upperConfidenceLimit), riskTableTimes: KaplanMeierPlotTests.riskTimes)
        #expect(columns == rows)
        #expect(columns.numberOfSubjects == 11 && columns.numberOfEvents == 7)
    }

    @Test func unequalColumnsAreAnError() {
        #expect(throws: ReportInputError.columnLengthMismatch(stratum: "A", lengths: [2, 2, 2, 2, 1, 2, 2])) {
            try KaplanMeierSeries(stratum: "A", time: [1, 2], numberAtRisk: [2, 1], numberOfEvents: [1, 1], numberCensored: [0, 0],
                                  survival: [0.5], lowerConfidenceLimit: [nil, nil], upperConfidenceLimit: [nil, nil])
        }
    }
}
