import AsyncKit
import PostgresKit

/// AsyncKit's pool guards its state with its own lock but predates Sendable; this box is the one
/// reviewed place where Jingzhun vouches for it (STYLE.md habit 3: `@unchecked Sendable` only here).
final class PostgresPoolBox: @unchecked Sendable {
    let pool: EventLoopGroupConnectionPool<PostgresConnectionSource>
    init(_ pool: EventLoopGroupConnectionPool<PostgresConnectionSource>) { self.pool = pool }
}
