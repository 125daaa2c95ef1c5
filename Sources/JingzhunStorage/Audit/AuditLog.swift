import Crypto
public import Foundation
public import JingzhunDomain
public import SQLKit

/// Who is changing data, and when (injected, never `Date()` inside logic under test).
public struct ChangeContext: Sendable {
    public var actorAccountID: Int64?
    public var actor: String
    public var now: Date

    public init(actorAccountID: Int64?, actor: String, now: Date = Date()) {
        self.actorAccountID = actorAccountID
        self.actor = actor
        self.now = now
    }

    public static func cli(_ now: Date = Date()) -> ChangeContext { .init(actorAccountID: nil, actor: "cli", now: now) }
    public static func system(_ now: Date = Date()) -> ChangeContext { .init(actorAccountID: nil, actor: "system", now: now) }
}

/// A change to be logged in the same transaction as the change itself.
public struct PendingAudit: Sendable {
    public var action: AuditAction
    public var objectType: String
    public var objectID: String
    public var regionCode: RegionCode?
    public var changes: [FieldChange]

    public init(action: AuditAction, objectType: String, objectID: String, regionCode: RegionCode?, changes: [FieldChange]) {
        self.action = action
        self.objectType = objectType
        self.objectID = objectID
        self.regionCode = regionCode
        self.changes = changes
    }

    /// Old → new of an `Auditable` record; nil when nothing changed.
    public static func of<T: Auditable>(old: T?, new: T?) -> PendingAudit? {
        let changes = AuditDiff.changes(old: old, new: new)
        if old != nil, new != nil, changes.isEmpty { return nil }
        let subject = (new ?? old)!
        let action: AuditAction = old == nil ? .create : new == nil ? .delete : .update
        return PendingAudit(
            action: action, objectType: T.auditType, objectID: subject.auditID, regionCode: subject.auditRegion,
            changes: changes)
    }
}

/// The hash-chained audit log (issue 3 §6). Appends happen inside the caller's transaction.
public enum AuditLog {
    static let genesisHash = String(repeating: "0", count: 64)

    public static func hash(_ entry: AuditEntry) -> String {
        hex(SHA256.hash(data: Data(entry.canonicalText.utf8)))
    }

    static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `[{"field":…,"new":…,"old":…}]`, written by hand: the JSON encoder was a tenth of a bulk import's time.
    static func json(_ changes: [FieldChange]) -> String {
        func quote(_ s: String?) -> String {
            guard let s else { return "null" }
            // Nearly every value needs no escaping; checking bytes is far cheaper than rebuilding scalars.
            if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) { return "\"" + s + "\"" }
            var out = "\""
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
                }
            }
            return out + "\""
        }
        var out = "["
        out.reserveCapacity(changes.count * 48)
        for (i, c) in changes.enumerated() {
            if i > 0 { out += "," }
            out += "{\"field\":"
            out += quote(c.field)
            out += ",\"new\":"
            out += quote(c.new)
            out += ",\"old\":"
            out += quote(c.old)
            out += "}"
        }
        return out + "]"
    }

    /// Appends entries in order. Must run inside `Store.write`.
    public static func record(_ pending: [PendingAudit], context: ChangeContext, on db: any SQLDatabase) async throws {
        guard !pending.isEmpty else { return }
        // Taking the head row's write lock first serialises writers (PostgreSQL row lock; SQLite's single writer).
        try await db.raw("UPDATE audit_head SET last_id = last_id + \(bind: pending.count) WHERE id = 1").run()
        guard let head = try await db.raw("SELECT last_id, last_hash FROM audit_head WHERE id = 1").first() else {
            throw StorageError.invalid("audit_head 缺失")
        }
        let lastID = try head.decode(column: "last_id", as: Int64.self)
        var previous = try head.decode(column: "last_hash", as: String.self)
        var nextID = lastID - Int64(pending.count) + 1
        let at = ChinaTime.isoUTC(context.now)
        var rows: [[any SQLExpression]] = []
        for p in pending {
            var entry = AuditEntry(
                id: nextID, at: at, actorAccountID: context.actorAccountID, actor: context.actor, action: p.action,
                objectType: p.objectType, objectID: p.objectID, regionCode: p.regionCode, changes: p.changes,
                previousHash: previous, hash: "")
            entry.hash = hash(entry)
            let changesJSON = json(entry.changes)
            rows.append([
                SQLBind(entry.id), SQLBind(entry.at), SQLBind(entry.actorAccountID), SQLBind(entry.actor),
                SQLBind(entry.action.rawValue), SQLBind(entry.objectType), SQLBind(entry.objectID),
                SQLBind(entry.regionCode?.rawValue), SQLBind(changesJSON), SQLBind(entry.previousHash), SQLBind(entry.hash),
            ])
            previous = entry.hash
            nextID += 1
        }
        for chunk in stride(from: 0, to: rows.count, by: 500) {
            try await db.insert(into: "audit_log")
                .columns("id", "at", "actor_account_id", "actor", "action", "object_type", "object_id", "region_code",
                         "changes", "previous_hash", "hash")
                .rows(Array(rows[chunk..<min(chunk + 500, rows.count)]))
                .run()
        }
        try await db.raw("UPDATE audit_head SET last_hash = \(bind: previous) WHERE id = 1").run()
    }

    public static func record<T: Auditable>(old: T?, new: T?, context: ChangeContext, on db: any SQLDatabase) async throws {
        if let p = PendingAudit.of(old: old, new: new) { try await record([p], context: context, on: db) }
    }

    static func decode(_ row: any SQLRow) throws -> AuditEntry {
        let changesText = try row.decode(column: "changes", as: String.self)
        let changes = (try? JSONDecoder().decode([FieldChange].self, from: Data(changesText.utf8))) ?? [
            FieldChange(field: "（无法解析）", old: nil, new: changesText)
        ]
        return AuditEntry(
            id: try row.decode(column: "id", as: Int64.self),
            at: try row.decode(column: "at", as: String.self),
            actorAccountID: try row.decode(column: "actor_account_id", as: Int64?.self),
            actor: try row.decode(column: "actor", as: String.self),
            action: AuditAction(rawValue: try row.decode(column: "action", as: String.self)) ?? .update,
            objectType: try row.decode(column: "object_type", as: String.self),
            objectID: try row.decode(column: "object_id", as: String.self),
            regionCode: try row.decode(column: "region_code", as: String?.self).flatMap(RegionCode.init(rawValue:)),
            changes: changes,
            previousHash: try row.decode(column: "previous_hash", as: String.self),
            hash: try row.decode(column: "hash", as: String.self))
    }
}

/// Reading and checking the log.
public struct AuditRepository: Sendable {
    public let store: Store
    public init(store: Store) { self.store = store }

    public struct Filter: Sendable {
        public var objectType: String?
        public var objectID: String?
        public var actor: String?
        /// Only entries about regions inside this subtree (entries without a region are then hidden).
        public var within: RegionCode?
        public var limit: Int = 100
        public var beforeID: Int64?
        public init(objectType: String? = nil, objectID: String? = nil, actor: String? = nil, within: RegionCode? = nil,
                    limit: Int = 100, beforeID: Int64? = nil) {
            self.objectType = objectType
            self.objectID = objectID
            self.actor = actor
            self.within = within
            self.limit = limit
            self.beforeID = beforeID
        }
    }

    /// Newest first.
    public func list(_ filter: Filter) async throws -> [AuditEntry] {
        var q = store.db.select().column("*").from("audit_log")
        if let t = filter.objectType { q = q.where("object_type", .equal, t) }
        if let o = filter.objectID { q = q.where("object_id", .equal, o) }
        if let a = filter.actor { q = q.where("actor", .equal, a) }
        if let b = filter.beforeID { q = q.where("id", .lessThan, b) }
        if let w = filter.within {
            q = q.where(SQLColumn("region_code"), .in, SQLGroupExpression(
                SQLQueryString("SELECT descendant_code FROM region_closure WHERE ancestor_code = \(bind: w.rawValue)")))
        }
        return try await q.orderBy("id", .descending).limit(filter.limit).all().map(AuditLog.decode)
    }

    public enum Verification: Sendable, Equatable {
        case intact(entries: Int64)
        case broken(entryID: Int64, reason: String)
    }

    /// Walks the chain in id order, page by page: detects an edited entry (hash mismatch), a deleted one
    /// (gap in ids or a broken link) and a deleted tail (head disagrees).
    public func verify() async throws -> Verification {
        var expectedID: Int64 = 1
        var previous = AuditLog.genesisHash
        while true {
            let rows = try await store.db.select().column("*").from("audit_log")
                .where("id", .greaterThanOrEqual, expectedID).orderBy("id").limit(2000).all()
            if rows.isEmpty { break }
            for row in rows {
                let entry = try AuditLog.decode(row)
                if entry.id != expectedID {
                    return .broken(entryID: expectedID, reason: "第 \(expectedID) 条记录缺失（已被删除）/ entry missing")
                }
                if entry.previousHash != previous {
                    return .broken(entryID: entry.id, reason: "第 \(entry.id) 条的前序哈希与上一条不符 / chain link broken")
                }
                if AuditLog.hash(entry) != entry.hash {
                    return .broken(entryID: entry.id, reason: "第 \(entry.id) 条内容与其哈希不符（已被修改）/ entry altered")
                }
                previous = entry.hash
                expectedID += 1
            }
        }
        let head = try await store.db.raw("SELECT last_id, last_hash FROM audit_head WHERE id = 1").first()
        let lastID = try head?.decode(column: "last_id", as: Int64.self) ?? 0
        let lastHash = try head?.decode(column: "last_hash", as: String.self) ?? AuditLog.genesisHash
        if lastID != expectedID - 1 || lastHash != previous {
            return .broken(entryID: expectedID, reason: "日志末尾记录缺失（应有 \(lastID) 条，实有 \(expectedID - 1) 条）/ tail truncated")
        }
        return .intact(entries: expectedID - 1)
    }
}
