/// A patient's imaging at one assessment date: all studies acquired that day.
///
/// RECIST 1.1 §4.1 assesses response per timepoint against baseline (for response) and nadir
/// (for progression), so the engine needs studies grouped by date with the baseline marked.
public struct Timepoint: Sendable, Hashable {
    public var patientID: String
    /// Study Date (0008,0020), `YYYYMMDD`.
    public var date: String
    /// 0 for baseline, 1, 2, … after it; negative for studies before a given baseline date.
    public var index: Int
    /// Days from the baseline date (nil if either date is not a valid DA value).
    public var daysFromBaseline: Int?
    public var studies: [Study]

    public var isBaseline: Bool { index == 0 }
}

/// One patient's timepoints in date order.
public struct PatientTimepoints: Sendable, Hashable {
    public var patientID: String
    public var baselineDate: String
    public var timepoints: [Timepoint]
}

extension Timepoint {
    /// Groups series by patient, then by Study Date, into timepoints.
    ///
    /// - Parameters:
    ///   - series: series from a scan; those without Patient ID or Study Date are left out (they
    ///     cannot be placed on a patient's timeline).
    ///   - baselineDates: per Patient ID, the baseline date (`YYYYMMDD`) when it is not the first
    ///     study date, e.g. when a screening scan precedes the protocol baseline. Studies before it
    ///     get negative indices.
    public static func group(_ series: [Series], baselineDates: [String: String] = [:]) -> [PatientTimepoints] {
        let studies = Study.group(series)
        var byPatient: [String: [Study]] = [:]
        for s in studies {
            guard let p = s.patientID, s.studyDate != nil else { continue }
            byPatient[p, default: []].append(s)
        }
        return byPatient.keys.sorted().compactMap { patient -> PatientTimepoints? in
            guard let patientStudies = byPatient[patient] else { return nil }
            let byDate = Dictionary(grouping: patientStudies) { $0.studyDate ?? "" }
            let dates = byDate.keys.sorted()
            guard let first = dates.first else { return nil }
            let baseline = baselineDates[patient] ?? first
            let baselinePosition = dates.firstIndex { $0 >= baseline } ?? dates.count
            let baselineDay = DicomDate.dayNumber(baseline)
            let timepoints = dates.enumerated().map { k, date in
                var days: Int?
                if let b = baselineDay, let d = DicomDate.dayNumber(date) { days = d - b }
                return Timepoint(patientID: patient, date: date, index: k - baselinePosition,
                                 daysFromBaseline: days, studies: byDate[date] ?? [])
            }
            return PatientTimepoints(patientID: patient, baselineDate: baseline, timepoints: timepoints)
        }
    }
}
