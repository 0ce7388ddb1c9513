/// What a user may do in a study. One role per user per study database.
public enum Role: String, Sendable, Hashable, CaseIterable, Codable {
    /// Measures lesions and submits their own blinded reads.
    case reader
    /// Decides between reader 1 and reader 2 when they disagree.
    case adjudicator
    /// Sets the study up, assigns reads, imports, re-opens submitted reads (with a reason).
    case studyAdmin = "study-admin"
    /// Sees everything, changes nothing (audit log, exports, agreement).
    case monitor
}

/// Status of one read (reader × subject × timepoint).
public enum ReadStatus: String, Sendable, Hashable, CaseIterable, Codable {
    case assigned
    case inProgress = "in-progress"
    /// Submitted by its reader; the other reader's read of the timepoint is not yet submitted.
    case submitted
    /// Both reads of the timepoint are submitted: blinding lifts, the read can change only by re-opening.
    case locked

    public var isFinal: Bool { self == .submitted || self == .locked }
}

/// How one measurement row is recorded (SDTM TR `TRTESTCD`).
public enum MeasurementKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// Longest diameter, non-nodal target (`LDIAM`).
    case longestDiameter = "LD"
    /// Short axis, nodal target (`SAXIS`).
    case shortAxis = "SA"
    /// Qualitative state of a non-target or new lesion (`TUMSTATE`).
    case state = "STATE"

    public var testCode: String {
        switch self { case .longestDiameter: "LDIAM"; case .shortAxis: "SAXIS"; case .state: "TUMSTATE" }
    }
}
