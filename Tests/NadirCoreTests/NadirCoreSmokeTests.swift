import Testing
@testable import NadirCore

@Test func moduleLinks() { #expect(Bool(true)) }
