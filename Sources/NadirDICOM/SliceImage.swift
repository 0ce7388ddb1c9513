/// One decoded frame in modality units (Hounsfield units for CT) with the geometry a caliper
/// needs to turn pixel coordinates into millimetres.
public struct SliceImage: Sendable {
    public var file: String
    /// 0-based frame index within the file.
    public var frame: Int
    public var rows: Int
    public var columns: Int
    /// Modality values, row-major (`values[row * columns + column]`): stored values after the
    /// Modality LUT, output = Rescale Slope × stored + Rescale Intercept (PS3.3 C.11.1.1.2).
    /// For CT these are Hounsfield units.
    public var values: [Double]
    public var modality: String?
    /// Rescale Type (0028,1054); for CT absent means HU (PS3.3 C.8.2.1.1.x: CT pixel values after
    /// rescale are in HU).
    public var rescaleType: String?
    public var rescaleSlope: Double
    public var rescaleIntercept: Double
    public var pixelSpacing: PixelSpacing?
    /// Image Position (Patient) of this frame: centre of the first transmitted pixel, mm.
    public var imagePositionPatient: [Double]?
    /// Image Orientation (Patient): row direction cosines, then column direction cosines.
    public var imageOrientationPatient: [Double]?
    public var sliceThickness: Double?
    /// Window Center / Window Width stored in the file (first pair), if any.
    public var storedWindow: Window?

    /// True when `values` are Hounsfield units: CT with Rescale Type absent or "HU".
    public var isHounsfield: Bool {
        modality == "CT" && (rescaleType == nil || rescaleType == "HU")
    }

    /// The modality value at (row, column), 0-based; nil outside the image.
    public subscript(row row: Int, column column: Int) -> Double? {
        guard row >= 0, row < rows, column >= 0, column < columns else { return nil }
        return values[row * columns + column]
    }

    /// The patient-coordinate position (x, y, z in mm, DICOM LPS) of a pixel centre, from PS3.3
    /// C.7.6.2.1.1: P = S + column × Δc × X + row × Δr × Y, where S is Image Position (Patient),
    /// X and Y the row and column direction cosines, Δc the column spacing (Pixel Spacing[1]) and
    /// Δr the row spacing (Pixel Spacing[0]). Fractional coordinates are allowed (sub-pixel calipers).
    public func patientPosition(row: Double, column: Double) -> [Double]? {
        guard let s = imagePositionPatient, s.count == 3, let o = imageOrientationPatient, o.count == 6,
              let sp = pixelSpacing else { return nil }
        return (0 ..< 3).map { k in s[k] + column * sp.column * o[k] + row * sp.row * o[3 + k] }
    }

    /// Distance in mm between two points given in (row, column) pixel coordinates, in the image
    /// plane: what a caliper drawn between them measures. Needs only Pixel Spacing, so it works for
    /// images without a patient coordinate system too.
    public func distance(from a: (row: Double, column: Double), to b: (row: Double, column: Double)) -> Double? {
        guard let sp = pixelSpacing else { return nil }
        let dr = (a.row - b.row) * sp.row
        let dc = (a.column - b.column) * sp.column
        return (dr * dr + dc * dc).squareRoot()
    }

    /// Decodes `frame` (0-based) of `path` and applies the Modality LUT.
    public static func read(path: String, frame: Int = 0) throws(DICOMError) -> SliceImage {
        let f = try DICOMFile(path: path, mode: .full)
        return try read(from: f, frame: frame)
    }

    public static func read(from f: DICOMFile, frame: Int = 0) throws(DICOMError) -> SliceImage {
        let (rows, columns, stored) = try f.storedValues(frame: frame)
        let slope = try f.number(.rescaleSlope, deep: true) ?? 1
        let intercept = try f.number(.rescaleIntercept, deep: true) ?? 0
        guard slope.isFinite, slope != 0 else {
            throw .invalidValue(file: f.path, tag: .rescaleSlope, reason: "\(slope) cannot map stored values")
        }
        let values = (slope == 1 && intercept == 0) ? stored : stored.map { slope * $0 + intercept }
        var spacing: PixelSpacing?
        if let v = try f.numbers(.pixelSpacing, deep: true) { spacing = PixelSpacing(values: v) }
        var position = try f.numbers(.imagePositionPatient)
        if position == nil, let all = try f.allNumbers(.imagePositionPatient), all.count >= 3 * (frame + 1) {
            // Enhanced multi-frame: one Plane Position (Patient) per frame, in frame order.
            position = Array(all[3 * frame ..< 3 * frame + 3])
        }
        var window: Window?
        if let c = try f.number(.windowCenter, deep: true), let w = try f.number(.windowWidth, deep: true), w >= 1 {
            window = Window(center: c, width: w)
        }
        return SliceImage(
            file: f.path, frame: frame, rows: rows, columns: columns, values: values,
            modality: try f.string(.modality), rescaleType: try f.string(.rescaleType, deep: true),
            rescaleSlope: slope, rescaleIntercept: intercept, pixelSpacing: spacing,
            imagePositionPatient: position?.count == 3 ? position : nil,
            imageOrientationPatient: try f.numbers(.imageOrientationPatient, deep: true),
            sliceThickness: try f.number(.sliceThickness, deep: true), storedWindow: window)
    }
}
