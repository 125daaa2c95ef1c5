import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JingzhunDomain
import JingzhunStorage
import JingzhunTestSupport
import NIOCore
import Testing

@testable import JingzhunWeb

/// A small demo county (same regions and accounts, fewer households) behind an in-process router.
struct WebFixture: Sendable {
    let store: Store
    let county: DemoCounty
    let clock: TestClock

    static let config: JingzhunConfig = {
        var c = JingzhunConfig()
        c.bcryptCost = 4
        return c
    }()

    static func with(_ database: TestDatabase = .sqlite, _ body: (WebFixture, Router<JingzhunRequestContext>, GuardedRouter) async throws -> Void) async throws {
        try await database.withFreshStore { store in
            let county = DemoCounty.generate(households: 600)
            _ = try await DemoSeeder(store: store, bcryptCost: 4).seed(county, now: TestClock.start)
            let clock = TestClock()
            let (router, guarded) = try await buildRouter(config, store: store, clock: { clock.now })
            try await body(WebFixture(store: store, county: county, clock: clock), router, guarded)
        }
    }
}

/// Time the tests can move.
final class TestClock: Sendable {
    static let start = Date(timeIntervalSince1970: 1_763_884_800)
    private let offset = Mutex2(0.0)
    var now: Date { TestClock.start.addingTimeInterval(offset.get()) }
    func advance(_ seconds: Double) { offset.update { $0 += seconds } }
}

import Synchronization
final class Mutex2<T: Sendable>: Sendable {
    private let m: Mutex<T>
    init(_ v: T) { m = Mutex(v) }
    func get() -> T { m.withLock { $0 } }
    func update(_ f: (inout T) -> Void) { m.withLock { f(&$0) } }
}

/// A signed-in browser: its session cookie and the CSRF token printed in its pages.
struct Browser: Sendable {
    var cookie: String
    var csrf: String

    static func login(_ client: some TestClientProtocol, _ username: String, password: String = "demo") async throws -> Browser {
        let form = try await client.execute(uri: "/login", method: .get)
        let loginCookie = try #require(form.cookie(named: "jz_login"))
        let token = try #require(form.bodyText.firstMatch(of: /name="_login" value="([^"]+)"/)?.1)
        let response = try await client.execute(
            uri: "/login", method: .post,
            headers: [.cookie: "jz_login=\(loginCookie)", .contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: "_login=\(token)&next=%2F&username=\(username)&password=\(password)"))
        #expect(response.status == .seeOther, "login of \(username) failed: \(response.status)")
        let session = try #require(response.cookie(named: "jz_session"))
        let home = try await client.execute(uri: "/", method: .get, headers: [.cookie: "jz_session=\(session)"])
        let csrf = try #require(home.bodyText.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1)
        return Browser(cookie: "jz_session=\(session)", csrf: String(csrf))
    }

    func get(_ client: some TestClientProtocol, _ uri: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie])
    }

    func post(_ client: some TestClientProtocol, _ uri: String, _ form: String = "", csrf: Bool = true) async throws -> TestResponse {
        let body = (csrf ? "_csrf=\(self.csrf)&" : "") + form
        return try await client.execute(
            uri: uri, method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: body))
    }
}

extension TestResponse {
    var bodyText: String { String(buffer: body) }

    func cookie(named name: String) -> String? {
        for value in headers[values: .setCookie] {
            let first = value.split(separator: ";")[0]
            let parts = first.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0] == name { return String(parts[1]) }
        }
        return nil
    }
}

extension Mutex2 where T == Double {}
