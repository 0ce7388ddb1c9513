import Foundation

/// Plain-text tables for people, laid out like R's `summary(survfit)` and `print(survdiff)`.
public enum StatsTable {
    static func num(_ v: Double?, _ width: Int = 10) -> String {
        let s: String
        if let v, v.isFinite { s = String(format: "%.4g", v) } else { s = "NA" }
        return String(repeating: " ", count: max(0, width - s.count)) + s
    }

    static func int(_ v: Int, _ width: Int = 8) -> String {
        let s = String(v)
        return String(repeating: " ", count: max(0, width - s.count)) + s
    }

    public static func render(_ analysis: SurvivalAnalysis) -> String {
        var out = ""
        for c in analysis.strata {
            let level = Int((c.confidenceLevel * 100).rounded())
            out += "\(c.name): n = \(c.n), events = \(c.events); median \(num(c.median.estimate, 0)) "
            out += "(\(level)% CI \(num(c.median.lower, 0)) to \(num(c.median.upper, 0)), Brookmeyer–Crowley, \(c.confidenceType.rawValue))\n"
            out += "      time  n.risk n.event n.censor  survival   std.err     lower     upper\n"
            for i in c.time.indices {
                out += num(c.time[i]) + int(c.nRisk[i]) + int(c.nEvent[i]) + int(c.nCensor[i], 9)
                out += num(c.survival[i]) + num(c.stdErr[i]) + num(c.lower[i]) + num(c.upper[i]) + "\n"
            }
            out += "\n"
        }
        if let lr = analysis.logRank {
            out += "Log-rank test (Mantel 1966): chisq = \(num(lr.chisq, 0)) on \(lr.df) df, p = \(num(lr.pValue, 0))\n"
            let width = max(5, analysis.strata.map(\.name.count).max() ?? 5)
            out += String(repeating: " ", count: width - 5) + "group         N  Observed  Expected\n"
            for (j, c) in analysis.strata.enumerated() {
                out += String(repeating: " ", count: width - c.name.count) + c.name
                out += int(c.n, 10) + num(lr.observed[j]) + num(lr.expected[j]) + "\n"
            }
        }
        out += "std.err is the Greenwood SE of S(t) (R's survfit std.err is the SE of the cumulative hazard).\n"
        return out
    }

    public static func render(_ b: BinomialInference) -> String {
        let level = Int((b.interval.confidenceLevel * 100).rounded())
        var out = "\(b.successes) / \(b.trials) = \(num(b.estimate, 0))\n"
        out += "\(level)% Clopper–Pearson CI: \(num(b.interval.lower, 0)) to \(num(b.interval.upper, 0))\n"
        if let p0 = b.p0, let p = b.pValue {
            out += "Exact one-sided test H0: p ≤ \(num(p0, 0)): P(X ≥ \(b.successes) | n = \(b.trials), p0) = \(num(p, 0))\n"
        }
        return out
    }

    public static func render(_ s: SimonDesigns) -> String {
        var out = "Simon (1989) two-stage designs: stop after stage 1 if ≤ r1 responses in n1; reject if ≤ r in n\n"
        out += "            r1   n1    r    n   EN(p0)  PET(p0)  alpha   power\n"
        for (label, d) in [("optimal", s.optimal), ("minimax", s.minimax)] {
            out += label.padding(toLength: 9, withPad: " ", startingAt: 0)
            out += int(d.r1, 5) + int(d.n1, 5) + int(d.r, 5) + int(d.n, 5)
            out += String(format: "  %7.2f  %7.3f  %.4f  %.4f\n", d.en0, d.pet0, d.alpha, d.power)
        }
        return out
    }
}
