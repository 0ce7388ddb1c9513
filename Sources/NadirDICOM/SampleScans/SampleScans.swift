import Foundation

/// `nadir samples generate`: small, valid, synthetic CT series with lesions of known size.
public enum SampleScans {
    /// What a generation run wrote.
    public struct Manifest: Sendable {
        /// Paths relative to the output directory, in generation order (DICOM files, then
        /// truth.json and README.md).
        public var files: [String]
        public var truth: SampleTruth
    }

    /// Writes the cohort's DICOM files (through DCMTK), `truth.json` and `README.md` into `directory`,
    /// creating it if needed and overwriting earlier output. Deterministic: fixed UIDs, dates and
    /// noise seed, so two runs give identical bytes with the same DCMTK version.
    @discardableResult
    public static func generate(to directory: String) throws(DICOMError) -> Manifest {
        DICOMToolkit.ensureInitialised()
        var files: [String] = []
        for p in SampleCohort.patients {
            for t in 0 ..< p.timepointCount {
                let phantom = Phantom(patient: p, timepoint: t)
                for k in 0 ..< p.sliceCount {
                    let relative = SampleCohort.relativePath(p, t, slice: k)
                    let path = directory + "/" + relative
                    try makeParent(of: path)
                    try writeSlice(patient: p, timepoint: t, slice: k, pixels: phantom.storedPixels(k), to: path)
                    files.append(relative)
                }
            }
        }
        let truth = SampleTruth.cohort
        try write(truth.json(), to: directory + "/truth.json")
        try write(readme(truth), to: directory + "/README.md")
        files += ["truth.json", "README.md"]
        return Manifest(files: files, truth: truth)
    }

    /// Result of comparing a directory with the generator's output.
    public struct Verification: Sendable {
        public var checked: Int
        /// Files that are missing or differ (relative paths and why); empty when the directory matches.
        public var mismatches: [DICOMError]
        public var matches: Bool { mismatches.isEmpty }
    }

    /// Regenerates the samples in a temporary directory and compares `directory` with it: every
    /// DICOM data set byte for byte, and truth.json and README.md exactly. The File Meta Information
    /// header is not compared, because DCMTK writes its own version into it (Implementation Class
    /// UID, Implementation Version Name), which would make a newer DCMTK look like corruption.
    /// Extra files in `directory` are ignored.
    public static func verify(directory: String) throws(DICOMError) -> Verification {
        let temp = FileManager.default.temporaryDirectory.appendingPathComponent("nadir-samples-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: temp) }
        let manifest = try generate(to: temp)
        var mismatches: [DICOMError] = []
        for relative in manifest.files {
            let mine = directory + "/" + relative
            guard let have = FileManager.default.contents(atPath: mine) else {
                mismatches.append(.sampleMismatch(file: mine, reason: "missing"))
                continue
            }
            guard let want = FileManager.default.contents(atPath: temp + "/" + relative) else {
                mismatches.append(.sampleMismatch(file: mine, reason: "generator did not produce it"))
                continue
            }
            if relative.hasSuffix(".dcm") {
                let a = datasetBytes([UInt8](have)), b = datasetBytes([UInt8](want))
                if a == nil { mismatches.append(.sampleMismatch(file: mine, reason: "no DICOM File Meta Information header")) }
                else if a != b { mismatches.append(.sampleMismatch(file: mine, reason: "data set bytes differ")) }
            } else if have != want {
                mismatches.append(.sampleMismatch(file: mine, reason: "content differs"))
            }
        }
        return Verification(checked: manifest.files.count, mismatches: mismatches)
    }

    /// The bytes after the File Meta Information: 128-byte preamble, "DICM", then (0002,0000)
    /// File Meta Information Group Length (explicit VR little endian UL) giving the group's length.
    static func datasetBytes(_ file: [UInt8]) -> ArraySlice<UInt8>? {
        guard file.count >= 144, file[128 ..< 132].elementsEqual(Array("DICM".utf8)),
              file[132] == 0x02, file[133] == 0x00, file[134] == 0x00, file[135] == 0x00 else { return nil }
        let length = Int(file[140]) | Int(file[141]) << 8 | Int(file[142]) << 16 | Int(file[143]) << 24
        let start = 144 + length
        guard start <= file.count else { return nil }
        return file[start...]
    }

    private static func makeParent(of path: String) throws(DICOMError) {
        let parent = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw .writeFailed(file: parent, reason: "\(error)")
        }
    }

    private static func write(_ text: String, to path: String) throws(DICOMError) {
        try makeParent(of: path)
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw .writeFailed(file: path, reason: "cannot create file")
        }
    }

    /// DS values: integers without a decimal point, others in Swift's shortest round-trip form.
    static func ds(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }

    private static func writeSlice(patient p: SamplePatient, timepoint t: Int, slice k: Int, pixels: [UInt16], to path: String) throws(DICOMError) {
        let w = try DICOMWriter(path: path)
        let date = SampleCohort.studyDate(p, t)
        let n = SampleCohort.matrix
        let ps = ds(SampleCohort.pixelSpacing)
        let origin = ds(SampleCohort.x(column: 0)) + "\\" + ds(SampleCohort.y(row: 0))
        let z = SampleCohort.sliceZ(p, slice: k)
        let instance = SampleCohort.instanceNumber(p, slice: k)
        let chest = p.anatomy == .chest
        let strings: [(DICOMTag, String)] = [
            (.specificCharacterSet, "ISO_IR 100"),
            (.imageType, "ORIGINAL\\PRIMARY\\AXIAL"),
            (.instanceCreationDate, date), (.instanceCreationTime, "093000"),
            (.sopClassUID, "1.2.840.10008.5.1.4.1.1.2"),  // CT Image Storage
            (.sopInstanceUID, SampleCohort.sopInstanceUID(p, t, instance: instance)),
            (.studyDate, date), (.seriesDate, date), (.acquisitionDate, date), (.contentDate, date),
            (.studyTime, "090000"), (.seriesTime, "091500"), (.acquisitionTime, "091500"), (.contentTime, "091500"),
            (.accessionNumber, "ACC\(p.patientID.suffix(3))\(t + 1)"),
            (.modality, "CT"),
            (.manufacturer, "Nadir"), (.institutionName, "Nadir SampleScans"), (.referringPhysicianName, ""),
            (.studyDescription, chest ? "CT CHEST WITH CONTRAST" : "CT ABDOMEN WITH CONTRAST"),
            (.seriesDescription, "AXIAL \(ds(p.sliceThickness)) MM SYNTHETIC PHANTOM"),
            (.manufacturerModelName, "nadir samples generate"),
            (.patientName, p.patientName), (.patientID, p.patientID), (.patientBirthDate, p.patientBirthDate),
            (.patientSex, p.patientSex),
            (.clinicalTrialSponsorName, "NADIR SAMPLE SPONSOR"), (.clinicalTrialProtocolID, "NADIR-DEMO-01"),
            (.clinicalTrialProtocolName, "Synthetic RECIST 1.1 demonstration"),
            (.clinicalTrialSiteID, "01"), (.clinicalTrialSiteName, "Nadir synthetic site"),
            (.clinicalTrialSubjectID, p.patientID), (.clinicalTrialTimePointID, SampleCohort.timepointID(t)),
            (.bodyPartExamined, chest ? "CHEST" : "ABDOMEN"),
            (.sliceThickness, ds(p.sliceThickness)), (.kvp, "120"), (.dataCollectionDiameter, "500"),
            (.reconstructionDiameter, "250"), (.xRayTubeCurrent, "200"), (.convolutionKernel, "STANDARD"),
            (.patientPosition, "HFS"),
            (.studyInstanceUID, SampleCohort.studyInstanceUID(p, t)),
            (.seriesInstanceUID, SampleCohort.seriesInstanceUID(p, t)),
            (.studyID, "\(t + 1)"), (.seriesNumber, "2"), (.acquisitionNumber, "1"), (.instanceNumber, "\(instance)"),
            (.imagePositionPatient, origin + "\\" + ds(z)),
            (.imageOrientationPatient, "1\\0\\0\\0\\1\\0"),
            (.frameOfReferenceUID, SampleCohort.frameOfReferenceUID(p, t)),
            (.positionReferenceIndicator, ""),
            (.sliceLocation, ds(z)),
            (.photometricInterpretation, "MONOCHROME2"),
            (.pixelSpacing, ps + "\\" + ps),
            (.windowCenter, chest ? "-600" : "40"), (.windowWidth, chest ? "1500" : "400"),
            (.windowCenterWidthExplanation, chest ? "LUNG" : "ABDOMEN"),
            (.rescaleIntercept, "-1024"), (.rescaleSlope, "1"), (.rescaleType, "HU"),
        ]
        for (tag, value) in strings { try w.set(tag, value) }
        let shorts: [(DICOMTag, UInt16)] = [
            (.samplesPerPixel, 1), (.rows, UInt16(n)), (.columns, UInt16(n)),
            (.bitsAllocated, 16), (.bitsStored, 12), (.highBit, 11), (.pixelRepresentation, 0),
        ]
        for (tag, value) in shorts { try w.set(tag, value) }
        try w.setPixelData(pixels)
        try w.save()
    }

    /// README.md of the generated directory: how it was made and each lesion's true size.
    static func readme(_ truth: SampleTruth) -> String {
        var s = """
            # SampleScans

            Synthetic CT series written by `nadir samples generate` (NadirDICOM, through DCMTK). Do not edit by \
            hand: regenerate with `nadir samples generate SampleScans` and check with `nadir samples verify SampleScans`.
            Generation is deterministic (fixed UIDs under `\(truth.uidRoot)`, fixed dates, seeded noise), so the files \
            are reproduced byte for byte (the File Meta Information header carries the DCMTK version).

            - 128 × 128 pixels, pixel spacing \(ds(truth.pixelSpacing)) mm (reconstruction diameter 250 mm), \
            Explicit VR Little Endian, 12-bit stored values with Rescale Intercept −1024 (HU), noise σ ≈ 10 HU.
            - Axial slices, Image Orientation (Patient) `1\\0\\0\\0\\1\\0`, patient position HFS; Instance Number 1 is \
            the most superior slice.
            - Lesions are ellipsoids with partial-volume edges: the longest diameter lies along the patient's \
            left–right axis and the short axis along anterior–posterior, both on the slice through the centre.
            - Machine-readable truth: `truth.json` (one row per lesion per timepoint, with the series UID, the centre \
            slice and pixel).

            ## True lesion diameters (mm, long axis / short axis)


            """
        for p in SampleCohort.patients {
            s += "### \(p.patientID) (\(p.intendedCourse)), \(p.anatomy.rawValue), slice thickness \(ds(p.sliceThickness)) mm, \(p.sliceCount) slices\n\n"
            var header = "| Lesion | Site | Nodal |"
            var rule = "|---|---|---|"
            for t in 0 ..< p.timepointCount {
                header += " \(SampleCohort.timepointID(t)) \(SampleCohort.studyDate(p, t)) |"
                rule += "---|"
            }
            s += header + "\n" + rule + "\n"
            for l in p.lesions {
                var row = "| \(l.lesionID) | \(l.site) | \(l.nodal ? "yes" : "no") |"
                for t in 0 ..< p.timepointCount {
                    row += " \(ds(l.diameters[t].long)) / \(ds(l.diameters[t].short)) |"
                }
                s += row + "\n"
            }
            var sums = "| Sum (RECIST) | long axis of non-nodal + short axis of nodal | |"
            for t in 0 ..< p.timepointCount {
                let sum = p.lesions.reduce(0.0) { $0 + ($1.nodal ? $1.diameters[t].short : $1.diameters[t].long) }
                sums += " \(ds(sum)) |"
            }
            s += sums + "\n\n"
        }
        return s
    }
}
