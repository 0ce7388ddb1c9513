import Foundation
import Testing
@testable import NadirDICOM

/// The committed SampleScans: reproducible, valid per dciodvfy, and true to truth.json.
@Suite struct SampleScansTests {
    /// Regenerating reproduces the committed set (data sets byte for byte, truth and README exactly).
    @Test func committedSetMatchesGenerator() throws {
        let v = try SampleScans.verify(directory: TestSupport.sampleScans)
        #expect(v.checked == 120)
        #expect(v.mismatches == [], "regenerate with `nadir samples generate SampleScans`")
    }

    /// Two generations give identical bytes, File Meta Information included.
    @Test func generationIsDeterministic() throws {
        let a = try TestSupport.temporaryDirectory("gen-a"), b = try TestSupport.temporaryDirectory("gen-b")
        defer { TestSupport.cleanUp(a); TestSupport.cleanUp(b) }
        let m = try SampleScans.generate(to: a)
        try SampleScans.generate(to: b)
        for f in m.files {
            #expect(FileManager.default.contentsEqual(atPath: a + "/" + f, andPath: b + "/" + f), "\(f)")
        }
        // And a tampered copy is caught.
        let victim = a + "/" + m.files[5]
        var bytes = [UInt8](try #require(FileManager.default.contents(atPath: victim)))
        bytes[bytes.count - 3] ^= 0xFF
        _ = FileManager.default.createFile(atPath: victim, contents: Data(bytes))
        let v = try SampleScans.verify(directory: a)
        #expect(v.mismatches == [.sampleMismatch(file: victim, reason: "data set bytes differ")])
    }

    @Test func underFiveMebibytes() throws {
        let files = try DirectoryScanner.files(under: TestSupport.sampleScans)
        let total = files.reduce(0) { sum, f in
            sum + ((try? FileManager.default.attributesOfItem(atPath: f)[.size] as? Int) ?? 0)
        }
        #expect(total < 5 * 1024 * 1024)
    }

    @Test func truthFileIsTheCohort() throws {
        let path = TestSupport.sampleScans + "/truth.json"
        let loaded = try SampleTruth.load(from: path)
        #expect(loaded == SampleTruth.cohort)
        #expect(loaded.lesions.count == 2 * (4 + 3 + 3))
        #expect(Set(loaded.lesions.map(\.intendedCourse)) == ["responder", "progressor", "stable"])
    }

    static let dciodvfyAvailable = TestSupport.which("dciodvfy")

    /// Every file passes dciodvfy (dicom3tools) without errors or warnings.
    @Test(.enabled(if: SampleScansTests.dciodvfyAvailable, "dciodvfy (Debian dicom3tools) not installed"),
          arguments: TestSupport.sampleFiles)
    func dciodvfyClean(_ file: String) throws {
        let r = try TestSupport.run("dciodvfy", [TestSupport.sampleScans + "/" + file])
        let output = String(decoding: r.stdout, as: UTF8.self) + r.stderr
        let problems = output.split(separator: "\n").filter { $0.hasPrefix("Error") || $0.hasPrefix("Warning") }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        #expect(output.contains("CTImage"))
    }

    /// The lesion drawn in the pixels has the true diameters: measured along the centre row (long
    /// axis, patient x) and centre column (short axis, patient y) of the centre slice, a pixel counts
    /// as lesion when its value (low contrast: the 3-pixel average across the line) is nearer the lesion's HU than the
    /// surrounding tissue's (see `lowContrast`). Tolerance 1.5 pixels (2.9 mm): partial volume puts each edge within
    /// half a pixel, noise adds a little.
    @Test(arguments: SampleTruth.cohort.lesions)
    func lesionExtentMatchesTruth(_ truth: SampleTruth.Lesion) throws {
        let path = TestSupport.sampleScans + "/" + truth.centreFile
        let header = try InstanceHeader.read(path: path)
        #expect(header.sopInstanceUID == truth.centreSOPInstanceUID)
        #expect(header.seriesInstanceUID == truth.seriesInstanceUID)
        #expect(header.instanceNumber == truth.centreInstanceNumber)
        let image = try SliceImage.read(path: path)
        #expect(image.patientPosition(row: Double(truth.centreRow), column: Double(truth.centreColumn)) == truth.centrePatient)

        let patient = try #require(SampleCohort.patients.first { $0.patientID == truth.patientID })
        let lesion = try #require(patient.lesions.first { $0.lesionID == truth.lesionID })
        let phantom = Phantom(patient: patient, timepoint: truth.timepointIndex)
        let surrounding = phantom.anatomy(truth.centrePatient[0], truth.centrePatient[1])
        let threshold = (lesion.hu + surrounding) / 2
        let lesionAbove = lesion.hu > surrounding
        func isLesion(_ v: Double) -> Bool { lesionAbove ? v > threshold : v < threshold }
        // Low-contrast lesions (liver metastasis 20 HU in liver 60 HU, noise σ ≈ 10) are judged on a
        // 3-pixel average across the line; high-contrast ones on the line itself, because averaging
        // across a small lesion's tapering edge would dilute it.
        let lowContrast = abs(lesion.hu - surrounding) < 100
        func average(_ r: Int, _ c: Int, alongRow: Bool) -> Double {
            let offsets = lowContrast ? [-1, 0, 1] : [0]
            let vs = offsets.compactMap { alongRow ? image[row: r + $0, column: c] : image[row: r, column: c + $0] }
            return vs.reduce(0, +) / Double(vs.count)
        }
        func extent(alongRow: Bool) -> Double {
            var count = 1
            for direction in [-1, 1] {
                var step = 1
                while step < 40 {
                    let r = alongRow ? truth.centreRow : truth.centreRow + direction * step
                    let c = alongRow ? truth.centreColumn + direction * step : truth.centreColumn
                    guard image[row: r, column: c] != nil, isLesion(average(r, c, alongRow: alongRow)) else { break }
                    count += 1
                    step += 1
                }
            }
            return Double(count) * SampleCohort.pixelSpacing
        }
        let tolerance = 1.5 * SampleCohort.pixelSpacing
        let long = extent(alongRow: true), short = extent(alongRow: false)
        #expect(abs(long - truth.longAxisMM) <= tolerance, "long axis measured \(long) mm, true \(truth.longAxisMM) mm")
        #expect(abs(short - truth.shortAxisMM) <= tolerance, "short axis measured \(short) mm, true \(truth.shortAxisMM) mm")
    }
}

/// Scanning the SampleScans: series, ordering, spacing, measurability and timepoints.
@Suite struct SampleScanStructureTests {
    @Test func scanFindsTheCohort() async throws {
        let result = try await DirectoryScanner.scan(directory: TestSupport.sampleScans, jobs: 2)
        #expect(result.series.count == 10)
        #expect(result.filesRead == 118)
        // README.md and truth.json are not DICOM: reported, not fatal.
        #expect(Set(result.errors.map { ($0.file as NSString).lastPathComponent }) == ["README.md", "truth.json"])
        for s in result.series {
            let positions = try #require(s.slicePositions)
            #expect(positions == positions.sorted())
            // Ordered along the normal (+z), so Instance Number (acquired head to feet) descends.
            #expect(s.instances.map { $0.instanceNumber ?? 0 } == Array((1 ... s.instances.count).reversed()))
            #expect(s.sliceSpacing == s.sliceThickness)
            #expect(s.minimumMeasurableLesionSize == 10)
            #expect(s.files.first?.hasSuffix("IM\(String(format: "%03d", s.instances.count)).dcm") == true)
        }
    }

    @Test func jobsDoNotChangeTheResult() async throws {
        let one = try await DirectoryScanner.scan(directory: TestSupport.sampleScans, jobs: 1)
        let four = try await DirectoryScanner.scan(directory: TestSupport.sampleScans, jobs: 4)
        #expect(one.json() == four.json())
    }

    @Test func timepointsFromStudyDates() async throws {
        let result = try await DirectoryScanner.scan(directory: TestSupport.sampleScans)
        let timelines = Timepoint.group(result.series)
        #expect(timelines.map(\.patientID) == ["NADIR-001", "NADIR-002", "NADIR-003"])
        #expect(timelines.map { $0.timepoints.count } == [4, 3, 3])
        #expect(timelines[0].timepoints.map(\.daysFromBaseline) == [0, 56, 112, 168])
        #expect(timelines[0].timepoints.map(\.date) == ["20240115", "20240311", "20240506", "20240701"])
        #expect(timelines[0].timepoints.map(\.index) == [0, 1, 2, 3])
        #expect(timelines[1].timepoints[0].isBaseline)
        // A later baseline (e.g. the first scan was screening): earlier dates get negative indices.
        let shifted = Timepoint.group(result.series, baselineDates: ["NADIR-001": "20240311"])
        #expect(shifted[0].timepoints.map(\.index) == [-1, 0, 1, 2])
        #expect(shifted[0].timepoints.map(\.daysFromBaseline) == [-56, 0, 56, 112])
    }
}
