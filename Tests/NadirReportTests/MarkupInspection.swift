import Foundation

/// Reads back the SVG/HTML the charts emit: elements with their attributes, path commands, and a
/// well-formedness check. Deliberately independent of the code under test (no shared helpers),
/// so a bug in the writer cannot hide itself in the reader.
struct MarkupElement {
    var name: String
    var attributes: [String: String]

    subscript(_ key: String) -> String? { attributes[key] }

    func number(_ key: String) -> Double? { attributes[key].flatMap(Double.init) }
}

enum MarkupInspection {
    /// Every start or empty-element tag, in document order.
    static func elements(_ markup: String, named name: String? = nil) -> [MarkupElement] {
        let tag = /<([A-Za-z][A-Za-z0-9:-]*)((?:\s+[^\s=\/>]+="[^"]*")*)\s*\/?>/
        let attribute = /([^\s=\/>]+)="([^"]*)"/
        var out: [MarkupElement] = []
        for match in markup.matches(of: tag) {
            let tagName = String(match.1)
            if let name, tagName != name { continue }
            var attrs: [String: String] = [:]
            for a in String(match.2).matches(of: attribute) { attrs[String(a.1)] = unescape(String(a.2)) }
            out.append(MarkupElement(name: tagName, attributes: attrs))
        }
        return out
    }

    static func elements(_ markup: String, named name: String, withClass cls: String) -> [MarkupElement] {
        elements(markup, named: name).filter { ($0["class"] ?? "").split(separator: " ").contains(Substring(cls)) }
    }

    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Text contents of every element of `name` (unescaped).
    static func texts(_ markup: String, of name: String) -> [String] {
        let regex = try! Regex("<\(name)\\b[^>]*>([^<]*)</\(name)>")
        return markup.matches(of: regex).compactMap { $0.output[1].substring.map { unescape(String($0)) } }
    }

    /// An SVG path made of absolute M/L/H/V/Z commands, as (command, numbers).
    static func pathCommands(_ d: String) -> [(Character, [Double])] {
        var out: [(Character, [Double])] = []
        for match in d.matches(of: /([MLHVZ])([-0-9. ]*)/) {
            let numbers = String(match.2).split(separator: " ").compactMap { Double($0) }
            out.append((Character(String(match.1)), numbers))
        }
        return out
    }

    /// Problems that make the markup not well-formed XML: unbalanced tags, bare `&` or `<`,
    /// malformed attributes. Empty means well-formed.
    static func wellFormednessProblems(_ markup: String) -> [String] {
        var problems: [String] = []
        var stack: [String] = []
        var rest = Substring(markup)
        if rest.hasPrefix("<!DOCTYPE html>") { rest = rest.dropFirst("<!DOCTYPE html>".count) }
        while let open = rest.firstIndex(of: "<") {
            checkText(rest[rest.startIndex..<open], into: &problems)
            guard let close = rest[open...].firstIndex(of: ">") else { problems.append("unterminated tag"); break }
            let tag = rest[rest.index(after: open)..<close]
            if tag.hasPrefix("/") {
                let name = String(tag.dropFirst()).trimmingCharacters(in: .whitespaces)
                if stack.last == name { stack.removeLast() } else {
                    problems.append("</\(name)> closes <\(stack.last ?? "nothing")>")
                    break
                }
            } else {
                let selfClosing = tag.hasSuffix("/")
                let body = selfClosing ? tag.dropLast() : tag
                guard let nameMatch = body.prefixMatch(of: /[A-Za-z][A-Za-z0-9:-]*/) else {
                    problems.append("bad tag <\(tag.prefix(40))>"); break
                }
                let attrs = body[nameMatch.range.upperBound...]
                if attrs.wholeMatch(of: /(\s+[^\s=\/>"']+="[^"<]*")*\s*/) == nil {
                    problems.append("bad attributes in <\(tag.prefix(60))>")
                } else {
                    for value in attrs.matches(of: /="([^"]*)"/) { checkText(value.1, into: &problems) }
                }
                if !selfClosing { stack.append(String(nameMatch.output)) }
            }
            rest = rest[rest.index(after: close)...]
        }
        checkText(rest, into: &problems)
        if !stack.isEmpty { problems.append("unclosed: \(stack)") }
        return problems
    }

    private static func checkText(_ text: Substring, into problems: inout [String]) {
        var i = text.startIndex
        while let amp = text[i...].firstIndex(of: "&") {
            let tail = text[amp...]
            if tail.prefixMatch(of: /&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/) == nil {
                problems.append("bare & near \(tail.prefix(20))")
            }
            i = text.index(after: amp)
        }
        if text.contains(">") && text.contains("<") { problems.append("stray angle bracket") }
    }
}

/// A linear map recovered from an axis as drawn (its tick marks), independent of `LinearScale`.
struct DrawnAxis {
    var ticks: [(value: Double, position: Double)]

    /// From the `<line class="tick" data-axis=…>` elements: position is x1 for x, y1 (= y2) for y.
    init(svg: String, axis: String) {
        ticks = MarkupInspection.elements(svg, named: "line", withClass: "tick")
            .filter { $0["data-axis"] == axis }
            .compactMap { e in
                guard let v = e.number("data-tick"), let p = e.number(axis == "x" ? "x1" : "y1") else { return nil }
                return (v, p)
            }
    }

    /// Pixel of a data value, by linear interpolation between the first and last tick.
    func position(_ value: Double) -> Double {
        let a = ticks.first!, b = ticks.last!
        return a.position + (value - a.value) / (b.value - a.value) * (b.position - a.position)
    }

    func value(_ position: Double) -> Double {
        let a = ticks.first!, b = ticks.last!
        return a.value + (position - a.position) / (b.position - a.position) * (b.value - a.value)
    }
}

enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/report")

    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    /// Rows of a simple CSV (no quoting), header skipped, as string arrays.
    static func csvRows(_ name: String) throws -> [[String]] {
        try text(name).split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }
}
