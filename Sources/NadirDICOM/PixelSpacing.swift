/// Pixel Spacing (0028,0030): physical distance in the patient between the centres of adjacent
/// pixels, in mm. PS3.3 §10.7.1.3: the first value is the row spacing (between adjacent rows,
/// i.e. vertical), the second the column spacing (between adjacent columns, horizontal).
public struct PixelSpacing: Sendable, Hashable, Codable {
    public var row: Double
    public var column: Double

    public init(row: Double, column: Double) {
        self.row = row
        self.column = column
    }

    /// From the two DICOM values `[row, column]`; nil unless there are two positive values.
    public init?(values: [Double]) {
        guard values.count == 2, values[0] > 0, values[1] > 0 else { return nil }
        self.init(row: values[0], column: values[1])
    }
}
