/// SVG `<pattern>` definitions for bar fills (`FillPattern`), one per response category used.
enum FillPatternDefinitions {
    /// The id of the pattern for a response inside the chart `chartID` (ids must be unique in
    /// the whole HTML page, which inlines several charts).
    static func id(chartID: String, response: ResponseCategory) -> String {
        "\(chartID)-fill-\(XMLEscaping.identifierToken(response.rawValue))"
    }

    /// The `fill` attribute value for a bar of this response.
    static func fill(chartID: String, response: ResponseCategory) -> String {
        ChartPalette.pattern(for: response) == .solid
            ? ChartPalette.colour(for: response)
            : "url(#\(id(chartID: chartID, response: response)))"
    }

    static func definitions(chartID: String, responses: [ResponseCategory]) -> [String] {
        responses.compactMap { response in
            let colour = ChartPalette.colour(for: response)
            let pid = id(chartID: chartID, response: response)
            let open = "<pattern id=\"\(pid)\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\""
            switch ChartPalette.pattern(for: response) {
            case .solid:
                return nil
            case .diagonalHatch:
                return open + " patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"\(colour)\"/>"
                    + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#ffffff\" stroke-width=\"2\"/></pattern>"
            case .backHatch:
                // NE: pale fill, grey lines: reads as "no information" in colour and in print.
                return open + " patternTransform=\"rotate(-45)\"><rect width=\"6\" height=\"6\" fill=\"#f2f2f2\"/>"
                    + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"\(colour)\" stroke-width=\"2\"/></pattern>"
            case .crossHatch:
                return open + " patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"\(colour)\"/>"
                    + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#ffffff\" stroke-width=\"1.2\"/>"
                    + "<line x1=\"0\" y1=\"0\" x2=\"6\" y2=\"0\" stroke=\"#ffffff\" stroke-width=\"1.2\"/></pattern>"
            case .dots:
                return open + "><rect width=\"6\" height=\"6\" fill=\"\(colour)\"/>"
                    + "<circle cx=\"3\" cy=\"3\" r=\"1.2\" fill=\"#ffffff\"/></pattern>"
            }
        }
    }
}
