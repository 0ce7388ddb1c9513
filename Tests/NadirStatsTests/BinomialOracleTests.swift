import Foundation
import Testing
@testable import NadirStats

/// Clopper–Pearson limits and the one-sided exact p-value against R `binom.test`, to 1e-10.
struct BinomialOracleTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let x: Int, n: Int, p0: Double, level: Double
        var testDescription: String { "x=\(x) n=\(n) p0=\(p0) level=\(level)" }
    }

    /// Clopper & Pearson (1934): x = 0 and x = n (closed-form limits), n from 1 to 10⁶, extreme p0,
    /// levels 0.8 … 0.999, and the 49-patient seed trial's plausible ORR counts.
    static let cases: [Case] = {
        var c: [Case] = []
        for (x, n) in [(0, 1), (1, 1), (0, 10), (10, 10), (1, 10), (5, 10), (9, 10), (0, 49), (7, 49), (12, 49), (49, 49),
                       (3, 17), (2, 9), (25, 100), (1, 1000), (999, 1000), (500, 1000), (17, 5000), (1, 10_000),
                       (0, 1_000_000), (1, 1_000_000), (500_000, 1_000_000), (1_000_000, 1_000_000)] {
            for (p0, level) in [(0.1, 0.95), (0.2, 0.90), (0.05, 0.99), (0.5, 0.8), (0.001, 0.999)] {
                c.append(Case(x: x, n: n, p0: p0, level: level))
            }
        }
        return c
    }()

    /// One R run for every case: line `case<i>=lower;upper;p`.
    static let oracle: Result<[String: [Double?]], ROracle.Failure> = {
        let rows = cases.map { "c(\($0.x), \($0.n), \($0.p0), \($0.level))" }.joined(separator: ",\n")
        let script = """
        cs <- list(\(rows))
        for (i in seq_along(cs)) {
          k <- cs[[i]]
          b <- binom.test(k[1], k[2], p = k[3], conf.level = k[4])
          g <- binom.test(k[1], k[2], p = k[3], alternative = "greater")
          emit(paste0("case", i), c(b$conf.int[1], b$conf.int[2], g$p.value))
        }
        """
        do { return .success(try ROracle.run(script)) } catch let e as ROracle.Failure { return .failure(e) } catch {
            return .failure(ROracle.Failure(description: "\(error)"))
        }
    }()

    /// R numbers its lines by position in `cases` (1-based).
    static func rKey(_ c: Case) -> String {
        let i = cases.firstIndex { $0.x == c.x && $0.n == c.n && $0.p0 == c.p0 && $0.level == c.level } ?? -1
        return "case\(i + 1)"
    }

    @Test("binom.test: Clopper–Pearson CI and P(X ≥ x | p0)", arguments: cases)
    func matchesR(_ c: Case) throws {
        let r = try Self.oracle.get()
        let ours = try ExactBinomial.inference(successes: c.x, trials: c.n, p0: c.p0, confidenceLevel: c.level)
        let expected = try #require(r[Self.rKey(c)], "R printed no line \(Self.rKey(c))")
        expectAgree([ours.interval.lower, ours.interval.upper, ours.pValue], expected, "lower, upper, p", relative: 1e-10)
        #expect(ours.estimate == Double(c.x) / Double(c.n))
    }

    @Test("bad input is rejected with the argument named", arguments: [(-1, 10), (11, 10), (0, 0)])
    func rejects(_ xn: (Int, Int)) {
        #expect(throws: BinomialError.self) { try ExactBinomial.clopperPearson(successes: xn.0, trials: xn.1) }
    }

    @Test func rejectsBadRates() {
        #expect(throws: BinomialError.probabilityOutOfRange(name: "p0", value: 1)) {
            try ExactBinomial.upperTailPValue(successes: 1, trials: 2, p0: 1)
        }
        #expect(throws: BinomialError.confidenceLevelOutOfRange(1)) {
            try ExactBinomial.clopperPearson(successes: 1, trials: 2, confidenceLevel: 1)
        }
    }

    @Test("without p0 there is no p-value")
    func noP0() throws {
        let b = try ExactBinomial.inference(successes: 3, trials: 10)
        #expect(b.pValue == nil)
        let json = try JSONSerialization.jsonObject(with: Data(StatsJSON.render(b))) as? [String: Any]
        #expect(json?.keys.sorted() == ["estimate", "lower", "p_value", "upper"])
        #expect(json?["p_value"] is NSNull)
    }
}

/// The numerical building blocks against R directly (qnorm, pchisq, pbeta, qbeta).
struct SpecialFunctionOracleTests {
    static let probabilities: [Double] = [1e-300, 1e-20, 1e-8, 0.001, 0.025, 0.05, 0.3, 0.5, 0.7, 0.95, 0.975, 0.999, 1 - 1e-12]
    static let chi: [(Double, Double)] = [(0.001, 1), (0.5, 1), (3.84, 1), (10, 2), (7.8, 3), (0.2, 9), (50, 9), (300, 4), (1e-8, 5), (25, 30)]
    static let beta: [(Double, Double, Double)] = [(0.01, 1, 1000), (0.3, 2.5, 7), (0.9, 30, 2), (0.5, 200, 300), (1e-5, 1, 49), (0.999, 500, 1)]

    static let oracle: Result<[String: [Double?]], ROracle.Failure> = {
        let script = """
        emit("qnorm", qnorm(c(\(probabilities.map { "\($0)" }.joined(separator: ",")))))
        emit("pchisq", c(\(chi.map { "pchisq(\($0.0), \($0.1), lower.tail = FALSE)" }.joined(separator: ","))))
        emit("pbeta", c(\(beta.map { "pbeta(\($0.0), \($0.1), \($0.2))" }.joined(separator: ","))))
        emit("pbeta.upper", c(\(beta.map { "pbeta(\($0.0), \($0.1), \($0.2), lower.tail = FALSE)" }.joined(separator: ","))))
        emit("qbeta", c(\(beta.map { "qbeta(0.025, \($0.1), \($0.2))" }.joined(separator: ","))))
        """
        do { return .success(try ROracle.run(script)) } catch let e as ROracle.Failure { return .failure(e) } catch {
            return .failure(ROracle.Failure(description: "\(error)"))
        }
    }()

    @Test("qnorm, pchisq upper tail, pbeta both tails, qbeta")
    func matchesR() throws {
        let r = try Self.oracle.get()
        expectAgree(Self.probabilities.map { SpecialFunctions.normalQuantile($0) }, r["qnorm"], "qnorm", relative: 1e-14)
        expectAgree(Self.chi.map { SpecialFunctions.chiSquareUpperTail($0.0, df: $0.1) }, r["pchisq"], "pchisq", relative: 1e-12)
        expectAgree(Self.beta.map { SpecialFunctions.incompleteBeta($0.0, $0.1, $0.2).lower }, r["pbeta"], "pbeta", relative: 1e-12)
        expectAgree(Self.beta.map { SpecialFunctions.incompleteBeta($0.0, $0.1, $0.2).upper }, r["pbeta.upper"], "pbeta upper", relative: 1e-11)
        expectAgree(Self.beta.map { SpecialFunctions.inverseIncompleteBeta(0.025, $0.1, $0.2, upperTail: false) }, r["qbeta"], "qbeta", relative: 1e-12)
    }
}
