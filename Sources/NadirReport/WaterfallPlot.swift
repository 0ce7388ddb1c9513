/// One patient's bar in the waterfall plot.
public struct WaterfallBar: Hashable, Sendable {
    /// USUBJID (or the subject label shown to the committee).
    public var subjectID: String
    /// Best (most negative) percentage change in the sum of target-lesion diameters from
    /// baseline, over all post-baseline assessments: −100 … +∞. RECIST 1.1 §4.3.1 thresholds
    /// (−30 % PR, +20 % PD) are drawn as reference lines.
    public var bestPercentChange: Double
    /// Best overall response, which colours the bar.
    public var bestOverallResponse: ResponseCategory

    public init(subjectID: String, bestPercentChange: Double, bestOverallResponse: ResponseCategory) {
        self.subjectID = subjectID
        self.bestPercentChange = bestPercentChange
        self.bestOverallResponse = bestOverallResponse
    }
}

/// Waterfall plot: one bar per patient, best % change in the sum of diameters, sorted from the
/// largest increase (left) to the deepest shrinkage (right), coloured by best overall response.
public struct WaterfallPlot: Sendable {
    /// Unique within the HTML page; used for element ids.
    public var id: String
    public var title: String
    public var bars: [WaterfallBar]
    public var size: ChartSize
    /// Subject IDs under the bars; `nil` shows them when there are at most 60 bars.
    public var showSubjectLabels: Bool?

    public static let yAxisTitle = "Best change in sum of diameters from baseline (%)"
    /// RECIST 1.1 §4.3.1: PR is a ≥30 % decrease, PD a ≥20 % increase (from nadir; from
    /// baseline on this plot, which is the convention for waterfalls).
    public static let referenceLevels: [Double] = [-30, 20]

    public init(id: String = "waterfall", title: String = "Best change in tumour burden",
                bars: [WaterfallBar], size: ChartSize = ChartSize(width: 900, height: 520),
                showSubjectLabels: Bool? = nil) {
        self.id = XMLEscaping.identifierToken(id)
        self.title = title
        self.bars = bars
        self.size = size
        self.showSubjectLabels = showSubjectLabels
    }

    /// Bars as drawn, left to right: descending change; ties by subject ID so output is stable.
    /// Non-finite values cannot be drawn and are left out (they are listed in `<desc>`).
    public var sortedBars: [WaterfallBar] {
        bars.filter { $0.bestPercentChange.isFinite }.sorted {
            $0.bestPercentChange != $1.bestPercentChange
                ? $0.bestPercentChange > $1.bestPercentChange
                : $0.subjectID < $1.subjectID
        }
    }

    public func svg() -> String {
        let drawn = sortedBars
        let omitted = bars.count - drawn.count
        let responses = ResponseCategory.allCases.filter { r in drawn.contains { $0.bestOverallResponse == r } }
        let legend = ChartLegend(items: responses.map { r in
            let n = drawn.filter { $0.bestOverallResponse == r }.count
            return .init(label: "\(r.code) (n = \(n))",
                         swatch: .bar(fill: FillPatternDefinitions.fill(chartID: id, response: r), stroke: ChartPalette.ink),
                         key: r.rawValue)
        })
        let labelsShown = showSubjectLabels ?? (drawn.count <= 60)
        let left = 78.0, right = 48.0
        let plotWidth = size.width - left - right
        let legendRows = Double(max(1, legend.rowCount(maxWidth: plotWidth)))
        let top = 34 + legendRows * ChartLegend.rowHeight + 8
        let bottom = (labelsShown ? 78.0 : 24.0) + 24
        let plotBottom = size.height - bottom

        let values = drawn.map(\.bestPercentChange)
        let lo = min(-100, values.min() ?? 0)
        let hi = max(40, (values.max() ?? 0) + 5)
        let y = LinearScale(domain: (lo, hi), range: (plotBottom, top)).nice(count: 8)
        let ticks = y.ticks(count: 8)
        let axis = ChartAxis(edge: .left, scale: y, ticks: ticks, title: WaterfallPlot.yAxisTitle,
                             position: left, gridExtent: (left, left + plotWidth))

        var body: [String] = []
        body.append(SVG.text(title, x: left, y: 20, size: 15, weight: "bold", extra: [("class", "chart-title")]))
        body.append(legend.svg(x: left, y: 38, maxWidth: plotWidth))
        body.append(axis.gridSVG())

        let slot = drawn.isEmpty ? plotWidth : plotWidth / Double(drawn.count)
        let barWidth = max(1, slot * 0.78)
        let zero = y(0)
        body.append("<g class=\"bars\">")
        for (i, bar) in drawn.enumerated() {
            let x = left + slot * Double(i) + (slot - barWidth) / 2
            let yv = y(bar.bestPercentChange)
            let r = bar.bestOverallResponse
            let tip = "\(bar.subjectID): \(SVGNumber.format(bar.bestPercentChange, decimals: 1)) % (BOR \(r.code))"
            body.append(SVG.element("rect", [
                ("class", "bar"), ("x", SVG.f(x)), ("y", SVG.f(min(zero, yv))),
                ("width", SVG.f(barWidth)), ("height", SVG.f(abs(yv - zero))),
                ("fill", FillPatternDefinitions.fill(chartID: id, response: r)),
                ("stroke", ChartPalette.ink), ("stroke-width", "0.5"),
                ("data-subject", bar.subjectID), ("data-value", SVGNumber.format(bar.bestPercentChange, decimals: 4)),
                ("data-bor", r.rawValue),
            ], content: SVG.title(tip)))
            if labelsShown {
                let cx = x + barWidth / 2, ly = plotBottom + 10
                body.append(SVG.text(bar.subjectID, x: cx, y: ly, anchor: .end, size: 9, rotate: -60,
                                     extra: [("class", "subject-label")]))
            }
        }
        body.append("</g>")

        body.append(SVG.line(x1: left, y1: zero, x2: left + plotWidth, y2: zero, stroke: ChartPalette.ink,
                             width: 1, extra: [("class", "zero-line")]))
        for level in WaterfallPlot.referenceLevels {
            body.append(ReferenceLine.horizontal(level: level, scale: y, x0: left, x1: left + plotWidth))
        }
        body.append(axis.svg())
        let xTitle = "Patients (n = \(drawn.count)), ordered by best change"
        body.append(SVG.text(xTitle, x: left + plotWidth / 2, y: size.height - 10, anchor: .middle, size: 12,
                             weight: "bold", extra: [("class", "axis-title")]))

        var desc = "Waterfall plot of the best percentage change from baseline in the sum of target-lesion diameters for \(drawn.count) patients, sorted in descending order and coloured by best overall response ("
        desc += responses.map { r in "\(r.code): \(drawn.filter { $0.bestOverallResponse == r }.count)" }.joined(separator: ", ")
        desc += "). Dashed reference lines at -30 % and +20 %."
        if omitted > 0 { desc += " \(omitted) patient(s) without a numeric value are not shown." }
        return SVG.document(id: id, width: size.width, height: size.height, title: title, description: desc,
                            defs: FillPatternDefinitions.definitions(chartID: id, responses: responses), body: body)
    }
}
