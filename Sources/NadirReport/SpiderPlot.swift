/// One tumour assessment on a spider-plot line.
public struct SpiderPoint: Hashable, Sendable {
    /// Time since start of treatment, in the plot's `timeUnit` (baseline is usually 0 or slightly negative).
    public var time: Double
    /// Percentage change in the sum of target-lesion diameters from baseline.
    public var percentChange: Double

    public init(time: Double, percentChange: Double) {
        self.time = time
        self.percentChange = percentChange
    }
}

/// One patient's trajectory.
public struct SpiderSeries: Hashable, Sendable {
    public var subjectID: String
    public var bestOverallResponse: ResponseCategory
    /// Assessments including baseline (time 0, change 0); drawn in time order.
    public var points: [SpiderPoint]

    public init(subjectID: String, bestOverallResponse: ResponseCategory, points: [SpiderPoint]) {
        self.subjectID = subjectID
        self.bestOverallResponse = bestOverallResponse
        self.points = points
    }
}

/// Spider plot: % change in the sum of diameters from baseline over time, one line per patient,
/// coloured (and dashed, and marked) by best overall response.
public struct SpiderPlot: Sendable {
    public var id: String
    public var title: String
    public var timeUnit: TimeUnit
    public var series: [SpiderSeries]
    public var size: ChartSize

    public static let yAxisTitle = "Change in sum of diameters from baseline (%)"

    public init(id: String = "spider", title: String = "Change in tumour burden over time",
                timeUnit: TimeUnit = .weeks, series: [SpiderSeries],
                size: ChartSize = ChartSize(width: 900, height: 520)) {
        self.id = XMLEscaping.identifierToken(id)
        self.title = title
        self.timeUnit = timeUnit
        self.series = series
        self.size = size
    }

    public var xAxisTitle: String { "Time since start of treatment (\(timeUnit.label))" }

    public func svg() -> String {
        // Worst responses drawn last so progressing lines are not hidden under the responders.
        let drawn = series.map { s in
            SpiderSeries(subjectID: s.subjectID, bestOverallResponse: s.bestOverallResponse,
                         points: s.points.filter { $0.time.isFinite && $0.percentChange.isFinite }
                                         .sorted { $0.time < $1.time })
        }.sorted {
            $0.bestOverallResponse.displayOrder != $1.bestOverallResponse.displayOrder
                ? $0.bestOverallResponse.displayOrder < $1.bestOverallResponse.displayOrder
                : $0.subjectID < $1.subjectID
        }
        let responses = ResponseCategory.allCases.filter { r in drawn.contains { $0.bestOverallResponse == r } }
        let legend = ChartLegend(items: responses.map { r in
            let n = drawn.filter { $0.bestOverallResponse == r }.count
            return .init(label: "\(r.code) (n = \(n))",
                         swatch: .line(colour: ChartPalette.colour(for: r), dash: ChartPalette.dash(for: r),
                                       marker: ChartPalette.marker(for: r)),
                         key: r.rawValue)
        })
        let left = 78.0, right = 48.0
        let plotWidth = size.width - left - right
        let legendRows = Double(max(1, legend.rowCount(maxWidth: plotWidth)))
        let top = 34 + legendRows * ChartLegend.rowHeight + 8
        let plotBottom = size.height - 52

        let all = drawn.flatMap(\.points)
        let times = all.map(\.time), values = all.map(\.percentChange)
        let x = LinearScale(domain: (min(0, times.min() ?? 0), max(1, times.max() ?? 1)),
                            range: (left, left + plotWidth)).nice(count: 10)
        let y = LinearScale(domain: (min(-100, values.min() ?? 0), max(40, (values.max() ?? 0) + 5)),
                            range: (plotBottom, top)).nice(count: 8)
        let xAxis = ChartAxis(edge: .bottom, scale: x, ticks: x.ticks(count: 10), title: xAxisTitle,
                              position: plotBottom, gridExtent: (top, plotBottom))
        let yAxis = ChartAxis(edge: .left, scale: y, ticks: y.ticks(count: 8), title: SpiderPlot.yAxisTitle,
                              position: left, gridExtent: (left, left + plotWidth))

        var body: [String] = []
        body.append(SVG.text(title, x: left, y: 20, size: 15, weight: "bold", extra: [("class", "chart-title")]))
        body.append(legend.svg(x: left, y: 38, maxWidth: plotWidth))
        body.append(yAxis.gridSVG())
        body.append(xAxis.gridSVG())
        body.append(SVG.line(x1: left, y1: y(0), x2: left + plotWidth, y2: y(0), stroke: ChartPalette.ink,
                             extra: [("class", "zero-line")]))
        for level in WaterfallPlot.referenceLevels {
            body.append(ReferenceLine.horizontal(level: level, scale: y, x0: left, x1: left + plotWidth))
        }
        for s in drawn where !s.points.isEmpty {
            let r = s.bestOverallResponse
            let colour = ChartPalette.colour(for: r)
            body.append("<g class=\"series\"" + SVG.attributes([("data-subject", s.subjectID), ("data-bor", r.rawValue)]) + ">")
            body.append(SVG.title("\(s.subjectID) (BOR \(r.code))"))
            let d = s.points.enumerated().map { i, p in
                (i == 0 ? "M" : "L") + SVG.f(x(p.time)) + " " + SVG.f(y(p.percentChange))
            }.joined()
            body.append(SVG.element("path", [("class", "trajectory"), ("d", d), ("fill", "none"), ("stroke", colour),
                                             ("stroke-width", "1.6"), ("stroke-dasharray", ChartPalette.dash(for: r)),
                                             ("stroke-linejoin", "round")]))
            for p in s.points {
                body.append(ChartPalette.marker(for: r).svg(
                    x: x(p.time), y: y(p.percentChange), size: 7, colour: colour,
                    attributes: SVG.attributes([("class", "assessment"), ("data-time", SVGNumber.format(p.time, decimals: 4)),
                                                ("data-value", SVGNumber.format(p.percentChange, decimals: 4))])
                        .trimmingLeadingSpace()))
            }
            body.append("</g>")
        }
        body.append(xAxis.svg())
        body.append(yAxis.svg())

        let desc = "Spider plot of the percentage change from baseline in the sum of target-lesion diameters over time (\(timeUnit.label)) for \(drawn.count) patients, lines coloured by best overall response. Dashed reference lines at -30 % and +20 %."
        return SVG.document(id: id, width: size.width, height: size.height, title: title, description: desc,
                            defs: [], body: body)
    }
}

extension String {
    func trimmingLeadingSpace() -> String {
        hasPrefix(" ") ? String(dropFirst()) : self
    }
}
