import Testing
@testable import NadirStore
