/// A RECIST 1.1 response category as it appears in a report: best overall response (BOR),
/// overall, target or non-target response at a timepoint.
///
/// Raw values are the CDISC controlled terminology used in RS.RSORRES
/// ("NON-CR/NON-PD" is the non-target / non-measurable-disease-only category, RECIST 1.1 §4.3.2).
/// The report needs one type for all of them because it only displays and colours them; the
/// engine keeps the stricter per-kind enums.
public enum ResponseCategory: String, Hashable, Sendable, CaseIterable, Codable {
    case completeResponse = "CR"
    case partialResponse = "PR"
    case stableDisease = "SD"
    case nonCRNonPD = "NON-CR/NON-PD"
    case progressiveDisease = "PD"
    case notEvaluable = "NE"

    /// The code as printed in tables and legends.
    public var code: String { rawValue }

    /// Spelled out, for legends and screen readers.
    public var name: String {
        switch self {
        case .completeResponse: "Complete response"
        case .partialResponse: "Partial response"
        case .stableDisease: "Stable disease"
        case .nonCRNonPD: "Non-CR/non-PD"
        case .progressiveDisease: "Progressive disease"
        case .notEvaluable: "Not evaluable"
        }
    }

    /// Order of the canonical BOR table (best to worst, NE last), used for legends and tables.
    public var displayOrder: Int {
        switch self {
        case .completeResponse: 0
        case .partialResponse: 1
        case .stableDisease: 2
        case .nonCRNonPD: 3
        case .progressiveDisease: 4
        case .notEvaluable: 5
        }
    }
}
