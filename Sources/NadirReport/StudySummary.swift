/// The study-summary section: what the committee needs to read the plots in context.
/// Filled from the study definition; every field is shown as given.
public struct StudySummary: Hashable, Sendable {
    /// STUDYID.
    public var studyID: String
    public var title: String
    /// e.g. "Phase II, single-arm, Simon two-stage (p0 = 0.10, p1 = 0.30, α = 0.05, power 0.80)".
    public var design: String
    /// Treatment regimen, e.g. "Drug X 200 mg orally once daily, 21-day cycles".
    public var regimen: String
    /// Population / key eligibility, e.g. "Adults with metastatic NSCLC after ≥1 prior line".
    public var population: String
    /// Data cut-off date, ISO 8601 (YYYY-MM-DD), as given; the report does not read the clock.
    public var dataCutoff: String
    /// e.g. "RECIST 1.1 (investigator assessment)".
    public var responseCriteria: String
    public var sponsor: String?
    /// Subjects enrolled (all treated), if different from the evaluable set.
    public var numberEnrolled: Int?

    public init(studyID: String, title: String, design: String, regimen: String, population: String,
                dataCutoff: String, responseCriteria: String = "RECIST 1.1", sponsor: String? = nil,
                numberEnrolled: Int? = nil) {
        self.studyID = studyID
        self.title = title
        self.design = design
        self.regimen = regimen
        self.population = population
        self.dataCutoff = dataCutoff
        self.responseCriteria = responseCriteria
        self.sponsor = sponsor
        self.numberEnrolled = numberEnrolled
    }
}
