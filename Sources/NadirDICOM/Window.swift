/// A VOI LUT window (Window Center / Window Width) and the greyscale mapping it defines.
public struct Window: Sendable, Hashable, CustomStringConvertible {
    /// Window Center (0028,1050), modality units (HU for CT).
    public var center: Double
    /// Window Width (0028,1051); at least 1 for the LINEAR function.
    public var width: Double

    public init(center: Double, width: Double) {
        self.center = center
        self.width = width
    }

    /// Common CT presets (width / level in HU), as used in radiology reading rooms.
    public static let lung = Window(center: -600, width: 1500)
    public static let mediastinum = Window(center: 50, width: 350)
    public static let abdomen = Window(center: 40, width: 400)
    public static let bone = Window(center: 400, width: 1800)
    public static let brain = Window(center: 40, width: 80)

    public static let presets: [(name: String, window: Window)] = [
        ("lung", .lung), ("mediastinum", .mediastinum), ("abdomen", .abdomen), ("bone", .bone), ("brain", .brain),
    ]

    /// Parses a preset name or `W/L` (width, then level = center), e.g. `400/40` or `1500/-600`.
    public init?(argument: String) {
        if let p = Window.presets.first(where: { $0.name == argument.lowercased() }) {
            self = p.window
            return
        }
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let w = Double(parts[0]), let l = Double(parts[1]), w >= 1, w.isFinite, l.isFinite else {
            return nil
        }
        self.init(center: l, width: w)
    }

    public var description: String { "W \(Self.fmt(width)) / L \(Self.fmt(center))" }

    private static func fmt(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(d) }

    /// The 8-bit display value for modality value `x`, by the LINEAR VOI LUT function of DICOM
    /// PS3.3 C.11.2.1.2.1 with y_min = 0 and y_max = 255:
    ///
    ///     if      x <= c − 0.5 − (w − 1)/2  then y = 0
    ///     else if x >  c − 0.5 + (w − 1)/2  then y = 255
    ///     else    y = ((x − (c − 0.5)) / (w − 1) + 0.5) × 255
    ///
    /// The real-valued y is rounded to the nearest integer (halves away from zero). A width of 1
    /// (allowed by the standard) is a threshold at c − 0.5.
    public func display(_ x: Double) -> UInt8 {
        let c = center, w = width
        if x <= c - 0.5 - (w - 1) / 2 { return 0 }
        if x > c - 0.5 + (w - 1) / 2 { return 255 }
        guard w > 1 else { return 255 }
        let y = ((x - (c - 0.5)) / (w - 1) + 0.5) * 255
        return UInt8(max(0, min(255, y.rounded(.toNearestOrAwayFromZero))))
    }

    /// A window spanning the full range of `values` (min → 0, max → 255), for images that carry
    /// no window of their own and get no preset.
    public static func fullRange(of values: [Double]) -> Window {
        guard let lo = values.min(), let hi = values.max(), hi > lo else {
            return Window(center: (values.first ?? 0) + 0.5, width: 1)
        }
        // With w = hi − lo + 1 and c = lo + w/2, lo sits on the lower bound (→ 0) and hi on the upper.
        let w = hi - lo + 1
        return Window(center: lo + w / 2, width: w)
    }
}
