import Foundation
import Testing
@testable import NadirDICOM

/// The VOI LUT window and PNG output, checked against DICOM PS3.3 C.11.2.1.2.1 (LINEAR).
@Suite struct WindowFormulaTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var window: Window
        var x: Double
        var expected: UInt8
        var rule: String
        var testDescription: String { "\(window) x=\(x) → \(expected)" }
    }

    /// Hand-derived from y = ((x − (c − 0.5)) / (w − 1) + 0.5) × 255, clamped at
    /// x ≤ c − 0.5 − (w − 1)/2 → 0 and x > c − 0.5 + (w − 1)/2 → 255, rounded half away from zero.
    static let cases: [Case] = [
        Case(window: .abdomen, x: -160, expected: 0, rule: "x = c − 0.5 − (w−1)/2 = −160: lower bound → 0"),
        Case(window: .abdomen, x: -1000, expected: 0, rule: "far below the window → 0"),
        Case(window: .abdomen, x: -159, expected: 1, rule: "((−159 − 39.5)/399 + 0.5) × 255 = 0.639 → 1"),
        Case(window: .abdomen, x: 39.5, expected: 128, rule: "x = c − 0.5: 0.5 × 255 = 127.5 → 128 (half away from zero)"),
        Case(window: .abdomen, x: 40, expected: 128, rule: "(0.5/399 + 0.5) × 255 = 127.82 → 128"),
        Case(window: .abdomen, x: 0, expected: 102, rule: "(−39.5/399 + 0.5) × 255 = 102.26 → 102"),
        Case(window: .abdomen, x: 239, expected: 255, rule: "x = c − 0.5 + (w−1)/2 = 239: (0.5 + 0.5) × 255 = 255"),
        Case(window: .abdomen, x: 239.5, expected: 255, rule: "above the upper bound → 255"),
        Case(window: .lung, x: -600, expected: 128, rule: "centre of W1500/L−600: (0.5/1499 + 0.5) × 255 = 127.59 → 128"),
        Case(window: .lung, x: -1350, expected: 0, rule: "−1350 ≤ −600.5 − 749.5 = −1350 → 0"),
        Case(window: .lung, x: -1000, expected: 60, rule: "((−1000 + 600.5)/1499 + 0.5) × 255 = 59.54 → 60"),
        Case(window: .brain, x: 0, expected: 0, rule: "0 ≤ 39.5 − 39.5 = 0 → 0"),
        Case(window: .brain, x: 80, expected: 255, rule: "80 > 39.5 + 39.5 = 79 → 255"),
        Case(window: Window(center: 0, width: 1), x: -0.5, expected: 0, rule: "w = 1: x ≤ c − 0.5 → 0"),
        Case(window: Window(center: 0, width: 1), x: -0.4, expected: 255, rule: "w = 1: x > c − 0.5 → 255"),
    ]

    @Test(arguments: WindowFormulaTests.cases)
    func linearFunction(_ c: Case) {
        #expect(c.window.display(c.x) == c.expected, "\(c.rule)")
    }

    @Test(arguments: [
        ("lung", Window(center: -600, width: 1500)), ("mediastinum", Window(center: 50, width: 350)),
        ("abdomen", Window(center: 40, width: 400)), ("bone", Window(center: 400, width: 1800)),
        ("brain", Window(center: 40, width: 80)), ("400/40", Window(center: 40, width: 400)),
        ("1500/-600", Window(center: -600, width: 1500)), ("2.5/0.5", Window(center: 0.5, width: 2.5)),
    ])
    func parsesWindowArgument(_ text: String, _ window: Window) {
        #expect(Window(argument: text) == window)
    }

    @Test(arguments: ["", "lungs", "400", "0/40", "-5/40", "a/b", "400/40/1"])
    func rejectsBadWindowArgument(_ text: String) {
        #expect(Window(argument: text) == nil)
    }
}

/// Rendered PNGs decoded independently (Python's zlib) and compared pixel by pixel with pydicom's
/// HU values pushed through the same formula written in Python.
@Suite struct RenderedPNGTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        var window: String
        var frame: Int = 0
        var testDescription: String { "\(file) --window \(window)" }
    }

    static let cases: [Case] = [
        Case(file: "samples:NADIR-001/20240115-BASELINE/IM004.dcm", window: "lung"),
        Case(file: "samples:NADIR-001/20240115-BASELINE/IM004.dcm", window: "mediastinum"),
        Case(file: "samples:NADIR-002/20240205-BASELINE/IM006.dcm", window: "abdomen"),
        Case(file: "samples:NADIR-002/20240205-BASELINE/IM006.dcm", window: "bone"),
        Case(file: "samples:NADIR-003/20240624-WEEK16/IM011.dcm", window: "brain"),
        Case(file: "samples:NADIR-003/20240624-WEEK16/IM011.dcm", window: "350/25"),
        Case(file: "CT_small.dcm", window: "abdomen"),
        Case(file: "CT_small.dcm", window: "1/100"),
        Case(file: "rtdose.dcm", window: "2000000/1000000", frame: 9),
    ]

    @Test(arguments: RenderedPNGTests.cases)
    func pngMatchesFormula(_ c: Case) throws {
        let path = try #require(PydicomOracleTests.resolve(c.file))
        let window = try #require(Window(argument: c.window))
        let dir = try TestSupport.temporaryDirectory("render")
        defer { TestSupport.cleanUp(dir) }
        let png = dir + "/out.png"
        let rendered = try SliceRenderer.renderPNG(path: path, to: png, frame: c.frame, window: window)

        let decoded = try #require(try TestSupport.oracle(["png", png]) as? [String: Any])
        #expect(decoded["width"] as? Int == rendered.image.columns)
        #expect(decoded["height"] as? Int == rendered.image.rows)
        let pngValues = try #require(decoded["values"] as? [Int])
        let expected = try #require(try TestSupport.oracle(
            ["window", path, String(c.frame), String(window.width), String(window.center)]) as? [String: Any])
        let expectedValues = try #require(expected["values"] as? [Int])
        #expect(pngValues.count == expectedValues.count)
        let wrong = zip(pngValues, expectedValues).filter { $0 != $1 }.count
        #expect(wrong == 0, "\(wrong) of \(pngValues.count) pixels differ from PS3.3 C.11.2.1.2.1 applied to pydicom's values")
        // And the in-memory pixels equal the PNG's (the encoder loses nothing).
        #expect(rendered.pixels.map(Int.init) == pngValues)
    }

    /// Without --window: the file's own Window Center/Width, else the full range.
    @Test func defaultWindow() throws {
        let lung = try SliceRenderer.render(path: TestSupport.sampleScans + "/NADIR-001/20240115-BASELINE/IM004.dcm")
        #expect(lung.window == .lung)
        let dir = try TestSupport.temporaryDirectory("nowindow")
        defer { TestSupport.cleanUp(dir) }
        let path = dir + "/plain.dcm"
        let w = try DICOMWriter(path: path)
        try w.set(.sopClassUID, "1.2.840.10008.5.1.4.1.1.7")
        try w.set(.sopInstanceUID, "1.2.3.4")
        try w.set(.seriesInstanceUID, "1.2.3.5")
        try w.set(.photometricInterpretation, "MONOCHROME2")
        for (tag, v) in [(DICOMTag.samplesPerPixel, UInt16(1)), (.rows, 2), (.columns, 2), (.bitsAllocated, 16),
                         (.bitsStored, 16), (.highBit, 15), (.pixelRepresentation, 0)] {
            try w.set(tag, v)
        }
        try w.setPixelData([0, 100, 200, 300])
        try w.save()
        let plain = try SliceRenderer.render(path: path)
        #expect(plain.image.storedWindow == nil)
        #expect(plain.pixels.first == 0 && plain.pixels.last == 255)
    }

    @Test func frameOutOfRange() throws {
        let path = try #require(PydicomOracleTests.resolve("rtdose.dcm"))
        #expect(throws: DICOMError.frameOutOfRange(file: path, frame: 15, frames: 15)) {
            try SliceRenderer.render(path: path, frame: 15)
        }
    }

    /// PNG structure on a tiny image: decodes with Python's zlib/CRC checks to the same bytes.
    @Test func pngEncoderRoundTrip() throws {
        let pixels: [UInt8] = [0, 1, 2, 127, 128, 255]
        let bytes = try PNGEncoder.grayscale8(width: 3, height: 2, pixels: pixels)
        let dir = try TestSupport.temporaryDirectory("png")
        defer { TestSupport.cleanUp(dir) }
        _ = FileManager.default.createFile(atPath: dir + "/t.png", contents: Data(bytes))
        let decoded = try #require(try TestSupport.oracle(["png", dir + "/t.png"]) as? [String: Any])
        #expect(decoded["width"] as? Int == 3 && decoded["height"] as? Int == 2)
        #expect(decoded["values"] as? [Int] == pixels.map(Int.init))
        #expect(throws: PNGEncoder.Failure.self) { try PNGEncoder.grayscale8(width: 2, height: 2, pixels: pixels) }
    }
}

/// HU values and the pixel → millimetre mapping a caliper relies on.
@Suite struct SliceGeometryTests {
    static let file = TestSupport.sampleScans + "/NADIR-001/20240115-BASELINE/IM004.dcm"

    @Test func hounsfieldUnits() throws {
        let image = try SliceImage.read(path: Self.file)
        #expect(image.isHounsfield)
        #expect(image.rescaleIntercept == -1024 && image.rescaleSlope == 1)
        // Air outside the body is drawn at exactly −1000 HU without noise.
        #expect(image[row: 0, column: 0] == -1000)
        // Lung parenchyma −860 HU and the nodule 35 HU, each ± noise (four uniform −8…8 terms).
        #expect(abs(try #require(image[row: 64, column: 20]) + 860) <= 32)
        #expect(abs(try #require(image[row: 59, column: 33]) - 35) <= 32)
        #expect(image[row: 128, column: 0] == nil)
    }

    @Test func patientCoordinates() throws {
        let image = try SliceImage.read(path: Self.file)
        // PS3.3 C.7.6.2.1.1: pixel (0, 0) is Image Position (Patient).
        #expect(image.patientPosition(row: 0, column: 0) == [-124.0234375, -124.0234375, -150])
        // Column steps along the row direction (+x), row steps along the column direction (+y).
        #expect(image.patientPosition(row: 2, column: 10) == [-124.0234375 + 10 * 1.953125, -124.0234375 + 2 * 1.953125, -150])
        // A horizontal caliper across 16 pixels: 16 × 1.953125 = 31.25 mm.
        #expect(image.distance(from: (59, 25), to: (59, 41)) == 31.25)
        // A diagonal 3–4–5 triangle in pixels: 5 × 1.953125 mm.
        #expect(image.distance(from: (0, 0), to: (3, 4)) == 5 * 1.953125)
    }

    /// Anisotropic pixels: Pixel Spacing is [row spacing, column spacing] (PS3.3 §10.7.1.3).
    @Test func anisotropicSpacing() {
        let image = SliceImage(file: "x", frame: 0, rows: 2, columns: 2, values: [0, 0, 0, 0], modality: "CT",
                               rescaleType: nil, rescaleSlope: 1, rescaleIntercept: 0,
                               pixelSpacing: PixelSpacing(row: 2, column: 0.5),
                               imagePositionPatient: [0, 0, 0], imageOrientationPatient: [1, 0, 0, 0, 1, 0],
                               sliceThickness: 1, storedWindow: nil)
        #expect(image.distance(from: (0, 0), to: (1, 0)) == 2)
        #expect(image.distance(from: (0, 0), to: (0, 1)) == 0.5)
        #expect(image.patientPosition(row: 1, column: 1) == [0.5, 2, 0])
    }
}
