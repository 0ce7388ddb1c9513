import Testing
@testable import NadirReport

/// Waterfall geometry read back from the SVG: every bar spans from 0 to its value on the y axis
/// as drawn (recovered from the tick marks), bars run in descending order, reference lines sit
/// at −30 % and +20 % (RECIST 1.1 §4.3.1).
struct WaterfallPlotTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var bars: [WaterfallBar]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "typical mix", bars: [
            WaterfallBar(subjectID: "001", bestPercentChange: -45.2, bestOverallResponse: .partialResponse),
            WaterfallBar(subjectID: "002", bestPercentChange: 23.1, bestOverallResponse: .progressiveDisease),
            WaterfallBar(subjectID: "003", bestPercentChange: -100, bestOverallResponse: .completeResponse),
            WaterfallBar(subjectID: "004", bestPercentChange: 0, bestOverallResponse: .stableDisease),
            WaterfallBar(subjectID: "005", bestPercentChange: -12.5, bestOverallResponse: .stableDisease),
            WaterfallBar(subjectID: "006", bestPercentChange: 4, bestOverallResponse: .notEvaluable),
        ]),
        // A large increase widens the axis beyond the default +40 %.
        Case(name: "large increase", bars: [
            WaterfallBar(subjectID: "A", bestPercentChange: 187.5, bestOverallResponse: .progressiveDisease),
            WaterfallBar(subjectID: "B", bestPercentChange: -30, bestOverallResponse: .partialResponse),
        ]),
        Case(name: "all shrinking", bars: (1...30).map {
            WaterfallBar(subjectID: "S\($0)", bestPercentChange: -Double($0) * 3.1, bestOverallResponse: $0 >= 10 ? .partialResponse : .stableDisease)
        }),
        Case(name: "hostile subject ids", bars: [
            WaterfallBar(subjectID: "<script>alert('x')</script>", bestPercentChange: -50, bestOverallResponse: .partialResponse),
            WaterfallBar(subjectID: "A&B \"quoted\"", bestPercentChange: 10, bestOverallResponse: .stableDisease),
            WaterfallBar(subjectID: "]]></svg><img src=x>", bestPercentChange: 30, bestOverallResponse: .progressiveDisease),
        ]),
    ]

    @Test(arguments: cases)
    func barHeightEqualsValueOnAxis(_ c: Case) throws {
        let svg = WaterfallPlot(bars: c.bars).svg()
        let axis = DrawnAxis(svg: svg, axis: "y")
        try #require(axis.ticks.count >= 2)
        let rects = MarkupInspection.elements(svg, named: "rect", withClass: "bar")
        #expect(rects.count == c.bars.count)
        for rect in rects {
            let value = try #require(rect.number("data-value"))
            let y = try #require(rect.number("y")), height = try #require(rect.number("height"))
            let top = min(axis.position(0), axis.position(value)), bottom = max(axis.position(0), axis.position(value))
            // Coordinates are printed to 0.01 px.
            #expect(abs(y - top) <= 0.011, "bar \(rect["data-subject"] ?? "?") top")
            #expect(abs((y + height) - bottom) <= 0.021, "bar \(rect["data-subject"] ?? "?") bottom")
            let input = try #require(c.bars.first { $0.subjectID == rect["data-subject"] })
            #expect(abs(input.bestPercentChange - value) < 1e-4)
            #expect(rect["data-bor"] == input.bestOverallResponse.rawValue)
        }
    }

    @Test(arguments: cases)
    func barsAreSortedDescendingLeftToRight(_ c: Case) {
        let rects = MarkupInspection.elements(WaterfallPlot(bars: c.bars).svg(), named: "rect", withClass: "bar")
        let byX = rects.sorted { ($0.number("x") ?? 0) < ($1.number("x") ?? 0) }.compactMap { $0.number("data-value") }
        let expected = c.bars.map(\.bestPercentChange).sorted(by: >)
        #expect(byX.count == expected.count)
        for (drawn, value) in zip(byX, expected) { #expect(abs(drawn - value) < 1e-4) }
    }

    @Test(arguments: cases)
    func referenceLinesAtRECISTThresholds(_ c: Case) throws {
        let svg = WaterfallPlot(bars: c.bars).svg()
        let axis = DrawnAxis(svg: svg, axis: "y")
        let refs = MarkupInspection.elements(svg, named: "g", withClass: "reference-line")
        #expect(refs.compactMap { $0.number("data-ref") }.sorted() == [-30, 20])
        let lines = MarkupInspection.elements(svg, named: "line").filter { $0["data-y"] != nil }
        try #require(lines.count == 2)
        for (line, level) in zip(lines, [-30.0, 20.0]) {
            #expect(abs((line.number("y1") ?? .nan) - axis.position(level)) <= 0.011)
            #expect(line["y1"] == line["y2"])
            #expect(line["stroke-dasharray"] != nil, "reference lines are dashed")
        }
    }

    /// Colour is never the only channel: PD/SD/NE bars use a fill pattern, CR and PR solid
    /// fills of clearly different lightness.
    @Test func barsFilledByResponseWithPatternsForPrint() {
        let svg = WaterfallPlot(id: "wf", bars: Self.cases[0].bars).svg()
        let fills = Dictionary(MarkupInspection.elements(svg, named: "rect", withClass: "bar").map { ($0["data-bor"]!, $0["fill"]!) },
                               uniquingKeysWith: { a, _ in a })
        #expect(fills["CR"] == ChartPalette.blue)
        #expect(fills["PR"] == ChartPalette.skyBlue)
        #expect(fills["SD"] == "url(#wf-fill-SD)")
        #expect(fills["PD"] == "url(#wf-fill-PD)")
        #expect(fills["NE"] == "url(#wf-fill-NE)")
        for id in ["wf-fill-SD", "wf-fill-PD", "wf-fill-NE"] {
            #expect(MarkupInspection.elements(svg, named: "pattern").contains { $0["id"] == id })
        }
        #expect(svg.contains("Best change in sum of diameters from baseline (%)"))
    }

    @Test(arguments: cases)
    func svgIsWellFormedAndEscapesSubjectIDs(_ c: Case) {
        let svg = WaterfallPlot(bars: c.bars).svg()
        #expect(MarkupInspection.wellFormednessProblems(svg) == [])
        #expect(!svg.contains("<script"))
        #expect(!svg.contains("<img"))
        let ids = Set(MarkupInspection.elements(svg, named: "rect", withClass: "bar").compactMap { $0["data-subject"] })
        #expect(ids == Set(c.bars.map(\.subjectID)), "ids survive escaping and parse back unchanged")
        let labels = MarkupInspection.texts(svg, of: "text")
        for bar in c.bars { #expect(labels.contains(bar.subjectID)) }
    }

    @Test func accessibleNameAndDeterministicOutput() {
        let plot = WaterfallPlot(bars: Self.cases[0].bars)
        let svg = plot.svg()
        #expect(svg == plot.svg())
        let root = MarkupInspection.elements(svg, named: "svg")[0]
        #expect(root["role"] == "img")
        #expect(root["aria-labelledby"] == "waterfall-title waterfall-desc")
        #expect(MarkupInspection.elements(svg, named: "title").contains { $0["id"] == "waterfall-title" })
    }

    @Test func nonFiniteValuesAreLeftOutAndSaid() {
        let svg = WaterfallPlot(bars: [
            WaterfallBar(subjectID: "ok", bestPercentChange: -40, bestOverallResponse: .partialResponse),
            WaterfallBar(subjectID: "nan", bestPercentChange: .nan, bestOverallResponse: .notEvaluable),
        ]).svg()
        #expect(MarkupInspection.elements(svg, named: "rect", withClass: "bar").count == 1)
        #expect(svg.contains("1 patient(s) without a numeric value are not shown"))
    }
}
