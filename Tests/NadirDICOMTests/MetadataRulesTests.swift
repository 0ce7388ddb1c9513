import Foundation
import Testing
@testable import NadirDICOM

/// RECIST 1.1 §3.1.1 and Appendix II: minimum measurable lesion size from CT slice thickness.
@Suite struct MeasurabilityTests {
    @Test(arguments: [
        (nil, nil),     // unknown thickness: the rule cannot be applied
        (0.0, nil),     // not a thickness
        (-1.0, nil),
        (0.625, 10.0),  // §3.1.1: 10 mm when thickness ≤ 5 mm
        (2.5, 10.0),
        (5.0, 10.0),    // exactly 5 mm is still "no greater than 5 mm"
        (5.5, 11.0),    // Appendix II: twice the thickness above 5 mm
        (7.5, 15.0),
        (10.0, 20.0),
    ] as [(Double?, Double?)])
    func minimumLesionSize(_ thickness: Double?, _ expected: Double?) {
        #expect(Measurability.minimumLesionSize(sliceThickness: thickness) == expected)
    }

    @Test func nodalShortAxis() { #expect(Measurability.minimumNodalShortAxis == 15) }
}

/// DA values → day numbers (PS3.5 §6.2), checked against known dates.
@Suite struct DicomDateTests {
    @Test(arguments: [
        ("19700101", 0), ("19700102", 1), ("19691231", -1), ("20000301", 11017), ("20240115", 19737),
        ("20240229", 19782), ("1997.04.24", 9975),
    ])
    func dayNumbers(_ da: String, _ day: Int) {
        #expect(DicomDate.dayNumber(da) == day)
        if !da.contains(".") { #expect(DicomDate.string(dayNumber: day) == da) }
    }

    @Test(arguments: ["", "2024", "20230229", "20241301", "20240100", "2024011a", "202401151"])
    func invalidDates(_ da: String) { #expect(DicomDate.dayNumber(da) == nil) }
}

/// Series assembly from headers: ordering along the slice normal, fallback to Instance Number,
/// slice spacing from positions.
@Suite struct SeriesOrderingTests {
    static func header(_ file: String, z: Double?, instance: Int?, orientation: [Double]? = [1, 0, 0, 0, 1, 0],
                       thickness: Double? = 5) -> InstanceHeader {
        InstanceHeader(file: file, transferSyntaxUID: nil, sopClassUID: nil, sopInstanceUID: file, patientID: "P",
                       patientName: nil, studyInstanceUID: "S", studyDate: "20240101", studyTime: nil, studyDescription: nil,
                       seriesInstanceUID: "SER", seriesNumber: 1, seriesDescription: nil, modality: "CT",
                       instanceNumber: instance, frameOfReferenceUID: nil, sliceThickness: thickness, spacingBetweenSlices: nil,
                       pixelSpacing: nil, rows: 2, columns: 2, numberOfFrames: 1,
                       imagePositionPatient: z.map { [[0, 0, $0]] } ?? [], imageOrientationPatient: orientation,
                       rescaleSlope: nil, rescaleIntercept: nil, clinicalTrialTimePointID: nil)
    }

    @Test func ordersByPositionAlongNormal() {
        let s = Series(instances: [Self.header("c", z: 10, instance: 1), Self.header("a", z: 0, instance: 3),
                                   Self.header("b", z: 5, instance: 2)])
        #expect(s.files == ["a", "b", "c"])
        #expect(s.sliceSpacing == 5)
    }

    /// Feet-first: orientation 1\0\0\0\−1\0 gives normal −z, so ascending projection is descending z.
    @Test func normalDirectionFromOrientation() {
        let o: [Double] = [1, 0, 0, 0, -1, 0]
        let s = Series(instances: [Self.header("a", z: 0, instance: 1, orientation: o),
                                   Self.header("b", z: 5, instance: 2, orientation: o)])
        #expect(s.files == ["b", "a"])
    }

    @Test func fallsBackToInstanceNumber() {
        let s = Series(instances: [Self.header("x", z: nil, instance: 2), Self.header("y", z: 3, instance: 1),
                                   Self.header("z", z: nil, instance: nil)])
        #expect(s.files == ["y", "x", "z"])
        #expect(s.sliceSpacing == nil)
    }

    /// One missing slice does not change the spacing (median of gaps).
    @Test func spacingIsMedianGap() {
        let s = Series(instances: [0.0, 2.5, 5, 10, 12.5].enumerated().map { Self.header("f\($0.offset)", z: $0.element, instance: $0.offset) })
        #expect(s.sliceSpacing == 2.5)
    }

    /// RECIST 1.1 Appendix II per series: a 7.5 mm series needs lesions of at least 15 mm.
    @Test func thickSeriesMeasurability() {
        let s = Series(instances: [Self.header("a", z: 0, instance: 1, thickness: 7.5)])
        #expect(s.minimumMeasurableLesionSize == 15)
    }
}

/// The `nadir scan` JSON document: exact keys in order, `null` for missing attributes.
@Suite struct ScanJSONTests {
    @Test func shapeAndNulls() async throws {
        let dir = try TestSupport.temporaryDirectory("json")
        defer { TestSupport.cleanUp(dir) }
        // A minimal file: no Patient ID, Study Date, Slice Thickness or Pixel Spacing.
        let w = try DICOMWriter(path: dir + "/minimal.dcm")
        try w.set(.sopClassUID, "1.2.840.10008.5.1.4.1.1.7")
        try w.set(.sopInstanceUID, "1.2.3.4")
        try w.set(.seriesInstanceUID, "1.2.3.5")
        try w.set(.seriesDescription, "  padded \"quoted\"  ")
        try w.save()
        _ = FileManager.default.createFile(atPath: dir + "/junk.dcm", contents: Data("junk".utf8))
        try FileManager.default.copyItem(atPath: TestSupport.sampleScans + "/NADIR-001/20240115-BASELINE/IM001.dcm",
                                         toPath: dir + "/ct.dcm")
        let result = try await DirectoryScanner.scan(directory: dir)
        let text = result.json()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["series", "errors"])
        let series = try #require(object["series"] as? [[String: Any]])
        #expect(series.count == 2)
        let keys = ["patientID", "studyInstanceUID", "seriesInstanceUID", "studyDate", "modality", "seriesDescription",
                    "sliceThickness", "pixelSpacing", "rows", "columns", "instances", "files"]
        for s in series { #expect(Set(s.keys) == Set(keys)) }
        // Keys appear in the documented order.
        let positions = keys.map { text.range(of: "\"\($0)\"")?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())

        let minimal = try #require(series.first { ($0["seriesInstanceUID"] as? String) == "1.2.3.5" })
        for k in ["patientID", "studyInstanceUID", "studyDate", "modality", "sliceThickness", "pixelSpacing", "rows", "columns"] {
            #expect(minimal[k] is NSNull, "\(k) should be null")
        }
        #expect(minimal["seriesDescription"] as? String == "padded \"quoted\"")
        #expect(minimal["instances"] as? Int == 1)
        let ct = try #require(series.first { ($0["modality"] as? String) == "CT" })
        #expect(ct["pixelSpacing"] as? [Double] == [1.953125, 1.953125])
        #expect(ct["sliceThickness"] as? Double == 5)
        #expect(ct["studyDate"] as? String == "20240115")
        #expect(ct["files"] as? [String] == [dir + "/ct.dcm"])
        let errors = try #require(object["errors"] as? [[String: Any]])
        #expect(errors.count == 1)
        #expect(errors.first?["file"] as? String == dir + "/junk.dcm")
        #expect((errors.first?["error"] as? String)?.isEmpty == false)
        // The table names the patient and date and lists the unreadable file.
        let table = result.table()
        #expect(table.contains("Patient NADIR-001") && table.contains("Study date 2024-01-15") && table.contains("junk.dcm"))
    }
}
