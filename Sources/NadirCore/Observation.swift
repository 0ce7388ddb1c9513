/// What a reader recorded for a target lesion at one assessment.
///
/// RECIST 1.1 §4.3.2 (Appendix I, "Lesions that become too small to measure", "Lesions that
/// split or coalesce on treatment") defines every case but a plain measurement.
public enum TargetObservation: Hashable, Sendable {
    /// Longest diameter (non-nodal) or short axis (nodal), measured.
    case measured(Length)
    /// "Too small to measure": present but faint. Scores the default 5 mm (RECIST 1.1 §4.3.2:
    /// "a default value of 5 mm should be assigned"; EORTC clarification: measure it if you can).
    case tooSmallToMeasure
    /// The lesion split into fragments: their diameters are summed (RECIST 1.1 §4.3.2,
    /// "the longest diameters of the fragmented portions should be added together").
    case fragments([Length])
    /// The lesion coalesced into another target, which carries the measurement; this one
    /// scores 0 mm (RECIST 1.1 §4.3.2, "the longest diameter of the coalesced lesion should be
    /// recorded" and the others set to 0).
    case mergedInto(lesionID: String)
    /// Not evaluable at this assessment (not imaged, artefact, …).
    case notEvaluable
}

/// The state of a non-target lesion at one assessment (RECIST 1.1 §4.3.3).
public enum NonTargetState: String, Hashable, Sendable, CaseIterable {
    case present = "PRESENT"
    case absent = "ABSENT"
    case unequivocalProgression = "UNEQUIVOCAL PROGRESSION"
    case notEvaluable = "NOT EVALUABLE"
}

/// The state of a new lesion at one assessment (RECIST 1.1 §4.3.2, "New lesions").
public enum NewLesionState: String, Hashable, Sendable, CaseIterable {
    /// Unequivocally a new lesion: progression at this assessment.
    case present = "PRESENT"
    /// Equivocal (e.g. too small to be sure): not progression yet; if a later assessment
    /// confirms it, progression is dated to this first appearance (RECIST 1.1 §4.3.2).
    case equivocal = "EQUIVOCAL"
}

/// One recorded observation of one lesion.
public enum LesionObservation: Hashable, Sendable {
    case target(TargetObservation)
    case nonTarget(NonTargetState)
    case new(NewLesionState)
}
