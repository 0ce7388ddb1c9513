/// Point marker shapes; a second, colour-independent channel for series identity.
public enum MarkerShape: String, Hashable, Sendable, CaseIterable {
    case circle, openCircle, triangleUp, square, diamond, cross, verticalTick

    /// An SVG element for the marker centred at (x, y), `size` pixels across.
    func svg(x: Double, y: Double, size: Double, colour: String, attributes: String = "") -> String {
        let r = size / 2
        let extra = attributes.isEmpty ? "" : " " + attributes
        func f(_ v: Double) -> String { SVGNumber.format(v) }
        switch self {
        case .circle:
            return "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"\(f(r))\" fill=\"\(colour)\" stroke=\"#ffffff\" stroke-width=\"0.75\"\(extra)/>"
        case .openCircle:
            return "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"\(f(r * 0.85))\" fill=\"#ffffff\" stroke=\"\(colour)\" stroke-width=\"1.5\"\(extra)/>"
        case .triangleUp:
            let h = size * 0.9
            let d = "M\(f(x)) \(f(y - h * 0.6))L\(f(x + r)) \(f(y + h * 0.4))L\(f(x - r)) \(f(y + h * 0.4))Z"
            return "<path d=\"\(d)\" fill=\"\(colour)\" stroke=\"#ffffff\" stroke-width=\"0.75\"\(extra)/>"
        case .square:
            let s = size * 0.8
            return "<rect x=\"\(f(x - s / 2))\" y=\"\(f(y - s / 2))\" width=\"\(f(s))\" height=\"\(f(s))\" fill=\"\(colour)\" stroke=\"#ffffff\" stroke-width=\"0.75\"\(extra)/>"
        case .diamond:
            let d = "M\(f(x)) \(f(y - r))L\(f(x + r)) \(f(y))L\(f(x)) \(f(y + r))L\(f(x - r)) \(f(y))Z"
            return "<path d=\"\(d)\" fill=\"\(colour)\" stroke=\"#ffffff\" stroke-width=\"0.75\"\(extra)/>"
        case .cross:
            let c = r * 0.85
            let d = "M\(f(x - c)) \(f(y - c))L\(f(x + c)) \(f(y + c))M\(f(x - c)) \(f(y + c))L\(f(x + c)) \(f(y - c))"
            return "<path d=\"\(d)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" stroke-linecap=\"round\"\(extra)/>"
        case .verticalTick:
            return "<path d=\"M\(f(x)) \(f(y - r))V\(f(y + r))\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.5\"\(extra)/>"
        }
    }
}
