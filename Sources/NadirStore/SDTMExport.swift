import Foundation
import GRDB
import NadirCore
import NadirSDTM

/// What `exportSDTM` wrote.
public struct SDTMExportSummary: Sendable, Hashable {
    /// Reader id → subjects written.
    public var readers: [String: Int] = [:]
    public var committeeSubjects = 0
    public var pendingSubjects = 0
    public var files: [String] = []
}

extension ReadingStore {
    /// Writes, in the formats `nadir rescore` reads and writes:
    /// - `DIR/DM.csv` (site and treatment start);
    /// - `DIR/READER/TU.csv`, `TR.csv`, `RS.csv` for each reader (scored reads only);
    /// - `DIR/committee/RS.csv` (the committee result) and `DIR/committee/ADJ.csv` (how each
    ///   subject's result came about: agreement, adjudicated reader, single reader, pending).
    /// `nadir rescore --tu DIR/READER/TU.csv --tr DIR/READER/TR.csv --dm DIR/DM.csv` reproduces
    /// `DIR/READER/RS.csv`. Each file appears atomically. Study admins and monitors.
    @discardableResult
    public func exportSDTM(directory: String, by actor: String) throws(StoreError) -> SDTMExportSummary {
        let (snapshot, decisions, studyID, sites) = try read("loading reads for export") { db in
            _ = try ReadingStore.require(db, actor, [.studyAdmin, .monitor], "export")
            var decisions: [String: Adjudication] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM adjudication WHERE status != 'withdrawn' ORDER BY id") {
                let a = Adjudication(row: row); decisions[a.subjectID] = a
            }
            let study = try String.fetchOne(db, sql: "SELECT id FROM study LIMIT 1") ?? ""
            var sites: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, siteId FROM subject WHERE siteId IS NOT NULL") { sites[row[0]] = row[1] }
            return (try StudySnapshot.load(db), decisions, study, sites)
        }
        let results = ReadingStore.score(snapshot, decisions)
        var summary = SDTMExportSummary()
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let dm = try AtomicCSVWriter(path: directory + "/DM.csv", header: ["STUDYID", "SITEID", "USUBJID", "RFSTDTC"])
            for (i, s) in snapshot.subjects.enumerated() {
                dm.writeRow([studyID, sites[s] ?? "", s, snapshot.treatmentStart[i]?.description ?? ""])
            }
            try dm.commit(); summary.files.append(directory + "/DM.csv")

            struct Writers { var tu: AtomicCSVWriter; var tr: AtomicCSVWriter; var rs: AtomicCSVWriter; var count = 0 }
            var writers: [String: Writers] = [:]
            func writersFor(_ reader: String) throws -> Writers {
                if let w = writers[reader] { return w }
                let dir = directory + "/" + reader
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                let w = Writers(
                    tu: try AtomicCSVWriter(path: dir + "/TU.csv", header: ["STUDYID", "USUBJID", "TULNKID", "TUSTRESC", "TULOC", "TUNODAL"]),
                    tr: try AtomicCSVWriter(path: dir + "/TR.csv", header: ["STUDYID", "USUBJID", "TRLNKID", "TRLNKGRP", "VISITNUM", "TRDTC",
                                                                            "TRTESTCD", "TRSTRESC", "TRSTRESN", "SLICETHK"]),
                    rs: try AtomicCSVWriter(path: dir + "/RS.csv", header: ResponseRecord.header))
                writers[reader] = w
                return w
            }
            let committeeDir = directory + "/committee"
            try FileManager.default.createDirectory(atPath: committeeDir, withIntermediateDirectories: true)
            let crs = try AtomicCSVWriter(path: committeeDir + "/RS.csv", header: ResponseRecord.header)
            let adj = try AtomicCSVWriter(path: committeeDir + "/ADJ.csv", header: ["USUBJID", "SOURCE", "ADJUDICATION", "ADJUDICATOR", "RATIONALE"])
            var resultIndex: [String: CommitteeResult] = [:]
            for r in results { resultIndex[r.subjectID] = r }
            for (i, subject) in snapshot.subjects.enumerated() {
                for slot in [1, 2] {
                    guard let rd = snapshot.readers[i][slot - 1], !rd.assessments.isEmpty else { continue }
                    var w = try writersFor(rd.readerID)
                    for l in rd.lesions {
                        w.tu.writeRow([studyID, subject, l.id, l.role.rawValue, l.site, l.isNodal ? "Y" : "N"])
                    }
                    let lesionByID = Dictionary(rd.lesions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
                    for visit in rd.assessments.keys.sorted() {
                        let a = rd.assessments[visit]!
                        for id in a.observations.keys.sorted() {
                            guard let obs = a.observations[id], let l = lesionByID[id] else { continue }
                            let thick = a.sliceThickness[id]?.description ?? ""
                            let test = l.role != .target ? "TUMSTATE" : (l.isNodal ? "SAXIS" : "LDIAM")
                            var group = "", c = "", n = ""
                            switch obs {
                            case .target(.measured(let v)): c = v.description; n = v.description
                            case .target(.tooSmallToMeasure): c = "TOO SMALL TO MEASURE"
                            case .target(.notEvaluable): c = "NOT EVALUABLE"
                            case .target(.mergedInto(let into)): c = "MERGED"; group = into
                            case .target(.fragments(let parts)): let sum = parts.reduce(.zero, +); c = sum.description; n = sum.description
                            case .nonTarget(let s): c = s.rawValue
                            case .new(let s): c = s.rawValue
                            }
                            w.tr.writeRow([studyID, subject, id, group, String(visit), a.date.description, test, c, n, thick])
                        }
                    }
                    let e = slot == 1 ? resultIndex[subject]?.reader1 : resultIndex[subject]?.reader2
                    if let e { w.rs.writeBytes { ResponseRecord.appendCSV(for: e, to: &$0) } }
                    w.count += 1
                    writers[rd.readerID] = w
                }
                guard let r = resultIndex[subject] else { continue }
                let d = decisions[subject]
                adj.writeRow([subject, r.source.rawValue, d.map { String($0.id) } ?? "", d?.adjudicatorID ?? "", d?.rationale ?? ""])
                if let c = r.committee {
                    crs.writeBytes { ResponseRecord.appendCSV(for: c, to: &$0) }
                    summary.committeeSubjects += 1
                } else {
                    summary.pendingSubjects += 1
                }
            }
            for (reader, w) in writers.sorted(by: { $0.key < $1.key }) {
                try w.tu.commit(); try w.tr.commit(); try w.rs.commit()
                summary.readers[reader] = w.count
                summary.files += [w.tu.path, w.tr.path, w.rs.path]
            }
            try crs.commit(); try adj.commit()
            summary.files += [crs.path, adj.path]
        } catch let e as StoreError {
            throw e
        } catch {
            throw StoreError.importRow(file: directory, line: nil, field: nil, message: "cannot write: \(error)")
        }
        return summary
    }
}
