public import Foundation
public import JingzhunDomain
import SQLKit

/// The web inbox (issue 6 §5: "Notifications appear in the user's inbox"). A notice is addressed to persons, units,
/// a town's cadres or a role; an account sees what is addressed to itself, its person, its unit, its role or its
/// region. Each (task, key, recipient) — or (monitoring case, key, recipient) — is stored once, so the sweeps can run as
/// often as they like.
public struct Inbox: Sendable {
    public let store: Store
    public init(store: Store) { self.store = store }

    public struct Message: Sendable, Equatable, Identifiable {
        public var id: Int64
        public var taskID: TaskItem.ID?
        /// A monitoring case's reminder or 督办 (CaseSweeper) points here instead of at a task.
        public var caseID: Int64?
        public var kind: TaskNotice.Kind
        public var message: String
        public var createdAt: String
        public var read: Bool
    }

    /// Recipient keys of a notice on a task.
    static func recipients(_ notice: TaskNotice, task: TaskItem) -> [String] {
        var keys: [String] = []
        let responsible = task.parties(.responsible).compactMap(\.personID).map { "person:\($0.rawValue)" }
        let units = task.owningUnits.compactMap(\.unitID).map { "unit:\($0.rawValue)" }
        let leaders = task.parties(.leader).compactMap(\.personID).map { "person:\($0.rawValue)" }
        let owners = responsible + units + (task.kind == .townTask ? ["region:\(task.regionCode.rawValue)"] : [])
        switch notice.to {
        case .owners: keys = owners
        case .ownersAndLeaders: keys = owners + leaders
        case .inspection: keys = owners + leaders + ["role:\(Role.inspector.rawValue)", "role:\(Role.countyOffice.rawValue)"]
        case .checkers: keys = ["role:\(Role.countyOffice.rawValue)", "role:\(Role.inspector.rawValue)"]
        }
        // Nobody matched (names the county's lists do not hold): the county office still hears of it.
        if keys.isEmpty { keys = ["role:\(Role.countyOffice.rawValue)"] }
        var seen = Set<String>()
        return keys.filter { seen.insert($0).inserted }
    }

    /// Stores the notice for each recipient; returns how many were new.
    @discardableResult
    static func send(_ notice: TaskNotice, task: TaskItem, context: ChangeContext, on db: any SQLDatabase) async throws -> Int {
        // One statement; the unique index (task, key, recipient) drops what was sent before, RETURNING counts the rest.
        var insert = db.insert(into: "notifications").columns("task_id", "kind", "dedupe_key", "recipient", "message", "created_at")
        for recipient in recipients(notice, task: task) {
            insert = insert.values(SQLBind(task.id.rawValue), SQLBind(notice.kind.rawValue), SQLBind(notice.key), SQLBind(recipient),
                                   SQLBind(notice.message), SQLBind(ChinaTimeStamp.iso(context.now)))
        }
        return try await insert.ignoringConflicts().returning("id").all().count
    }

    static func keys(for principal: Principal) -> [String] {
        var keys = ["account:\(principal.accountID)", "role:\(principal.role.rawValue)"]
        if let p = principal.personID { keys.append("person:\(p.rawValue)") }
        if let u = principal.unitID { keys.append("unit:\(u.rawValue)") }
        // A town's or village's cadres by their region; the county office by its county too (monitoring cases' 督办, which
        // another county's office must not see).
        if [.townCadre, .villageCadre, .countyOffice].contains(principal.role) { keys.append("region:\(principal.scope.rawValue)") }
        return keys
    }

    /// Newest first; the same message sent to several of an account's keys shows once.
    public func messages(for principal: Principal, unreadOnly: Bool = false, limit: Int = 200) async throws -> [Message] {
        let unread: SQLQueryString = unreadOnly ? " AND r.notification_id IS NULL" : ""
        let rows = try await store.db.raw("""
            SELECT n.id, n.task_id, n.case_id, n.kind, n.dedupe_key, n.message, n.created_at, r.read_at
            FROM notifications n
            LEFT JOIN notification_reads r ON r.notification_id = n.id AND r.account_id = \(bind: principal.accountID)
            WHERE n.recipient IN (\(binds: Self.keys(for: principal)))
            """ + unread + " ORDER BY n.id DESC LIMIT \(bind: limit * 3)").all()
        var seen = Set<String>()
        var out: [Message] = []
        for row in rows {
            let taskID = try row.decode(column: "task_id", as: Int64?.self)
            let caseID = try row.decode(column: "case_id", as: Int64?.self)
            let key = "\(taskID ?? 0)|\(caseID ?? 0)|\(try row.decode(column: "dedupe_key", as: String.self))"
            guard seen.insert(key).inserted else { continue }
            out.append(Message(
                id: try row.decode(column: "id", as: Int64.self), taskID: taskID.map(TaskItem.ID.init(rawValue:)), caseID: caseID,
                kind: TaskNotice.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .reminder,
                message: try row.decode(column: "message", as: String.self), createdAt: try row.decode(column: "created_at", as: String.self),
                read: try row.decode(column: "read_at", as: String?.self) != nil))
            if out.count == limit { break }
        }
        return out
    }

    /// Distinct unread messages, counted in the database (it runs for the badge on every page).
    public func unreadCount(for principal: Principal) async throws -> Int {
        try await store.db.raw("""
            SELECT COUNT(*) AS n FROM (
              SELECT DISTINCT n.task_id, n.case_id, n.dedupe_key FROM notifications n
              WHERE n.recipient IN (\(binds: Self.keys(for: principal)))
                AND NOT EXISTS (SELECT 1 FROM notification_reads r WHERE r.notification_id = n.id AND r.account_id = \(bind: principal.accountID))
            ) unread
            """).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Marks everything addressed to the principal read — for this account only.
    public func markRead(_ principal: Principal, now: Date = Date()) async throws {
        try await store.write { db in
            try await db.raw("""
                INSERT INTO notification_reads (account_id, notification_id, read_at)
                SELECT \(bind: principal.accountID), n.id, \(bind: ChinaTimeStamp.iso(now)) FROM notifications n
                WHERE n.recipient IN (\(binds: Self.keys(for: principal)))
                  AND NOT EXISTS (SELECT 1 FROM notification_reads r WHERE r.notification_id = n.id AND r.account_id = \(bind: principal.accountID))
                """).run()
        }
    }
}
