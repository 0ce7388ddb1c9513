import Testing
@testable import NadirReport

/// Swimmer geometry: lanes longest first, bar length equals time on study on the x axis as
/// drawn, every event glyph at its time, arrows only for ongoing patients.
struct SwimmerPlotTests {
    static let lanes: [SwimmerLane] = [
        SwimmerLane(subjectID: "S-short", timeOnStudy: 2.1, bestOverallResponse: .progressiveDisease, progression: 1.9, death: 2.1),
        SwimmerLane(subjectID: "S-long", timeOnStudy: 18.4, bestOverallResponse: .completeResponse,
                    partialResponseOnset: 1.4, completeResponseOnset: 4.2, ongoing: true),
        SwimmerLane(subjectID: "S-mid", timeOnStudy: 9.7, bestOverallResponse: .partialResponse,
                    partialResponseOnset: 2.8, responseEnd: 8.3, progression: 8.3, censoring: 9.7),
        SwimmerLane(subjectID: "S-sd \"x\"", timeOnStudy: 5, bestOverallResponse: .stableDisease, censoring: 5),
    ]

    @Test func lanesSortedByTimeOnStudy() {
        let svg = SwimmerPlot(lanes: Self.lanes).svg()
        let order = MarkupInspection.elements(svg, named: "g", withClass: "lane").compactMap { $0["data-subject"] }
        #expect(order == ["S-long", "S-mid", "S-sd \"x\"", "S-short"])
    }

    @Test(arguments: lanes)
    func barAndEventsAtTheirTimes(_ lane: SwimmerLane) throws {
        let svg = SwimmerPlot(lanes: Self.lanes).svg()
        let x = DrawnAxis(svg: svg, axis: "x")
        let escaped = XMLEscaping.escape(lane.subjectID)
        let start = try #require(svg.range(of: "<g class=\"lane\" data-subject=\"\(escaped)\""))
        let group = String(svg[start.lowerBound...]).components(separatedBy: "</g>")[0]
        let bar = try #require(MarkupInspection.elements(group, named: "rect", withClass: "bar").first)
        #expect(abs((bar.number("x") ?? .nan) - x.position(0)) <= 0.011)
        #expect(abs((bar.number("width") ?? .nan) - (x.position(lane.timeOnStudy) - x.position(0))) <= 0.021)

        let events = MarkupInspection.elements(group, named: "path", withClass: "event")
        func time(_ event: String) -> Double? { events.first { $0["data-event"] == event }?.number("data-time") }
        #expect(time("partial-response") == lane.partialResponseOnset)
        #expect(time("complete-response") == lane.completeResponseOnset)
        #expect(time("progression") == lane.progression)
        #expect(time("death") == lane.death)
        #expect(time("censoring") == lane.censoring)
        #expect((time("ongoing") != nil) == lane.ongoing)
        // The glyph is drawn where its data says: the first coordinate of a vertical tick is x(time).
        if let censoring = lane.censoring, let tick = events.first(where: { $0["data-event"] == "censoring" }) {
            let d = try #require(tick["d"])
            #expect(abs(MarkupInspection.pathCommands(d)[0].1[0] - x.position(censoring)) <= 0.011)
        }

        let duration = MarkupInspection.elements(group, named: "line", withClass: "duration-of-response").first
        if let onset = lane.responseOnset {
            let line = try #require(duration)
            #expect(abs((line.number("x1") ?? .nan) - x.position(onset)) <= 0.011)
            #expect(abs((line.number("x2") ?? .nan) - x.position(lane.responseEnd ?? lane.timeOnStudy)) <= 0.011)
        } else {
            #expect(duration == nil)
        }
    }

    @Test func legendListsOnlyEventsPresentAndSVGIsWellFormed() {
        let svg = SwimmerPlot(lanes: Self.lanes).svg()
        let keys = MarkupInspection.elements(svg, named: "g", withClass: "legend-item").compactMap { $0["data-key"] }
        #expect(keys == ["CR", "PR", "SD", "PD", "partial-response", "complete-response", "progression", "death",
                         "censoring", "ongoing", "duration-of-response"])
        #expect(MarkupInspection.wellFormednessProblems(svg) == [])
        let noEvents = SwimmerPlot(lanes: [SwimmerLane(subjectID: "a", timeOnStudy: 3, bestOverallResponse: .stableDisease)]).svg()
        #expect(MarkupInspection.elements(noEvents, named: "g", withClass: "legend-item").compactMap { $0["data-key"] } == ["SD"])
    }
}
