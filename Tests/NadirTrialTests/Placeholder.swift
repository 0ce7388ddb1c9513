import Testing
@testable import NadirTrial
