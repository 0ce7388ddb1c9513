import Testing
@testable import NadirReport

/// Locale-free numbers and escaping of hostile strings.
struct FormattingTests {
    @Test(arguments: [
        (12.5, 2, "12.5"), (-3.0, 2, "-3"), (-0.0001, 2, "0"), (0.125, 2, "0.13"), (-0.125, 2, "-0.13"),
        (1234567.891, 1, "1234567.9"), (Double.nan, 2, "0"), (Double.infinity, 2, "0"),
    ])
    func formatTrimsAndNeverPrintsMinusZero(value: Double, decimals: Int, expected: String) {
        #expect(SVGNumber.format(value, decimals: decimals) == expected)
    }

    @Test(arguments: [(12.0, 1, "12.0"), (4.5, 2, "4.50"), (-66.84, 1, "-66.8"), (0.04, 1, "0.0")])
    func fixedKeepsDecimals(value: Double, decimals: Int, expected: String) {
        #expect(SVGNumber.fixed(value, decimals: decimals) == expected)
    }

    /// CSR convention: three decimals, "<0.001" below.
    @Test(arguments: [(0.0042, "0.004"), (0.0488, "0.049"), (0.0004, "<0.001"), (1.0, ">0.999"), (0.5, "0.500")])
    func pValues(p: Double, expected: String) {
        #expect(SVGNumber.pValue(p) == expected)
    }

    @Test(arguments: [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("A&B", "A&amp;B"),
        ("say \"hi\" it's", "say &quot;hi&quot; it&#39;s"),
        ("NDR-001", "NDR-001"),
        ("bell\u{07}null\u{00}", "bell\u{FFFD}null\u{FFFD}"),
        ("Zürich — 5 mm", "Zürich — 5 mm"),
    ])
    func escapesMarkupAndForbiddenCharacters(raw: String, escaped: String) {
        #expect(XMLEscaping.escape(raw) == escaped)
    }

    @Test(arguments: [("<script>", "_script_"), ("NON-CR/NON-PD", "NON-CR_NON-PD"), ("", "x"), ("a b", "a_b")])
    func identifierTokensAreSafe(raw: String, token: String) {
        #expect(XMLEscaping.identifierToken(raw) == token)
    }
}
