import NadirCore

/// Reads whole subjects (lesions and assessments) from TU/TR/DM, for tools that show the
/// measurements themselves (the report's lesion tables), not only the scored responses.
public enum TumourData {
    /// Every subject of TU with its assessments, sorted by `USUBJID`. Errors name file, row and
    /// field, as in `nadir rescore`.
    public static func readSubjects(tuPath: String, trPath: String, dmPath: String? = nil) throws -> [SubjectTumourData] {
        let lesions = try TumourIdentification.read(path: tuPath, name: tuPath)
        let starts = try dmPath.map { try Demographics.readTreatmentStart(path: $0, name: $0) } ?? [:]
        let csv = try CSVReader(path: trPath)
        let columns = try TumourResultColumns(csv, name: trPath)
        var records: [String: [TumourResultRecord]] = [:]
        try csv.forEachRow { row in records[row.string(columns.subject), default: []].append(try columns.parse(row, name: trPath)) }
        var subjects: [SubjectTumourData] = []
        var errors: [InputError] = []
        for id in Set(lesions.keys).union(records.keys).sorted() {
            guard let ls = lesions[id] else {
                errors.append(InputError(file: trPath, line: records[id]?.first?.line, field: "USUBJID", message: "subject \(id) has tumour results but no lesions in TU"))
                continue
            }
            switch SubjectAssembler.assemble(subjectID: id, lesions: ls, records: records[id] ?? [], treatmentStart: starts[id], name: trPath) {
            case .success(let grid): subjects.append(grid.subjectTumourData)
            case .failure(let e): errors += e.errors
            }
        }
        if !errors.isEmpty { throw InputErrors(Array(errors.prefix(100)), truncated: errors.count > 100) }
        return subjects
    }
}
