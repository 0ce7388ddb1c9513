/// A legend laid out in rows, left to right, wrapping at a maximum width.
struct ChartLegend {
    enum Swatch {
        /// A filled box: bars (waterfall, swimmer).
        case bar(fill: String, stroke: String)
        /// A line sample with an optional marker: spider and survival curves.
        case line(colour: String, dash: String?, marker: MarkerShape?)
        /// A marker alone: swimmer events.
        case marker(MarkerShape, colour: String)
        /// An arrow: swimmer "ongoing".
        case arrow(colour: String)
        /// Any glyph drawn centred at the given point (swimmer events).
        case glyph((Double, Double) -> String)
    }

    struct Item {
        var label: String
        var swatch: Swatch
        var key: String
    }

    var items: [Item]
    var fontSize: Double = 11

    static let rowHeight: Double = 18

    /// Number of rows needed at this width, so the caller can reserve space before drawing.
    func rowCount(maxWidth: Double) -> Int {
        layout(maxWidth: maxWidth).map(\.row).max().map { $0 + 1 } ?? 0
    }

    private func layout(maxWidth: Double) -> [(item: Item, dx: Double, row: Int)] {
        var placed: [(Item, Double, Int)] = []
        var x = 0.0, row = 0
        for item in items {
            let w = 26 + SVG.estimatedWidth(item.label, size: fontSize) + 14
            if x > 0 && x + w > maxWidth { x = 0; row += 1 }
            placed.append((item, x, row))
            x += w
        }
        return placed
    }

    func svg(x: Double, y: Double, maxWidth: Double) -> String {
        var out = "<g class=\"legend\">"
        for (item, dx, row) in layout(maxWidth: maxWidth) {
            let sx = x + dx, sy = y + Double(row) * ChartLegend.rowHeight
            out += "<g class=\"legend-item\"" + SVG.attributes([("data-key", item.key)]) + ">"
            switch item.swatch {
            case let .bar(fill, stroke):
                out += SVG.element("rect", [("x", SVG.f(sx)), ("y", SVG.f(sy - 6)), ("width", "18"), ("height", "12"),
                                            ("fill", fill), ("stroke", stroke), ("stroke-width", "0.75")])
            case let .line(colour, dash, marker):
                out += SVG.line(x1: sx, y1: sy, x2: sx + 20, y2: sy, stroke: colour, width: 2, dash: dash)
                if let marker { out += marker.svg(x: sx + 10, y: sy, size: 7, colour: colour) }
            case let .marker(shape, colour):
                out += shape.svg(x: sx + 9, y: sy, size: 10, colour: colour)
            case let .arrow(colour):
                out += SwimmerGlyphs.arrow(x: sx + 2, y: sy, colour: colour)
            case let .glyph(draw):
                out += draw(sx + 9, sy)
            }
            out += SVG.text(item.label, x: sx + 26, y: sy + 4, size: fontSize)
            out += "</g>"
        }
        return out + "</g>"
    }
}
