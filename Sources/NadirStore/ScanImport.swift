import GRDB
import NadirCore
import NadirDICOM

/// What `importScans` added.
public struct ScanImportSummary: Sendable, Hashable {
    public var subjects = 0
    public var timepoints = 0
    public var series = 0
    public var instances = 0
    /// Series already in the store (a re-scan of the same directory changes nothing).
    public var seriesAlreadyPresent = 0
    /// Series left out because they have no Patient ID or Study Date, or precede baseline.
    public var seriesSkipped: [String] = []
}

extension ReadingStore {
    /// Links scanned series to subjects and timepoints: Patient ID is the subject (`USUBJID`),
    /// each Study Date a timepoint (the first = baseline, visit 0, as NadirDICOM's `Timepoint`
    /// groups them). One transaction: all series or none.
    @discardableResult
    public func importScans(_ scan: ScanResult, baselineDates: [String: String] = [:], by actor: String) throws(StoreError) -> ScanImportSummary {
        try write("importing scans") { db in
            _ = try ReadingStore.require(db, actor, [.studyAdmin], "import scans")
            var summary = ScanImportSummary()
            let placed = Set(Timepoint.group(scan.series, baselineDates: baselineDates).flatMap { p in
                p.timepoints.filter { $0.index >= 0 }.flatMap { $0.studies.flatMap { $0.series.map(\.seriesInstanceUID) } }
            })
            summary.seriesSkipped = scan.series.map(\.seriesInstanceUID).filter { !placed.contains($0) }.sorted()
            for patient in Timepoint.group(scan.series, baselineDates: baselineDates) {
                if try ReadingStore.ensureSubject(db, patient.patientID) {
                    summary.subjects += 1
                    try audit(db, user: actor, entity: "subject", id: patient.patientID, action: "create", after: .object(["id": .string(patient.patientID)]))
                }
                for tp in patient.timepoints where tp.index >= 0 {
                    guard let day = DicomDate.dayNumber(tp.date) else { continue }
                    let date = CalendarDate(dayNumber: Int32(day))
                    if let row = try Row.fetchOne(db, sql: "SELECT date FROM timepoint WHERE subjectId = ? AND visit = ?",
                                                  arguments: [patient.patientID, tp.index]),
                       (row[0] as Int64) != Int64(day) {
                        throw StoreError.workflow(rule: "a timepoint has one date",
                                                  detail: "subject \(patient.patientID) visit \(tp.index) is dated \(CalendarDate(dayNumber: Int32(truncatingIfNeeded: row[0] as Int64))) in the store but \(date) in the scans")
                    }
                    let t = try ReadingStore.ensureTimepoint(db, subject: patient.patientID, visit: tp.index, date: date)
                    if t.created {
                        summary.timepoints += 1
                        try audit(db, user: actor, entity: "timepoint", id: String(t.id), action: "create",
                                  after: .object(["subjectId": .string(patient.patientID), "visit": .int(Int64(tp.index)), "date": .string(date.description)]))
                    }
                    for study in tp.studies {
                        for s in study.series {
                            if try Bool.fetchOne(db, sql: "SELECT 1 FROM series WHERE seriesInstanceUID = ?", arguments: [s.seriesInstanceUID]) == true {
                                summary.seriesAlreadyPresent += 1
                                continue
                            }
                            let thickness = s.sliceThickness.flatMap { Length(millimetres: $0) }
                            try db.execute(sql: """
                                INSERT INTO series (seriesInstanceUID, studyInstanceUID, timepointId, modality, seriesDescription, sliceThickness,
                                                    pixelSpacingRow, pixelSpacingColumn, imageRows, imageColumns)
                                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                                """, arguments: [s.seriesInstanceUID, s.studyInstanceUID, t.id, s.modality, s.seriesDescription,
                                                 thickness?.micrometres, s.pixelSpacing?.row, s.pixelSpacing?.column, s.rows, s.columns])
                            for inst in s.instances {
                                try db.execute(sql: "INSERT OR IGNORE INTO instance (sopInstanceUID, seriesInstanceUID, sopClassUID, numberOfFrames) VALUES (?, ?, ?, ?)",
                                               arguments: [inst.sopInstanceUID, s.seriesInstanceUID, inst.sopClassUID, max(1, inst.numberOfFrames)])
                                summary.instances += 1
                            }
                            summary.series += 1
                            try audit(db, user: actor, entity: "series", id: s.seriesInstanceUID, action: "import", after: .object([
                                "timepointId": .int(t.id), "studyInstanceUID": .optional(s.studyInstanceUID), "modality": .optional(s.modality),
                                "sliceThickness": .optional(thickness?.micrometres), "pixelSpacing": .array([.optional(s.pixelSpacing?.row), .optional(s.pixelSpacing?.column)]),
                                "rows": .optional(s.rows.map(Int64.init)), "columns": .optional(s.columns.map(Int64.init)), "instances": .int(Int64(s.instances.count)),
                            ]))
                        }
                    }
                }
            }
            return summary
        }
    }

    /// The series linked to a subject's timepoint (for the reading UI and the CLI).
    public func series(subject: String, visit: Int) throws(StoreError) -> [String] {
        try read("listing series") { db in
            try String.fetchAll(db, sql: """
                SELECT s.seriesInstanceUID FROM series s JOIN timepoint t ON t.id = s.timepointId
                WHERE t.subjectId = ? AND t.visit = ? ORDER BY s.seriesInstanceUID
                """, arguments: [subject, visit])
        }
    }
}
