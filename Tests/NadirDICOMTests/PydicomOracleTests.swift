import Foundation
import Testing
@testable import NadirDICOM

/// Header metadata and pixel values compared with pydicom, an independent reader (the oracle).
/// The oracle script is Tests/Fixtures/dicom/pydicom_oracle.py; pydicom comes from
/// scripts/install-deps.sh --test. pydicom's own test files are used straight from its installed
/// wheel (`pydicom.data.get_testdata_file`), never downloaded.
@Suite struct PydicomOracleTests {
    /// One file as pydicom read it, reduced to Sendable values.
    struct OracleRow: Sendable {
        var ok: Bool
        var strings: [String: String] = [:]
        var numbers: [String: [Double]] = [:]

        init(_ json: [String: Any]) {
            ok = json["ok"] as? Bool ?? false
            for (k, v) in json {
                if let s = v as? String { strings[k] = s }
                if let n = v as? [Double] { numbers[k] = n }
            }
        }
    }

    @Test func pydicomIsInstalled() {
        #expect(TestSupport.pydicomAvailable, "python3 with pydicom is needed: run scripts/install-deps.sh --test")
        #expect(TestSupport.pydicomTestData != nil)
    }

    // MARK: - Headers

    /// pydicom's reading of every committed SampleScans file, one python run for all of them.
    static let sampleOracle: [String: OracleRow] = oracleHeaders(
        TestSupport.sampleFiles.map { TestSupport.sampleScans + "/" + $0 })

    /// Every file pydicom ships in its test_files directory (recursively), relative to it.
    static let pydicomFiles: [String] = {
        guard let dir = TestSupport.pydicomTestData, let files = try? DirectoryScanner.files(under: dir) else { return [] }
        return files.map { String($0.dropFirst(dir.count + 1)) }
    }()

    static let pydicomOracle: [String: OracleRow] = {
        guard let dir = TestSupport.pydicomTestData else { return [:] }
        return oracleHeaders(pydicomFiles.map { dir + "/" + $0 })
    }()

    /// Files pydicom reads (with SOP and Series Instance UIDs) that NadirDICOM rejects on purpose,
    /// each with the reason. Anything else pydicom reads, we must read too.
    static let knownStricter: [String: String] = [
        // The meta header says Explicit VR Little Endian but the data set is implicit VR: pydicom
        // notices and switches ("Expected explicit VR, but found implicit VR"); DCMTK parses it as
        // declared and fails. A mislabelled file is a per-file error for us.
        "SC_rgb_jpeg.dcm": "data set encoding contradicts its Transfer Syntax UID",
        // Truncated inside the data set: pydicom returns the elements before the cut (with a
        // warning); DCMTK reports "Invalid stream". A truncated file is an error for us.
        "rtplan_truncated.dcm": "truncated file",
    ]

    static func oracleHeaders(_ paths: [String]) -> [String: OracleRow] {
        guard TestSupport.pydicomAvailable, !paths.isEmpty,
              let rows = try? TestSupport.oracle(["headers"] + paths) as? [[String: Any]] else { return [:] }
        var byPath: [String: OracleRow] = [:]
        for r in rows { if let p = r["path"] as? String { byPath[p] = OracleRow(r) } }
        return byPath
    }

    /// Differences between our header and pydicom's reading of the same file (empty when equal).
    /// Strings are compared exactly (both trimmed); numbers to 1e-6 relative.
    static func differences(_ h: InstanceHeader, _ o: OracleRow) -> [String] {
        var diffs: [String] = []
        func s(_ key: String, _ mine: String?) {
            let theirs = o.strings[key]
            if mine != theirs { diffs.append("\(key): ours \(mine ?? "nil"), pydicom \(theirs ?? "nil")") }
        }
        func n(_ key: String, _ mine: [Double]?, nestedAllowed: Bool = false) {
            let theirs = o.numbers[key]
            if theirs == nil && nestedAllowed { return }  // we also look inside functional groups
            let same: Bool
            switch (mine, theirs) {
            case (nil, nil): same = true
            case let (a?, b?): same = a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-6 * max(1, abs($1)) }
            default: same = false
            }
            if !same { diffs.append("\(key): ours \(mine.map { "\($0)" } ?? "nil"), pydicom \(theirs.map { "\($0)" } ?? "nil")") }
        }
        s("SOPInstanceUID", h.sopInstanceUID)
        s("SeriesInstanceUID", h.seriesInstanceUID)
        s("StudyInstanceUID", h.studyInstanceUID)
        s("PatientID", h.patientID)
        s("StudyDate", h.studyDate)
        s("Modality", h.modality)
        s("SeriesDescription", h.seriesDescription)
        s("TransferSyntaxUID", h.transferSyntaxUID)
        n("SliceThickness", h.sliceThickness.map { [$0] }, nestedAllowed: true)
        n("PixelSpacing", h.pixelSpacing.map { [$0.row, $0.column] }, nestedAllowed: true)
        n("Rows", h.rows.map { [Double($0)] })
        n("Columns", h.columns.map { [Double($0)] })
        n("InstanceNumber", h.instanceNumber.map { [Double($0)] })
        n("NumberOfFrames", o.numbers["NumberOfFrames"] == nil ? nil : [Double(h.numberOfFrames)])
        n("ImagePositionPatient", h.imagePositionPatient.count == 1 ? h.imagePositionPatient[0] : nil, nestedAllowed: true)
        n("ImageOrientationPatient", h.imageOrientationPatient, nestedAllowed: true)
        n("RescaleSlope", h.rescaleSlope.map { [$0] }, nestedAllowed: true)
        n("RescaleIntercept", h.rescaleIntercept.map { [$0] }, nestedAllowed: true)
        return diffs
    }

    /// Every SampleScans file: header-only read by DCMTK equals pydicom's reading.
    @Test(arguments: TestSupport.sampleFiles)
    func sampleScansHeadersMatchPydicom(_ file: String) throws {
        let path = TestSupport.sampleScans + "/" + file
        let oracle = try #require(Self.sampleOracle[path], "no pydicom result for \(file)")
        #expect(oracle.ok)
        let header = try InstanceHeader.read(path: path, mode: .headerOnly)
        #expect(Self.differences(header, oracle) == [], "\(file)")
    }

    /// Every file bundled with pydicom: where pydicom reads a file with SOP and Series Instance
    /// UIDs, we read it too (unless listed in `knownStricter`) with the same values. Where pydicom
    /// fails or the UIDs are absent, we must fail cleanly or read it; never crash.
    @Test(arguments: PydicomOracleTests.pydicomFiles)
    func pydicomTestFilesMatch(_ file: String) throws {
        let dir = try #require(TestSupport.pydicomTestData)
        let path = dir + "/" + file
        let oracle = try #require(Self.pydicomOracle[path], "no pydicom result for \(file)")
        let pydicomReadsIt = oracle.ok && oracle.strings["SOPInstanceUID"] != nil
            && oracle.strings["SeriesInstanceUID"] != nil
        let ours = Result { () throws(DICOMError) in try InstanceHeader.read(path: path, mode: .headerOnly) }
        switch ours {
        case .success(let header):
            if pydicomReadsIt { #expect(Self.differences(header, oracle) == [], "\(file)") }
        case .failure(let error):
            #expect(error.file == path)
            if pydicomReadsIt {
                #expect(Self.knownStricter[(file as NSString).lastPathComponent] != nil,
                        "pydicom reads \(file) but we fail: \(error)")
            }
        }
    }

    // MARK: - Pixels

    struct PixelCase: Sendable, CustomTestStringConvertible {
        /// Pydicom test file (or "samples:<relative path>" for SampleScans).
        var file: String
        var frame: Int
        /// The file pydicom decodes as the reference: the same file, or an uncompressed twin when
        /// pydicom has no decoder for the codec (JPEG-LS needs plug-ins we do not install).
        var reference: String
        var why: String
        var testDescription: String { "\(file) frame \(frame)" }
    }

    static let pixelCases: [PixelCase] = [
        PixelCase(file: "CT_small.dcm", frame: 0, reference: "CT_small.dcm", why: "CT, signed 16-bit, Rescale Intercept → HU"),
        PixelCase(file: "MR_small.dcm", frame: 0, reference: "MR_small.dcm", why: "explicit VR little endian"),
        PixelCase(file: "MR_small_implicit.dcm", frame: 0, reference: "MR_small.dcm", why: "implicit VR little endian"),
        PixelCase(file: "MR_small_bigendian.dcm", frame: 0, reference: "MR_small.dcm", why: "explicit VR big endian"),
        PixelCase(file: "MR_small_expb.dcm", frame: 0, reference: "MR_small.dcm", why: "explicit VR big endian"),
        PixelCase(file: "MR_small_padded.dcm", frame: 0, reference: "MR_small_padded.dcm", why: "odd padding"),
        PixelCase(file: "MR_small_RLE.dcm", frame: 0, reference: "MR_small.dcm", why: "RLE Lossless (PS3.5 Annex G)"),
        PixelCase(file: "MR_small_jpeg_ls_lossless.dcm", frame: 0, reference: "MR_small.dcm", why: "JPEG-LS lossless"),
        PixelCase(file: "rtdose.dcm", frame: 0, reference: "rtdose.dcm", why: "multi-frame, 32-bit, first frame"),
        PixelCase(file: "rtdose.dcm", frame: 14, reference: "rtdose.dcm", why: "multi-frame, last frame"),
        PixelCase(file: "rtdose_rle.dcm", frame: 7, reference: "rtdose.dcm", why: "multi-frame RLE, 32-bit"),
        PixelCase(file: "samples:NADIR-001/20240115-BASELINE/IM004.dcm", frame: 0,
                  reference: "samples:NADIR-001/20240115-BASELINE/IM004.dcm", why: "generated CT, 12-bit stored, intercept −1024"),
        PixelCase(file: "samples:NADIR-003/20240304-BASELINE/IM011.dcm", frame: 0,
                  reference: "samples:NADIR-003/20240304-BASELINE/IM011.dcm", why: "generated CT, abdomen"),
    ]

    static func resolve(_ name: String) -> String? {
        if name.hasPrefix("samples:") { return TestSupport.sampleScans + "/" + name.dropFirst("samples:".count) }
        return TestSupport.pydicomTestData.map { $0 + "/" + name }
    }

    /// Modality values (Rescale Slope/Intercept applied) equal pydicom's `apply_modality_lut`.
    @Test(arguments: PydicomOracleTests.pixelCases)
    func pixelValuesMatchPydicom(_ c: PixelCase) throws {
        let path = try #require(Self.resolve(c.file))
        let reference = try #require(Self.resolve(c.reference))
        let image = try SliceImage.read(path: path, frame: c.frame)
        let oracle = try #require(try TestSupport.oracle(["pixels", reference, String(c.frame)]) as? [String: Any])
        let values = try #require(oracle["values"] as? [Double])
        #expect(image.rows == oracle["rows"] as? Int)
        #expect(image.columns == oracle["columns"] as? Int)
        #expect(image.values.count == values.count)
        let mismatches = zip(image.values, values).filter { abs($0 - $1) > 1e-6 * max(1, abs($1)) }.count
        #expect(mismatches == 0, "\(c.why): \(mismatches) of \(values.count) pixels differ; ours start \(image.values.prefix(3)), pydicom \(values.prefix(3))")
    }
}

/// Pixel data we refuse on purpose, each a per-file error that names the file (never a crash).
@Suite struct UndecodablePixelTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        var expectedReasonFragment: String
        var why: String
        var testDescription: String { file }
    }

    static let cases: [Case] = [
        Case(file: "JPEG2000.dcm", expectedReasonFragment: "JPEG 2000", why: "no JPEG 2000 codec in free DCMTK"),
        Case(file: "MR_small_jp2klossless.dcm", expectedReasonFragment: "JPEG 2000", why: "no JPEG 2000 codec in free DCMTK"),
        Case(file: "SC_rgb_rle.dcm", expectedReasonFragment: "monochrome", why: "colour images cannot be measured in HU"),
        Case(file: "SC_rgb_jpeg_dcmtk.dcm", expectedReasonFragment: "monochrome", why: "colour JPEG baseline"),
        Case(file: "rtdose_expb.dcm", expectedReasonFragment: "Big Endian", why: "32-bit big endian word order is ambiguous"),
        Case(file: "MR_truncated.dcm", expectedReasonFragment: "", why: "pixel data cut short"),
    ]

    @Test(arguments: UndecodablePixelTests.cases)
    func perFileError(_ c: Case) throws {
        let path = try #require(TestSupport.pydicomTestData) + "/" + c.file
        #expect {
            try SliceImage.read(path: path, frame: 0)
        } throws: { error in
            guard let e = error as? DICOMError else { return false }
            return e.file == path && (c.expectedReasonFragment.isEmpty || e.reason.contains(c.expectedReasonFragment))
        }
    }

    /// Codecs DCMTK has but pydicom cannot check here (no JPEG plug-ins installed): they decode,
    /// to the right size, with values inside the stored bit range.
    @Test(arguments: ["JPGExtended.dcm", "JPEG-lossy.dcm", "JPEGLSNearLossless_16.dcm", "SC_jpeg_no_color_transform.dcm"])
    func compressedDecodes(_ file: String) throws {
        let path = try #require(TestSupport.pydicomTestData) + "/" + file
        let f = try DICOMFile(path: path)
        let rows = try #require(try f.integer(.rows))
        let columns = try #require(try f.integer(.columns))
        let bitsStored = try #require(try f.integer(.bitsStored))
        let result = Result { () throws(DICOMError) in try SliceImage.read(from: f, frame: 0) }
        switch result {
        case .success(let image):
            #expect(image.rows == rows && image.columns == columns)
            let maximum = Double(1 << bitsStored)
            #expect(image.values.allSatisfy { $0 >= -maximum && $0 < maximum * max(1, image.rescaleSlope) + abs(image.rescaleIntercept) })
        case .failure(let error):
            // SC_jpeg_no_color_transform is colour: refusing it is the expected outcome.
            #expect(error.reason.contains("monochrome"), "\(error)")
        }
    }
}
