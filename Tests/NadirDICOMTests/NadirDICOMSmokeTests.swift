import Testing
@testable import NadirDICOM

@Test func moduleLinks() { #expect(Bool(true)) }
