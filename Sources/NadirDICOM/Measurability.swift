/// RECIST 1.1 measurability limits that depend on how the images were acquired.
public enum Measurability {
    /// The minimum longest diameter (mm) for a non-nodal lesion to be measurable on CT.
    ///
    /// RECIST 1.1 (Eisenhauer et al., Eur J Cancer 2009;45:228–247) §3.1.1: a measurable lesion is
    /// at least 10 mm in longest diameter by CT scan "(CT scan slice thickness no greater than 5 mm)";
    /// Appendix II: "when CT scans have slice thickness greater than 5 mm, the minimum size for a
    /// measurable lesion should be twice the slice thickness".
    ///
    /// - Returns: 10 mm when `sliceThickness` ≤ 5 mm, 2 × `sliceThickness` above; `nil` when the
    ///   thickness is unknown or not positive (the rule cannot be applied).
    public static func minimumLesionSize(sliceThickness: Double?) -> Double? {
        guard let t = sliceThickness, t > 0, t.isFinite else { return nil }
        return t > 5 ? 2 * t : 10
    }

    /// RECIST 1.1 §3.1.1: a lymph node is pathologically enlarged and measurable when its short axis
    /// is ≥ 15 mm (CT slice thickness recommended no greater than 5 mm); nodes of 10 to < 15 mm
    /// short axis are pathological but non-measurable, < 10 mm non-pathological.
    public static let minimumNodalShortAxis: Double = 15
}
