import Testing
@testable import NadirTrialReport
