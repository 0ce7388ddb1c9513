import CNadirSR
import Foundation
import GRDB
import NadirCore

/// What `exportSR` wrote.
public struct SRExportSummary: Sendable, Hashable {
    public var files: [String] = []
    public var measurements = 0
}

/// UIDs under the 2.25 root (ISO/IEC 9834-8: a UUID-sized integer), derived from a name, so
/// the same read exported twice gets the same SeriesInstanceUID and SOPInstanceUID.
enum DerivedUID {
    static func make(_ name: String) -> String {
        var h = SHA256()
        h.update(name)
        var n = Array(h.finalize().prefix(16))  // 128 bits, big-endian
        var digits: [UInt8] = []
        while n.contains(where: { $0 != 0 }) {
            var remainder = 0
            for i in 0..<n.count {
                let v = remainder * 256 + Int(n[i])
                n[i] = UInt8(v / 10); remainder = v % 10
            }
            digits.append(UInt8(48 + remainder))
        }
        return "2.25." + String(decoding: digits.reversed(), as: UTF8.self)
    }
}

extension ReadingStore {
    /// Writes one DICOM Structured Report per submitted read: TID 1500 "Measurement Report"
    /// (Comprehensive SR) with one Measurement Group per lesion (tracking identifier and UID,
    /// Long Axis or Short Axis in mm, the caliper line as an SCOORD POLYLINE on the measured
    /// image), written with DCMTK dcmsr. Files are `DIR/SR-<read id>.dcm`. Study admins and monitors.
    @discardableResult
    public func exportSR(directory: String, by actor: String) throws(StoreError) -> SRExportSummary {
        struct Item { var lesion: String; var role: String; var site: String; var m: Measurement; var sopClass: String? }
        struct Doc { var read: ReadInfo; var studyUID: String?; var studyID: String; var observer: String; var items: [Item] }
        let docs: [Doc] = try read("loading reads for SR export") { db in
            _ = try ReadingStore.require(db, actor, [.studyAdmin, .monitor], "export")
            let studyID = try String.fetchOne(db, sql: "SELECT id FROM study LIMIT 1") ?? ""
            let reads = try Row.fetchAll(db, sql: ReadInfo.select + " WHERE r.status IN ('submitted', 'locked') ORDER BY r.id").map(ReadInfo.init(row:))
            return try reads.map { r in
                let lesions = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT lesionId, role, site FROM lesion WHERE subjectId = ? AND readerId = ?",
                                                                                arguments: [r.subjectID, r.readerID]).map { ($0[0] as String, ($0[1] as String, $0[2] as String)) })
                let ms = try ReadingStore.measurements(db, readID: r.id, includeHistory: false)
                let items = try ms.map { m in
                    Item(lesion: m.lesionID, role: lesions[m.lesionID]?.0 ?? "", site: lesions[m.lesionID]?.1 ?? "", m: m,
                         sopClass: try m.image?.sopInstanceUID.flatMap { try String.fetchOne(db, sql: "SELECT sopClassUID FROM instance WHERE sopInstanceUID = ?", arguments: [$0]) })
                }
                let studyUID = try String.fetchOne(db, sql: "SELECT studyInstanceUID FROM series WHERE timepointId = ? AND studyInstanceUID IS NOT NULL ORDER BY seriesInstanceUID LIMIT 1",
                                                   arguments: [r.timepointID])
                let observer = try String.fetchOne(db, sql: "SELECT name FROM user WHERE id = ?", arguments: [r.readerID]) ?? r.readerID
                return Doc(read: r, studyUID: studyUID, studyID: studyID, observer: observer, items: items)
            }
        }
        var summary = SRExportSummary()
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw StoreError.importRow(file: directory, line: nil, field: nil, message: "cannot create: \(error)")
        }
        for d in docs {
            let r = d.read
            let stamp = r.submittedAt ?? r.assignedAt  // "2026-11-28T19:53:07.932Z"
            let digits = stamp.filter(\.isNumber)
            let date = String(digits.prefix(8)), time = String(digits.dropFirst(8).prefix(6))
            // Without scans, the study is named from the subject and visit (deterministically).
            let studyUID = d.studyUID ?? DerivedUID.make("nadir-study|\(d.studyID)|\(r.subjectID)|\(r.visit)")
            let versions = d.items.map { "\($0.m.id)" }.joined(separator: ",")
            let path = directory + "/SR-\(r.id).dcm"
            var owned: [UnsafeMutablePointer<CChar>] = []
            defer { owned.forEach { free($0) } }
            func c(_ s: String?) -> UnsafePointer<CChar>? {
                guard let s, let p = strdup(s) else { return nil }
                owned.append(p); return UnsafePointer(p)
            }
            let items: [nsr_measurement] = d.items.map { item in
                let m = item.m
                var x = nsr_measurement()
                // A fragment of a split target is tracked under its own label (e.g. T01-A).
                let tracking = m.fragment ?? item.lesion
                x.tracking_identifier = c(tracking)
                x.tracking_uid = c(DerivedUID.make("nadir-lesion|\(d.studyID)|\(r.subjectID)|\(r.readerID)|\(tracking)"))
                x.finding_site = c(m.state.map { s in m.mergedInto.map { "\(s) INTO \($0)" } ?? s } ?? "")
                x.short_axis = m.kind == .shortAxis ? 1 : 0
                x.value_mm = m.value?.millimetres ?? -1
                if let sop = m.image?.sopInstanceUID, let cls = item.sopClass {
                    x.referenced_sop_class_uid = c(cls); x.referenced_sop_instance_uid = c(sop)
                    x.referenced_frame = Int32(m.image?.frame ?? 0)
                    if let k = m.caliper { x.x1 = k.x1; x.y1 = k.y1; x.x2 = k.x2; x.y2 = k.y2 }
                }
                return x
            }
            // DICOM PN: family^given; the user's name as one family-name component is safe.
            var doc = nsr_document(
                patient_id: c(r.subjectID), patient_name: c(r.subjectID), study_instance_uid: c(studyUID),
                series_instance_uid: c(DerivedUID.make("nadir-sr-series|\(d.studyID)|\(r.readerID)")),
                sop_instance_uid: c(DerivedUID.make("nadir-sr|\(d.studyID)|\(r.id)|\(versions)")),
                observer_name: c(d.observer.replacingOccurrences(of: "^", with: " ")), timepoint: c("VISIT \(r.visit)"),
                content_date: c(date), content_time: c(time))
            var error = [CChar](repeating: 0, count: 512)
            let rc = items.withUnsafeBufferPointer { buf in
                nsr_write_measurement_report(&doc, buf.baseAddress, buf.count, path, &error, error.count)
            }
            guard rc == 0 else {
                let message = String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                throw StoreError.importRow(file: path, line: nil, field: nil, message: "read \(r.id): \(message)")
            }
            summary.files.append(path)
            summary.measurements += items.count
        }
        return summary
    }
}
