import Testing
@testable import NadirReport

/// Spider geometry: each assessment marker and each line vertex sits at (time, % change) on the
/// axes as drawn.
struct SpiderPlotTests {
    static let series: [SpiderSeries] = [
        SpiderSeries(subjectID: "P1", bestOverallResponse: .partialResponse, points: [
            SpiderPoint(time: 0, percentChange: 0), SpiderPoint(time: 6, percentChange: -22),
            SpiderPoint(time: 12, percentChange: -48.5), SpiderPoint(time: 18, percentChange: -51)]),
        // Given out of order: drawn in time order.
        SpiderSeries(subjectID: "P2 <&>", bestOverallResponse: .progressiveDisease, points: [
            SpiderPoint(time: 12, percentChange: 35), SpiderPoint(time: 0, percentChange: 0), SpiderPoint(time: 6, percentChange: 8)]),
        SpiderSeries(subjectID: "P3", bestOverallResponse: .stableDisease, points: [
            SpiderPoint(time: 0, percentChange: 0), SpiderPoint(time: 7, percentChange: -10), SpiderPoint(time: 61, percentChange: 12)]),
    ]

    @Test(arguments: series)
    func markersAndVerticesAtDataCoordinates(_ s: SpiderSeries) throws {
        let svg = SpiderPlot(series: Self.series).svg()
        let x = DrawnAxis(svg: svg, axis: "x"), y = DrawnAxis(svg: svg, axis: "y")
        // The series' group, then its markers up to the group's end.
        let escapedID = XMLEscaping.escape(s.subjectID)
        let start = try #require(svg.range(of: "<g class=\"series\" data-subject=\"\(escapedID)\""))
        let group = String(svg[start.lowerBound...]).components(separatedBy: "</g>")[0]
        let markers = MarkupInspection.elements(group, named: "circle") + MarkupInspection.elements(group, named: "path")
            + MarkupInspection.elements(group, named: "rect")
        let assessments = markers.filter { $0["class"] == "assessment" }
        #expect(assessments.count == s.points.count)
        let sorted = s.points.sorted { $0.time < $1.time }
        let path = try #require(MarkupInspection.elements(group, named: "path", withClass: "trajectory").first?["d"])
        let vertices = MarkupInspection.pathCommands(path).map(\.1)
        #expect(vertices.count == sorted.count)
        for (point, vertex) in zip(sorted, vertices) {
            #expect(abs(vertex[0] - x.position(point.time)) <= 0.011)
            #expect(abs(vertex[1] - y.position(point.percentChange)) <= 0.011)
            #expect(assessments.contains { $0.number("data-time") == point.time && $0.number("data-value") == point.percentChange })
        }
    }

    @Test func referenceLinesLegendAndStyleByResponse() {
        let svg = SpiderPlot(series: Self.series).svg()
        let y = DrawnAxis(svg: svg, axis: "y")
        let lines = MarkupInspection.elements(svg, named: "line").filter { $0["data-y"] != nil }
        #expect(lines.compactMap { $0.number("y1") }.map { y.value($0).rounded() } == [-30, 20])
        let paths = MarkupInspection.elements(svg, named: "path", withClass: "trajectory")
        #expect(Set(paths.compactMap { $0["stroke"] }) == [ChartPalette.skyBlue, ChartPalette.vermillion, ChartPalette.bluishGreen])
        // Progression is dotted, SD dashed, PR solid: distinguishable without colour.
        #expect(paths.filter { $0["stroke-dasharray"] == nil }.count == 1)
        #expect(MarkupInspection.elements(svg, named: "g", withClass: "legend-item").compactMap { $0["data-key"] } == ["PR", "SD", "PD"])
        #expect(MarkupInspection.wellFormednessProblems(svg) == [])
        #expect(svg.contains("Time since start of treatment (weeks)"))
    }
}

/// Drawing order: responders first, progression last, so PD lines are on top and never hidden.
@Test func progressingSeriesAreDrawnOnTop() {
    let svg = SpiderPlot(series: SpiderPlotTests.series).svg()
    let order = MarkupInspection.elements(svg, named: "g", withClass: "series").compactMap { $0["data-bor"] }
    #expect(order == ["PR", "SD", "PD"])
}
