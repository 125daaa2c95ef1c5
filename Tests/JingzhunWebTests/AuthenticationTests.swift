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

@Suite struct AuthenticationTests {
    @Test func theSessionCookieIsHttpOnlyAndSameSite() async throws {
        try await WebFixture.with { _, router, _ in
            try await Application(router: router).test(.router) { client in
                let form = try await client.execute(uri: "/login", method: .get)
                let token = try #require(form.bodyText.firstMatch(of: /name="_login" value="([^"]+)"/)?.1)
                let response = try await client.execute(
                    uri: "/login", method: .post,
                    headers: [.cookie: "jz_login=\(form.cookie(named: "jz_login")!)", .contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "_login=\(token)&username=admin&password=demo"))
                let setCookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("jz_session=") })
                #expect(setCookie.contains("HttpOnly"))
                #expect(setCookie.contains("SameSite=Lax"))
            }
        }
    }

    @Test func aFormWithoutItsCSRFTokenIsRefused() async throws {
        try await WebFixture.with { _, router, _ in
            try await Application(router: router).test(.router) { client in
                let admin = try await Browser.login(client, "admin")
                let forged = try await admin.post(client, "/admin/accounts", "username=evil&password=evil1&role=systemAdmin&scope=610927000000", csrf: false)
                #expect(forged.status == .forbidden)
                #expect(forged.bodyText.contains("CSRF"))
                let accounts = try await admin.get(client, "/admin/accounts")
                #expect(!accounts.bodyText.contains("evil"))
                // with the token it goes through
                let real = try await admin.post(client, "/admin/accounts", "username=zhen02&password=pass1&role=townCadre&scope=610927101000&displayName=%E6%9B%BE%E5%AE%B6%E9%95%87")
                #expect(real.status == .ok)
                #expect(real.bodyText.contains("已创建账号 zhen02"))
            }
        }
    }

    @Test func theLoginFormNeedsItsOwnToken() async throws {
        try await WebFixture.with { _, router, _ in
            try await Application(router: router).test(.router) { client in
                let response = try await client.execute(
                    uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "username=admin&password=demo"))
                #expect(response.status == .forbidden)
                #expect(response.cookie(named: "jz_session") == nil)
            }
        }
    }

    @Test func fiveWrongPasswordsLockTheAccountForAWhile() async throws {
        try await WebFixture.with { fixture, router, _ in
            try await Application(router: router).test(.router) { client in
                for _ in 0..<5 {
                    let r = try await attempt(client, "xian", "wrong")
                    #expect(r.status == .unauthorized)
                    #expect(r.bodyText.contains("用户名或密码错误"))
                }
                // even the right password is refused now
                let locked = try await attempt(client, "xian", "demo")
                #expect(locked.status == .tooManyRequests)
                #expect(locked.bodyText.contains("分钟后再试"))
                // other accounts are unaffected
                #expect(try await attempt(client, "admin", "demo").status == .seeOther)
                // after the window it works again
                fixture.clock.advance(16 * 60)
                #expect(try await attempt(client, "xian", "demo").status == .seeOther)
            }
        }
    }

    @Test func signingOutEndsTheSession() async throws {
        try await WebFixture.with { _, router, _ in
            try await Application(router: router).test(.router) { client in
                let admin = try await Browser.login(client, "admin")
                #expect(try await admin.get(client, "/").status == .ok)
                #expect(try await admin.post(client, "/logout").status == .seeOther)
                let after = try await admin.get(client, "/")
                #expect(after.status == .seeOther)
                #expect(after.headers[.location]?.hasPrefix("/login") == true)
            }
        }
    }

    @Test func theNextParameterCannotLeaveTheSite() async throws {
        try await WebFixture.with { _, router, _ in
            try await Application(router: router).test(.router) { client in
                let form = try await client.execute(uri: "/login?next=//evil.example/", method: .get)
                #expect(form.bodyText.contains(#"name="next" value="/""#))
            }
        }
    }

    private func attempt(_ client: some TestClientProtocol, _ user: String, _ password: String) async throws -> TestResponse {
        let form = try await client.execute(uri: "/login", method: .get)
        let token = try #require(form.bodyText.firstMatch(of: /name="_login" value="([^"]+)"/)?.1)
        return try await client.execute(
            uri: "/login", method: .post,
            headers: [.cookie: "jz_login=\(form.cookie(named: "jz_login")!)", .contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: "_login=\(token)&username=\(user)&password=\(password)"))
    }
}
