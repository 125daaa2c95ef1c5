/// A FIFO lock for async code. SQLite allows one writer at a time, and an actor alone does not
/// serialise a transaction that suspends (actors are re-entrant), so writes take this lock.
actor AsyncLock {
    private var locked = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func lock() async {
        if !locked {
            locked = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func unlock() {
        if waiters.isEmpty { locked = false } else { waiters.removeFirst().resume() }
    }
}
