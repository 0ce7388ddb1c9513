/// Agreement between two raters on one categorical variable.
///
/// Cohen's kappa: κ = (p_o − p_e) / (1 − p_e), with p_o the observed proportion of agreement
/// and p_e = Σ_k (n_k· / N)(n_·k / N) the agreement expected by chance from each rater's
/// marginal proportions (Cohen J. "A coefficient of agreement for nominal scales",
/// Educational and Psychological Measurement 1960;20:37–46, eq. 1). κ is undefined when
/// p_e = 1 (both raters use one and the same category throughout): reported as nil.
public struct AgreementStatistic: Sendable, Hashable {
    public var n: Int
    public var agreements: Int
    /// p_o as a percentage.
    public var percentAgreement: Double?
    public var expectedAgreement: Double?
    public var kappa: Double?
    /// Categories seen, sorted; `table[i][j]` counts rater 1 = categories[i], rater 2 = categories[j].
    public var categories: [String]
    public var table: [[Int]]

    public init(pairs: [(String, String)]) {
        n = pairs.count
        agreements = pairs.filter { $0.0 == $0.1 }.count
        categories = Set(pairs.flatMap { [$0.0, $0.1] }).sorted()
        let index = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, $0) })
        table = Array(repeating: Array(repeating: 0, count: categories.count), count: categories.count)
        for (a, b) in pairs { table[index[a]!][index[b]!] += 1 }
        guard n > 0 else { return }
        let N = Double(n)
        let po = Double(agreements) / N
        var pe = 0.0
        for k in 0..<categories.count {
            let row = Double(table[k].reduce(0, +)), column = Double(table.reduce(0) { $0 + $1[k] })
            pe += (row / N) * (column / N)
        }
        percentAgreement = 100 * po
        expectedAgreement = pe
        kappa = pe < 1 ? (po - pe) / (1 - pe) : nil
    }
}

/// Reader 1 against reader 2 over subjects both have read (locked timepoints only).
public struct ReaderAgreement: Sendable, Hashable {
    /// Overall response (RECIST 1.1 Table 1) at each timepoint both readers assessed.
    public var timepointResponse: AgreementStatistic
    /// Best overall response per subject.
    public var bestOverallResponse: AgreementStatistic

    public init(results: [CommitteeResult]) {
        var tp: [(String, String)] = [], bor: [(String, String)] = []
        for r in results {
            guard let a = r.reader1, let b = r.reader2 else { continue }
            let bv = Dictionary(b.timepoints.map { ($0.visit, $0.overall.rawValue) }, uniquingKeysWith: { x, _ in x })
            for t in a.timepoints { if let o = bv[t.visit] { tp.append((t.overall.rawValue, o)) } }
            bor.append((a.bestOverallResponse.rawValue, b.bestOverallResponse.rawValue))
        }
        timepointResponse = AgreementStatistic(pairs: tp)
        bestOverallResponse = AgreementStatistic(pairs: bor)
    }
}

extension ReadingStore {
    /// Reader agreement over the whole study.
    public func agreement(by actor: String) throws(StoreError) -> ReaderAgreement {
        ReaderAgreement(results: try committeeResults(by: actor))
    }
}
