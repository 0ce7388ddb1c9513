import Testing
@testable import NadirCore
@testable import NadirSDTM

@Suite("CSV reading and exact numbers")
struct CSVReaderTests {
    /// RFC 4180 details, at every buffer size down to a few bytes, so that rows and quoted
    /// fields split across reads are reassembled.
    @Test(arguments: [4, 7, 16, 1 << 20])
    func parsesQuotedFieldsAcrossChunkBoundaries(chunk: Int) throws {
        let dir = try TestFiles.temporaryDirectory()
        let text = "\u{FEFF}a,B , c\r\n1,\"x, \"\"quoted\"\"\",3\r\n\n\"multi\nline\",,\n last , row,end"
        try TestFiles.write(text, to: dir + "/f.csv")
        let csv = try CSVReader(path: dir + "/f.csv", chunkSize: chunk)
        #expect(csv.header == ["A", "B", "C"])
        var rows: [[String]] = []
        var lines: [Int] = []
        try csv.forEachRow { row in
            rows.append((0..<row.count).map { row.string($0) })
            lines.append(row.line)
        }
        #expect(rows == [["1", "x, \"quoted\"", "3"], ["multi\nline", "", ""], ["last", "row", "end"]])
        #expect(lines == [2, 4, 6])
    }

    /// The streaming cut: the first row boundary at or after an offset, found without reading
    /// what comes before (so it may be inside quotes; the caller checks), and the row estimate
    /// used to reserve dictionaries.
    @Test func rowBoundaryAndRowEstimate() throws {
        let dir = try TestFiles.temporaryDirectory()
        let text = "A,B\n1,22\n333,4\n5,6\n"   // rows start at offsets 4, 9, 15
        try TestFiles.write(text, to: dir + "/f.csv")
        let csv = try CSVReader(path: dir + "/f.csv")
        #expect(csv.dataOffset == 4)
        #expect(csv.rowBoundary(atOrAfter: 4) == 4)
        #expect(csv.rowBoundary(atOrAfter: 5) == 9)
        #expect(csv.rowBoundary(atOrAfter: 9) == 9)
        #expect(csv.rowBoundary(atOrAfter: 10) == 15)
        #expect(csv.rowBoundary(atOrAfter: 16) == nil)  // only the end of the file is left
        #expect(csv.estimatedRows == 4)                  // whole file in the buffer: newlines + 1
        // Larger than one buffer: extrapolated, within a few per cent here.
        let many = "A,B\n" + String(repeating: "12,34\n", count: 50_000)
        try TestFiles.write(many, to: dir + "/g.csv")
        let big = try CSVReader(path: dir + "/g.csv", chunkSize: 1 << 16)
        #expect(abs(big.estimatedRows - 50_000) < 2_500)
    }

    struct NumberCase: Sendable, CustomTestStringConvertible {
        var text: String
        var micrometres: Int64?
        var testDescription: String { text }
    }

    @Test(arguments: [
        NumberCase(text: "23", micrometres: 23_000), NumberCase(text: "23.45", micrometres: 23_450),
        NumberCase(text: "0.1", micrometres: 100), NumberCase(text: ".5", micrometres: 500),
        NumberCase(text: "12.3456", micrometres: 12_346), NumberCase(text: "12.3454", micrometres: 12_345),
        NumberCase(text: "-1.5", micrometres: -1_500), NumberCase(text: "1e1", micrometres: 10_000),
        NumberCase(text: "abc", micrometres: nil), NumberCase(text: "1.2.3", micrometres: nil),
        NumberCase(text: "", micrometres: nil), NumberCase(text: "-", micrometres: nil),
    ])
    func decimalMillimetresAreExact(_ c: NumberCase) {
        let bytes = Array(c.text.utf8)
        let parsed = bytes.withUnsafeBufferPointer { FieldParsing.length($0) }
        #expect(parsed?.micrometres == c.micrometres)
    }

    @Test(arguments: [("2024-02-29", "2024-02-29"), ("2023-02-29", nil), ("2024-13-01", nil), ("2024-1-01", nil),
                      ("2024-03-01T10:30", "2024-03-01"), ("1999-12-31", "1999-12-31")] as [(String, String?)])
    func isoDates(_ text: String, _ expected: String?) {
        let bytes = Array(text.utf8)
        #expect(bytes.withUnsafeBufferPointer { FieldParsing.date($0) }?.description == expected)
    }

    @Test func dayArithmeticMatchesTheCalendar() {
        let a = CalendarDate(year: 2024, month: 1, day: 1)!
        #expect(a.adding(days: 60).description == "2024-03-01")  // leap year
        #expect(CalendarDate(year: 1970, month: 1, day: 1)!.dayNumber == 0)
        #expect(CalendarDate(year: 2000, month: 3, day: 1)!.days(to: CalendarDate(year: 2001, month: 3, day: 1)!) == 365)
    }
}
