/// Escaping for every string that reaches SVG or HTML from data.
///
/// Patient identifiers, lesion locations and study titles come from CSV files that anyone can
/// edit; a subject ID such as `<script>` or `A&B"` must appear as text, never as markup.
public enum XMLEscaping {
    /// Escapes `& < > " '` and replaces characters that XML 1.0 forbids (C0 controls other than
    /// tab, newline, carriage return) with U+FFFD, so the output stays well-formed for any input.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// A token safe to use inside an `id` attribute or CSS selector: ASCII letters, digits,
    /// `-` and `_` only. Used for ids derived from data, which are additionally made unique by
    /// the caller (an index), because two hostile ids may sanitise to the same token.
    public static func identifierToken(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
                || (scalar >= "0" && scalar <= "9") || scalar == "-" || scalar == "_" {
                out.unicodeScalars.append(scalar)
            } else {
                out += "_"
            }
        }
        return out.isEmpty ? "x" : out
    }
}
