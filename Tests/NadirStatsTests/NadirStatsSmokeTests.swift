import Testing
@testable import NadirStats

@Test func moduleLinks() { #expect(Bool(true)) }
