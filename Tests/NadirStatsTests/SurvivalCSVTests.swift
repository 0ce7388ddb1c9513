import Foundation
import Testing
@testable import NadirStats

/// The byte-level CSV reader: bad input names file, line and column; good input parses exactly.
struct SurvivalCSVTests {
    struct BadInput: Sendable, CustomTestStringConvertible {
        let csv: String
        let group: String?
        let expected: SurvivalCSVError
        let why: String
        var testDescription: String { why }
    }

    static let badInputs: [BadInput] = [
        BadInput(csv: "t,e\n1,1\n", group: nil, expected: .missingColumn(file: "f.csv", column: "time", available: ["t", "e"]), why: "missing time column"),
        BadInput(csv: "time,event\n1,1\n2,x\n", group: nil, expected: .eventNotBinary(file: "f.csv", line: 3, column: "event", text: "x"), why: "event not 0/1"),
        BadInput(csv: "time,event\n1,2\n", group: nil, expected: .eventNotBinary(file: "f.csv", line: 2, column: "event", text: "2"), why: "event 2 (R lung status coding)"),
        BadInput(csv: "time,event\n1,1\n1.5.2,0\n", group: nil, expected: .notANumber(file: "f.csv", line: 3, column: "time", text: "1.5.2"), why: "unparseable time"),
        BadInput(csv: "time,event\n-3,1\n", group: nil, expected: .negativeTime(file: "f.csv", line: 2, column: "time", text: "-3"), why: "negative time"),
        BadInput(csv: "time,event\ninf,1\n", group: nil, expected: .notANumber(file: "f.csv", line: 2, column: "time", text: "inf"), why: "infinite time"),
        BadInput(csv: "time,event\nNA,1\n", group: nil, expected: .missingValue(file: "f.csv", line: 2, column: "time"), why: "NA time"),
        BadInput(csv: "time,event\n4,\n", group: nil, expected: .missingValue(file: "f.csv", line: 2, column: "event"), why: "empty event"),
        BadInput(csv: "time,event,arm\n4,1,A\n5,0\n", group: "arm", expected: .missingField(file: "f.csv", line: 3, column: "arm"), why: "short row"),
        BadInput(csv: "time,event,arm\n4,1,\n", group: "arm", expected: .missingValue(file: "f.csv", line: 2, column: "arm"), why: "empty group"),
        BadInput(csv: "", group: nil, expected: .noHeader(file: "f.csv"), why: "empty file"),
        BadInput(csv: "time,event\n\n", group: nil, expected: .noRows(file: "f.csv"), why: "header only"),
        BadInput(csv: "time,event\n1,1\n\n\n0x10,1\n", group: nil, expected: .notANumber(file: "f.csv", line: 5, column: "time", text: "0x10"), why: "hex rejected, blank lines still counted"),
    ]

    @Test("bad CSV input is rejected naming file, line and column", arguments: badInputs)
    func rejects(_ c: BadInput) {
        #expect(throws: c.expected) {
            try SurvivalCSV.parse(Array(c.csv.utf8), file: "f.csv", time: "time", event: "event", group: c.group)
        }
    }

    @Test func missingFileIsAnError() {
        #expect(throws: SurvivalCSVError.self) {
            try SurvivalCSV.read(path: "/nonexistent/nadir.csv", time: "time", event: "event")
        }
    }

    @Test("quoting, CRLF, BOM, blanks, extra columns, exponents")
    func parsesVariants() throws {
        let csv = "\u{FEFF}\"id\",time,\"event\",arm\r\n1, 2.5 ,1,\"Arm, \"\"B\"\"\"\r\n2,1e1,0,A\r\n\r\n3,\"7\",1,A\r\n4,0.1,0,\"Arm, \"\"B\"\"\""
        let d = try SurvivalCSV.parse(Array(csv.utf8), file: "f.csv", time: "time", event: "event", group: "arm")
        #expect(d.times == [2.5, 10, 7, 0.1])
        #expect(d.events == [true, false, true, false])
        #expect(d.groupNames == ["A", "Arm, \"B\""])
        #expect(d.groupIndices == [1, 0, 0, 1])
    }

    @Test("the fast decimal path equals strtod on many random decimals")
    func fastPathIsExact() throws {
        var rng = SystemRandomNumberGenerator()
        var lines = ["time,event"]
        var expected: [Double] = []
        for _ in 0..<20_000 {
            let digits = Int.random(in: 1...15, using: &rng)
            let mantissa = UInt64.random(in: 0..<UInt64(pow(10, Double(digits))), using: &rng)
            let scale = Int.random(in: 0...digits, using: &rng)
            var s = String(mantissa)
            if scale > 0 {
                s = String(repeating: "0", count: max(0, scale - s.count + 1)) + s
                s.insert(".", at: s.index(s.endIndex, offsetBy: -scale))
            }
            lines.append("\(s),1")
            expected.append(strtod(s, nil))
        }
        let d = try SurvivalCSV.parse(Array(lines.joined(separator: "\n").utf8), file: "f.csv", time: "time", event: "event")
        #expect(d.times == expected)
    }

    @Test("numeric group labels are ordered numerically, as R orders factor levels")
    func numericLevels() throws {
        let d = try SurvivalCSV.parse(Array("time,event,g\n1,1,10\n2,1,9\n3,0,2\n".utf8), file: "f.csv", time: "time", event: "event", group: "g")
        #expect(d.groupNames == ["2", "9", "10"])
        #expect(d.groupIndices == [2, 1, 0])
    }
}

/// Files over 1 MB are parsed in chunks on all cores: same result, same line numbers.
struct SurvivalCSVChunkTests {
    static func bigCSV(badLine: Int? = nil) -> (String, [Double]) {
        var lines = ["id,time,event,arm"]
        var times: [Double] = []
        for i in 0..<120_000 {
            let t = Double(i % 5000) / 8
            times.append(t)
            if i % 997 == 0 { lines.append("") }  // blank lines still count as lines
            lines.append(lines.count + 1 == badLine ? "\(i),\(t),7,A" : "\(i),\(t),\(i % 3 == 0 ? 1 : 0),ARM\(i % 4)")
        }
        return (lines.joined(separator: "\n") + "\n", times)
    }

    @Test func chunkedParseMatchesRows() throws {
        let (csv, times) = Self.bigCSV()
        let d = try SurvivalCSV.parse(Array(csv.utf8), file: "big.csv", time: "time", event: "event", group: "arm")
        #expect(d.times == times)
        #expect(d.groupNames == ["ARM0", "ARM1", "ARM2", "ARM3"])
        #expect(d.groupIndices.enumerated().allSatisfy { Int($0.element) == $0.offset % 4 })
        #expect(d.events.enumerated().allSatisfy { $0.element == ($0.offset % 3 == 0) })
    }

    @Test("an error deep in a later chunk reports its absolute line", arguments: [100_000, 120_100])
    func chunkedErrorLine(_ badLine: Int) {
        let (csv, _) = Self.bigCSV(badLine: badLine)
        #expect(throws: SurvivalCSVError.eventNotBinary(file: "big.csv", line: badLine, column: "event", text: "7")) {
            try SurvivalCSV.parse(Array(csv.utf8), file: "big.csv", time: "time", event: "event", group: "arm")
        }
    }
}
