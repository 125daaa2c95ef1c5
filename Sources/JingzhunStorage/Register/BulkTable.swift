import Foundation
import NIOCore
import PostgresKit
import SQLKit
import VaporCSQLite

/// One cell of a row appended by `BulkTable`.
enum BulkValue: Sendable {
    case int(Int64)
    case text(String)
    case bool(Bool)
    case null

    static func of(_ value: Int?) -> BulkValue { value.map { .int(Int64($0)) } ?? .null }
    static func of(_ value: String?) -> BulkValue { value.map { .text($0) } ?? .null }
    static func of(_ value: Bool?) -> BulkValue { value.map { .bool($0) } ?? .null }

    /// The same value for SQLKit statements (the ordinary import path and the fallback).
    var sql: any SQLExpression {
        switch self {
        case .int(let v): SQLBind(v)
        case .text(let v): SQLBind(v)
        case .bool(let v): SQLBind(v)
        case .null: SQLLiteral.null
        }
    }
}

/// Rows appended to one table during a first load (`RegisterWriter` in bulk mode), written the fastest way each
/// engine offers — the one place besides index handling where the importer switches on the dialect (STYLE.md §1):
/// SQLite binds one prepared `INSERT` reused for every row through the C API (what `sqlite3 .import` does);
/// PostgreSQL sends each batch with `COPY … FROM STDIN`. Without SQLite's raw handle it falls back to multi-row
/// `INSERT`s through SQLKit. Rows are visible to queries in the same transaction after `flush()`.
final class BulkTable {
    let table: String
    let columns: [String]
    private let db: any SQLDatabase
    private var sink: Sink
    private var rows: [[BulkValue]] = []
    private var copyText = ""

    private enum Sink {
        case sqlite(statement: OpaquePointer, handle: SQLiteRawHandle)
        case copy(PostgresConnection)
        case inserts
    }

    init(table: String, columns: [String], transaction: StoreTransaction) throws {
        self.table = table
        self.columns = columns
        self.db = transaction.db
        switch transaction.bulk {
        case .sqlite(let handle?):
            let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))"
            var statement: OpaquePointer?
            let rc = sqlite_nio_sqlite3_prepare_v2(handle.pointer, sql, -1, &statement, nil)
            guard rc == SQLITE_OK, let statement else { throw Self.sqliteError(handle, rc) }
            sink = .sqlite(statement: statement, handle: handle)
        case .sqlite(nil):
            sink = .inserts
        case .postgres(let connection):
            sink = .copy(connection)
        }
    }

    deinit {
        if case .sqlite(let statement, _) = sink { sqlite_nio_sqlite3_finalize(statement) }
    }

    /// Whether rows go straight into SQLite through the C API (tests check that the fast path is really taken).
    var isDirect: Bool {
        if case .sqlite = sink { return true }
        return false
    }

    func append(_ row: [BulkValue]) async throws {
        switch sink {
        case .sqlite(let statement, let handle):
            for (i, value) in row.enumerated() {
                let index = Int32(i + 1)
                let rc: Int32
                switch value {
                case .int(let v): rc = sqlite_nio_sqlite3_bind_int64(statement, index, v)
                case .bool(let v): rc = sqlite_nio_sqlite3_bind_int64(statement, index, v ? 1 : 0)
                case .null: rc = sqlite_nio_sqlite3_bind_null(statement, index)
                case .text(var v):
                    rc = v.withUTF8 { bytes in
                        guard let base = bytes.baseAddress, bytes.count > 0 else {
                            return sqlite_nio_sqlite3_bind_text(statement, index, "", 0, Self.transient)
                        }
                        return UnsafeRawPointer(base).withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                            sqlite_nio_sqlite3_bind_text(statement, index, $0, Int32(bytes.count), Self.transient)
                        }
                    }
                }
                guard rc == SQLITE_OK else { throw Self.sqliteError(handle, rc) }
            }
            let rc = sqlite_nio_sqlite3_step(statement)
            sqlite_nio_sqlite3_reset(statement)
            guard rc == SQLITE_DONE else { throw Self.sqliteError(handle, rc) }
        case .copy:
            Self.appendCopyLine(row, to: &copyText)
            rows.append([])
            if rows.count >= 5_000 { try await flush() }
        case .inserts:
            rows.append(row)
            // 1,000 rows × ≤ 24 columns stays under PostgreSQL's 65,535 bind parameters.
            if rows.count >= 1_000 { try await flush() }
        }
    }

    /// Sends buffered rows (PostgreSQL, fallback); SQLite rows are already in.
    func flush() async throws {
        guard !rows.isEmpty else { return }
        switch sink {
        case .sqlite: break
        case .copy(let connection):
            let text = copyText
            try await connection.copyFrom(table: table, columns: columns, logger: connection.logger) { writer in
                try await writer.write(ByteBuffer(string: text))
            }
        case .inserts:
            try await db.insert(into: table).columns(columns).rows(rows.map { $0.map(\.sql) }).run()
        }
        rows.removeAll(keepingCapacity: true)
        copyText.removeAll(keepingCapacity: true)
    }

    /// COPY's text format: tab-separated, `\N` for NULL, backslash escapes for the characters that would end a cell.
    static func appendCopyLine(_ row: [BulkValue], to out: inout String) {
        for (i, value) in row.enumerated() {
            if i > 0 { out += "\t" }
            switch value {
            case .int(let v): out += String(v)
            case .bool(let v): out += v ? "t" : "f"
            case .null: out += "\\N"
            case .text(let v):
                if !v.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
                    out += v
                } else {
                    for u in v.unicodeScalars {
                        switch u {
                        case "\\": out += "\\\\"
                        case "\t": out += "\\t"
                        case "\n": out += "\\n"
                        case "\r": out += "\\r"
                        default: out.unicodeScalars.append(u)
                        }
                    }
                }
            }
        }
        out += "\n"
    }

    /// SQLite copies the bytes before `bind_text` returns (SQLITE_TRANSIENT).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private static func sqliteError(_ handle: SQLiteRawHandle, _ rc: Int32) -> StorageError {
        .invalid("SQLite \(rc): \(String(cString: sqlite_nio_sqlite3_errmsg(handle.pointer)))")
    }
}
