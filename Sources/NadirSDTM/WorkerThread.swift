import Foundation

/// Runs a closure on its own thread and hands back its result on `join()`: the second core's
/// share of a re-scoring run.
final class WorkerThread<Result>: @unchecked Sendable {
    private let done = NSCondition()
    private var result: Result?

    init(_ body: @escaping @Sendable () -> Result) {
        let thread = Thread { [self] in
            let r = body()
            done.lock(); result = r; done.broadcast(); done.unlock()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    func join() -> Result {
        done.lock()
        defer { done.unlock() }
        while result == nil { done.wait() }
        return result!
    }
}
