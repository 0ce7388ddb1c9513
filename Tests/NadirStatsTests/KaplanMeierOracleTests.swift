import Foundation
import Testing
@testable import NadirStats

/// Kaplan–Meier, median/quantiles, landmarks, numbers at risk and log-rank, each column compared
/// with R `survfit` / `summary` / `quantile` / `survdiff` on the same CSV to 1e-9 relative.
struct KaplanMeierOracleTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let file: String, time: String, event: String, group: String?
        let landmarks: [Double]
        /// Which convention or edge this data set exercises.
        let why: String
        var testDescription: String { "\(file): \(why)" }
    }

    static let cases: [Case] = [
        Case(file: "aml.csv", time: "time", event: "event", group: "group", landmarks: [0, 12, 24, 48, 200], why: "survival::aml, 2 arms, tied event times"),
        Case(file: "lung.csv", time: "time", event: "event", group: "group", landmarks: [0, 182.5, 365, 730], why: "survival::lung by sex (status 2 → event 1)"),
        Case(file: "lung.csv", time: "time", event: "event", group: nil, landmarks: [182.5, 365, 730, 1100], why: "survival::lung pooled, 228 subjects"),
        Case(file: "ovarian.csv", time: "time", event: "event", group: "group", landmarks: [365, 730, 1000], why: "survival::ovarian by rx (numeric groups), medians not reached"),
        Case(file: "ties.csv", time: "time", event: "event", group: "group", landmarks: [1, 2, 2.5, 6, 7], why: "events and censorings tied at the same times"),
        Case(file: "all_censored.csv", time: "time", event: "event", group: nil, landmarks: [0, 4, 10], why: "no events: S = 1, CI undefined for log-log"),
        Case(file: "one_subject_event.csv", time: "time", event: "event", group: nil, landmarks: [5, 7, 8], why: "one subject with an event: S drops to 0"),
        Case(file: "one_subject_censored.csv", time: "time", event: "event", group: nil, landmarks: [5, 7, 8], why: "one subject censored"),
        Case(file: "median_not_reached.csv", time: "time", event: "event", group: nil, landmarks: [3, 6, 12], why: "median not reached (NA)"),
        Case(file: "survival_to_zero.csv", time: "time", event: "event", group: nil, landmarks: [2, 3, 5, 9], why: "S reaches 0: std.err Inf, limits NA"),
        Case(file: "median_flat.csv", time: "time", event: "event", group: nil, landmarks: [2, 3], why: "S = 0.5 exactly on a flat stretch: midpoint rule"),
        Case(file: "median_flat_last.csv", time: "time", event: "event", group: nil, landmarks: [1, 2], why: "S = 0.5 to the end: print vs quantile rules differ"),
        Case(file: "near_ties.csv", time: "time", event: "event", group: "group", landmarks: [1, 2], why: "times within √ε merged (timefix / aeqSurv), time 0"),
        Case(file: "groups_unequal.csv", time: "time", event: "event", group: "arm", landmarks: [6, 12, 24], why: "groups of 1, 5 and 30 subjects"),
        Case(file: "four_arms.csv", time: "months", event: "dead", group: "arm", landmarks: [6, 12, 24], why: "4 arms: k-group log-rank, 3 df"),
    ]

    static let confidence: [(SurvivalConfidenceType, Double)] = [(.logLog, 0.95), (.log, 0.95), (.plain, 0.95), (.logLog, 0.90)]

    static func rScript(_ c: Case) -> String {
        let formula = c.group.map { "Surv(\(c.time), \(c.event)) ~ \($0)" } ?? "Surv(\(c.time), \(c.event)) ~ 1"
        let confs = confidence.map { "list(\"\($0.0.rawValue)\", \($0.1))" }.joined(separator: ", ")
        return """
        d <- read.csv("\(ROracle.fixture(c.file))", stringsAsFactors = FALSE)
        lm <- c(\(c.landmarks.map { "\($0)" }.joined(separator: ", ")))
        for (cc in list(\(confs))) {
          fit <- survfit(\(formula), data = d, conf.type = cc[[1]], conf.int = cc[[2]])
          ns <- if (is.null(fit$strata)) 1 else length(fit$strata)
          for (i in seq_len(ns)) {
            fi <- if (is.null(fit$strata)) fit else fit[i]
            k <- paste(cc[[1]], cc[[2]], i, sep = "/")
            emit(paste0(k, "/time"), fi$time); emit(paste0(k, "/n.risk"), fi$n.risk)
            emit(paste0(k, "/n.event"), fi$n.event); emit(paste0(k, "/n.censor"), fi$n.censor)
            emit(paste0(k, "/surv"), fi$surv); emit(paste0(k, "/std.err"), fi$std.err)
            emit(paste0(k, "/lower"), fi$lower); emit(paste0(k, "/upper"), fi$upper)
            emit(paste0(k, "/n"), fi$n)
            tb <- summary(fi)$table
            emit(paste0(k, "/median"), tb[7:9])
            q <- quantile(fi, c(0.25, 0.5, 0.75))
            emit(paste0(k, "/q"), q$quantile); emit(paste0(k, "/qlower"), q$lower); emit(paste0(k, "/qupper"), q$upper)
            s <- summary(fi, times = lm, extend = TRUE)
            emit(paste0(k, "/lm.surv"), s$surv); emit(paste0(k, "/lm.n.risk"), s$n.risk)
            emit(paste0(k, "/lm.std.err"), s$std.err); emit(paste0(k, "/lm.lower"), s$lower); emit(paste0(k, "/lm.upper"), s$upper)
          }
          if (ns > 1) {
            sd <- survdiff(\(formula), data = d)
            emit("logrank", c(sd$chisq, length(sd$n) - 1, pchisq(sd$chisq, sum(sd$exp > 0) - 1, lower.tail = FALSE)))
            emit("logrank.obs", sd$obs); emit("logrank.exp", sd$exp)
          }
        }
        """
    }

    @Test("survfit / survdiff agree column by column", arguments: cases)
    func matchesR(_ c: Case) throws {
        let r = try ROracle.run(Self.rScript(c))
        let data = try SurvivalCSV.read(path: ROracle.fixture(c.file), time: c.time, event: c.event, group: c.group)
        for (type, level) in Self.confidence {
            let analysis = try KaplanMeier.analyse(data, confidenceType: type, confidenceLevel: level)
            for (i, curve) in analysis.strata.enumerated() {
                let k = "\(type.rawValue)/\(level)/\(i + 1)"
                expectAgree(curve.time.map { $0 }, r["\(k)/time"], "\(k) time")
                expectAgree(curve.nRisk.map { Double($0) }, r["\(k)/n.risk"], "\(k) n.risk")
                expectAgree(curve.nEvent.map { Double($0) }, r["\(k)/n.event"], "\(k) n.event")
                expectAgree(curve.nCensor.map { Double($0) }, r["\(k)/n.censor"], "\(k) n.censor")
                expectAgree([Double(curve.n)], r["\(k)/n"], "\(k) n")
                expectAgree(curve.survival.map { $0 }, r["\(k)/surv"], "\(k) surv")
                // R's std.err is the SE of the cumulative hazard; ours is S·that (Greenwood SE of S).
                expectAgree(curve.cumulativeHazardStdErr.map { $0 }, r["\(k)/std.err"], "\(k) std.err (R scale)")
                if let rse = r["\(k)/std.err"], let rs = r["\(k)/surv"], rse.count == rs.count {
                    let converted: [Double?] = zip(rs, rse).map { s, se in
                        guard let s, let se, s > 0 else { return nil }
                        return s * se
                    }
                    expectAgree(curve.stdErr, converted, "\(k) std_err = S·std.err")
                }
                expectAgree(curve.lower, r["\(k)/lower"], "\(k) lower")
                expectAgree(curve.upper, r["\(k)/upper"], "\(k) upper")
                expectAgree([curve.median.estimate, curve.median.lower, curve.median.upper], r["\(k)/median"], "\(k) median + CI")
                let qs = try [0.25, 0.5, 0.75].map { try curve.quantile($0) }
                expectAgree(qs.map(\.estimate), r["\(k)/q"], "\(k) quantiles")
                expectAgree(qs.map(\.lower), r["\(k)/qlower"], "\(k) quantile lower")
                expectAgree(qs.map(\.upper), r["\(k)/qupper"], "\(k) quantile upper")
                let lm = c.landmarks.map { curve.survival(at: $0) }
                expectAgree(lm.map(\.survival), r["\(k)/lm.surv"], "\(k) landmark S")
                expectAgree(c.landmarks.map { Double(curve.numberAtRisk(at: $0)) }, r["\(k)/lm.n.risk"], "\(k) number at risk")
                if let rse = r["\(k)/lm.std.err"], let rs = r["\(k)/lm.surv"], rse.count == rs.count {
                    // summary() reports std.err on the S scale already.
                    expectAgree(lm.map(\.stdErr), zip(rs, rse).map { s, se in (s ?? 0) > 0 ? se : nil }, "\(k) landmark std_err")
                }
                expectAgree(lm.map(\.lower), r["\(k)/lm.lower"], "\(k) landmark lower")
                expectAgree(lm.map(\.upper), r["\(k)/lm.upper"], "\(k) landmark upper")
            }
            if analysis.strata.count > 1 {
                let lr = try #require(analysis.logRank)
                expectAgree([lr.chisq, Double(lr.df), lr.pValue], r["logrank"], "log-rank chisq, df, p")
                expectAgree(lr.observed.map { $0 }, r["logrank.obs"], "log-rank observed")
                expectAgree(lr.expected.map { $0 }, r["logrank.exp"], "log-rank expected")
            } else {
                #expect(analysis.logRank == nil)
            }
        }
    }
}
