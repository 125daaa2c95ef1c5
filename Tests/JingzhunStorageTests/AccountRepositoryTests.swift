import Foundation
import JingzhunDomain
import SQLKit
import JingzhunStorage
import JingzhunTestSupport
import Testing

@Suite struct AccountRepositoryTests {
    @Test(arguments: engines)
    func aPasswordSignsInAndASessionCarriesTheScope(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
            let accounts = AccountRepository(store: store, bcryptCost: 4)
            _ = try await accounts.create(username: "cun01", displayName: "新华村", password: "secret1", role: .villageCadre, scope: code("610927100201"), context: cli)
            #expect(try await accounts.authenticate(username: "cun01", password: "wrong") == nil)
            #expect(try await accounts.authenticate(username: "nobody", password: "secret1") == nil)
            let account = try #require(try await accounts.authenticate(username: "cun01", password: "secret1"))
            let session = try await accounts.startSession(for: account, now: t0)
            let found = try #require(try await accounts.session(token: session.token, now: t0.addingTimeInterval(60)))
            #expect(found.account.principal.scope == code("610927100201"))
            // expired after 12 hours, gone after sign-out
            #expect(try await accounts.session(token: session.token, now: t0.addingTimeInterval(13 * 3600)) == nil)
            try await accounts.endSession(token: session.token)
            #expect(try await accounts.session(token: session.token, now: t0) == nil)
        }
    }

    @Test(arguments: engines)
    func changingThePasswordEndsSessionsAndIsAuditedWithoutThePassword(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
            let accounts = AccountRepository(store: store, bcryptCost: 4)
            let a = try await accounts.create(username: "zhen01", displayName: "城关镇", password: "old-pass", role: .townCadre, scope: code("610927100000"), context: cli)
            let s = try await accounts.startSession(for: a, now: t0)
            try await accounts.setPassword(username: "zhen01", password: "new-pass", context: cli)
            #expect(try await accounts.session(token: s.token, now: t0) == nil)
            #expect(try await accounts.authenticate(username: "zhen01", password: "new-pass") != nil)
            let log = try await AuditRepository(store: store).list(.init(objectType: "account", objectID: "zhen01"))
            #expect(log.count == 2)
            #expect(!log.flatMap(\.changes).contains { ($0.new ?? "").contains("new-pass") })
        }
    }

    @Test(arguments: engines)
    func apiTokensAreStoredOnlyAsDigests(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
            let accounts = AccountRepository(store: store, bcryptCost: 4)
            let a = try await accounts.create(username: "api", displayName: "接口", password: "pass1234", role: .inspector, scope: code("610927000000"), context: cli)
            let token = try await accounts.issueToken(for: a, name: "报表", context: cli)
            #expect(try await accounts.account(forToken: token)?.username == "api")
            #expect(try await accounts.account(forToken: token + "x") == nil)
            let stored = try await store.db.raw("SELECT token_hash FROM api_tokens").all().map { try $0.decode(column: "token_hash", as: String.self) }
            #expect(stored.count == 1 && stored[0] != token)
        }
    }

    @Test(arguments: engines)
    func duplicateUsernamesAndBadNamesAreRefused(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
            let accounts = AccountRepository(store: store, bcryptCost: 4)
            _ = try await accounts.create(username: "x", displayName: "x", password: "pass", role: .countyOffice, scope: code("610927000000"), context: cli)
            await #expect(throws: StorageError.self) {
                try await accounts.create(username: "x", displayName: "x", password: "pass", role: .countyOffice, scope: code("610927000000"), context: cli)
            }
            await #expect(throws: StorageError.self) {
                try await accounts.create(username: "有 空格", displayName: "x", password: "pass", role: .countyOffice, scope: code("610927000000"), context: cli)
            }
        }
    }
}
