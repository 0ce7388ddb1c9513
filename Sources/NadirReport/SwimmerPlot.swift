/// Swimmer plot: one horizontal lane per patient, bar length = time on study, coloured by best
/// overall response, with response onset, duration of response, progression, death, censoring
/// and "ongoing" marked. Longest time on study at the top.
public struct SwimmerPlot: Sendable {
    public var id: String
    public var title: String
    public var timeUnit: TimeUnit
    public var lanes: [SwimmerLane]
    public var width: Double
    /// Height of one lane; the chart's height follows from the number of lanes.
    public var laneHeight: Double

    public init(id: String = "swimmer", title: String = "Time on study and response",
                timeUnit: TimeUnit = .months, lanes: [SwimmerLane], width: Double = 900, laneHeight: Double = 20) {
        self.id = XMLEscaping.identifierToken(id)
        self.title = title
        self.timeUnit = timeUnit
        self.lanes = lanes
        self.width = width
        self.laneHeight = laneHeight
    }

    public var xAxisTitle: String { "Time since start of treatment (\(timeUnit.label))" }

    /// Lanes top to bottom: longest time on study first, ties by subject ID.
    public var sortedLanes: [SwimmerLane] {
        lanes.filter { $0.timeOnStudy.isFinite }.sorted {
            $0.timeOnStudy != $1.timeOnStudy ? $0.timeOnStudy > $1.timeOnStudy : $0.subjectID < $1.subjectID
        }
    }

    public var height: Double { layout.height }

    private var layout: (top: Double, left: Double, plotWidth: Double, height: Double, legend: ChartLegend) {
        let drawn = sortedLanes
        let responses = ResponseCategory.allCases.filter { r in drawn.contains { $0.bestOverallResponse == r } }
        var items: [ChartLegend.Item] = responses.map { r in
            .init(label: r.code, swatch: .bar(fill: FillPatternDefinitions.fill(chartID: id, response: r), stroke: ChartPalette.ink),
                  key: r.rawValue)
        }
        let glyphs: [(SwimmerEvent, Bool)] = [
            (.partialResponse, drawn.contains { $0.partialResponseOnset != nil }),
            (.completeResponse, drawn.contains { $0.completeResponseOnset != nil }),
            (.progression, drawn.contains { $0.progression != nil }),
            (.death, drawn.contains { $0.death != nil }),
            (.censoring, drawn.contains { $0.censoring != nil }),
            (.ongoing, drawn.contains { $0.ongoing }),
        ]
        for (event, used) in glyphs where used {
            let swatch: ChartLegend.Swatch = event == .ongoing
                ? .arrow(colour: "#000000")
                : .glyph { cx, cy in SwimmerGlyphs.glyph(event, x: cx, y: cy, size: 10) }
            items.append(.init(label: event.legendLabel, swatch: swatch, key: event.rawValue))
        }
        if drawn.contains(where: { $0.responseOnset != nil }) {
            items.append(.init(label: "Duration of response", swatch: .line(colour: "#000000", dash: nil, marker: nil),
                               key: "duration-of-response"))
        }
        let legend = ChartLegend(items: items)
        let longest = drawn.map { SVG.estimatedWidth($0.subjectID, size: 10) }.max() ?? 40
        let left = min(180, max(64, longest + 16))
        let plotWidth = width - left - 30
        let rows = Double(max(1, legend.rowCount(maxWidth: plotWidth)))
        let top = 34 + rows * ChartLegend.rowHeight + 8
        let height = top + Double(max(1, drawn.count)) * laneHeight + 56
        return (top, left, plotWidth, height, legend)
    }

    public func svg() -> String {
        let drawn = sortedLanes
        let (top, left, plotWidth, height, legend) = layout
        let plotBottom = top + Double(max(1, drawn.count)) * laneHeight
        let maxTime = drawn.flatMap { lane in
            [lane.timeOnStudy, lane.progression, lane.death, lane.censoring, lane.responseEnd].compactMap { $0 }
        }.filter(\.isFinite).max() ?? 1
        // Room for the ongoing arrow (≈14 px) past the longest bar.
        let x = LinearScale(domain: (0, max(1, maxTime * 1.04)), range: (left, left + plotWidth)).nice(count: 10)
        let axis = ChartAxis(edge: .bottom, scale: x, ticks: x.ticks(count: 10), title: xAxisTitle,
                             position: plotBottom, gridExtent: (top, plotBottom))

        var body: [String] = []
        body.append(SVG.text(title, x: left, y: 20, size: 15, weight: "bold", extra: [("class", "chart-title")]))
        body.append(legend.svg(x: left, y: 38, maxWidth: plotWidth))
        body.append(axis.gridSVG())
        let barHeight = laneHeight * 0.62
        for (i, lane) in drawn.enumerated() {
            let cy = top + (Double(i) + 0.5) * laneHeight
            let r = lane.bestOverallResponse
            body.append("<g class=\"lane\"" + SVG.attributes([("data-subject", lane.subjectID), ("data-bor", r.rawValue)]) + ">")
            body.append(SVG.text(lane.subjectID, x: left - 6, y: cy + 3.5, anchor: .end, size: 10, extra: [("class", "subject-label")]))
            var tip = "\(lane.subjectID): \(SVGNumber.format(lane.timeOnStudy, decimals: 1)) \(timeUnit.label) on study, BOR \(r.code)"
            if lane.ongoing { tip += ", ongoing" }
            body.append(SVG.element("rect", [
                ("class", "bar"), ("x", SVG.f(x(0))), ("y", SVG.f(cy - barHeight / 2)),
                ("width", SVG.f(x(lane.timeOnStudy) - x(0))), ("height", SVG.f(barHeight)),
                ("fill", FillPatternDefinitions.fill(chartID: id, response: r)),
                ("stroke", ChartPalette.ink), ("stroke-width", "0.5"),
                ("data-value", SVGNumber.format(lane.timeOnStudy, decimals: 4)),
            ], content: SVG.title(tip)))
            if let onset = lane.responseOnset {
                let end = lane.responseEnd ?? lane.timeOnStudy
                body.append(SVG.line(x1: x(onset), y1: cy, x2: x(end), y2: cy, stroke: "#000000", width: 2.5,
                                     extra: [("class", "duration-of-response"),
                                             ("data-start", SVGNumber.format(onset, decimals: 4)),
                                             ("data-end", SVGNumber.format(end, decimals: 4))]))
            }
            let events: [(SwimmerEvent, Double?)] = [
                (.censoring, lane.censoring), (.partialResponse, lane.partialResponseOnset),
                (.completeResponse, lane.completeResponseOnset), (.progression, lane.progression), (.death, lane.death),
            ]
            for (event, time) in events {
                guard let time, time.isFinite else { continue }
                // Censoring ticks stand out past the bar's edges; other glyphs fit the lane.
                let glyphSize = event == .censoring ? laneHeight * 0.9 : min(12, laneHeight * 0.6)
                body.append(SwimmerGlyphs.glyph(event, x: x(time), y: cy, size: glyphSize,
                                                attributes: SVG.attributes([("class", "event"), ("data-event", event.rawValue),
                                                                            ("data-time", SVGNumber.format(time, decimals: 4))])
                                                    .trimmingLeadingSpace()))
            }
            if lane.ongoing {
                body.append(SwimmerGlyphs.arrow(x: x(lane.timeOnStudy) + 3, y: cy, colour: "#000000",
                                                attributes: SVG.attributes([("class", "event"), ("data-event", SwimmerEvent.ongoing.rawValue),
                                                                            ("data-time", SVGNumber.format(lane.timeOnStudy, decimals: 4))])
                                                    .trimmingLeadingSpace()))
            }
            body.append("</g>")
        }
        body.append(axis.svg())
        let desc = "Swimmer plot of time on study (\(timeUnit.label)) for \(drawn.count) patients, longest first; bars coloured by best overall response; triangles mark response onset (open PR, filled CR), a black line the duration of response, diamonds progression, crosses death, vertical ticks censoring, arrows ongoing treatment."
        return SVG.document(id: id, width: width, height: height, title: title, description: desc,
                            defs: FillPatternDefinitions.definitions(
                                chartID: id,
                                responses: ResponseCategory.allCases.filter { r in drawn.contains { $0.bestOverallResponse == r } }),
                            body: body)
    }
}
