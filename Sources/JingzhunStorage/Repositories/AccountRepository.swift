import Crypto
public import Foundation
import HummingbirdBcrypt
public import JingzhunDomain
import SQLKit

/// Accounts, password checks (bcrypt), browser sessions and API tokens. Tokens are stored only as
/// SHA-256 digests, so a copy of the database does not let anyone sign in.
public struct AccountRepository: Sendable {
    public let store: Store
    /// bcrypt work factor; tests lower it to stay fast.
    public let bcryptCost: UInt8

    public init(store: Store, bcryptCost: UInt8 = 11) {
        self.store = store
        self.bcryptCost = bcryptCost
    }

    public struct Account: Sendable, Equatable {
        public var id: Int64
        public var username: String
        public var displayName: String
        public var role: Role
        public var scope: RegionCode
        public var unitID: OrgUnit.ID?
        public var personID: Person.ID?
        public var active: Bool

        public var principal: Principal {
            Principal(accountID: id, username: username, displayName: displayName, role: role, scope: scope, unitID: unitID, personID: personID)
        }
    }

    public func create(
        username: String, displayName: String, password: String, role: Role, scope: RegionCode,
        unitID: OrgUnit.ID? = nil, personID: Person.ID? = nil, context: ChangeContext
    ) async throws -> Account {
        try Self.validate(username: username, password: password)
        let hash = Bcrypt.hash(password, cost: bcryptCost)
        return try await store.write { db in
            if try await db.select().column("id").from("accounts").where("username", .equal, username).first() != nil {
                throw StorageError.conflict("用户名 \(username) 已存在")
            }
            guard try await RegionRepository.find(scope, on: db) != nil else { throw StorageError.notFound("区划 \(scope)") }
            let now = ChinaTime.isoUTC(context.now)
            let id = try await db.insert(into: "accounts")
                .columns("username", "display_name", "role", "scope_code", "unit_id", "person_id", "password_hash", "active", "created_at", "password_changed_at")
                .values(SQLBind(username), SQLBind(displayName), SQLBind(role.rawValue), SQLBind(scope.rawValue),
                        SQLBind(unitID?.rawValue), SQLBind(personID?.rawValue), SQLBind(hash), SQLBind(true), SQLBind(now), SQLBind(now))
                .returning("id").first()!.decode(column: "id", as: Int64.self)
            try await AuditLog.record([PendingAudit(
                action: .create, objectType: "account", objectID: username, regionCode: scope,
                changes: [FieldChange(field: "角色", old: nil, new: role.label), FieldChange(field: "范围", old: nil, new: scope.rawValue),
                          FieldChange(field: "姓名", old: nil, new: displayName)])], context: context, on: db)
            return Account(id: id, username: username, displayName: displayName, role: role, scope: scope, unitID: unitID, personID: personID, active: true)
        }
    }

    /// Changes a password and ends every session of the account.
    public func setPassword(username: String, password: String, context: ChangeContext) async throws {
        try Self.validate(username: username, password: password)
        let hash = Bcrypt.hash(password, cost: bcryptCost)
        try await store.write { db in
            guard let account = try await Self.find(username: username, on: db) else { throw StorageError.notFound("用户 \(username)") }
            try await db.update("accounts").set("password_hash", to: hash).set("password_changed_at", to: ChinaTime.isoUTC(context.now))
                .where("id", .equal, account.id).run()
            try await db.delete(from: "sessions").where("account_id", .equal, account.id).run()
            try await AuditLog.record([PendingAudit(
                action: .update, objectType: "account", objectID: username, regionCode: account.scope,
                changes: [FieldChange(field: "密码", old: "******", new: "（已重设）")])], context: context, on: db)
        }
    }

    static func validate(username: String, password: String) throws {
        guard !username.isEmpty, username.count <= 64, username.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-") }) else {
            throw StorageError.invalid("用户名只能包含字母、数字、下划线、点和连字符")
        }
        guard password.count >= 4, password.utf8.count <= 72 else {
            throw StorageError.invalid("密码长度应为 4–72 个字符")
        }
    }

    public func find(username: String) async throws -> Account? { try await Self.find(username: username, on: store.db) }

    static func find(username: String, on db: any SQLDatabase) async throws -> Account? {
        try await db.select().column("*").from("accounts").where("username", .equal, username).first().map(decode)
    }

    public func find(id: Int64) async throws -> Account? {
        try await store.db.select().column("*").from("accounts").where("id", .equal, id).first().map(Self.decode)
    }

    public func all() async throws -> [Account] {
        try await store.db.select().column("*").from("accounts").orderBy("id").all().map(Self.decode)
    }

    /// The account when the password is right and the account active; nil otherwise (same answer for
    /// an unknown user, so the response does not reveal which usernames exist).
    public func authenticate(username: String, password: String) async throws -> Account? {
        let row = try await store.db.select().column("*").from("accounts").where("username", .equal, username).first()
        guard let row else {
            _ = Bcrypt.verify(password, hash: Self.dummyHash)
            return nil
        }
        let hash = try row.decode(column: "password_hash", as: String.self)
        guard Bcrypt.verify(password, hash: hash) else { return nil }
        let account = try Self.decode(row)
        return account.active ? account : nil
    }

    private static let dummyHash = Bcrypt.hash("timing-equaliser", cost: 4)

    // MARK: sessions

    public struct Session: Sendable, Equatable {
        public var token: String
        public var csrfToken: String
        public var account: Account
        public var expiresAt: String
    }

    public func startSession(for account: Account, now: Date, lifetime: TimeInterval = 12 * 3600) async throws -> Session {
        let token = Self.randomToken()
        let csrf = Self.randomToken()
        let expires = ChinaTime.isoUTC(now.addingTimeInterval(lifetime))
        try await store.write { db in
            try await db.delete(from: "sessions").where("expires_at", .lessThan, ChinaTime.isoUTC(now)).run()
            try await db.insert(into: "sessions").columns("token_hash", "account_id", "csrf_token", "created_at", "expires_at")
                .values(SQLBind(Self.digest(token)), SQLBind(account.id), SQLBind(csrf), SQLBind(ChinaTime.isoUTC(now)), SQLBind(expires))
                .run()
        }
        return Session(token: token, csrfToken: csrf, account: account, expiresAt: expires)
    }

    public func session(token: String, now: Date) async throws -> Session? {
        guard let row = try await store.db.select().column("*").from("sessions")
            .where("token_hash", .equal, Self.digest(token)).first() else { return nil }
        let expires = try row.decode(column: "expires_at", as: String.self)
        guard expires > ChinaTime.isoUTC(now) else { return nil }
        guard let account = try await find(id: try row.decode(column: "account_id", as: Int64.self)), account.active else { return nil }
        return Session(token: token, csrfToken: try row.decode(column: "csrf_token", as: String.self), account: account, expiresAt: expires)
    }

    public func endSession(token: String) async throws {
        try await store.write { db in try await db.delete(from: "sessions").where("token_hash", .equal, Self.digest(token)).run() }
    }

    // MARK: API tokens

    /// A new bearer token; the plain text is returned once and never stored.
    public func issueToken(for account: Account, name: String, context: ChangeContext) async throws -> String {
        let token = "jz_" + Self.randomToken()
        try await store.write { db in
            try await db.insert(into: "api_tokens").columns("token_hash", "account_id", "name", "created_at", "revoked")
                .values(SQLBind(Self.digest(token)), SQLBind(account.id), SQLBind(name), SQLBind(ChinaTime.isoUTC(context.now)), SQLBind(false))
                .run()
            try await AuditLog.record([PendingAudit(
                action: .create, objectType: "api_token", objectID: account.username, regionCode: account.scope,
                changes: [FieldChange(field: "名称", old: nil, new: name)])], context: context, on: db)
        }
        return token
    }

    public func account(forToken token: String) async throws -> Account? {
        guard let row = try await store.db.select().column("account_id").from("api_tokens")
            .where("token_hash", .equal, Self.digest(token)).where("revoked", .equal, false).first() else { return nil }
        guard let account = try await find(id: try row.decode(column: "account_id", as: Int64.self)), account.active else { return nil }
        return account
    }

    static func digest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    public static func randomToken() -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ row: any SQLRow) throws -> Account {
        Account(
            id: try row.decode(column: "id", as: Int64.self), username: try row.decode(column: "username", as: String.self),
            displayName: try row.decode(column: "display_name", as: String.self),
            role: Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .villageCadre,
            scope: RegionCode(rawValue: try row.decode(column: "scope_code", as: String.self))!,
            unitID: try row.decode(column: "unit_id", as: Int64?.self).map(OrgUnit.ID.init(rawValue:)),
            personID: try row.decode(column: "person_id", as: Int64?.self).map(Person.ID.init(rawValue:)),
            active: try row.decode(column: "active", as: Bool.self))
    }
}
