/// The response-endpoint tables: proportions with exact CIs and tests, and the BOR distribution.
extension ReportDocument {
    func endpointSection() -> String {
        let e = model.endpoints
        var estimates = [e.objectiveResponse, e.diseaseControl]
        if let local = e.localTreatment { estimates.append(local) }
        estimates += e.additional
        let rows: [[String]] = estimates.map { est in
            let level = SVGNumber.format(est.confidenceLevel * 100, decimals: 1)
            return [
                HTML.escape(est.label),
                "\(est.count)/\(est.total)",
                SVGNumber.percent(est.proportion),
                HTML.interval(est.lowerConfidenceLimit, est.upperConfidenceLimit, scale: 100)
                    + " " + HTML.text("span", [("class", "note")], "(\(level) %, \(est.intervalMethod))"),
                est.test.map { SVGNumber.percent($0.historicalRate) } ?? "—",
                est.test.map { HTML.escape(SVGNumber.pValue($0.pValue)) } ?? "—",
            ]
        }
        var out = HTML.text("p", [("class", "note")], "Analysis set: \(e.analysisSet) (N = \(e.numberOfSubjects)).")
        out += HTML.table(caption: "Response rates with exact confidence intervals",
                          headers: ["Endpoint", "n/N", "%", "CI (%)", "Historical rate (%)", "p-value"],
                          rows: rows, attributes: [("class", "endpoint-table")])
        let tests = estimates.compactMap { est in est.test.map { (est.label, $0) } }
        for (label, test) in tests {
            out += HTML.text("p", [("class", "note")],
                             "\(label): \(test.method) (\(test.alternative)) against the historical rate of \(SVGNumber.percent(test.historicalRate)) %.")
        }
        let counts = Dictionary(e.bestOverallResponseCounts.map { ($0.response, $0.count) }, uniquingKeysWith: +)
        var borRows: [[String]] = ResponseCategory.allCases.map { r in
            let n = counts[r] ?? 0
            let pct = e.numberOfSubjects > 0 ? SVGNumber.percent(Double(n) / Double(e.numberOfSubjects)) : "—"
            return [HTML.responseBadge(r) + " " + HTML.escape(r.name), String(n), pct]
        }
        let total = counts.values.reduce(0, +)
        borRows.append(["Total", String(total), e.numberOfSubjects > 0 ? SVGNumber.percent(Double(total) / Double(e.numberOfSubjects)) : "—"])
        out += HTML.table(caption: "Best overall response (RECIST 1.1)", headers: ["Best overall response", "n", "%"],
                          rows: borRows, attributes: [("class", "bor-table")])
        return out
    }
}
