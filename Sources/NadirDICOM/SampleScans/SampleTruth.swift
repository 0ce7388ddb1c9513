import Foundation

/// The ground truth of the sample scans, as written to `SampleScans/truth.json`: one row per lesion
/// per timepoint, so a measured diameter can be checked against what was drawn.
public struct SampleTruth: Sendable, Hashable, Codable {
    public struct Lesion: Sendable, Hashable, Codable {
        public var patientID: String
        public var intendedCourse: String
        public var timepointIndex: Int
        public var clinicalTrialTimePointID: String
        public var studyDate: String
        public var lesionID: String
        public var site: String
        public var nodal: Bool
        /// Longest diameter in the axial plane, mm (the RECIST measurement for non-nodal lesions).
        public var longAxisMM: Double
        /// Short axis perpendicular to it in the same plane, mm (the RECIST measurement for nodes).
        public var shortAxisMM: Double
        /// Craniocaudal extent, mm.
        public var craniocaudalMM: Double
        public var studyInstanceUID: String
        public var seriesInstanceUID: String
        public var sliceThickness: Double
        /// The slice through the lesion centre.
        public var centreInstanceNumber: Int
        public var centreSOPInstanceUID: String
        /// Path of that slice relative to the SampleScans directory.
        public var centreFile: String
        /// Pixel of the lesion centre on that slice (0-based row and column).
        public var centreRow: Int
        public var centreColumn: Int
        /// Lesion centre in patient coordinates (DICOM LPS), mm.
        public var centrePatient: [Double]
    }

    public var generator: String
    public var uidRoot: String
    public var pixelSpacing: Double
    public var lesions: [Lesion]

    /// Reads a truth file (e.g. `SampleScans/truth.json`).
    public static func load(from path: String) throws(DICOMError) -> SampleTruth {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(file: path, reason: "cannot read truth file")
        }
        do {
            return try JSONDecoder().decode(SampleTruth.self, from: data)
        } catch {
            throw .unreadable(file: path, reason: "not a SampleScans truth file: \(error)")
        }
    }

    /// The truth of the built-in cohort (what `SampleScans.generate` writes to truth.json).
    public static var cohort: SampleTruth {
        var rows: [Lesion] = []
        for p in SampleCohort.patients {
            for t in 0 ..< p.timepointCount {
                for l in p.lesions {
                    let d = l.diameters[t]
                    let n = SampleCohort.instanceNumber(p, slice: l.slice)
                    rows.append(Lesion(
                        patientID: p.patientID, intendedCourse: p.intendedCourse, timepointIndex: t,
                        clinicalTrialTimePointID: SampleCohort.timepointID(t), studyDate: SampleCohort.studyDate(p, t),
                        lesionID: l.lesionID, site: l.site, nodal: l.nodal, longAxisMM: d.long, shortAxisMM: d.short,
                        craniocaudalMM: l.craniocaudal(t),
                        studyInstanceUID: SampleCohort.studyInstanceUID(p, t), seriesInstanceUID: SampleCohort.seriesInstanceUID(p, t),
                        sliceThickness: p.sliceThickness, centreInstanceNumber: n,
                        centreSOPInstanceUID: SampleCohort.sopInstanceUID(p, t, instance: n),
                        centreFile: SampleCohort.relativePath(p, t, slice: l.slice), centreRow: l.row, centreColumn: l.column,
                        centrePatient: [SampleCohort.x(column: Double(l.column)), SampleCohort.y(row: Double(l.row)),
                                        SampleCohort.sliceZ(p, slice: l.slice)]))
                }
            }
        }
        return SampleTruth(generator: "nadir samples generate", uidRoot: SampleCohort.uidRoot,
                           pixelSpacing: SampleCohort.pixelSpacing, lesions: rows)
    }

    /// Deterministic JSON (fixed key order, fixed number formatting), so regeneration is byte-identical.
    public func json() -> String {
        var w = JSONWriter(pretty: true)
        w.beginObject()
        w.key("generator"); w.string(generator)
        w.key("uidRoot"); w.string(uidRoot)
        w.key("pixelSpacing"); w.number(pixelSpacing)
        w.key("lesions")
        w.beginArray()
        for l in lesions {
            w.beginObject()
            w.key("patientID"); w.string(l.patientID)
            w.key("intendedCourse"); w.string(l.intendedCourse)
            w.key("timepointIndex"); w.number(Double(l.timepointIndex))
            w.key("clinicalTrialTimePointID"); w.string(l.clinicalTrialTimePointID)
            w.key("studyDate"); w.string(l.studyDate)
            w.key("lesionID"); w.string(l.lesionID)
            w.key("site"); w.string(l.site)
            w.key("nodal"); w.bool(l.nodal)
            w.key("longAxisMM"); w.number(l.longAxisMM)
            w.key("shortAxisMM"); w.number(l.shortAxisMM)
            w.key("craniocaudalMM"); w.number(l.craniocaudalMM)
            w.key("studyInstanceUID"); w.string(l.studyInstanceUID)
            w.key("seriesInstanceUID"); w.string(l.seriesInstanceUID)
            w.key("sliceThickness"); w.number(l.sliceThickness)
            w.key("centreInstanceNumber"); w.number(Double(l.centreInstanceNumber))
            w.key("centreSOPInstanceUID"); w.string(l.centreSOPInstanceUID)
            w.key("centreFile"); w.string(l.centreFile)
            w.key("centreRow"); w.number(Double(l.centreRow))
            w.key("centreColumn"); w.number(Double(l.centreColumn))
            w.key("centrePatient")
            w.beginArray(inline: true)
            for v in l.centrePatient { w.number(v) }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.output + "\n"
    }
}
