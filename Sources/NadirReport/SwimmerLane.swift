/// One patient's lane in the swimmer plot. All times are since start of treatment, in the
/// plot's `timeUnit`; `nil` means the event did not occur (or is not known).
public struct SwimmerLane: Hashable, Sendable {
    public var subjectID: String
    /// Length of the bar: first dose to the last known time on study (death, withdrawal, data cut-off).
    public var timeOnStudy: Double
    /// Colours the bar.
    public var bestOverallResponse: ResponseCategory
    /// First assessment with PR (confirmed response onset, RECIST 1.1 §4.4).
    public var partialResponseOnset: Double?
    /// First assessment with CR.
    public var completeResponseOnset: Double?
    /// End of the duration of response (progression or death after response, or censoring).
    /// `nil` with an onset means the response lasts to the end of the bar.
    public var responseEnd: Double?
    /// First documented progression (RECIST PD).
    public var progression: Double?
    public var death: Double?
    /// Censoring / last contact, for a patient alive without the event at the data cut-off.
    public var censoring: Double?
    /// Still on treatment at the data cut-off: drawn as an arrow after the bar.
    public var ongoing: Bool

    public init(subjectID: String, timeOnStudy: Double, bestOverallResponse: ResponseCategory,
                partialResponseOnset: Double? = nil, completeResponseOnset: Double? = nil,
                responseEnd: Double? = nil, progression: Double? = nil, death: Double? = nil,
                censoring: Double? = nil, ongoing: Bool = false) {
        self.subjectID = subjectID
        self.timeOnStudy = timeOnStudy
        self.bestOverallResponse = bestOverallResponse
        self.partialResponseOnset = partialResponseOnset
        self.completeResponseOnset = completeResponseOnset
        self.responseEnd = responseEnd
        self.progression = progression
        self.death = death
        self.censoring = censoring
        self.ongoing = ongoing
    }

    /// Start of the response: the earlier of PR and CR onset.
    public var responseOnset: Double? {
        switch (partialResponseOnset, completeResponseOnset) {
        case let (p?, c?): min(p, c)
        case let (p?, nil): p
        case let (nil, c?): c
        case (nil, nil): nil
        }
    }
}
