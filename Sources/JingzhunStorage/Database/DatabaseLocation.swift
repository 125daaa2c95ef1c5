import Foundation

/// Where the data lives: an SQLite file (the embedded default) or a PostgreSQL server.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String, searchPath: [String]? = nil)

    /// `--db` takes a path, `sqlite://PATH`, or `postgres://…` / `postgresql://…`.
    public init(argument: String) {
        if argument.hasPrefix("postgres://") || argument.hasPrefix("postgresql://") {
            self = .postgres(url: argument)
        } else if argument.hasPrefix("sqlite://") {
            self = .sqlite(path: String(argument.dropFirst("sqlite://".count)))
        } else {
            self = .sqlite(path: argument)
        }
    }

    public static let defaultPath = "./jingzhun.sqlite"

    /// The URL without its password, fit for logs and screens.
    public var description: String {
        switch self {
        case .sqlite(let path): return "SQLite \(path)"
        case .postgres(let url, _):
            guard let at = url.lastIndex(of: "@"), let scheme = url.range(of: "://") else { return "PostgreSQL" }
            let userInfo = url[scheme.upperBound..<at]
            let user = userInfo.split(separator: ":").first.map(String.init) ?? ""
            return "PostgreSQL \(url[..<scheme.upperBound])\(user)@\(url[url.index(after: at)...])"
        }
    }
}

public enum Dialect: String, Sendable {
    case sqlite, postgres
}
