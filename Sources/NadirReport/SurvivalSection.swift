/// A time-to-event section: the KM plot and the table of medians and landmark rates.
extension ReportDocument {
    func survivalSection(_ analysis: SurvivalEndpoint, plot: KaplanMeierPlot, figureID: String) -> String {
        let unit = analysis.timeUnit
        let level = SVGNumber.format(analysis.confidenceLevel * 100, decimals: 1)
        let caption = "Kaplan–Meier estimate of \(analysis.endpointName.lowercased()) with pointwise \(level) % confidence bands; ticks mark censored observations; dashed lines mark the median; numbers at risk under the time axis."
        var out = plotSection(id: figureID, svg: plot.svg(), caption: caption)

        let landmarkTimes = Array(Set(analysis.curves.flatMap { $0.landmarks.map(\.time) })).sorted()
        var headers = ["Stratum", "N", "Events", "Median (\(level) % CI), \(unit.label)"]
        headers += landmarkTimes.map { "\(SVGNumber.format($0)) \(unit.label) rate, % (CI)" }
        let rows: [[String]] = analysis.curves.map { curve in
            var row = [HTML.escape(curve.stratum), String(curve.numberOfSubjects), String(curve.numberOfEvents)]
            if let m = curve.median {
                let estimate = m.estimate.map { SVGNumber.fixed($0, decimals: 1) } ?? "NR"
                let lower = m.lowerConfidenceLimit.map { SVGNumber.fixed($0, decimals: 1) } ?? "NE"
                let upper = m.upperConfidenceLimit.map { SVGNumber.fixed($0, decimals: 1) } ?? "NR"
                row.append("\(estimate) (\(lower)–\(upper))")
            } else {
                row.append("—")
            }
            for t in landmarkTimes {
                if let rate = curve.landmarks.first(where: { $0.time == t }), let s = rate.survival {
                    row.append(SVGNumber.percent(s) + " (" + HTML.interval(rate.lowerConfidenceLimit, rate.upperConfidenceLimit, scale: 100) + ")")
                } else {
                    row.append("—")
                }
            }
            return row
        }
        out += HTML.table(caption: "\(analysis.endpointName): medians and landmark rates", headers: headers, rows: rows,
                          attributes: [("class", "survival-table")])
        if let note = analysis.methodNote { out += HTML.text("p", [("class", "note")], note) }
        out += HTML.text("p", [("class", "note")], "NR: not reached; NE: not estimable.")
        return out
    }
}
