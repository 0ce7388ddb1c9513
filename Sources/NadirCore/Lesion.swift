/// How a lesion is followed, as recorded at baseline (RECIST 1.1 §3.2 and §4.2) or when it
/// first appears on treatment (new lesions, §4.3.2).
public enum LesionRole: String, Hashable, Sendable, CaseIterable {
    /// A measurable lesion chosen at baseline; its diameter enters the sum of diameters.
    case target = "TARGET"
    /// Every other site of disease at baseline, followed qualitatively.
    case nonTarget = "NON-TARGET"
    /// A lesion first seen after baseline.
    case new = "NEW"
}

/// One lesion of one subject, as identified in SDTM TU (`TULNKID`, `TUSTRESC`, `TULOC`).
public struct Lesion: Hashable, Sendable {
    /// Unique within the subject (`TULNKID`).
    public var id: String
    public var role: LesionRole
    /// Organ or site (`TULOC`), used for the two-targets-per-organ rule (RECIST 1.1 §3.2).
    /// Lymph nodes count as one organ whatever the chain (RECIST 1.1 clarification, EORTC Q&A).
    public var site: String
    /// A lymph node: measured in short axis, normal below 10 mm (RECIST 1.1 §3.1.1, §4.3.1).
    public var isNodal: Bool

    public init(id: String, role: LesionRole, site: String, isNodal: Bool) {
        self.id = id; self.role = role; self.site = site; self.isNodal = isNodal
    }

    /// The organ key for the two-per-organ rule: all lymph nodes are one organ.
    var organKey: String { isNodal ? "LYMPH NODE" : site.uppercased() }
}
