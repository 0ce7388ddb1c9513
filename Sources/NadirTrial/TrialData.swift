import NadirCore
import NadirSDTM

/// One enrolled subject (SDTM DM, with Nadir's documented extension columns).
public struct EnrolledSubject: Sendable, Hashable {
    public var subjectID: String
    public var siteID: String?
    public var age: Int?
    public var sex: String?
    /// Enrolment date (`ENRLDTC`, extension).
    public var enrolment: CalendarDate?
    /// First dose (`RFSTDTC`); `nil` when never treated.
    public var treatmentStart: CalendarDate?
    /// Tumour type (`TUMTYPE`, extension).
    public var tumourType: String?
    /// Death date (`DTHDTC`).
    public var death: CalendarDate?
    /// Last date known alive (`LSTALVDTC`, extension).
    public var lastKnownAlive: CalendarDate?
}

/// One adverse event (SDTM AE): preferred term, CTCAE grade, start date.
public struct AdverseEvent: Sendable, Hashable {
    public var subjectID: String
    public var term: String
    public var bodySystem: String?
    /// CTCAE grade 1–5 (`AETOXGR`).
    public var grade: Int
    public var start: CalendarDate?
    public var serious: Bool
}

/// Whether a subject became eligible for local treatment (surgery or radiotherapy) after
/// systemic treatment (`LT.csv`, a Nadir domain documented in seeds/README.md).
public struct LocalTreatmentAssessment: Sendable, Hashable {
    public var subjectID: String
    public var eligible: Bool
    public var modality: String?
    public var date: CalendarDate?
}

/// Everything `nadir endpoints` reads from a data directory: TU, TR, DM, AE and LT.
public struct TrialData: Sendable {
    public var directory: String
    public var subjects: [EnrolledSubject]
    public var adverseEvents: [AdverseEvent]
    public var localTreatment: [LocalTreatmentAssessment]

    public var tuPath: String { directory + "/TU.csv" }
    public var trPath: String { directory + "/TR.csv" }
    public var dmPath: String { directory + "/DM.csv" }

    /// Reads DM, AE (optional) and LT (optional); TU/TR are read by the re-scoring job.
    public static func load(directory: String) throws -> TrialData {
        let subjects = try readDemographics(directory + "/DM.csv")
        let known = Set(subjects.map(\.subjectID))
        let ae = try readIfPresent(directory + "/AE.csv") { try readAdverseEvents($0, known: known) } ?? []
        let lt = try readIfPresent(directory + "/LT.csv") { try readLocalTreatment($0, known: known) } ?? []
        return TrialData(directory: directory, subjects: subjects, adverseEvents: ae, localTreatment: lt)
    }

    static func readIfPresent<T>(_ path: String, _ body: (String) throws -> T) throws -> T? {
        guard access(path, R_OK) == 0 else { return nil }
        return try body(path)
    }

    static func date(_ row: borrowing CSVRow, _ column: Int?, file: String, field: String) throws -> CalendarDate? {
        guard let column, !row.isEmpty(column) else { return nil }
        guard let d = CalendarDate(iso8601: row.string(column)) else {
            throw TrialDataError(file: file, line: row.line, field: field, message: "'\(row.string(column))' is not an ISO 8601 date (YYYY-MM-DD)")
        }
        return d
    }

    static func required(_ csv: CSVReader, _ name: String, file: String) throws -> Int {
        guard let c = csv.column(name) else {
            throw TrialDataError(file: file, line: 1, field: name, message: "missing column \(name)")
        }
        return c
    }

    static func readDemographics(_ path: String) throws -> [EnrolledSubject] {
        let csv = try CSVReader(path: path)
        let id = try required(csv, "USUBJID", file: path)
        let (site, age, sex, enrl, start, tumour, death, alive) = (csv.column("SITEID"), csv.column("AGE"), csv.column("SEX"), csv.column("ENRLDTC"),
                                                                 csv.column("RFSTDTC"), csv.column("TUMTYPE"), csv.column("DTHDTC"), csv.column("LSTALVDTC"))
        var out: [EnrolledSubject] = []
        var seen: [String: Int] = [:]
        try csv.forEachRow { row in
            let s = row.string(id)
            guard !s.isEmpty else { throw TrialDataError(file: path, line: row.line, field: "USUBJID", message: "empty subject id") }
            if let first = seen[s] { throw TrialDataError(file: path, line: row.line, field: "USUBJID", message: "duplicate subject \(s) (first on row \(first))") }
            seen[s] = row.line
            var a: Int? = nil
            if let age, !row.isEmpty(age) {
                guard let v = Int(row.string(age)), (0...120).contains(v) else {
                    throw TrialDataError(file: path, line: row.line, field: "AGE", message: "'\(row.string(age))' is not an age in years")
                }
                a = v
            }
            let e = EnrolledSubject(
                subjectID: s, siteID: site.map { row.string($0) }, age: a, sex: sex.map { row.string($0) },
                enrolment: try date(row, enrl, file: path, field: "ENRLDTC"), treatmentStart: try date(row, start, file: path, field: "RFSTDTC"),
                tumourType: tumour.map { row.string($0) }, death: try date(row, death, file: path, field: "DTHDTC"),
                lastKnownAlive: try date(row, alive, file: path, field: "LSTALVDTC"))
            if let d = e.death, let origin = e.enrolment ?? e.treatmentStart, d < origin {
                throw TrialDataError(file: path, line: row.line, field: "DTHDTC", message: "death (\(d)) before enrolment (\(origin))")
            }
            out.append(e)
        }
        return out
    }

    static func readAdverseEvents(_ path: String, known: Set<String>) throws -> [AdverseEvent] {
        let csv = try CSVReader(path: path)
        let id = try required(csv, "USUBJID", file: path)
        let grade = try required(csv, "AETOXGR", file: path)
        guard let term = csv.column("AEDECOD") ?? csv.column("AETERM") else {
            throw TrialDataError(file: path, line: 1, field: "AEDECOD", message: "missing column AEDECOD (or AETERM)")
        }
        let (body, start, serious) = (csv.column("AEBODSYS"), csv.column("AESTDTC"), csv.column("AESER"))
        var out: [AdverseEvent] = []
        try csv.forEachRow { row in
            let s = row.string(id)
            guard known.contains(s) else { throw TrialDataError(file: path, line: row.line, field: "USUBJID", message: "subject \(s) is not in DM") }
            guard let g = Int(row.string(grade)), (1...5).contains(g) else {
                throw TrialDataError(file: path, line: row.line, field: "AETOXGR", message: "'\(row.string(grade))' is not a CTCAE v5.0 grade (1–5)")
            }
            let t = row.string(term)
            guard !t.isEmpty else { throw TrialDataError(file: path, line: row.line, field: "AEDECOD", message: "empty adverse event term") }
            out.append(AdverseEvent(subjectID: s, term: t, bodySystem: body.map { row.string($0) }, grade: g,
                                    start: try date(row, start, file: path, field: "AESTDTC"),
                                    serious: serious.map { row.string($0).uppercased() == "Y" } ?? false))
        }
        return out
    }

    static func readLocalTreatment(_ path: String, known: Set<String>) throws -> [LocalTreatmentAssessment] {
        let csv = try CSVReader(path: path)
        let id = try required(csv, "USUBJID", file: path), elig = try required(csv, "LTELIG", file: path)
        let (modality, dateCol) = (csv.column("LTMODAL"), csv.column("LTDTC"))
        var out: [LocalTreatmentAssessment] = []
        var seen = Set<String>()
        try csv.forEachRow { row in
            let s = row.string(id)
            guard known.contains(s) else { throw TrialDataError(file: path, line: row.line, field: "USUBJID", message: "subject \(s) is not in DM") }
            guard seen.insert(s).inserted else { throw TrialDataError(file: path, line: row.line, field: "USUBJID", message: "duplicate subject \(s)") }
            let e: Bool
            switch row.string(elig).uppercased() {
            case "Y": e = true
            case "N": e = false
            case let other: throw TrialDataError(file: path, line: row.line, field: "LTELIG", message: "'\(other)' is not Y or N")
            }
            out.append(LocalTreatmentAssessment(subjectID: s, eligible: e, modality: modality.map { row.string($0) }.flatMap { $0.isEmpty ? nil : $0 },
                                                date: try date(row, dateCol, file: path, field: "LTDTC")))
        }
        return out
    }
}

#if canImport(Glibc)
import Glibc
#endif
