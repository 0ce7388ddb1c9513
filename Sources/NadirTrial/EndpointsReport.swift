import Foundation

extension TrialEndpoints {
    /// JSON for other tools (keys sorted, dates ISO 8601).
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// The readable summary a statistician scans first.
    public func table() -> String {
        func pct(_ v: Double) -> String { String(format: "%.1f", v) }
        func ci(_ r: RateEstimate) -> String {
            "\(r.count)/\(r.n) (\(pct(r.percent)) %; \(Int((r.confidenceLevel * 100).rounded())) % CI \(pct(100 * r.lower))–\(pct(100 * r.upper)))"
        }
        func months(_ d: Double?) -> String { d.map { String(format: "%.1f", $0 / daysPerMonth) } ?? "NR" }
        var out = "\(studyID): \(title)\n"
        out += "Criteria \(criteria); confirmation \(requiresConfirmation ? "required, ≥ \(confirmationDays) days" : "not required"); SD ≥ \(stableDiseaseMinimumDays) days; data cut-off \(dataCutoff)\n\n"
        out += "Populations: enrolled \(populations.enrolled), treated \(populations.treated), efficacy-evaluable \(populations.efficacyEvaluable)\n\n"
        out += "Best overall response (\(orr.population)):\n"
        for k in TrialEndpoints.responseOrder {
            let c = bestOverallResponse[k] ?? 0
            let pc = orr.n == 0 ? 0 : 100 * Double(c) / Double(orr.n)
            out += "  \(k.padding(toLength: 14, withPad: " ", startingAt: 0)) \(String(c).leftPad(3))  \(pct(pc).leftPad(5)) %\n"
        }
        out += "\nORR  \(ci(orr))"
        if let p = orr.pValueOneSided, let p0 = orr.p0, let a = orr.alphaOneSided {
            out += String(format: "; one-sided exact p = %.4g vs historical %.0f %% (alpha %.3g): %@", p, 100 * p0, a,
                          (orr.rejectsHistoricalRate ?? false) ? "higher than historical" : "not shown higher")
        }
        out += "\nORR  \(ci(orrTreated)) in all treated subjects\n"
        out += "DCR  \(ci(dcr))\n"
        out += "Local treatment eligible  \(ci(localTreatment)) of enrolled\n\n"
        for s in [pfs, os] {
            out += "\(s.parameter): \(s.events) events / \(s.n) (\(s.censored) censored); median \(s.medianDays == nil ? "not reached" : months(s.medianDays) + " months")"
            out += " (95 % CI \(months(s.medianLowerDays))–\(months(s.medianUpperDays)))\n"
            for l in s.landmarks {
                let est = l.beyondFollowUp ? "not estimable (beyond follow-up)"
                    : "\(pct(100 * l.survival)) % (\(l.lower.map { pct(100 * $0) } ?? "NA")–\(l.upper.map { pct(100 * $0) } ?? "NA")), at risk \(l.nRisk)"
                out += "  \(Int(l.months)) months: \(est)\n"
            }
        }
        out += "\nAdverse events (CTCAE v\(adverseEvents.ctcaeVersion)), safety population \(adverseEvents.safetyPopulation):\n"
        out += "  " + "Term".padding(toLength: 34, withPad: " ", startingAt: 0) + "  Any n (%)    G1  G2  G3  G4  G5   ≥G3 n (%)\n"
        for r in adverseEvents.anyGrade {
            let g = r.byWorstGrade.map { String($0).leftPad(3) }.joined(separator: " ")
            out += "  " + r.term.prefix(34).padding(toLength: 34, withPad: " ", startingAt: 0)
            out += "  \(String(r.subjects).leftPad(3)) (\(pct(r.percent).leftPad(5)))  \(g)   \(String(r.grade3OrHigher).leftPad(3)) (\(pct(r.grade3OrHigherPercent).leftPad(5)))\n"
        }
        return out
    }
}

extension String {
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
