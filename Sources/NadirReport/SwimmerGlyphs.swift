/// Event glyphs of the swimmer plot. Black and white outlines so they stay visible on any bar
/// colour and in greyscale print; shape alone tells the event.
enum SwimmerEvent: String, CaseIterable {
    case partialResponse = "partial-response"
    case completeResponse = "complete-response"
    case progression
    case death
    case censoring
    case ongoing

    var legendLabel: String {
        switch self {
        case .partialResponse: "PR onset"
        case .completeResponse: "CR onset"
        case .progression: "Progression"
        case .death: "Death"
        case .censoring: "Censored / last contact"
        case .ongoing: "Ongoing"
        }
    }
}

enum SwimmerGlyphs {
    static func glyph(_ event: SwimmerEvent, x: Double, y: Double, size: Double = 11, attributes: String = "") -> String {
        let f = SVG.f, r = size / 2
        let extra = attributes.isEmpty ? "" : " " + attributes
        switch event {
        case .partialResponse, .completeResponse:
            let fill = event == .completeResponse ? "#000000" : "#ffffff"
            let d = "M\(f(x)) \(f(y - r))L\(f(x + r)) \(f(y + r * 0.8))L\(f(x - r)) \(f(y + r * 0.8))Z"
            return "<path d=\"\(d)\" fill=\"\(fill)\" stroke=\"#000000\" stroke-width=\"1.2\"\(extra)/>"
        case .progression:
            let d = "M\(f(x)) \(f(y - r))L\(f(x + r)) \(f(y))L\(f(x)) \(f(y + r))L\(f(x - r)) \(f(y))Z"
            return "<path d=\"\(d)\" fill=\"\(ChartPalette.yellow)\" stroke=\"#000000\" stroke-width=\"1.2\"\(extra)/>"
        case .death:
            let c = r * 0.8
            let d = "M\(f(x - c)) \(f(y - c))L\(f(x + c)) \(f(y + c))M\(f(x - c)) \(f(y + c))L\(f(x + c)) \(f(y - c))"
            return "<path d=\"\(d)\" fill=\"none\" stroke=\"#000000\" stroke-width=\"2.4\" stroke-linecap=\"round\"\(extra)/>"
        case .censoring:
            return "<path d=\"M\(f(x)) \(f(y - r))V\(f(y + r))\" fill=\"none\" stroke=\"#000000\" stroke-width=\"2\"\(extra)/>"
        case .ongoing:
            return arrow(x: x, y: y, colour: "#000000", attributes: attributes)
        }
    }

    /// A right-pointing arrow starting at x: "still on treatment".
    static func arrow(x: Double, y: Double, colour: String, attributes: String = "") -> String {
        let f = SVG.f
        let extra = attributes.isEmpty ? "" : " " + attributes
        let d = "M\(f(x)) \(f(y))H\(f(x + 12))M\(f(x + 8)) \(f(y - 4))L\(f(x + 13)) \(f(y))L\(f(x + 8)) \(f(y + 4))"
        return "<path d=\"\(d)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.6\" stroke-linecap=\"round\" stroke-linejoin=\"round\"\(extra)/>"
    }
}
