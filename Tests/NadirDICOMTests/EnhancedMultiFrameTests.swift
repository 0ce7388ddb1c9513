import Foundation
import Testing
@testable import NadirDICOM

/// An Enhanced CT Image (multi-frame) whose geometry lives only in functional group sequences
/// (PS3.3 C.7.6.16). Fixture: Tests/Fixtures/dicom/enhanced_ct_3frames.dcm, written by pydicom with
/// make_enhanced_ct.py: stored value of pixel p in frame f is (f·24 + p)·10 + 1000, Rescale
/// Intercept −1024 (shared Pixel Value Transformation), frames at z = 100, 102, 104 mm.
@Suite struct EnhancedMultiFrameTests {
    static let file = TestSupport.repoRoot + "/Tests/Fixtures/dicom/enhanced_ct_3frames.dcm"

    @Test func headerFromFunctionalGroups() throws {
        let h = try InstanceHeader.read(path: Self.file)
        #expect(h.numberOfFrames == 3)
        #expect(h.pixelSpacing == PixelSpacing(row: 0.5, column: 0.75))
        #expect(h.sliceThickness == 2)
        #expect(h.imageOrientationPatient == [1, 0, 0, 0, 1, 0])
        #expect(h.imagePositionPatient == [[-10, -20, 100], [-10, -20, 102], [-10, -20, 104]])
        let s = Series(instances: [h])
        #expect(s.frameCount == 3)
        #expect(s.slicePositions == [100, 102, 104])
        #expect(s.sliceSpacing == 2)
        #expect(s.minimumMeasurableLesionSize == 10)
    }

    @Test(arguments: [0, 1, 2])
    func framesInHounsfieldUnits(_ frame: Int) throws {
        let image = try SliceImage.read(path: Self.file, frame: frame)
        #expect(image.rows == 4 && image.columns == 6)
        #expect(image.isHounsfield)
        #expect(image.imagePositionPatient == [-10, -20, 100 + 2 * Double(frame)])
        let expected = (0 ..< 24).map { Double((frame * 24 + $0) * 10 + 1000) - 1024 }
        #expect(image.values == expected)
        // Pixel (row 1, column 2) lies 1 × 0.5 mm down and 2 × 0.75 mm across from the origin.
        #expect(image.patientPosition(row: 1, column: 2) == [-10 + 1.5, -20 + 0.5, 100 + 2 * Double(frame)])
    }

    @Test func frameOutOfRange() {
        #expect(throws: DICOMError.frameOutOfRange(file: Self.file, frame: 3, frames: 3)) {
            try SliceImage.read(path: Self.file, frame: 3)
        }
    }
}
