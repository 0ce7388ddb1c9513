import Foundation
import NadirCore
import NadirSDTM

/// A machine-readable study definition: what a protocol fixes that the analysis needs.
/// Stored as JSON under `seeds/<study>/study.json`; every field is documented in
/// `seeds/README.md`. Rules that vary between protocols (confirmation interval, SD minimum
/// duration, historical rate, censoring rules) live here, not in code.
public struct StudyDefinition: Codable, Sendable, Hashable {
    public var studyID: String
    public var title: String
    public var registrySummary: String?
    public var design: String
    public var population: Population
    public var regimen: Regimen
    public var assessmentSchedule: AssessmentSchedule
    public var responseCriteria: ResponseCriteriaSettings
    public var primaryEndpoint: ResponseRateEndpoint
    public var timeToEvent: TimeToEventSettings
    public var safety: SafetySettings
    /// Data cut-off (ISO 8601): later assessments, events and contacts are ignored.
    public var dataCutoff: String
    /// True for synthetic demonstration data.
    public var synthetic: Bool?

    public struct Population: Codable, Sendable, Hashable {
        public var description: String
        public var ageMin: Int
        public var ageMax: Int
        public var plannedEnrolment: Int
    }

    public struct Drug: Codable, Sendable, Hashable {
        public var name: String
        public var dose: String
        public var schedule: String
    }

    public struct Regimen: Codable, Sendable, Hashable {
        public var name: String
        public var drugs: [Drug]
        public var cycleDays: Int
        public var cyclesMin: Int
        public var cyclesMax: Int
        public var afterResponse: String?
    }

    public struct AssessmentSchedule: Codable, Sendable, Hashable {
        /// Days between planned tumour assessments.
        public var intervalDays: Int
        /// Allowed deviation (days) around a planned assessment.
        public var windowDays: Int
        public var description: String
    }

    public struct ResponseCriteriaSettings: Codable, Sendable, Hashable {
        /// Only `RECIST 1.1` today.
        public var name: String
        public var confirmationDays: Int
        public var stableDiseaseMinimumDays: Int
        public var requiresConfirmation: Bool
        /// Days after the time origin during which responses count towards the best overall
        /// response (the protocol's response-evaluation period); nil = until cut-off.
        public var bestResponseWindowDays: Int?
    }

    public struct ResponseRateEndpoint: Codable, Sendable, Hashable {
        public var name: String
        /// Historical response rate p0 for the one-sided exact test H0: p ≤ p0.
        public var historicalRate: Double
        public var historicalRateSource: String
        public var alphaOneSided: Double
        public var confidenceLevel: Double
        /// `evaluable` (measurable disease and ≥ 1 post-baseline assessment) or `treated`.
        public var population: String
    }

    public struct TimeToEventSettings: Codable, Sendable, Hashable {
        /// DM column holding the time origin (`ENRLDTC` enrolment, or `RFSTDTC` first dose).
        public var origin: String
        public var pfsFollowUpMonths: Double
        public var osFollowUpMonths: Double
        public var landmarkMonths: [Double]
        /// PFS: progression or death after this many missed assessments since the last adequate
        /// one is censored at that assessment (FDA 2018 endpoints guidance, Table 3).
        public var censorEventAfterMissedAssessments: Int?
        public var confidenceType: String
    }

    public struct SafetySettings: Codable, Sendable, Hashable {
        public var ctcaeVersion: String
    }

    /// Reads and validates a study definition.
    public static func load(path: String) throws -> StudyDefinition {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw TrialDataError(file: path, message: "cannot read the study definition: \(error.localizedDescription)")
        }
        let study: StudyDefinition
        do { study = try JSONDecoder().decode(StudyDefinition.self, from: data) } catch let DecodingError.keyNotFound(key, ctx) {
            throw TrialDataError(file: path, field: (ctx.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: "."), message: "missing field")
        } catch let DecodingError.typeMismatch(_, ctx) {
            throw TrialDataError(file: path, field: ctx.codingPath.map(\.stringValue).joined(separator: "."), message: "wrong type: \(ctx.debugDescription)")
        } catch {
            throw TrialDataError(file: path, message: "not a valid study definition: \(error)")
        }
        try study.validate(path: path)
        return study
    }

    func validate(path: String) throws {
        func check(_ ok: Bool, _ field: String, _ message: String) throws {
            if !ok { throw TrialDataError(file: path, field: field, message: message) }
        }
        try check(responseCriteria.name == "RECIST 1.1", "responseCriteria.name", "only RECIST 1.1 is implemented (got \(responseCriteria.name))")
        try check(responseCriteria.confirmationDays >= 0, "responseCriteria.confirmationDays", "must be ≥ 0")
        try check(responseCriteria.stableDiseaseMinimumDays >= 0, "responseCriteria.stableDiseaseMinimumDays", "must be ≥ 0")
        try check(primaryEndpoint.historicalRate > 0 && primaryEndpoint.historicalRate < 1, "primaryEndpoint.historicalRate", "must be in (0, 1)")
        try check(primaryEndpoint.alphaOneSided > 0 && primaryEndpoint.alphaOneSided < 0.5, "primaryEndpoint.alphaOneSided", "must be in (0, 0.5)")
        try check(primaryEndpoint.confidenceLevel > 0 && primaryEndpoint.confidenceLevel < 1, "primaryEndpoint.confidenceLevel", "must be in (0, 1)")
        try check(["evaluable", "treated"].contains(primaryEndpoint.population), "primaryEndpoint.population", "must be 'evaluable' or 'treated'")
        try check(["ENRLDTC", "RFSTDTC"].contains(timeToEvent.origin), "timeToEvent.origin", "must be ENRLDTC or RFSTDTC")
        try check(["log-log", "log", "plain"].contains(timeToEvent.confidenceType), "timeToEvent.confidenceType", "must be log-log, log or plain")
        try check(assessmentSchedule.intervalDays > 0, "assessmentSchedule.intervalDays", "must be > 0")
        try check(CalendarDate(iso8601: dataCutoff) != nil, "dataCutoff", "'\(dataCutoff)' is not an ISO 8601 date")
    }

    public var recistParameters: RECISTParameters {
        RECISTParameters(confirmationDays: responseCriteria.confirmationDays,
                         stableDiseaseMinimumDays: responseCriteria.stableDiseaseMinimumDays,
                         requiresConfirmation: responseCriteria.requiresConfirmation,
                         bestResponseWindowDays: responseCriteria.bestResponseWindowDays)
    }

    public var cutoffDate: CalendarDate { CalendarDate(iso8601: dataCutoff)! }
}

/// An error in trial data names the file, the row (header = 1) and the field, like every input
/// error in Nadir.
public typealias TrialDataError = InputError

/// Average days per month (365.25 / 12), the conversion used for months in reports.
public let daysPerMonth = 30.4375
