import Foundation
import Testing
@testable import NadirStats

/// JSON shape of `nadir stats km`, landmarks beyond follow-up, and the library entry points.
struct KaplanMeierShapeTests {
    @Test("km JSON keys and nulls as issue 4 specifies")
    func jsonShape() throws {
        let data = try SurvivalData(times: [1, 2, 2, 3], events: [true, false, true, true], groups: ["A", "A", "B", "B"])
        let analysis = try KaplanMeier.analyse(data)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(StatsJSON.render(analysis))) as? [String: Any])
        #expect(json.keys.sorted() == ["logrank", "strata"])
        let strata = try #require(json["strata"] as? [[String: Any]])
        #expect(strata.count == 2)
        #expect(strata[0].keys.sorted() == ["events", "lower", "median", "median_lower", "median_upper", "n", "n_censor", "n_event", "n_risk", "name", "std_err", "survival", "time", "upper"])
        // Stratum B falls to S = 0: std_err and log-log limits are null there.
        let b = strata[1]
        #expect((b["survival"] as? [Double]) == [0.5, 0])
        #expect((b["std_err"] as? [Any])?.last is NSNull)
        #expect((b["upper"] as? [Any])?.last is NSNull)
        let logrank = try #require(json["logrank"] as? [String: Any])
        #expect(logrank.keys.sorted() == ["chisq", "df", "p"])
        // One group: logrank is null.
        let single = try KaplanMeier.analyse(try SurvivalData(times: [1, 2], events: [true, false]))
        let singleJSON = try #require(try JSONSerialization.jsonObject(with: Data(StatsJSON.render(single))) as? [String: Any])
        #expect(singleJSON["logrank"] is NSNull)
    }

    @Test("landmark after the last follow-up carries S forward and says so")
    func beyondFollowUp() throws {
        let curve = try KaplanMeier.fit(times: [2, 4, 6], events: [true, false, false])
        let at24 = curve.survival(at: 24)
        #expect(at24.beyondFollowUp && at24.nRisk == 0)
        #expect(abs(at24.survival - 2.0 / 3.0) < 1e-15)
        #expect(!curve.survival(at: 3).beyondFollowUp)
        #expect(curve.numberAtRisk(at: 4) == 2 && curve.numberAtRisk(at: 4.5) == 1)
    }

    @Test func rejectsInvalidData() {
        #expect(throws: SurvivalDataError.invalidTime(subject: 1, value: -1)) { try SurvivalData(times: [1, -1], events: [true, true]) }
        #expect(throws: SurvivalDataError.self) { try SurvivalData(times: [1], events: [true, false]) }
        #expect(throws: KaplanMeierError.self) { try KaplanMeier.fit(times: [1], events: [true], confidenceLevel: 1.5) }
    }
}

/// The radix sort the fit relies on orders times exactly as the comparison sort.
struct TimeSortTests {
    @Test("radix sort of times equals the comparison sort", arguments: [0, 1, 511, 512, 5_000, 100_000])
    func radixMatchesSort(_ n: Int) {
        var rng = SystemRandomNumberGenerator()
        var a = (0..<n).map { i -> Double in
            switch i % 4 {
            case 0: return Double(Int.random(in: 0...60_000, using: &rng)) / 1000  // ties, 3 decimals
            case 1: return Double.random(in: 0...1e-300, using: &rng)               // subnormal range
            case 2: return i % 8 == 2 ? 0 : -0.0 + 0                                   // zeros
            default: return Double.random(in: 0...1e12, using: &rng)
            }
        }
        let expected = a.sorted()
        KaplanMeier.sortNonNegative(&a)
        #expect(a == expected)
    }
}
