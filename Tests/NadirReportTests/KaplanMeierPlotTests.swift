import Testing
@testable import NadirReport

/// Kaplan–Meier geometry against R `survival` on the AML data (Tests/Fixtures/report/aml-km.R):
/// a step falls exactly at each event time to the survival R reports, censoring ticks sit at
/// censoring times on the curve, the risk table prints R's numbers at risk under their times.
struct KaplanMeierPlotTests {
    static let riskTimes: [Double] = [0, 12, 24, 36, 48, 60]

    /// The R table as curves, one per stratum.
    static func amlCurves() throws -> [KaplanMeierSeries] {
        let rows = try Fixtures.csvRows("aml-km.csv")
        let strata = rows.map { $0[0] }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        return strata.map { stratum in
            let steps = rows.filter { $0[0] == stratum }.map { r in
                KaplanMeierStep(time: Double(r[1])!, numberAtRisk: Int(r[2])!, numberOfEvents: Int(r[3])!,
                                numberCensored: Int(r[4])!, survival: Double(r[5])!,
                                lowerConfidenceLimit: Double(r[6]), upperConfidenceLimit: Double(r[7]))
            }
            var curve = KaplanMeierSeries(stratum: stratum, steps: steps)
            curve.numbersAtRisk = NumbersAtRisk.counts(at: riskTimes, steps: steps)
            return curve
        }
    }

    static func amlPlot() throws -> KaplanMeierPlot {
        KaplanMeierPlot(id: "km-aml", title: "AML maintenance", endpointAbbreviation: "OS", timeUnit: .weeks,
                        curves: try amlCurves(), riskTableTimes: riskTimes)
    }

    @Test(arguments: ["Maintained", "Nonmaintained"])
    func stepsFallAtEventTimesToTheEstimate(stratum: String) throws {
        let plot = try Self.amlPlot()
        let svg = plot.svg()
        let x = DrawnAxis(svg: svg, axis: "x"), y = DrawnAxis(svg: svg, axis: "y")
        let curve = try #require(plot.curves.first { $0.stratum == stratum })
        let group = try #require(svg.components(separatedBy: "<g class=\"km-curve\" data-stratum=\"\(stratum)\">").dropFirst().first)
        let path = try #require(MarkupInspection.elements(group, named: "path", withClass: "km-step").first?["d"])

        // Walk the path: record each vertical move as a drop (x, new y).
        var drops: [(x: Double, y: Double)] = []
        var cx = 0.0, cy = 0.0
        for (command, numbers) in MarkupInspection.pathCommands(path) {
            switch command {
            case "M": cx = numbers[0]; cy = numbers[1]
                #expect(abs(cx - x.position(0)) <= 0.011 && abs(cy - y.position(1)) <= 0.011, "starts at (0, 1)")
            case "H": #expect(numbers[0] >= cx, "time never runs backwards"); cx = numbers[0]
            case "V": #expect(numbers[0] >= cy, "survival never increases"); cy = numbers[0]; drops.append((cx, cy))
            default: Issue.record("unexpected path command \(command)")
            }
        }
        let events = curve.steps.filter { $0.numberOfEvents > 0 }
        #expect(drops.count == events.count)
        for (drop, step) in zip(drops, events) {
            #expect(abs(drop.x - x.position(step.time)) <= 0.011, "drop at t = \(step.time)")
            #expect(abs(y.value(drop.y) - step.survival) < 1e-3, "level after t = \(step.time)")
        }
        // The curve runs on to the last observed time (a censoring in the maintained arm: 161).
        #expect(abs(cx - x.position(curve.steps.last!.time)) <= 0.011)
    }

    @Test(arguments: ["Maintained", "Nonmaintained"])
    func censorTicksAtCensoringTimesOnTheCurve(stratum: String) throws {
        let plot = try Self.amlPlot()
        let svg = plot.svg()
        let x = DrawnAxis(svg: svg, axis: "x"), y = DrawnAxis(svg: svg, axis: "y")
        let group = try #require(svg.components(separatedBy: "<g class=\"km-curve\" data-stratum=\"\(stratum)\">").dropFirst().first)
            .components(separatedBy: "</g>")[0]
        let ticks = MarkupInspection.elements(group, named: "path", withClass: "censor-tick")
        let rows = try Fixtures.csvRows("aml-km.csv").filter { $0[0] == stratum && Int($0[4])! > 0 }
        #expect(ticks.count == rows.count)
        for (tick, row) in zip(ticks, rows) {
            let (t, s) = (Double(row[1])!, Double(row[5])!)
            #expect(tick.number("data-time") == t)
            let start = MarkupInspection.pathCommands(tick["d"]!)[0].1
            #expect(abs(start[0] - x.position(t)) <= 0.011)
            // Tick is centred on the curve: its midpoint is at the survival level.
            let end = MarkupInspection.pathCommands(tick["d"]!)[1].1[0]
            #expect(abs(y.value((start[1] + end) / 2) - s) < 1e-3)
        }
    }

    /// R: summary(fit, times = c(0, 12, 24, 36, 48, 60), extend = TRUE)$n.risk.
    @Test(arguments: ["Maintained", "Nonmaintained"])
    func riskTableMatchesR(stratum: String) throws {
        let svg = try Self.amlPlot().svg()
        let x = DrawnAxis(svg: svg, axis: "x")
        let expected = try Fixtures.csvRows("aml-risk.csv").filter { $0[0] == stratum }.map { (Double($0[1])!, Int($0[2])!) }
        let cells = MarkupInspection.elements(svg, named: "text", withClass: "n-at-risk").filter { $0["data-stratum"] == stratum }
        #expect(cells.count == expected.count)
        for (cell, (t, n)) in zip(cells, expected) {
            #expect(cell.number("data-time") == t)
            #expect(cell["data-count"] == String(n))
            #expect(abs((cell.number("x") ?? .nan) - x.position(t)) <= 0.011, "column under its tick")
        }
        // The printed numbers, not only the data attributes.
        let printed = svg.matches(of: try Regex("data-stratum=\"\(stratum)\" data-time=\"[0-9.]+\" data-count=\"[0-9]+\">([0-9]+)</text>"))
            .compactMap { Int(String($0.output[1].substring ?? "")) }
        #expect(printed == expected.map(\.1))
    }

    @Test func xTicksAreTheRiskTableTimes() throws {
        let svg = try Self.amlPlot().svg()
        #expect(DrawnAxis(svg: svg, axis: "x").ticks.map(\.value) == Self.riskTimes)
        #expect(DrawnAxis(svg: svg, axis: "y").ticks.map(\.value) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(svg.contains(">Probability of OS</text>"))
        #expect(svg.contains(">Time (weeks)</text>"))
    }

    /// The band is stepwise: its vertices only take the values of the confidence limits (or 1
    /// before the first event), and it stops where R reports NA (survival 0 in Nonmaintained).
    @Test func confidenceBandIsStepwiseAndStopsAtNA() throws {
        let plot = try Self.amlPlot()
        let svg = plot.svg()
        let x = DrawnAxis(svg: svg, axis: "x"), y = DrawnAxis(svg: svg, axis: "y")
        for curve in plot.curves {
            let limits = Set(curve.steps.flatMap { [$0.lowerConfidenceLimit, $0.upperConfidenceLimit] }.compactMap { $0 }.map { ($0 * 1000).rounded() }
                + [1000])
            let bands = MarkupInspection.elements(svg, named: "path", withClass: "ci-band").filter { $0["data-stratum"] == curve.stratum }
            #expect(!bands.isEmpty)
            for band in bands {
                for (command, numbers) in MarkupInspection.pathCommands(band["d"]!) where command == "V" {
                    #expect(limits.contains((y.value(numbers[0]) * 1000).rounded()), "band level \(y.value(numbers[0]))")
                }
                let xs = MarkupInspection.pathCommands(band["d"]!).compactMap { $0.0 == "H" ? $0.1[0] : nil }
                #expect((xs.max() ?? 0) <= x.position(curve.steps.last!.time) + 0.011)
            }
        }
    }

    @Test func medianLinesAtTheGivenMedians() throws {
        var curves = try Self.amlCurves()
        curves[0].median = SurvivalMedian(estimate: 31, lowerConfidenceLimit: 18, upperConfidenceLimit: nil)
        curves[1].median = SurvivalMedian(estimate: 23, lowerConfidenceLimit: 8, upperConfidenceLimit: nil)
        let svg = KaplanMeierPlot(id: "m", title: "t", endpointAbbreviation: "OS", curves: curves, riskTableTimes: Self.riskTimes).svg()
        let x = DrawnAxis(svg: svg, axis: "x"), y = DrawnAxis(svg: svg, axis: "y")
        let drops = MarkupInspection.elements(svg, named: "line", withClass: "median-line").filter { $0["data-median"] != nil }
        #expect(drops.compactMap { $0.number("data-median") } == [31, 23])
        for drop in drops {
            #expect(abs((drop.number("x1") ?? .nan) - x.position(drop.number("data-median")!)) <= 0.011)
            #expect(abs(y.value(drop.number("y1")!) - 0.5) < 1e-3)
        }
        #expect(svg.contains("median 31.0 mo"))
        let hidden = KaplanMeierPlot(id: "m", title: "t", endpointAbbreviation: "OS", curves: curves, showMedian: false).svg()
        #expect(MarkupInspection.elements(hidden, named: "line", withClass: "median-line").isEmpty)
    }

    @Test func hostileStratumNamesAreEscaped() throws {
        var curves = try Self.amlCurves()
        curves[0].stratum = "<script>x</script> & \"arm\""
        let svg = KaplanMeierPlot(id: "h", title: "t", endpointAbbreviation: "PFS", curves: curves, riskTableTimes: Self.riskTimes).svg()
        #expect(!svg.contains("<script"))
        #expect(MarkupInspection.wellFormednessProblems(svg) == [])
        #expect(MarkupInspection.elements(svg, named: "text", withClass: "n-at-risk").contains { $0["data-stratum"] == curves[0].stratum })
    }
}
