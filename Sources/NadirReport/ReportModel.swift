/// Everything the trial report shows, as plain values computed elsewhere (engine, statistics,
/// DICOM). The renderer formats; it computes nothing a statistician would need to check,
/// except percentages of given counts.
public struct ReportModel: Hashable, Sendable {
    public var study: StudySummary
    public var endpoints: EndpointSummary
    /// One bar per patient with measurable disease and at least one post-baseline sum.
    public var waterfall: [WaterfallBar]
    public var spider: [SpiderSeries]
    public var spiderTimeUnit: TimeUnit
    public var swimmer: [SwimmerLane]
    public var swimmerTimeUnit: TimeUnit
    public var progressionFreeSurvival: SurvivalEndpoint?
    public var overallSurvival: SurvivalEndpoint?
    public var adverseEvents: AdverseEventSummary?
    public var patients: [PatientProfile]
    /// Printed in the footer, e.g. "Nadir 0.4.0 · seeds/demo-study · generated 2026-11-28".
    /// Given by the caller because the renderer does not read the clock (reproducible output).
    public var provenance: String?

    public init(study: StudySummary, endpoints: EndpointSummary, waterfall: [WaterfallBar], spider: [SpiderSeries],
                spiderTimeUnit: TimeUnit = .weeks, swimmer: [SwimmerLane], swimmerTimeUnit: TimeUnit = .months,
                progressionFreeSurvival: SurvivalEndpoint? = nil, overallSurvival: SurvivalEndpoint? = nil,
                adverseEvents: AdverseEventSummary? = nil, patients: [PatientProfile], provenance: String? = nil) {
        self.study = study
        self.endpoints = endpoints
        self.waterfall = waterfall
        self.spider = spider
        self.spiderTimeUnit = spiderTimeUnit
        self.swimmer = swimmer
        self.swimmerTimeUnit = swimmerTimeUnit
        self.progressionFreeSurvival = progressionFreeSurvival
        self.overallSurvival = overallSurvival
        self.adverseEvents = adverseEvents
        self.patients = patients
        self.provenance = provenance
    }
}
