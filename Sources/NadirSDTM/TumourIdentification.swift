import NadirCore

/// Reads SDTM TU (tumour identification): one row per lesion.
///
/// Required columns: `USUBJID`, `TULNKID`, `TUSTRESC` (`TARGET` | `NON-TARGET` | `NEW`),
/// `TULOC`, `TUNODAL` (`Y` | `N`; empty means `N`). Other columns are ignored.
public enum TumourIdentification {
    /// Lesions keyed by subject, in file order within each subject.
    /// `onRead` sees every byte of the file as it is read (see `CSVReader.init`).
    public static func read(path: String, name: String = "TU.csv", onRead: ((UnsafeRawBufferPointer) -> Void)? = nil) throws -> [String: [Lesion]] {
        let csv = try CSVReader(path: path, onRead: onRead)
        func col(_ c: String) throws(InputError) -> Int {
            do { return try csv.requiredColumn(c) } catch { throw InputError(file: name, line: 1, field: c, message: error.message) }
        }
        let subject = try col("USUBJID"), lnkid = try col("TULNKID"), role = try col("TUSTRESC")
        let loc = try col("TULOC"), nodal = try col("TUNODAL")
        var lesions: [String: [Lesion]] = [:]
        lesions.reserveCapacity(csv.estimatedRows / 4)  // a handful of lesions per subject
        var errors: [InputError] = []
        func fail(_ line: Int, _ field: String, _ message: String) throws {
            errors.append(InputError(file: name, line: line, field: field, message: message))
            if errors.count >= 100 { throw InputErrors(errors.sorted { ($0.line ?? 0) < ($1.line ?? 0) }, truncated: true) }
        }
        // TU usually lists a subject's lesions together: collect each run of rows of one subject
        // and store it with one dictionary update, in an array of exactly its size (a trial's
        // TU stays in memory for the whole run). A subject that reappears later is merged, with
        // the same duplicate check; the row of the first of two duplicates in different runs
        // is looked up afterwards, so no row numbers are kept per lesion.
        var current = "", currentKey: [UInt8] = []
        var block: [Lesion] = [], blockLines: [Int] = []
        var laterDuplicates: [(subject: String, lesion: String, line: Int)] = []
        func flush() throws {
            guard !block.isEmpty else { return }
            if var existing = lesions[current] {
                for (lesion, line) in zip(block, blockLines) {
                    if existing.contains(where: { $0.id == lesion.id }) {
                        laterDuplicates.append((current, lesion.id, line))
                    } else {
                        existing.append(lesion)
                    }
                }
                lesions[current] = existing
            } else {
                lesions[current] = [Lesion](unsafeUninitializedCapacity: block.count) { buffer, count in
                    for (i, l) in block.enumerated() { (buffer.baseAddress! + i).initialize(to: l) }
                    count = block.count
                }
            }
            block.removeAll(keepingCapacity: true); blockLines.removeAll(keepingCapacity: true)
        }
        try csv.forEachRow { row in
            if row.isEmpty(subject) { try fail(row.line, "USUBJID", "empty subject id"); return }
            if !row.equals(subject, bytes: currentKey) {
                try flush()
                current = row.string(subject)
                currentKey = Array(row.bytes(subject))
            }
            let s = current
            let id = row.string(lnkid)
            if id.isEmpty { try fail(row.line, "TULNKID", "empty lesion id"); return }
            let r: LesionRole
            if row.equals(role, "TARGET") { r = .target }
            else if row.equals(role, "NON-TARGET") { r = .nonTarget }
            else if row.equals(role, "NEW") { r = .new }
            else {
                switch row.string(role).uppercased() {
                case "TARGET": r = .target
                case "NON-TARGET", "NON TARGET", "NONTARGET": r = .nonTarget
                case "NEW": r = .new
                case let other: try fail(row.line, "TUSTRESC", "unknown code '\(other)' (expected TARGET, NON-TARGET or NEW)"); return
                }
            }
            let isNodal: Bool
            if row.equals(nodal, "N") || row.isEmpty(nodal) { isNodal = false }
            else if row.equals(nodal, "Y") { isNodal = true }
            else {
                switch row.string(nodal).uppercased() {
                case "Y": isNodal = true
                case "N": isNodal = false
                case let other: try fail(row.line, "TUNODAL", "unknown code '\(other)' (expected Y or N)"); return
                }
            }
            // A subject has a handful of lesions: a linear scan beats a nested dictionary.
            if let k = block.firstIndex(where: { $0.id == id }) {
                try fail(row.line, "TULNKID", "duplicate lesion \(id) for subject \(s) (first on row \(blockLines[k]))")
                return
            }
            blockLines.append(row.line)
            block.append(Lesion(id: id, role: r, site: row.string(loc), isNodal: isNodal))
        }
        try flush()
        if !laterDuplicates.isEmpty {
            // Rare: find where each duplicated lesion was first listed.
            var firstRow: [String: Int] = [:]
            let wanted = Set(laterDuplicates.map { $0.subject + "\u{0}" + $0.lesion })
            try CSVReader(path: path).forEachRow { row in
                let key = row.string(subject) + "\u{0}" + row.string(lnkid)
                if wanted.contains(key), firstRow[key] == nil { firstRow[key] = row.line }
            }
            for d in laterDuplicates {
                try fail(d.line, "TULNKID", "duplicate lesion \(d.lesion) for subject \(d.subject) (first on row \(firstRow[d.subject + "\u{0}" + d.lesion] ?? 0))")
            }
        }
        errors.sort { ($0.line ?? 0) < ($1.line ?? 0) }
        if !errors.isEmpty { throw InputErrors(errors) }
        return lesions
    }
}

/// Reads SDTM DM (demographics) for the treatment start date `RFSTDTC`.
public enum Demographics {
    /// What Nadir reads from DM: treatment start (`RFSTDTC`) and, when the file has the
    /// column, the investigator site (`SITEID`), by `USUBJID`. Subjects with an empty value are
    /// absent from that dictionary.
    public struct Table: Sendable {
        public var treatmentStart: [String: CalendarDate] = [:]
        public var site: [String: String] = [:]
    }

    /// Reads DM once: every row checked (subject present and not repeated, a valid date),
    /// errors naming file, row and field.
    public static func read(path: String, name: String = "DM.csv", onRead: ((UnsafeRawBufferPointer) -> Void)? = nil) throws -> Table {
        let csv = try CSVReader(path: path, onRead: onRead)
        func col(_ c: String) throws(InputError) -> Int {
            do { return try csv.requiredColumn(c) } catch { throw InputError(file: name, line: 1, field: c, message: error.message) }
        }
        let subject = try col("USUBJID"), start = try col("RFSTDTC")
        let siteColumn = csv.column("SITEID")
        var table = Table()
        var lines: [String: Int] = [:]
        let rows = csv.estimatedRows
        table.treatmentStart.reserveCapacity(rows); lines.reserveCapacity(rows)
        var errors: [InputError] = []
        try csv.forEachRow { row in
            let s = row.string(subject)
            if s.isEmpty { errors.append(InputError(file: name, line: row.line, field: "USUBJID", message: "empty subject id")); return }
            if let first = lines[s] {
                errors.append(InputError(file: name, line: row.line, field: "USUBJID", message: "duplicate subject \(s) (first on row \(first))"))
                return
            }
            lines[s] = row.line
            if let c = siteColumn, !row.isEmpty(c) { table.site[s] = row.string(c) }
            if row.isEmpty(start) { return }
            guard let d = FieldParsing.date(row.bytes(start)) else {
                errors.append(InputError(file: name, line: row.line, field: "RFSTDTC",
                                         message: "'\(row.string(start))' is not an ISO 8601 date (YYYY-MM-DD)"))
                return
            }
            table.treatmentStart[s] = d
        }
        if !errors.isEmpty { throw InputErrors(Array(errors.prefix(100)), truncated: errors.count > 100) }
        return table
    }

    /// Treatment start per subject. Subjects with an empty `RFSTDTC` (never treated) are absent.
    public static func readTreatmentStart(path: String, name: String = "DM.csv") throws -> [String: CalendarDate] {
        try read(path: path, name: name).treatmentStart
    }
}
