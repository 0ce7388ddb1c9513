/// Small helpers that write SVG elements as strings.
///
/// Every attribute value and every text node passes through `XMLEscaping`, so no caller can
/// forget to escape data. Attribute order is the order given, which keeps output deterministic.
enum SVG {
    typealias Attributes = [(String, String?)]

    static func f(_ value: Double) -> String { SVGNumber.format(value) }

    static func attributes(_ attributes: Attributes) -> String {
        var out = ""
        for (name, value) in attributes {
            guard let value else { continue }
            out += " \(name)=\"\(XMLEscaping.escape(value))\""
        }
        return out
    }

    static func element(_ name: String, _ attrs: Attributes) -> String {
        "<\(name)\(attributes(attrs))/>"
    }

    static func element(_ name: String, _ attrs: Attributes, content: String) -> String {
        "<\(name)\(attributes(attrs))>\(content)</\(name)>"
    }

    static func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String,
                     width: Double = 1, dash: String? = nil, extra: Attributes = []) -> String {
        element("line", [("x1", f(x1)), ("y1", f(y1)), ("x2", f(x2)), ("y2", f(y2)),
                         ("stroke", stroke), ("stroke-width", f(width)), ("stroke-dasharray", dash)] + extra)
    }

    enum Anchor: String { case start, middle, end }

    /// Real SVG text (selectable, searchable, read by screen readers), never outlines.
    static func text(_ string: String, x: Double, y: Double, anchor: Anchor = .start, size: Double = 11,
                     weight: String? = nil, fill: String = ChartPalette.ink, rotate: Double? = nil,
                     extra: Attributes = []) -> String {
        var attrs: Attributes = [("x", f(x)), ("y", f(y))]
        if anchor != .start { attrs.append(("text-anchor", anchor.rawValue)) }
        attrs.append(("font-size", f(size)))
        attrs.append(("font-weight", weight))
        attrs.append(("fill", fill))
        if let rotate { attrs.append(("transform", "rotate(\(f(rotate)) \(f(x)) \(f(y)))")) }
        return element("text", attrs + extra, content: XMLEscaping.escape(string))
    }

    /// A tooltip and accessible name for the enclosing element.
    static func title(_ string: String) -> String { "<title>\(XMLEscaping.escape(string))</title>" }

    /// The document wrapper: `role="img"` with `<title>` and `<desc>` so assistive technology
    /// announces the chart by name; `xmlns` so the string is also a valid standalone .svg file.
    static func document(id: String, width: Double, height: Double, title: String, description: String,
                         defs: [String], body: [String]) -> String {
        let titleID = "\(id)-title", descID = "\(id)-desc"
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\"" + attributes([
            ("id", id), ("class", "nadir-chart"), ("viewBox", "0 0 \(f(width)) \(f(height))"),
            ("width", f(width)), ("height", f(height)), ("role", "img"),
            ("aria-labelledby", "\(titleID) \(descID)"), ("font-family", "Helvetica, Arial, sans-serif"),
        ]) + ">"
        out += element("title", [("id", titleID)], content: XMLEscaping.escape(title))
        out += element("desc", [("id", descID)], content: XMLEscaping.escape(description))
        if !defs.isEmpty { out += "<defs>" + defs.joined() + "</defs>" }
        out += element("rect", [("width", f(width)), ("height", f(height)), ("fill", "#ffffff")])
        out += body.joined(separator: "\n")
        out += "</svg>"
        return out
    }

    /// Rough text width for layout, from advance widths per character class. Browsers without
    /// Helvetica fall back to wider fonts (DejaVu Sans on Linux), so the estimate errs wide:
    /// layout only needs to avoid overlaps.
    static func estimatedWidth(_ string: String, size: Double) -> Double {
        var em = 0.0
        for ch in string {
            if ch == " " { em += 0.32 }
            else if "il.,;:|'!()[]/".contains(ch) { em += 0.34 }
            else if ch.isUppercase { em += 0.74 }
            else if ch.isNumber { em += 0.64 }
            else if ch.isLetter { em += 0.6 }
            else { em += 0.84 }
        }
        return em * size
    }
}
