import Foundation
import NadirCore
import Testing
@testable import NadirStore

/// DICOM SR export, checked by DCMTK's dsrdump and by pydicom (outside oracles).
@Suite("DICOM SR export")
struct SRExportTests {
    struct Parsed: Decodable {
        struct Group: Decodable {
            var tracking: String
            var uid: String
            var concept: [String]?
            var value: Double?
            var unit: String?
            var graphicType: String?
            var relationship: String?
            var points: [Double]?
            var image: String?
            var finding: String?
        }
        var SOPClassUID: String
        var Modality: String
        var PatientID: String
        var StudyInstanceUID: String
        var SOPInstanceUID: String
        var MediaStorageSOPInstanceUID: String
        var template: String
        var root: [String]
        var completion: String
        var groups: [Group]
    }

    @Test func tid1500PerRead() async throws {
        let f = try await StudyFixture(scans: true); defer { f.remove() }
        let r = try f.store.assign(subject: "NADIR-001", visit: 0, reader: "alice", by: "admin").id
        var t01 = StudyFixture.target("T01", 32, series: StudyFixture.baselineSeries)
        t01.image?.sopInstanceUID = StudyFixture.t01Baseline
        t01.caliper = Caliper(x1: 24.8, y1: 59.5, x2: 41.2, y2: 59.5)
        try f.store.record(t01, read: r, by: "alice")
        try f.store.record(StudyFixture.target("T02", 18, nodal: true, site: "LYMPH NODE", series: StudyFixture.baselineSeries), read: r, by: "alice")
        try f.store.record(MeasurementInput(lesionID: "NT01", kind: .state, state: "PRESENT",
                                            definition: LesionDefinition(role: .nonTarget, site: "PLEURA", isNodal: false)), read: r, by: "alice")
        try f.store.submit(read: r, by: "alice")
        let open = try f.store.assign(subject: "NADIR-001", visit: 0, reader: "bob", by: "admin").id  // not submitted: no SR
        _ = open
        let out = f.directory + "/sr"
        let summary = try f.store.exportSR(directory: out, by: "mon")
        #expect(summary.files == [out + "/SR-\(r).dcm"] && summary.measurements == 3)

        let dump = try run(["dsrdump", "-Ee", summary.files[0]])
        #expect(dump.status == 0, "\(dump.output)")
        #expect(dump.output.contains("Comprehensive SR Document"))
        #expect(dump.output.contains("Imaging Measurement Report"))
        #expect(dump.output.contains(#"<contains NUM:(,,"Long Axis")="32" (mm,UCUM,"millimeter")>"#))
        #expect(dump.output.contains(#""Tracking Identifier")="T02""#))

        let py = try run(["python3", StudyFixture.repoRoot + "/Tests/Fixtures/store/check_sr.py", summary.files[0]])
        #expect(py.status == 0, "\(py.output)")
        let json = try #require(py.output.split(separator: "\n").last.map(String.init))
        let p = try JSONDecoder().decode(Parsed.self, from: Data(json.utf8))
        #expect(p.SOPClassUID == "1.2.840.10008.5.1.4.1.1.88.33")  // Comprehensive SR Storage
        #expect(p.Modality == "SR" && p.PatientID == "NADIR-001" && p.completion == "COMPLETE")
        #expect(p.StudyInstanceUID == StudyFixture.uidRoot + ".1.1.1")  // the imaging study's
        #expect(p.SOPInstanceUID == p.MediaStorageSOPInstanceUID && p.SOPInstanceUID.hasPrefix("2.25."))
        #expect(p.template == "1500" && p.root == ["126000", "DCM", "Imaging Measurement Report"])
        let byID = Dictionary(uniqueKeysWithValues: p.groups.map { ($0.tracking, $0) })
        let g1 = try #require(byID["T01"])
        #expect(g1.concept == ["103339001", "SCT", "Long Axis"] && g1.value == 32 && g1.unit == "mm")
        #expect(g1.relationship == "INFERRED FROM" && g1.graphicType == "POLYLINE" && g1.image == StudyFixture.t01Baseline)
        let pts = try #require(g1.points)
        #expect(pts.count == 4 && abs(pts[0] - 24.8) < 1e-4 && abs(pts[2] - 41.2) < 1e-4 && pts[1] == 59.5)
        #expect(byID["T02"]?.concept?[2] == "Short Axis" && byID["T02"]?.value == 18 && byID["T02"]?.points == nil)
        #expect(byID["NT01"]?.finding == "PRESENT")
        // Deterministic: the same read exports to the same UIDs.
        let again = try f.store.exportSR(directory: f.directory + "/sr2", by: "admin")
        let py2 = try run(["python3", StudyFixture.repoRoot + "/Tests/Fixtures/store/check_sr.py", again.files[0]])
        #expect(py2.output.split(separator: "\n").last.map(String.init) == json)
        #expect(throws: StoreError.self) { try f.store.exportSR(directory: out, by: "alice") }
    }
}
