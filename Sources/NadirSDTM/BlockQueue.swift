import Foundation

/// A bounded single-producer, single-consumer hand-off between the thread that parses TR and
/// the thread that scores subjects, so the two cores of a small machine both work.
final class BlockQueue<Element>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Element] = []
    private var head = 0
    private var closed = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Blocks while the queue is full.
    func put(_ item: Element) {
        condition.lock()
        while items.count - head >= capacity { condition.wait() }
        items.append(item)
        condition.signal()
        condition.unlock()
    }

    /// No more items will come.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next item, or `nil` once the queue is closed and empty.
    func take() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count && !closed { condition.wait() }
        guard head < items.count else { return nil }
        let item = items[head]
        head += 1
        if head > 1024 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        condition.signal()
        return item
    }
}

/// Runs a closure on its own thread and hands back its result on `join()`.
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
