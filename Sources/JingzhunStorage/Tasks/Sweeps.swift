public import Foundation
public import Logging

/// One pass of the two sweeps the server runs hourly beside itself (`jingzhun serve`/`demo`): the task sweep, then the
/// monitoring case sweep. Each runs even if the other fails; a failure is logged — its kind only, never its text,
/// which can carry a database URL or, from a driver, a bound value — and the next hour's pass tries again.
public enum Sweeps {
    /// What the pass did: a line per sweep that sent something, as the server prints it.
    public static func runOnce(store: Store, logger: Logger, now: Date = Date()) async -> [String] {
        var lines: [String] = []
        do {
            let result = try await TaskSweeper(store: store).sweep(context: .system(now))
            if result.notices + result.escalations > 0 { lines.append("任务检查：\(result.summary)") }
        } catch {
            logger.error("任务检查失败，一小时后重试", metadata: ["sweep": "task", "error": .string(kind(of: error))])
        }
        do {
            let result = try await CaseSweeper(store: store).sweep(context: .system(now))
            if result.reminders + result.escalations > 0 { lines.append("监测案件检查：\(result.summary)") }
        } catch {
            logger.error("监测案件检查失败，一小时后重试", metadata: ["sweep": "case", "error": .string(kind(of: error))])
        }
        return lines
    }

    /// The error's type and, for the project's own errors, which case — no payload.
    static func kind(of error: any Error) -> String {
        guard let storage = error as? StorageError else { return String(reflecting: type(of: error)) }
        return switch storage {
        case .cannotConnect: "StorageError.cannotConnect"
        case .backupNeedsPgDump: "StorageError.backupNeedsPgDump"
        case .fileExists: "StorageError.fileExists"
        case .notFound: "StorageError.notFound"
        case .conflict: "StorageError.conflict"
        case .invalid: "StorageError.invalid"
        }
    }
}
