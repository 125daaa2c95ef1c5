import ArgumentParser
import Foundation
import JingzhunDomain
import JingzhunStorage
import Logging

/// `--db PATH|postgres://URL`, defaulting to $JINGZHUN_DB, then ./jingzhun.sqlite.
struct DatabaseOption: ParsableArguments {
    @Option(name: .long, help: "数据库：SQLite 文件路径或 postgres://… 地址（默认 $JINGZHUN_DB 或 ./jingzhun.sqlite）")
    var db: String?

    var location: DatabaseLocation {
        if let db { return DatabaseLocation(argument: db) }
        if let env = ProcessInfo.processInfo.environment["JINGZHUN_DB"], !env.isEmpty { return DatabaseLocation(argument: env) }
        return .sqlite(path: DatabaseLocation.defaultPath)
    }

    /// Opens (and migrates) the database, runs `body`, and closes it whatever happens.
    func withStore<T>(migrate: Bool = true, _ body: (Store) async throws -> T) async throws -> T {
        let store = try await open(migrate: migrate)
        do {
            let result = try await body(store)
            await store.close()
            return result
        } catch {
            await store.close()
            throw error
        }
    }

    /// Opens and migrates the database.
    func open(migrate: Bool = true) async throws -> Store {
        var logger = Logger(label: "jingzhun")
        logger.logLevel = .warning
        let store = try await Store.open(location, logger: logger)
        if migrate {
            do { try await Migrator(store: store).migrate() } catch {
                await store.close()
                throw error
            }
        }
        return store
    }
}

/// Prints an error in Chinese and English and exits non-zero, instead of a Swift stack dump.
func reportingErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as ExitCode {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch {
        FileHandle.standardError.write(Data("错误 / error: \(error)\n".utf8))
        throw ExitCode(1)
    }
}

/// The region `--region` names (refused when it is not a 12-digit code), or the database's first county.
func resolveRegion(_ raw: String?, store: Store) async throws -> RegionCode {
    if let raw {
        guard let code = RegionCode(rawValue: raw) else { throw ValidationError("区划代码应为12位数字") }
        return code
    }
    guard let county = try await RegionRepository(store: store).counties().first else { throw ValidationError("数据库中还没有区划，请先 jingzhun region import") }
    return county.code
}
