import Testing
@testable import NadirSDTM

@Test func moduleLinks() { #expect(Bool(true)) }
