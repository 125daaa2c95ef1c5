import Foundation
public import JingzhunStorage
import Logging

/// A fresh, migrated database per test: SQLite always (a temp file), PostgreSQL when TEST_POSTGRES_URL is
/// set (a schema of its own, dropped afterwards) — as pointfreeco's `TestDatabase` does.
public enum TestDatabase: String, Sendable, CaseIterable {
    case sqlite, postgres

    public static var postgresURL: String? {
        let url = ProcessInfo.processInfo.environment["TEST_POSTGRES_URL"]
        return url?.isEmpty == false ? url : nil
    }

    /// The engines this run can test. Without TEST_POSTGRES_URL only SQLite runs, and a loud notice is
    /// printed once; `.ci/run` always sets it.
    public static var available: [TestDatabase] {
        if postgresURL != nil { return [.sqlite, .postgres] }
        Notice.once
        return [.sqlite]
    }

    public var testDescription: String { rawValue }

    public func withFreshStore<T: Sendable>(_ body: (Store) async throws -> T) async throws -> T {
        let store = try await openFresh()
        do {
            let result = try await body(store.store)
            await store.cleanup()
            return result
        } catch {
            await store.cleanup()
            throw error
        }
    }

    public struct Fresh: Sendable {
        public let store: Store
        let cleanupAction: @Sendable () async -> Void
        public func cleanup() async { await cleanupAction() }
    }

    /// A migrated store and how to throw it away (for tests that need the store outside a closure).
    public func openFresh() async throws -> Fresh {
        let logger = { var l = Logger(label: "test"); l.logLevel = .warning; return l }()
        switch self {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jingzhun-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let store = try await Store.open(.sqlite(path: dir.appendingPathComponent("test.sqlite").path), logger: logger)
            try await Migrator(store: store).migrate()
            return Fresh(store: store) {
                await store.close()
                try? FileManager.default.removeItem(at: dir)
            }
        case .postgres:
            guard let url = Self.postgresURL else { throw TestDatabaseError.postgresNotConfigured }
            let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            let admin = try await Store.open(.postgres(url: url), logger: logger)
            try await admin.createSchema(String(schema))
            await admin.close()
            let store = try await Store.open(.postgres(url: url, searchPath: [String(schema)]), logger: logger)
            try await Migrator(store: store).migrate()
            return Fresh(store: store) {
                await store.close()
                if let admin = try? await Store.open(.postgres(url: url), logger: logger) {
                    try? await admin.dropSchema(String(schema))
                    await admin.close()
                }
            }
        }
    }

    /// The path of the SQLite file behind a store (for tests that edit it by hand).
    public static func sqlitePath(of store: Store) -> String? {
        if case .sqlite(let path) = store.location { return path }
        return nil
    }
}


public enum TestDatabaseError: Error { case postgresNotConfigured }

enum Notice {
    static let once: Void = {
        let line = String(repeating: "!", count: 78)
        FileHandle.standardError.write(Data("""
            \(line)
            !! TEST_POSTGRES_URL is not set: storage tests run on SQLite ONLY.
            !! Run .ci/run (starts a local PostgreSQL) to test both engines, as CI does.
            \(line)

            """.utf8))
    }()
}
