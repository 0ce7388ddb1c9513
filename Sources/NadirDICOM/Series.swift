/// A DICOM series: the instances sharing one Series Instance UID, ordered along the slice normal.
public struct Series: Sendable, Hashable {
    public var seriesInstanceUID: String
    public var patientID: String?
    public var studyInstanceUID: String?
    public var studyDate: String?
    public var modality: String?
    public var seriesDescription: String?
    public var seriesNumber: Int?
    /// Slice Thickness (0018,0050) of the first instance, mm.
    public var sliceThickness: Double?
    public var pixelSpacing: PixelSpacing?
    public var rows: Int?
    public var columns: Int?
    /// Instances in slice order: by Image Position (Patient) · slice normal (from Image Orientation
    /// (Patient)) when every instance has both, otherwise by Instance Number, then by file path.
    public var instances: [InstanceHeader]

    /// Builds a series from headers sharing one Series Instance UID (ordering them).
    public init(instances unordered: [InstanceHeader]) {
        let ordered = Series.order(unordered)
        let first = ordered.first
        seriesInstanceUID = first?.seriesInstanceUID ?? ""
        patientID = first?.patientID
        studyInstanceUID = first?.studyInstanceUID
        studyDate = first?.studyDate
        modality = first?.modality
        seriesDescription = first?.seriesDescription
        seriesNumber = first?.seriesNumber
        sliceThickness = first?.sliceThickness
        pixelSpacing = first?.pixelSpacing
        rows = first?.rows
        columns = first?.columns
        instances = ordered
    }

    /// The files in slice order.
    public var files: [String] { instances.map(\.file) }

    /// Total frames over all instances (an enhanced CT series may be one instance of many frames).
    public var frameCount: Int { instances.reduce(0) { $0 + $1.numberOfFrames } }

    /// Slice positions along the normal (mm), in slice order, over every frame of every instance;
    /// nil unless every instance has Image Position (Patient) and the series has an orientation.
    public var slicePositions: [Double]? {
        guard let normal = instances.first?.sliceNormal else { return nil }
        var result: [Double] = []
        for i in instances {
            guard !i.imagePositionPatient.isEmpty else { return nil }
            result += i.imagePositionPatient.map { Geometry.dot($0, normal) }
        }
        return result.sorted()
    }

    /// Distance between adjacent slice centres (mm), computed from positions: the median of the
    /// gaps between distinct sorted positions (robust to one missing slice). Falls back to Spacing
    /// Between Slices (0018,0088) when positions are unavailable; nil for a single slice.
    public var sliceSpacing: Double? {
        if let p = slicePositions {
            var gaps: [Double] = []
            for k in p.indices.dropFirst() where p[k] - p[k - 1] > 1e-3 {
                gaps.append(p[k] - p[k - 1])
            }
            if let m = Geometry.median(gaps) { return (m * 1e4).rounded() / 1e4 }
        }
        return instances.first?.spacingBetweenSlices
    }

    /// RECIST 1.1 minimum measurable lesion size for this series (mm); see
    /// `Measurability.minimumLesionSize(sliceThickness:)` (§3.1.1, Appendix II).
    public var minimumMeasurableLesionSize: Double? {
        Measurability.minimumLesionSize(sliceThickness: sliceThickness)
    }

    static func order(_ headers: [InstanceHeader]) -> [InstanceHeader] {
        let normal = headers.first?.sliceNormal
        let allPositioned = normal != nil && headers.allSatisfy { !$0.imagePositionPatient.isEmpty && $0.sliceNormal != nil }
        // Sort indices by precomputed keys: moving large header structs around in a sort of
        // thousands of instances was a visible cost in a scan's profile.
        let keys: [Double?] = headers.map { h in
            guard allPositioned, let n = normal, let p = h.imagePositionPatient.first else { return nil }
            return Geometry.dot(p, n)
        }
        let order = headers.indices.sorted { x, y in
            if let ka = keys[x], let kb = keys[y], abs(ka - kb) > 1e-6 { return ka < kb }
            switch (headers[x].instanceNumber, headers[y].instanceNumber) {
            case let (p?, q?) where p != q: return p < q
            case (.some, nil): return true
            case (nil, .some): return false
            default: return headers[x].file < headers[y].file
            }
        }
        return order.map { headers[$0] }
    }

    /// Groups headers into series, ordered by patient, study date, study, series number, UID.
    public static func group(_ headers: [InstanceHeader]) -> [Series] {
        var byUID: [String: [Int]] = [:]
        for (i, h) in headers.enumerated() { byUID[h.seriesInstanceUID, default: []].append(i) }
        return byUID.values.map { Series(instances: $0.map { headers[$0] }) }.sorted(by: Series.displayOrder)
    }

    static func displayOrder(_ a: Series, _ b: Series) -> Bool {
        func k(_ s: Series) -> (String, String, String, Int, String) {
            (s.patientID ?? "", s.studyDate ?? "", s.studyInstanceUID ?? "", s.seriesNumber ?? Int.max, s.seriesInstanceUID)
        }
        return k(a) < k(b)
    }
}

/// A DICOM study: one patient's series sharing a Study Instance UID.
public struct Study: Sendable, Hashable {
    public var studyInstanceUID: String
    public var patientID: String?
    public var studyDate: String?
    public var series: [Series]

    /// Groups series into studies (series without a Study Instance UID are left out).
    public static func group(_ series: [Series]) -> [Study] {
        var byUID: [String: [Series]] = [:]
        for s in series {
            guard let uid = s.studyInstanceUID else { continue }
            byUID[uid, default: []].append(s)
        }
        return byUID.map { uid, members in
            let sorted = members.sorted(by: Series.displayOrder)
            return Study(studyInstanceUID: uid, patientID: sorted.first?.patientID, studyDate: sorted.first?.studyDate, series: sorted)
        }.sorted { ($0.patientID ?? "", $0.studyDate ?? "", $0.studyInstanceUID) < ($1.patientID ?? "", $1.studyDate ?? "", $1.studyInstanceUID) }
    }
}
