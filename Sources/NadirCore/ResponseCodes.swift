/// Target lesion response at one assessment (RECIST 1.1 §4.3.1; SDTM RS `TRGRESP`).
public enum TargetResponse: String, Hashable, Sendable, CaseIterable {
    case completeResponse = "CR"
    case partialResponse = "PR"
    case stableDisease = "SD"
    case progressiveDisease = "PD"
    case notEvaluable = "NE"
    /// The subject has no target lesions.
    case notApplicable = "NA"
}

/// Non-target lesion response at one assessment (RECIST 1.1 §4.3.3; SDTM RS `NTRGRESP`).
public enum NonTargetResponse: String, Hashable, Sendable, CaseIterable {
    case completeResponse = "CR"
    case nonCRNonPD = "NON-CR/NON-PD"
    case progressiveDisease = "PD"
    case notEvaluable = "NE"
    /// The subject has no non-target lesions.
    case notApplicable = "NA"
}

/// Overall response at one assessment (RECIST 1.1 §4.4.1 Table 1 and Table 2; SDTM RS
/// `OVRLRESP`) and best overall response (§4.4.1 and Table 3; `BESTRSP`).
public enum OverallResponse: String, Hashable, Sendable, CaseIterable {
    case completeResponse = "CR"
    case partialResponse = "PR"
    case stableDisease = "SD"
    /// Subjects with non-target disease only (RECIST 1.1 Table 2, footnote: "non-CR/non-PD is
    /// preferred over stable disease for non-target disease").
    case nonCRNonPD = "NON-CR/NON-PD"
    case progressiveDisease = "PD"
    case notEvaluable = "NE"

    /// CR or PR.
    public var isObjectiveResponse: Bool { self == .completeResponse || self == .partialResponse }
    /// CR, PR, SD or NON-CR/NON-PD.
    public var isDiseaseControl: Bool {
        isObjectiveResponse || self == .stableDisease || self == .nonCRNonPD
    }
}
