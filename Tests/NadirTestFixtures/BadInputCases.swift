import Foundation
import Testing

/// Malformed SDTM inputs shared by the test targets that read SDTM: `nadir rescore`
/// (NadirSDTMTests) and `nadir import sdtm` (NadirStoreTests) must refuse each of them, naming
/// the same file, row and field, so the two readers of one format cannot drift apart.
///
/// A malformed input and the error it must produce: the file, the row and the field.
public struct BadInputCase: CustomTestStringConvertible, Sendable {
    public var name: String
    public var tu: String? = nil
    public var tr: String? = nil
    public var dm: String? = nil
    /// Substrings the error message must contain.
    public var expected: [String]
    public var testDescription: String { name }

    public init(name: String, tu: String? = nil, tr: String? = nil, dm: String? = nil, expected: [String]) {
        self.name = name; self.tu = tu; self.tr = tr; self.dm = dm; self.expected = expected
    }

    /// The file, row and field the error must name, read from `expected` ("TR.csv", "row 5",
    /// an SDTM column name); nil where the case names none (a RECIST rule violation).
    public var file: String? { expected.first { $0.hasSuffix(".csv") } }
    public var row: Int? { expected.first { $0.hasPrefix("row ") }.flatMap { Int($0.dropFirst(4)) } }
    public var field: String? { expected.first { BadInputCase.columns.contains($0) } }

    static let columns: Set<String> = [
        "USUBJID", "TULNKID", "TUSTRESC", "TULOC", "TUNODAL", "TRLNKID", "TRLNKGRP", "VISITNUM", "TRDTC",
        "TRTESTCD", "TRSTRESC", "TRSTRESN", "SLICETHK", "RFSTDTC", "SITEID",
    ]
}

public let goodTU = """
USUBJID,TULNKID,TUSTRESC,TULOC,TUNODAL
S1,T1,TARGET,LIVER,N
S1,T2,TARGET,LYMPH NODE,Y
S1,NT1,NON-TARGET,BONE,N
"""
public let goodTR = """
USUBJID,TRLNKID,VISITNUM,TRDTC,TRTESTCD,TRSTRESC,TRSTRESN
S1,T1,0,2024-01-02,LDIAM,30,30
S1,T2,0,2024-01-02,SAXIS,20,20
S1,NT1,0,2024-01-02,TUMSTATE,PRESENT,
S1,T1,1,2024-02-13,LDIAM,20,20
S1,T2,1,2024-02-13,SAXIS,12,12
S1,NT1,1,2024-02-13,TUMSTATE,PRESENT,

"""

public func replacing(_ text: String, _ old: String, _ new: String) -> String { text.replacingOccurrences(of: old, with: new) }

public let badInputCases: [BadInputCase] = [
    BadInputCase(name: "missing column in TR", tr: replacing(goodTR, "TRDTC", "DATE"), expected: ["TR.csv", "row 1", "TRDTC", "missing column"]),
    BadInputCase(name: "missing column in TU", tu: replacing(goodTU, "TULOC", "SITE"), expected: ["TU.csv", "row 1", "TULOC"]),
    BadInputCase(name: "unparseable number", tr: replacing(goodTR, "LDIAM,20,20", "LDIAM,2O,2O"), expected: ["TR.csv", "row 5", "TRSTRESN", "'2O'"]),
    BadInputCase(name: "unparseable date", tr: replacing(goodTR, "S1,T1,1,2024-02-13", "S1,T1,1,2024-02-30"), expected: ["TR.csv", "row 5", "TRDTC", "2024-02-30"]),
    BadInputCase(name: "unparseable visit", tr: replacing(goodTR, "S1,T2,1,", "S1,T2,one,"), expected: ["TR.csv", "row 6", "VISITNUM"]),
    BadInputCase(name: "negative visit", tr: replacing(goodTR, "S1,T2,1,", "S1,T2,-1,"), expected: ["TR.csv", "row 6", "VISITNUM", "'-1'"]),
    BadInputCase(name: "empty subject id", tr: replacing(goodTR, "S1,T2,1,", ",T2,1,"), expected: ["TR.csv", "row 6", "USUBJID"]),
    BadInputCase(name: "empty lesion id", tr: replacing(goodTR, "S1,T2,1,", "S1,,1,"), expected: ["TR.csv", "row 6", "TRLNKID"]),
    BadInputCase(name: "unknown test code", tr: replacing(goodTR, "SAXIS,12,12", "SHORTAX,12,12"), expected: ["TR.csv", "row 6", "TRTESTCD", "SHORTAX"]),
    BadInputCase(name: "unknown non-target state", tr: replacing(goodTR, "S1,NT1,1,2024-02-13,TUMSTATE,PRESENT", "S1,NT1,1,2024-02-13,TUMSTATE,BIGGER"), expected: ["TR.csv", "row 7", "TRSTRESC", "BIGGER"]),
    BadInputCase(name: "unknown lesion role", tu: replacing(goodTU, "NON-TARGET", "OTHER"), expected: ["TU.csv", "row 4", "TUSTRESC", "OTHER"]),
    BadInputCase(name: "unknown nodal flag", tu: replacing(goodTU, "LIVER,N", "LIVER,maybe"), expected: ["TU.csv", "row 2", "TUNODAL"]),
    BadInputCase(name: "duplicate TR row", tr: goodTR + "S1,T1,1,2024-02-13,LDIAM,21,21\n", expected: ["TR.csv", "row 8", "TRLNKID", "duplicate", "first on row 5"]),
    BadInputCase(name: "duplicate lesion in TU", tu: goodTU + "\nS1,T1,TARGET,LUNG,N", expected: ["TU.csv", "row 5", "duplicate lesion T1"]),
    BadInputCase(name: "duplicate lesion in TU, rows of another subject in between",
                 tu: goodTU + "\nS2,T1,TARGET,LUNG,N\nS1,T2,TARGET,LUNG,N", expected: ["TU.csv", "row 6", "duplicate lesion T2", "first on row 3"]),
    BadInputCase(name: "measurement before baseline", tr: replacing(goodTR, "S1,T1,1,2024-02-13", "S1,T1,1,2023-12-01"), expected: ["TR.csv", "row 5", "TRDTC", "before the baseline"]),
    BadInputCase(name: "negative diameter", tr: replacing(goodTR, "LDIAM,20,20", "LDIAM,-20,-20"), expected: ["TR.csv", "row 5", "negative diameter"]),
    BadInputCase(name: "implausible diameter", tr: replacing(goodTR, "LDIAM,20,20", "LDIAM,2000,2000"), expected: ["TR.csv", "row 5", "exceeds 1000 mm"]),
    BadInputCase(name: "nodal target measured as longest diameter", tr: replacing(goodTR, "S1,T2,1,2024-02-13,SAXIS", "S1,T2,1,2024-02-13,LDIAM"), expected: ["TR.csv", "row 6", "TRTESTCD", "SAXIS", "RECIST 1.1"]),
    BadInputCase(name: "lesion not identified in TU", tr: goodTR + "S1,T9,1,2024-02-13,LDIAM,5,5\n", expected: ["TR.csv", "row 8", "T9", "not identified"]),
    BadInputCase(name: "subject without lesions in TU", tr: goodTR + "S2,T1,0,2024-02-13,LDIAM,15,15\n", expected: ["TR.csv", "row 8", "S2", "no lesions in TU"]),
    BadInputCase(name: "no result at all", tr: replacing(goodTR, "LDIAM,20,20", "LDIAM,,"), expected: ["TR.csv", "row 5", "no result"]),
    BadInputCase(name: "unterminated quote", tr: goodTR + "S1,\"T1,2,2024-03-01,LDIAM,20,20\n", expected: ["TR.csv", "unterminated quoted field"]),
    BadInputCase(name: "a row with more fields than the header", tr: goodTR + "S1,T1,2,2024-03-26,LDIAM,20,20,extra\n", expected: ["TR.csv", "row 8", "8 fields", "header has 7"]),
    BadInputCase(name: "a row with fewer fields than the header", tr: goodTR + "S1,T1,2,2024-03-26,LDIAM\n", expected: ["TR.csv", "row 8", "5 fields"]),
    BadInputCase(name: "empty TR file", tr: "", expected: ["TR.csv", "empty file"]),
    BadInputCase(name: "bad treatment start", dm: "USUBJID,RFSTDTC\nS1,01/02/2024\n", expected: ["DM.csv", "row 2", "RFSTDTC"]),
    BadInputCase(name: "too many targets per organ", tu: goodTU + "\nS1,T3,TARGET,LIVER,N\nS1,T4,TARGET,LIVER,N",
                 tr: goodTR + "S1,T3,0,2024-01-02,LDIAM,30,30\nS1,T4,0,2024-01-02,LDIAM,30,30\n",
                 expected: ["subject S1", "lesion T4", "at most 2 target lesions per organ", "RECIST 1.1 §3.2"]),
    BadInputCase(name: "target too small at baseline", tr: replacing(goodTR, "S1,T1,0,2024-01-02,LDIAM,30,30", "S1,T1,0,2024-01-02,LDIAM,9.9,9.9"),
                 expected: ["subject S1", "lesion T1", "9.9 mm", "RECIST 1.1 §3.1.1"]),
    BadInputCase(name: "no baseline", tr: replacing(replacing(replacing(goodTR, ",0,2024-01-02", ",1,2024-01-02"), ",1,2024-02-13", ",2,2024-02-13"), "", ""),
                 expected: ["subject S1", "no baseline assessment", "RECIST 1.1 §4.1"]),
]

