/// Colours, marker shapes and dash patterns shared by every chart.
///
/// Colours are the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"), which stays
/// distinguishable for protanopia, deuteranopia and tritanopia. Because a report is also
/// printed in greyscale, every series is distinguished a second way: bars by fill pattern,
/// lines by dash pattern, points by marker shape.
public enum ChartPalette {
    public static let black = "#000000"
    public static let orange = "#E69F00"
    public static let skyBlue = "#56B4E9"
    public static let bluishGreen = "#009E73"
    public static let yellow = "#F0E442"
    public static let blue = "#0072B2"
    public static let vermillion = "#D55E00"
    public static let reddishPurple = "#CC79A7"
    public static let grey = "#999999"

    /// Text and axis ink; near-black prints crisply without looking harsh on screen.
    public static let ink = "#222222"
    public static let gridLine = "#E3E3E3"
    public static let referenceLine = "#555555"

    /// Conventional direction kept (responses blue, progression red-orange) so the committee's
    /// expectations from published waterfalls hold.
    public static func colour(for response: ResponseCategory) -> String {
        switch response {
        case .completeResponse: blue
        case .partialResponse: skyBlue
        case .stableDisease: bluishGreen
        case .nonCRNonPD: reddishPurple
        case .progressiveDisease: vermillion
        case .notEvaluable: grey
        }
    }

    public static func marker(for response: ResponseCategory) -> MarkerShape {
        switch response {
        case .completeResponse: .circle
        case .partialResponse: .triangleUp
        case .stableDisease: .square
        case .nonCRNonPD: .diamond
        case .progressiveDisease: .cross
        case .notEvaluable: .openCircle
        }
    }

    /// SVG `stroke-dasharray` per response; `nil` is a solid line.
    public static func dash(for response: ResponseCategory) -> String? {
        switch response {
        case .completeResponse: nil
        case .partialResponse: nil
        case .stableDisease: "6 3"
        case .nonCRNonPD: "8 3 2 3"
        case .progressiveDisease: "2 2"
        case .notEvaluable: "1 3"
        }
    }

    /// Bar fill pattern per response, so bars stay distinguishable in greyscale print.
    public static func pattern(for response: ResponseCategory) -> FillPattern {
        switch response {
        case .completeResponse: .solid
        case .partialResponse: .solid
        case .stableDisease: .diagonalHatch
        case .nonCRNonPD: .dots
        case .progressiveDisease: .crossHatch
        case .notEvaluable: .backHatch
        }
    }

    /// Strata (arms, cohorts) in survival plots, in order; dashes cycle alongside.
    public static let strata = [blue, orange, bluishGreen, vermillion, reddishPurple, skyBlue]
    public static let strataDashes: [String?] = [nil, "7 4", "2 3", "8 3 2 3"]

    public static func stratumColour(_ index: Int) -> String { strata[index % strata.count] }
    public static func stratumDash(_ index: Int) -> String? { strataDashes[index % strataDashes.count] }
    public static func stratumMarker(_ index: Int) -> MarkerShape {
        [MarkerShape.circle, .triangleUp, .square, .diamond][index % 4]
    }
}

/// How a bar or legend swatch is filled on top of its colour.
public enum FillPattern: String, Hashable, Sendable {
    case solid, diagonalHatch, backHatch, crossHatch, dots
}
