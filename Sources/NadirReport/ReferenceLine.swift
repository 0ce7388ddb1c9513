/// Dashed horizontal reference lines (RECIST thresholds) with their value printed in the right
/// margin, where no bar or line can cover it.
enum ReferenceLine {
    static func horizontal(level: Double, scale: LinearScale, x0: Double, x1: Double, suffix: String = " %") -> String {
        let y = scale(level)
        let label = (level > 0 ? "+" : "") + SVGNumber.format(level) + suffix
        return "<g class=\"reference-line\"" + SVG.attributes([("data-ref", SVGNumber.format(level))]) + ">"
            + SVG.line(x1: x0, y1: y, x2: x1, y2: y, stroke: ChartPalette.referenceLine, width: 1.2, dash: "6 4",
                       extra: [("data-y", SVG.f(y))])
            + SVG.text(label, x: x1 + 4, y: y + 3.5, size: 10, fill: ChartPalette.referenceLine)
            + "</g>"
    }
}
