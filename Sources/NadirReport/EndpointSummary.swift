/// Response endpoints for the endpoint-summary table.
public struct EndpointSummary: Hashable, Sendable {
    /// e.g. "Response-evaluable set".
    public var analysisSet: String
    /// Subjects in the analysis set: the denominator of the BOR distribution.
    public var numberOfSubjects: Int
    /// ORR: BOR CR or PR (RECIST 1.1 §4.4, confirmed where the design requires it).
    public var objectiveResponse: BinomialEstimate
    /// DCR: BOR CR, PR, SD (or NON-CR/NON-PD) — definition as in the protocol.
    public var diseaseControl: BinomialEstimate
    /// Proportion of subjects who needed local treatment (e.g. radiotherapy), if the study reports it.
    public var localTreatment: BinomialEstimate?
    /// Further proportions in the same format (e.g. clinical benefit rate at 24 weeks).
    public var additional: [BinomialEstimate]
    /// Counts of each best overall response, in any order (shown in canonical order).
    public var bestOverallResponseCounts: [ResponseCount]

    public init(analysisSet: String, numberOfSubjects: Int, objectiveResponse: BinomialEstimate,
                diseaseControl: BinomialEstimate, localTreatment: BinomialEstimate? = nil,
                additional: [BinomialEstimate] = [], bestOverallResponseCounts: [ResponseCount]) {
        self.analysisSet = analysisSet
        self.numberOfSubjects = numberOfSubjects
        self.objectiveResponse = objectiveResponse
        self.diseaseControl = diseaseControl
        self.localTreatment = localTreatment
        self.additional = additional
        self.bestOverallResponseCounts = bestOverallResponseCounts
    }
}

/// Number of subjects with a given best overall response.
public struct ResponseCount: Hashable, Sendable {
    public var response: ResponseCategory
    public var count: Int

    public init(_ response: ResponseCategory, _ count: Int) {
        self.response = response
        self.count = count
    }
}
