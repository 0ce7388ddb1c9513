import NadirCore

/// One subject's time-to-event outcome, as in ADaM ADTTE.
public struct TimeToEventRecord: Sendable, Hashable, Codable {
    public var subjectID: String
    /// `PFS` or `OS`.
    public var parameter: String
    public var start: CalendarDate
    public var date: CalendarDate
    /// Days from start to date (`ADT − STARTDT`).
    public var days: Int { start.days(to: date) }
    /// 0 = event, 1 = censored (ADaM `CNSR`).
    public var censored: Bool
    public var eventDescription: String

    enum CodingKeys: String, CodingKey { case subjectID, parameter, start, date, censored, eventDescription }
}

extension CalendarDate: Codable {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let d = CalendarDate(iso8601: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not an ISO 8601 date"))
        }
        self = d
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// PFS and OS derivation with the censoring rules a statistician expects, each a study
/// parameter (FDA, "Clinical Trial Endpoints for the Approval of Cancer Drugs and Biologics",
/// guidance for industry, 2018, Table 3 "PFS censoring"):
///
/// - PFS event: the first of documented progression (first overall PD, dated by the assessment)
///   or death from any cause.
/// - No post-baseline assessment and no death: censored at the time origin (day 0).
/// - No progression and no death: censored at the last adequate assessment (overall response
///   other than NE) on or before the data cut-off.
/// - Progression or death after `censorEventAfterMissedAssessments` (default 2) or more missed
///   assessments: censored at the last adequate assessment. "Missed" means the event falls more
///   than k × interval + window days after that assessment.
/// - Events and assessments after the data cut-off are ignored; follow-up is capped at the
///   protocol's window (PFS 12 months, OS 24 months here) by administrative censoring.
/// - OS event: death; otherwise censored at the last date known alive (or last assessment),
///   not later than the cut-off.
public enum TimeToEventDerivation {
    public static func origin(of subject: EnrolledSubject, study: StudyDefinition) -> CalendarDate? {
        study.timeToEvent.origin == "RFSTDTC" ? subject.treatmentStart ?? subject.enrolment
                                              : subject.enrolment ?? subject.treatmentStart
    }

    static func cap(_ start: CalendarDate, months: Double) -> CalendarDate {
        start.adding(days: Int((months * daysPerMonth).rounded(.up)))
    }

    public static func progressionFreeSurvival(_ subject: EnrolledSubject, _ evaluation: SubjectEvaluation?,
                                               study: StudyDefinition) -> TimeToEventRecord? {
        guard let start = origin(of: subject, study: study) else { return nil }
        let cutoff = study.cutoffDate
        let timepoints = (evaluation?.timepoints ?? []).filter { $0.date <= cutoff }
        var lastAdequate = start
        var progression: CalendarDate? = nil
        for t in timepoints {
            if t.overall == .progressiveDisease { progression = t.date; break }
            if t.overall != .notEvaluable { lastAdequate = t.date }
        }
        let death = subject.death.flatMap { $0 <= cutoff ? $0 : nil }
        var record: TimeToEventRecord
        let first = [progression, death].compactMap { $0 }.min()
        if let event = first {
            let description = event == progression ? "DISEASE PROGRESSION" : "DEATH"
            if let k = study.timeToEvent.censorEventAfterMissedAssessments,
               lastAdequate.days(to: event) > k * study.assessmentSchedule.intervalDays + study.assessmentSchedule.windowDays {
                record = TimeToEventRecord(subjectID: subject.subjectID, parameter: "PFS", start: start, date: lastAdequate, censored: true,
                                           eventDescription: "\(description) AFTER \(k) OR MORE MISSED ASSESSMENTS: CENSORED AT LAST ADEQUATE ASSESSMENT")
            } else {
                record = TimeToEventRecord(subjectID: subject.subjectID, parameter: "PFS", start: start, date: event, censored: false,
                                           eventDescription: description)
            }
        } else {
            let reason = lastAdequate == start ? "NO ADEQUATE POST-BASELINE ASSESSMENT: CENSORED AT START" : "LAST ADEQUATE ASSESSMENT"
            record = TimeToEventRecord(subjectID: subject.subjectID, parameter: "PFS", start: start, date: lastAdequate, censored: true,
                                       eventDescription: reason)
        }
        let limit = cap(start, months: study.timeToEvent.pfsFollowUpMonths)
        if record.date > limit {
            record.date = limit; record.censored = true
            record.eventDescription = "ADMINISTRATIVE CENSORING AT \(Int(study.timeToEvent.pfsFollowUpMonths)) MONTHS"
        }
        return record
    }

    public static func overallSurvival(_ subject: EnrolledSubject, _ evaluation: SubjectEvaluation?,
                                       study: StudyDefinition) -> TimeToEventRecord? {
        guard let start = origin(of: subject, study: study) else { return nil }
        let cutoff = study.cutoffDate
        var record: TimeToEventRecord
        if let death = subject.death, death <= cutoff {
            record = TimeToEventRecord(subjectID: subject.subjectID, parameter: "OS", start: start, date: death, censored: false,
                                       eventDescription: "DEATH")
        } else {
            let lastAssessment = (evaluation?.timepoints ?? []).map(\.date).filter { $0 <= cutoff }.max()
            var alive = [subject.lastKnownAlive, lastAssessment, start].compactMap { $0 }.max() ?? start
            if alive > cutoff { alive = cutoff }
            record = TimeToEventRecord(subjectID: subject.subjectID, parameter: "OS", start: start, date: alive, censored: true,
                                       eventDescription: alive == cutoff ? "ALIVE AT DATA CUT-OFF" : "LAST KNOWN ALIVE")
        }
        let limit = cap(start, months: study.timeToEvent.osFollowUpMonths)
        if record.date > limit {
            record.date = limit; record.censored = true
            record.eventDescription = "ADMINISTRATIVE CENSORING AT \(Int(study.timeToEvent.osFollowUpMonths)) MONTHS"
        }
        return record
    }
}
