/// A straight axis with ticks, tick labels, optional grid lines and a title with its unit.
///
/// Each tick carries `data-axis`, `data-tick` (the data value) and its pixel coordinate, so
/// tests (and anyone reading the SVG) can recover the scale from what is drawn.
public struct ChartAxis: Sendable {
    public enum Edge: String, Sendable { case bottom, left }

    public var edge: Edge
    public var scale: LinearScale
    public var ticks: [Double]
    /// Axis title including the unit, e.g. "Time on study (months)".
    public var title: String
    /// Where the axis line sits: the y pixel for a bottom axis, the x pixel for a left axis.
    public var position: Double
    /// Pixel extent across the plot for grid lines (y span for a bottom axis, x span for a left axis).
    public var gridExtent: (Double, Double)?
    public var tickDecimals: Int
    public var tickSuffix: String

    public init(edge: Edge, scale: LinearScale, ticks: [Double], title: String, position: Double,
                gridExtent: (Double, Double)? = nil, tickDecimals: Int? = nil, tickSuffix: String = "") {
        self.edge = edge
        self.scale = scale
        self.ticks = ticks
        self.title = title
        self.position = position
        self.gridExtent = gridExtent
        let step = ticks.count > 1 ? abs(ticks[1] - ticks[0]) : 1
        self.tickDecimals = tickDecimals ?? LinearScale.decimals(forStep: step)
        self.tickSuffix = tickSuffix
    }

    func tickLabel(_ value: Double) -> String {
        SVGNumber.fixed(value, decimals: tickDecimals) + tickSuffix
    }

    /// Grid lines are separate so the caller can draw them under the data.
    func gridSVG() -> String {
        guard let (g0, g1) = gridExtent else { return "" }
        var out = "<g class=\"grid\" data-axis=\"\(edge == .bottom ? "x" : "y")\">"
        for tick in ticks {
            let p = scale(tick)
            out += edge == .bottom
                ? SVG.line(x1: p, y1: g0, x2: p, y2: g1, stroke: ChartPalette.gridLine)
                : SVG.line(x1: g0, y1: p, x2: g1, y2: p, stroke: ChartPalette.gridLine)
        }
        return out + "</g>"
    }

    func svg() -> String {
        let axisName = edge == .bottom ? "x" : "y"
        var out = "<g class=\"axis\" data-axis=\"\(axisName)\">"
        let (r0, r1) = (scale.rangeStart, scale.rangeEnd)
        switch edge {
        case .bottom:
            out += SVG.line(x1: min(r0, r1), y1: position, x2: max(r0, r1), y2: position, stroke: ChartPalette.ink)
            for tick in ticks {
                let x = scale(tick)
                out += SVG.line(x1: x, y1: position, x2: x, y2: position + 5, stroke: ChartPalette.ink,
                                extra: [("class", "tick"), ("data-axis", axisName), ("data-tick", SVGNumber.format(tick, decimals: 6))])
                out += SVG.text(tickLabel(tick), x: x, y: position + 17, anchor: .middle, size: 11)
            }
            out += SVG.text(title, x: (r0 + r1) / 2, y: position + 36, anchor: .middle, size: 12,
                            weight: "bold", extra: [("class", "axis-title")])
        case .left:
            out += SVG.line(x1: position, y1: min(r0, r1), x2: position, y2: max(r0, r1), stroke: ChartPalette.ink)
            for tick in ticks {
                let y = scale(tick)
                out += SVG.line(x1: position - 5, y1: y, x2: position, y2: y, stroke: ChartPalette.ink,
                                extra: [("class", "tick"), ("data-axis", axisName), ("data-tick", SVGNumber.format(tick, decimals: 6))])
                out += SVG.text(tickLabel(tick), x: position - 8, y: y + 4, anchor: .end, size: 11)
            }
            let cx = position - 48, cy = (r0 + r1) / 2
            out += SVG.text(title, x: cx, y: cy, anchor: .middle, size: 12, weight: "bold", rotate: -90,
                            extra: [("class", "axis-title")])
        }
        return out + "</g>"
    }
}
