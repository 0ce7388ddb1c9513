import Foundation
import NadirCore
import NadirSDTM

/// ADaM-like analysis datasets for SAS or R users: ADRS (responses) and ADTTE (PFS, OS).
public enum AnalysisDatasets {
    /// Writes `RS.csv`, `ADRS.csv`, `ADTTE.csv` and `endpoints.json` into `directory` (created
    /// when missing), each atomically.
    public static func writeAll(_ endpoints: TrialEndpoints, studyID: String, to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try writeRS(endpoints, to: directory + "/RS.csv")
        try writeADRS(endpoints, studyID: studyID, to: directory + "/ADRS.csv")
        try writeADTTE(endpoints, studyID: studyID, to: directory + "/ADTTE.csv")
        try endpoints.json().write(toFile: directory + "/endpoints.json", atomically: true, encoding: .utf8)
    }

    /// `ADRS.csv`: per visit overall response (`OVRLRESP`), confirmed best overall response
    /// (`CBOR`) and unconfirmed best overall response (`BOR`) per subject.
    public static func writeADRS(_ endpoints: TrialEndpoints, studyID: String, to path: String) throws {
        let w = try AtomicCSVWriter(path: path, header: ["STUDYID", "USUBJID", "PARAMCD", "PARAM", "AVALC", "ADT", "VISITNUM"])
        let evaluations = Dictionary(endpoints.evaluations.map { ($0.subjectID, $0) }, uniquingKeysWith: { a, _ in a })
        for s in endpoints.subjects {
            if let e = evaluations[s.subjectID] {
                for t in e.timepoints {
                    w.writeRow([studyID, s.subjectID, "OVRLRESP", "Overall Response by Investigator (RECIST 1.1)", t.overall.rawValue,
                                t.date.description, String(t.visit)])
                }
            }
            let bestDate = evaluations[s.subjectID].flatMap { e in e.bestResponseVisit.flatMap { v in e.timepoints.first { $0.visit == v }?.date } }
            w.writeRow([studyID, s.subjectID, "CBOR", "Best Confirmed Overall Response (RECIST 1.1)", s.bestOverallResponse,
                        bestDate?.description ?? "", ""])
            w.writeRow([studyID, s.subjectID, "BOR", "Best Overall Response, Confirmation Not Required (RECIST 1.1)",
                        s.bestOverallResponseUnconfirmed, "", ""])
        }
        try w.commit()
    }

    /// `ADTTE.csv`: `PARAMCD` PFS / OS, `AVAL` in days (`ADT − STARTDT`), `CNSR` (0 event,
    /// 1 censored), `STARTDT`, `ADT`, `EVNTDESC`.
    public static func writeADTTE(_ endpoints: TrialEndpoints, studyID: String, to path: String) throws {
        let w = try AtomicCSVWriter(path: path, header: ["STUDYID", "USUBJID", "PARAMCD", "PARAM", "AVAL", "AVALU", "CNSR", "STARTDT", "ADT", "EVNTDESC"])
        let names = ["PFS": "Progression-Free Survival (days)", "OS": "Overall Survival (days)"]
        for r in endpoints.timeToEventRecords.sorted(by: { ($0.subjectID, $0.parameter == "PFS" ? 0 : 1) < ($1.subjectID, $1.parameter == "PFS" ? 0 : 1) }) {
            w.writeRow([studyID, r.subjectID, r.parameter, names[r.parameter] ?? r.parameter, String(r.days), "DAYS",
                        r.censored ? "1" : "0", r.start.description, r.date.description, r.eventDescription])
        }
        try w.commit()
    }

    /// `RS.csv` in the `nadir rescore` format.
    public static func writeRS(_ endpoints: TrialEndpoints, to path: String) throws {
        let w = try AtomicCSVWriter(path: path, header: ResponseRecord.header)
        for e in endpoints.evaluations { w.writeBytes { ResponseRecord.appendCSV(for: e, to: &$0) } }
        try w.commit()
    }
}
