/// Kaplan–Meier plot: step curves per stratum with stepwise confidence bands, censoring ticks,
/// optional median lines, and the numbers-at-risk table under the time axis.
public struct KaplanMeierPlot: Sendable {
    public var id: String
    public var title: String
    /// "PFS", "OS", "DoR"…; the y axis reads "Probability of <endpoint>".
    public var endpointAbbreviation: String
    public var timeUnit: TimeUnit
    public var curves: [KaplanMeierSeries]
    /// Times of the x-axis ticks and of the numbers-at-risk columns (e.g. 0, 3, 6, … months).
    /// Empty: ticks are chosen automatically and no risk table is drawn.
    public var riskTableTimes: [Double]
    public var showConfidenceBands: Bool
    public var showMedian: Bool
    /// For the chart description only (the limits themselves come with the steps).
    public var confidenceLevel: Double
    public var width: Double
    public var plotHeight: Double

    public init(id: String, title: String, endpointAbbreviation: String, timeUnit: TimeUnit = .months,
                curves: [KaplanMeierSeries], riskTableTimes: [Double] = [], showConfidenceBands: Bool = true,
                showMedian: Bool = true, confidenceLevel: Double = 0.95, width: Double = 900, plotHeight: Double = 360) {
        self.id = XMLEscaping.identifierToken(id)
        self.title = title
        self.endpointAbbreviation = endpointAbbreviation
        self.timeUnit = timeUnit
        self.curves = curves
        self.riskTableTimes = riskTableTimes.sorted()
        self.showConfidenceBands = showConfidenceBands
        self.showMedian = showMedian
        self.confidenceLevel = confidenceLevel
        self.width = width
        self.plotHeight = plotHeight
    }

    public var yAxisTitle: String { "Probability of \(endpointAbbreviation)" }
    public var xAxisTitle: String { "Time (\(timeUnit.label))" }

    static let riskRowHeight = 17.0

    public var height: Double {
        let riskRows = riskTableTimes.isEmpty ? 0 : Double(curves.count) * KaplanMeierPlot.riskRowHeight + 30
        return top + plotHeight + 50 + riskRows + 8
    }

    private var legend: ChartLegend {
        ChartLegend(items: curves.enumerated().map { i, curve in
            var label = "\(curve.stratum) (n = \(curve.numberOfSubjects), events = \(curve.numberOfEvents)"
            if showMedian {
                label += "; median " + (curve.median?.estimate.map { SVGNumber.fixed($0, decimals: 1) + " " + timeUnit.abbreviation } ?? "NR")
            }
            label += ")"
            return .init(label: label,
                         swatch: .line(colour: ChartPalette.stratumColour(i), dash: ChartPalette.stratumDash(i), marker: nil),
                         key: curve.stratum)
        })
    }

    private var left: Double {
        // The risk table's stratum labels (from x = 26) sit left of the first column (time 0).
        let longest = curves.map { SVG.estimatedWidth($0.stratum, size: 10) }.max() ?? 0
        return min(240, max(78, 26 + longest + 18))
    }

    private var plotWidth: Double { width - left - 30 }

    private var top: Double {
        34 + Double(max(1, legend.rowCount(maxWidth: plotWidth))) * ChartLegend.rowHeight + 8
    }

    public func svg() -> String {
        let left = self.left, plotWidth = self.plotWidth, top = self.top
        let plotBottom = top + plotHeight
        let lastTime = curves.flatMap(\.steps).map(\.time).filter(\.isFinite).max() ?? 1
        let xEnd = max(riskTableTimes.last ?? 0, lastTime, 1e-9)
        var x = LinearScale(domain: (0, xEnd), range: (left, left + plotWidth))
        if riskTableTimes.isEmpty { x = x.nice(count: 8) }
        let xTicks = riskTableTimes.isEmpty ? x.ticks(count: 8) : riskTableTimes
        let y = LinearScale(domain: (0, 1), range: (plotBottom, top))
        let xAxis = ChartAxis(edge: .bottom, scale: x, ticks: xTicks, title: xAxisTitle, position: plotBottom,
                              gridExtent: (top, plotBottom))
        let yAxis = ChartAxis(edge: .left, scale: y, ticks: [0, 0.2, 0.4, 0.6, 0.8, 1.0], title: yAxisTitle,
                              position: left, gridExtent: (left, left + plotWidth), tickDecimals: 1)

        var body: [String] = []
        body.append(SVG.text(title, x: left, y: 20, size: 15, weight: "bold", extra: [("class", "chart-title")]))
        body.append(legend.svg(x: left, y: 38, maxWidth: plotWidth))
        body.append(yAxis.gridSVG())
        body.append(xAxis.gridSVG())

        if showConfidenceBands {
            for (i, curve) in curves.enumerated() {
                for d in bandPaths(curve, x: x, y: y) {
                    body.append(SVG.element("path", [("class", "ci-band"), ("data-stratum", curve.stratum), ("d", d),
                                                     ("fill", ChartPalette.stratumColour(i)), ("fill-opacity", "0.13"),
                                                     ("stroke", "none")]))
                }
            }
        }
        if showMedian {
            let medians = curves.compactMap { $0.median?.estimate }.filter { $0.isFinite && $0 <= xEnd }
            if let longest = medians.max() {
                body.append(SVG.line(x1: left, y1: y(0.5), x2: x(longest), y2: y(0.5), stroke: ChartPalette.referenceLine,
                                     width: 1, dash: "4 3", extra: [("class", "median-line")]))
                for m in medians {
                    body.append(SVG.line(x1: x(m), y1: y(0.5), x2: x(m), y2: plotBottom, stroke: ChartPalette.referenceLine,
                                         width: 1, dash: "4 3", extra: [("class", "median-line"), ("data-median", SVGNumber.format(m, decimals: 4))]))
                }
            }
        }
        for (i, curve) in curves.enumerated() {
            let colour = ChartPalette.stratumColour(i)
            body.append("<g class=\"km-curve\"" + SVG.attributes([("data-stratum", curve.stratum)]) + ">")
            body.append(SVG.title("\(curve.stratum): \(curve.numberOfEvents) events in \(curve.numberOfSubjects) subjects"))
            body.append(SVG.element("path", [("class", "km-step"), ("d", stepPath(curve, x: x, y: y)), ("fill", "none"),
                                             ("stroke", colour), ("stroke-width", "2"),
                                             ("stroke-dasharray", ChartPalette.stratumDash(i))]))
            for step in curve.steps where step.numberCensored > 0 {
                let level = curve.survival(at: step.time)
                body.append(MarkerShape.verticalTick.svg(
                    x: x(step.time), y: y(level), size: 9, colour: colour,
                    attributes: SVG.attributes([("class", "censor-tick"), ("data-time", SVGNumber.format(step.time, decimals: 4)),
                                                ("data-survival", SVGNumber.format(level, decimals: 6))]).trimmingLeadingSpace()))
            }
            body.append("</g>")
        }
        body.append(xAxis.svg())
        body.append(yAxis.svg())

        if !riskTableTimes.isEmpty {
            var rowY = plotBottom + 62
            body.append(SVG.text("Number at risk", x: 8, y: rowY, size: 11, weight: "bold"))
            body.append("<g class=\"risk-table\">")
            for (i, curve) in curves.enumerated() {
                rowY += KaplanMeierPlot.riskRowHeight
                let colour = ChartPalette.stratumColour(i)
                body.append(SVG.line(x1: 8, y1: rowY - 4, x2: 22, y2: rowY - 4, stroke: colour, width: 2,
                                     dash: ChartPalette.stratumDash(i)))
                body.append(SVG.text(curve.stratum, x: 26, y: rowY, size: 10, fill: ChartPalette.ink))
                for (t, n) in zip(riskTableTimes, curve.numbersAtRisk) {
                    body.append(SVG.text(String(n), x: x(t), y: rowY, anchor: .middle, size: 10, fill: ChartPalette.ink,
                                         extra: [("class", "n-at-risk"), ("data-stratum", curve.stratum),
                                                 ("data-time", SVGNumber.format(t, decimals: 4)), ("data-count", String(n))]))
                }
            }
            body.append("</g>")
        }

        let level = SVGNumber.format(confidenceLevel * 100, decimals: 1)
        var desc = "Kaplan-Meier plot of \(endpointAbbreviation) over time (\(timeUnit.label)) for "
        desc += curves.map { "\($0.stratum) (\($0.numberOfSubjects) subjects, \($0.numberOfEvents) events)" }.joined(separator: ", ")
        desc += showConfidenceBands ? "; shaded bands are pointwise \(level) % confidence intervals" : ""
        desc += "; vertical ticks mark censored observations"
        desc += riskTableTimes.isEmpty ? "." : "; numbers at risk are tabulated under the time axis."
        return SVG.document(id: id, width: width, height: height, title: title, description: desc, defs: [], body: body)
    }

    /// The product-limit curve as horizontal (H) and vertical (V) moves: level 1 from time 0,
    /// a drop at every row with events, flat through censorings, ending at the last observed time.
    func stepPath(_ curve: KaplanMeierSeries, x: LinearScale, y: LinearScale) -> String {
        var d = "M" + SVG.f(x(0)) + " " + SVG.f(y(1))
        for step in curve.steps {
            d += "H" + SVG.f(x(step.time))
            if step.numberOfEvents > 0 { d += "V" + SVG.f(y(step.survival)) }
        }
        return d
    }

    /// The confidence band as stepwise polygons (upper limit forward, lower limit back), split
    /// where a limit is not estimable.
    func bandPaths(_ curve: KaplanMeierSeries, x: LinearScale, y: LinearScale) -> [String] {
        struct Interval { var start: Double; var end: Double; var lower: Double?; var upper: Double? }
        var intervals: [Interval] = []
        var current = Interval(start: 0, end: 0, lower: 1, upper: 1)
        for step in curve.steps where step.numberOfEvents > 0 {
            current.end = step.time
            intervals.append(current)
            current = Interval(start: step.time, end: step.time, lower: step.lowerConfidenceLimit, upper: step.upperConfidenceLimit)
        }
        if let last = curve.steps.last, last.time > current.start {
            current.end = last.time
            intervals.append(current)
        }
        var runs: [[Interval]] = [[]]
        for interval in intervals {
            if interval.lower == nil || interval.upper == nil {
                if !(runs.last?.isEmpty ?? true) { runs.append([]) }
            } else if interval.end > interval.start {
                runs[runs.count - 1].append(interval)
            }
        }
        return runs.filter { !$0.isEmpty }.map { run in
            var d = "M" + SVG.f(x(run[0].start)) + " " + SVG.f(y(run[0].upper ?? 1))
            for interval in run {
                d += "V" + SVG.f(y(interval.upper ?? 1)) + "H" + SVG.f(x(interval.end))
            }
            for interval in run.reversed() {
                d += "V" + SVG.f(y(interval.lower ?? 0)) + "H" + SVG.f(x(interval.start))
            }
            return d + "Z"
        }
    }
}
