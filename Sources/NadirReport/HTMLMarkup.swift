/// Helpers that write HTML elements. The output is also well-formed XML (void elements
/// self-closed, only the five XML entities and numeric references), which lets tests parse the
/// whole page and proves that nothing from data broke the markup.
enum HTML {
    static func escape(_ text: String) -> String { XMLEscaping.escape(text) }

    static func element(_ name: String, _ attributes: SVG.Attributes = [], _ content: String) -> String {
        "<\(name)\(SVG.attributes(attributes))>\(content)</\(name)>"
    }

    /// Text content, escaped.
    static func text(_ name: String, _ attributes: SVG.Attributes = [], _ text: String) -> String {
        element(name, attributes, escape(text))
    }

    static func table(caption: String?, headers: [String], rows: [[String]], attributes: SVG.Attributes = [],
                      numericFrom firstNumericColumn: Int = 1) -> String {
        var out = "<table\(SVG.attributes(attributes))>"
        if let caption { out += text("caption", [], caption) }
        out += "<thead><tr>" + headers.enumerated().map { i, h in
            text("th", [("scope", "col"), ("class", i >= firstNumericColumn ? "num" : nil)], h)
        }.joined() + "</tr></thead><tbody>"
        for row in rows {
            out += "<tr>" + row.enumerated().map { i, cell in
                // Cells arrive already escaped/marked up by the caller.
                i == 0 ? element("th", [("scope", "row")], cell)
                       : element("td", [("class", i >= firstNumericColumn ? "num" : nil)], cell)
            }.joined() + "</tr>"
        }
        return out + "</tbody></table>"
    }

    /// A response code as a coloured badge; the code text itself carries the meaning, the
    /// colour (same as in the charts) only helps.
    static func responseBadge(_ response: ResponseCategory?) -> String {
        guard let response else { return "—" }
        let token = XMLEscaping.identifierToken(response.rawValue)
        // A break opportunity after the slash lets "NON-CR/NON-PD" take two lines in narrow
        // (printed) lesion tables instead of pushing the last column off the page.
        let code = escape(response.code).replacingOccurrences(of: "/", with: "/<wbr/>")
        return element("span", [("class", "badge bor-\(token)"), ("title", response.name)], code)
    }

    /// "12.3–45.6" with an en dash, as in CSR tables.
    static func interval(_ lower: Double?, _ upper: Double?, decimals: Int = 1, scale: Double = 1) -> String {
        func v(_ x: Double?) -> String { x.map { SVGNumber.fixed($0 * scale, decimals: decimals) } ?? "NE" }
        return v(lower) + "–" + v(upper)
    }
}
