import SQLiteNIO

/// The `sqlite3*` behind the store's SQLite writer connection, for the first-load fast path of the register
/// importer (prepared statements reused for every row instead of SQLKit re-serialising and SQLiteNIO
/// re-preparing each batch; BENCHMARKS.md). SQLiteNIO keeps the handle internal, so it is read by reflection;
/// when a future SQLiteNIO renames it, `of(_:)` returns nil and the importer takes its ordinary path
/// (`RegisterImporterTests` checks that the fast path is really taken).
///
/// Reviewed `@unchecked Sendable` (STYLE.md habit 3): the pointer is only used by the task that holds the
/// store's writer lock (inside `Store.begin()` … `commit()`/`rollback()`), one call at a time, and SQLite is
/// built with SQLITE_THREADSAFE=1, so even an overlap with SQLiteNIO's thread pool would be serialised by SQLite.
final class SQLiteRawHandle: @unchecked Sendable {
    let pointer: OpaquePointer

    private init(_ pointer: OpaquePointer) { self.pointer = pointer }

    static func of(_ connection: SQLiteConnection) -> SQLiteRawHandle? {
        guard let handle = Mirror(reflecting: connection).descendant("handle") else { return nil }
        for child in Mirror(reflecting: handle).children where child.label == "raw" {
            if let pointer = child.value as? OpaquePointer { return SQLiteRawHandle(pointer) }
        }
        return nil
    }
}
