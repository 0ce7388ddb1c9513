/// A minimal streaming JSON writer: fixed key order and explicit `null`s, which JSONEncoder does
/// not promise (it drops nil optionals and may reorder keys).
struct JSONWriter {
    private(set) var output = ""
    let pretty: Bool
    // Per open container: whether it already has an element, and whether it prints inline.
    private var stack: [(hasElement: Bool, inline: Bool)] = []
    private var afterKey = false

    init(pretty: Bool) { self.pretty = pretty }

    private var inline: Bool { !pretty || stack.contains { $0.inline } }

    private mutating func beforeValue() {
        if afterKey { afterKey = false; return }
        guard !stack.isEmpty else { return }
        if stack[stack.count - 1].hasElement { output += "," }
        stack[stack.count - 1].hasElement = true
        newline()
    }

    private mutating func newline() {
        if inline { if pretty && stack.last?.hasElement == true && output.last == "," { output += " " }; return }
        output += "\n" + String(repeating: "  ", count: stack.count)
    }

    mutating func beginObject() { beforeValue(); output += "{"; stack.append((false, stack.last?.inline ?? false)) }
    mutating func beginArray(inline: Bool = false) { beforeValue(); output += "["; stack.append((false, inline || (stack.last?.inline ?? false))) }
    mutating func endObject() { close("}") }
    mutating func endArray() { close("]") }

    private mutating func close(_ c: String) {
        guard let top = stack.popLast() else { return }
        if top.hasElement && !(top.inline || !pretty) {
            output += "\n" + String(repeating: "  ", count: stack.count)
        }
        output += c
    }

    mutating func key(_ k: String) {
        beforeValue()
        output += Self.quote(k) + (pretty ? ": " : ":")
        afterKey = true
    }

    mutating func string(_ s: String?) {
        guard let s else { null(); return }
        beforeValue(); output += Self.quote(s)
    }

    mutating func number(_ d: Double?) {
        guard let d, d.isFinite else { null(); return }
        beforeValue()
        if d == d.rounded(), abs(d) < 1e15 { output += String(Int(d)) } else { output += String(d) }
    }

    mutating func bool(_ b: Bool) { beforeValue(); output += b ? "true" : "false" }
    mutating func null() { beforeValue(); output += "null" }

    static func quote(_ s: String) -> String {
        var r = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": r += "\\\""
            case "\\": r += "\\\\"
            case "\n": r += "\\n"
            case "\r": r += "\\r"
            case "\t": r += "\\t"
            case let c where c.value < 0x20:
                let h = String(c.value, radix: 16)
                r += "\\u" + String(repeating: "0", count: 4 - h.count) + h
            default: r.unicodeScalars.append(u)
            }
        }
        return r + "\""
    }
}
