import AsyncKit
import Foundation
public import Logging
import NIOCore
import NIOPosix
import PostgresKit
public import SQLKit
import SQLiteKit
import Synchronization

/// The one storage handle: SQLite (one file, WAL, foreign keys on, one serialised writer and a few
/// readers) or PostgreSQL (a connection pool). Repositories receive it and write SQL once for both.
public final class Store: Sendable {
    public let dialect: Dialect
    public let location: DatabaseLocation
    /// Reads go here.
    public let db: any SQLDatabase
    private let backend: Backend
    let logger: Logger
    /// Checkpoints running after bulk loads (`begin(bulkLoad:)`).
    private let checkpoints = Mutex<[Task<Void, Never>]>([])

    private enum Backend: Sendable {
        case sqlite(writer: SQLiteConnection, readers: [SQLiteConnection], lock: AsyncLock)
        case postgres(PostgresPoolBox)
    }

    private init(dialect: Dialect, location: DatabaseLocation, db: any SQLDatabase, backend: Backend, logger: Logger) {
        self.dialect = dialect
        self.location = location
        self.db = db
        self.backend = backend
        self.logger = logger
    }

    public static func open(_ location: DatabaseLocation, logger: Logger = Logger(label: "jingzhun.store")) async throws -> Store {
        switch location {
        case .sqlite(let path):
            let url = URL(fileURLWithPath: path)
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            func connect() async throws -> SQLiteConnection {
                let conn = try await SQLiteConnection.open(storage: .file(path: url.path), logger: logger)
                _ = try await conn.query("PRAGMA foreign_keys = ON")
                _ = try await conn.query("PRAGMA synchronous = NORMAL")
                return conn
            }
            let writer = try await connect()
            _ = try await writer.query("PRAGMA journal_mode = WAL")
            // The default 2 MB page cache makes large imports thrash the random-order unique indexes (身份证号,
            // 户编号); 64 MB keeps their upper levels in memory and is within the importer's memory budget.
            _ = try await writer.query("PRAGMA cache_size = -65536")
            _ = try await writer.query("PRAGMA temp_store = MEMORY")
            var readers: [SQLiteConnection] = []
            for _ in 0..<3 { readers.append(try await connect()) }
            let reader = RoundRobinSQLite(connections: readers.map { $0.sql() }, counter: .init())
            return Store(
                dialect: .sqlite, location: location, db: reader,
                backend: .sqlite(writer: writer, readers: readers, lock: AsyncLock()), logger: logger)
        case .postgres(let url, let searchPath):
            var config = try SQLPostgresConfiguration(url: url)
            config.searchPath = searchPath
            let pool = EventLoopGroupConnectionPool(
                source: PostgresConnectionSource(sqlConfiguration: config),
                maxConnectionsPerEventLoop: 4, logger: logger, on: MultiThreadedEventLoopGroup.singleton)
            let db = pool.database(logger: logger).sql()
            do {
                _ = try await db.raw("SELECT 1").all()
            } catch {
                await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in pool.shutdownGracefully { _ in c.resume() } }
                throw StorageError.cannotConnect(location.description, String(reflecting: error))
            }
            return Store(dialect: .postgres, location: location, db: db, backend: .postgres(PostgresPoolBox(pool)), logger: logger)
        }
    }

    /// Runs `body` in one transaction: all of it is applied, or none.
    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let transaction = try await begin()
        do {
            let result = try await body(transaction.db)
            try await transaction.commit()
            return result
        } catch {
            await transaction.rollback()
            throw error
        }
    }

    /// A transaction the caller drives statement by statement — for imports that stream rows from a file
    /// between statements. It must end with `commit()` or `rollback()`: on SQLite it holds the writer.
    ///
    /// `bulkLoad` (SQLite; a load of millions of rows that also builds indexes) changes two things for the
    /// transaction, both of which can only change outside one, so they are set before BEGIN and put back after the end:
    /// - temporary b-trees go to files: an index built over millions of rows would otherwise sort entirely in RAM;
    /// - the COMMIT does not checkpoint: the load's pages, already in the WAL, are copied into the database file by a
    ///   passive checkpoint on a connection of its own while the caller goes on (the data-quality run after an import
    ///   reads meanwhile, on the other core). `close()` waits for it.
    public func begin(bulkLoad: Bool = false) async throws -> StoreTransaction {
        switch backend {
        case .sqlite(let writer, _, let lock):
            await lock.lock()
            let db = writer.sql()
            @Sendable func restore(autoCheckpoint: Int) async {
                try? await db.raw("PRAGMA temp_store = MEMORY").run()
                try? await db.raw("PRAGMA wal_autocheckpoint = \(unsafeRaw: String(autoCheckpoint))").run()
            }
            let autoCheckpoint: Int
            do {
                autoCheckpoint = !bulkLoad ? 1000
                    : try await db.raw("PRAGMA wal_autocheckpoint").first()?.decode(column: "wal_autocheckpoint", as: Int.self) ?? 1000
                if bulkLoad {
                    try await db.raw("PRAGMA temp_store = FILE").run()
                    try await db.raw("PRAGMA wal_autocheckpoint = 0").run()
                }
                try await db.raw("BEGIN").run()
            } catch {
                if bulkLoad { await restore(autoCheckpoint: 1000) }
                await lock.unlock()
                throw error
            }
            return StoreTransaction(db: db, bulk: .sqlite(SQLiteRawHandle.of(writer))) { commit in
                var failure: (any Error)?
                do { try await db.raw(commit ? "COMMIT" : "ROLLBACK").run() } catch { failure = error }
                if bulkLoad {
                    await restore(autoCheckpoint: autoCheckpoint)
                    if commit, failure == nil { self.checkpointInBackground() }
                }
                await lock.unlock()
                if let failure { throw failure }
            }
        case .postgres(let box):
            let connection = try await box.pool.requestConnection(logger: logger).get()
            let db = connection.sql()
            do { try await db.raw("BEGIN").run() } catch {
                box.pool.releaseConnection(connection, logger: logger)
                throw error
            }
            let logger = self.logger
            return StoreTransaction(db: db, bulk: .postgres(connection)) { commit in
                defer { box.pool.releaseConnection(connection, logger: logger) }
                try await db.raw(commit ? "COMMIT" : "ROLLBACK").run()
            }
        }
    }

    /// See `begin(bulkLoad:)`.
    private func checkpointInBackground() {
        guard case .sqlite(let path) = location else { return }
        let logger = self.logger
        let task = Task {
            do {
                let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
                _ = try await connection.query("PRAGMA wal_checkpoint(PASSIVE)")
                try await connection.close()
            } catch {
                // Nothing is lost: the pages stay in the WAL and the next automatic checkpoint copies them.
                logger.warning("后台检查点未完成：\(String(describing: error))")
            }
        }
        checkpoints.withLock { $0.append(task) }
    }

    public func close() async {
        for task in checkpoints.withLock({ tasks in defer { tasks = [] }; return tasks }) { await task.value }
        switch backend {
        case .sqlite(let writer, let readers, _):
            for conn in readers + [writer] { try? await conn.close() }
        case .postgres(let box):
            let pool = box.pool
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in pool.shutdownGracefully { _ in c.resume() } }
        }
    }

    /// SQLite online backup to a new file (`VACUUM INTO`), consistent while the server keeps running.
    public func backup(to path: String) async throws {
        guard dialect == .sqlite else { throw StorageError.backupNeedsPgDump }
        if FileManager.default.fileExists(atPath: path) { throw StorageError.fileExists(path) }
        try await db.raw("VACUUM INTO \(bind: path)").run()
    }
}

/// See `Store.begin()`.
public final class StoreTransaction: Sendable {
    public let db: any SQLDatabase
    /// The connection underneath, for the bulk importer's dialect fast paths (STYLE.md §1): SQLite's raw handle
    /// (nil if SQLiteNIO no longer lets it be found) or the PostgreSQL connection (COPY).
    let bulk: BulkChannel
    private let end: @Sendable (Bool) async throws -> Void
    private let ended = Mutex(false)

    enum BulkChannel: Sendable {
        case sqlite(SQLiteRawHandle?)
        case postgres(PostgresConnection)
    }

    init(db: any SQLDatabase, bulk: BulkChannel, end: @escaping @Sendable (Bool) async throws -> Void) {
        self.db = db
        self.bulk = bulk
        self.end = end
    }

    public func commit() async throws { try await finish(true) }

    /// Never throws: a failed rollback leaves nothing to save.
    public func rollback() async { try? await finish(false) }

    private func finish(_ commit: Bool) async throws {
        guard ended.withLock({ done in defer { done = true }; return !done }) else { return }
        try await end(commit)
    }
}

/// Spreads reads over a few SQLite connections; each query runs whole on one of them.
private struct RoundRobinSQLite: SQLDatabase {
    let connections: [any SQLDatabase]
    let counter: Counter

    final class Counter: Sendable {
        private let value = Mutex(0)
        func next(_ n: Int) -> Int { value.withLock { v in v = (v + 1) % n; return v } }
    }

    private var pick: any SQLDatabase { connections[counter.next(connections.count)] }
    var logger: Logger { connections[0].logger }
    var eventLoop: any EventLoop { pick.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { connections[0].version }
    var dialect: any SQLDialect { connections[0].dialect }
    var queryLogLevel: Logger.Level? { connections[0].queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        pick.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        try await pick.execute(sql: query, onRow)
    }
}

public enum StorageError: Error, Sendable, CustomStringConvertible {
    case cannotConnect(String, String)
    case backupNeedsPgDump
    case fileExists(String)
    case notFound(String)
    case conflict(String)
    case invalid(String)

    public var description: String {
        switch self {
        case .cannotConnect(let where_, let why): "无法连接数据库 \(where_) / cannot connect: \(why)"
        case .backupNeedsPgDump:
            "PostgreSQL 请用 pg_dump 备份，例如：pg_dump -Fc -f jingzhun.dump \"$URL\" / use pg_dump for PostgreSQL"
        case .fileExists(let path): "目标文件已存在：\(path) / file exists"
        case .notFound(let what): "未找到：\(what) / not found"
        case .conflict(let what): "冲突：\(what) / conflict"
        case .invalid(let what): "数据无效：\(what) / invalid"
        }
    }
}

extension Store {
    /// Test and provisioning helpers for PostgreSQL schemas (one per test).
    public func createSchema(_ name: String) async throws {
        guard dialect == .postgres else { return }
        try await db.raw("CREATE SCHEMA \(ident: name)").run()
    }

    public func dropSchema(_ name: String) async throws {
        guard dialect == .postgres else { return }
        try await db.raw("DROP SCHEMA \(ident: name) CASCADE").run()
    }
}
