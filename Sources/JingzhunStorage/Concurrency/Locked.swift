import Synchronization

/// A value shared with a callback that SQLKit calls once per streamed row (`@Sendable`, so it cannot capture
/// a `var`): the rows arrive one after another, and the lock makes that visible to the compiler instead of
/// vouching for it with `@unchecked Sendable`.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) { mutex = Mutex(value) }

    func withLock<R: Sendable>(_ body: (inout sending Value) throws -> sending R) rethrows -> R {
        try mutex.withLock(body)
    }

    var value: Value { mutex.withLock { $0 } }
}
