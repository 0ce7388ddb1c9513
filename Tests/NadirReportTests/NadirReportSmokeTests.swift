import Testing
@testable import NadirReport

@Test func moduleLinks() { #expect(Bool(true)) }
