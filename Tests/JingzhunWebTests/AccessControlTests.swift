import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JingzhunDomain
import JingzhunFiles
import JingzhunStorage
import JingzhunTestSupport
import SQLKit
import Testing

@testable import JingzhunWeb

/// Issue 3 "Done when": logged in as cun01, any page or API object of another village answers 403/404,
/// proven for every route the router holds (iterated, not listed by hand).
@Suite struct AccessControlTests {
    @Test func everyRouteIsRegisteredThroughTheGuard() async throws {
        try await WebFixture.with { _, router, guarded in
            let registered = Set(router.routes.map { "\($0.method) \($0.path)" })
            let ruled = Set(guarded.rules.map { "\($0.method) \(RouterPath($0.path))" })
            #expect(!registered.isEmpty)
            #expect(registered == ruled, "routes added around the guard: \(registered.subtracting(ruled))")
        }
    }

    @Test func aVillageCadreCannotReachAnotherVillageByAnyRoute() async throws {
        try await WebFixture.with { fixture, router, guarded in
            let county = fixture.county
            let own = county.villages[0]
            let other = county.villages[1]
            // Objects that belong elsewhere, one per kind of path parameter.
            let org = OrganisationRepository(store: fixture.store)
            let otherPerson = try #require(try await org.persons(within: other.code).first)
            let countyUnit = try #require(try await org.unit(named: "扶贫局"))
            let otherHousehold = try #require(try await RegisterRepository(store: fixture.store).households(within: other.code, limit: 1).first)
            let otherChange = try await HouseholdChangeRepository(store: fixture.store).propose(
                household: otherHousehold.household.number, detail: .move(toRegion: other.code), reason: "测试",
                context: ChangeContext(actorAccountID: nil, actor: "cun02", now: TestClock.start))
            // A county plan with a task and an evidence file: cun01 is named nowhere on it.
            let tasks = TaskRepository(store: fixture.store)
            let office = ChangeContext(actorAccountID: nil, actor: "xian", now: TestClock.start)
            let plan = try await tasks.createDraft(
                try PlanFiles.parse(Data("县级方案\n一、县级任务。12月底前完成。\n责任单位:县扶贫局\n".utf8), fileName: "plan.txt", year: 2025), county: county.countyCode,
                cadence: .weekly(weekday: 5, hour: 12, minute: 0), sourceName: "plan.txt", context: office)
            try await tasks.activate(plan, context: office)
            let countyTask = try #require(try await tasks.tasks(plan: plan).first)
            try await TaskWorkflow(store: fixture.store).submitReport(
                task: countyTask.id, on: Day.today(TestClock.start), text: "进展", values: [:],
                files: [.init(fileName: "a.txt", contentType: "text/plain", data: Data("x".utf8))], context: office)
            let fileID = try #require(try await TaskWorkflow(store: fixture.store).files(task: countyTask.id).first?.id)
            // and a shortfall task of cun01's own village, which cun01 opens
            let ownTask = try await tasks.createTask(
                kind: .shortfall, number: "1", title: "饮水短板", content: "", region: own.code, deadline: nil, parties: [], context: office)
            // A monitoring case in each village.
            let today = Day.today(TestClock.start)
            let otherCase = try await MonitoringPagesTests.caseIn(other.code, store: fixture.store, on: today).id
            let ownCase = try await MonitoringPagesTests.caseIn(own.code, store: fixture.store, on: today).id
            let foreign: [String: String] = [
                "caseID": String(otherCase),
                "planID": plan.rawValue.description, "taskID": countyTask.id.rawValue.description, "fileID": fileID.description,
                "changeID": otherChange.id.description,
                "code": other.code.rawValue, "unitID": countyUnit.id.description, "personID": otherPerson.id.description,
                "number": otherHousehold.household.number, "username": "cun02", "token": "not-yours",
            ]
            // And objects of cun01's own village: the same routes must open for them (so a 404 everywhere fails).
            let ownPerson = try #require(try await org.persons(within: own.code).first)
            let ownHousehold = try #require(try await RegisterRepository(store: fixture.store).households(within: own.code, limit: 1).first)
            let mine: [String: String] = [
                "code": own.code.rawValue, "personID": ownPerson.id.description, "number": ownHousehold.household.number,
                "taskID": ownTask.id.rawValue.description, "caseID": String(ownCase),
            ]
            let otherVillages = county.villages.filter { $0.code != own.code }
            let routes = router.routes.map { (method: $0.method, path: $0.path.description) }
            let rules = guarded.rules
            let app = Application(router: router)
            try await app.test(.router) { client in
                var checked = 0
                var ownChecked = 0
                for route in routes {
                    let rule = try #require(rules.first { $0.method == route.method && RouterPath($0.path).description == route.path })
                    // Hummingbird prints parameters as {name}.
                    let segments = route.path.split(separator: "/").map(String.init)
                    let params = segments.filter { $0.hasPrefix("{") || $0.hasPrefix(":") }
                        .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "{}:")) }
                    func fill(_ values: [String: String]) -> String? {
                        var parts: [String] = []
                        for segment in segments {
                            let name = segment.trimmingCharacters(in: CharacterSet(charactersIn: "{}:"))
                            if segment.hasPrefix("{") || segment.hasPrefix(":") {
                                guard let v = values[name] else { return nil }
                                parts.append(v)
                            } else { parts.append(segment) }
                        }
                        return "/" + parts.joined(separator: "/")
                    }
                    let path = try #require(fill(foreign), "no foreign value for a parameter of \(route) — add one to this test")
                    if rule.access == .publicRoute { continue }
                    // Unauthenticated: never served.
                    let anonymous = try await client.execute(uri: path, method: route.method)
                    #expect([.seeOther, .unauthorized].contains(anonymous.status), "\(route) answered \(anonymous.status) without sign-in")
                    // As cun01, on a fresh session (some routes sign out or change the password).
                    let cun01 = try await Browser.login(client, "cun01")
                    let response = route.method == .get ? try await cun01.get(client, path) : try await cun01.post(client, path)
                    if !params.isEmpty {
                        #expect([.forbidden, .notFound].contains(response.status), "\(route) → \(path) answered \(response.status) to cun01")
                        if route.method == .get, let ownPath = fill(mine), rule.access != .guarded(.read, .administration) {
                            let allowed = try await cun01.get(client, ownPath)
                            #expect(allowed.status == .ok, "\(route) → \(ownPath) (cun01's own) answered \(allowed.status)")
                            ownChecked += 1
                        }
                    } else {
                        #expect(response.status.code < 500, "\(route) failed: \(response.status)")
                        let body = response.bodyText
                        for v in otherVillages {
                            #expect(!body.contains(v.code.rawValue) && !body.contains(v.name), "\(route) shows \(v.name) to cun01")
                        }
                    }
                    checked += 1
                }
                #expect(checked >= 15)
                #expect(ownChecked >= 6)
            }
        }
    }

    @Test func aVillageCadreDoesReachTheirOwnVillage() async throws {
        try await WebFixture.with { fixture, router, _ in
            let own = fixture.county.villages[0]
            let household = try #require(try await RegisterRepository(store: fixture.store).households(within: own.code, limit: 1).first)
            try await Application(router: router).test(.router) { client in
                let cun01 = try await Browser.login(client, "cun01")
                let page = try await cun01.get(client, "/regions/\(own.code.rawValue)")
                #expect(page.status == .ok)
                #expect(page.bodyText.contains(own.name))
                #expect(try await cun01.get(client, "/api/regions/\(own.code.rawValue)").status == .ok)
                #expect(try await cun01.get(client, "/households/\(household.household.number)").status == .ok)
                // but not the town above it
                #expect(try await cun01.get(client, "/regions/\(own.parentCode!.rawValue)").status == .forbidden)
            }
        }
    }

    @Test func aHelpCadreSeesOnlyPairedHouseholds() async throws {
        try await WebFixture.with { fixture, router, _ in
            let accounts = AccountRepository(store: fixture.store)
            let bangfu = try #require(try await accounts.find(username: "bangfu01"))
            let register = RegisterRepository(store: fixture.store)
            let paired = try #require(try await register.households(within: bangfu.scope, pairedTo: bangfu.personID).first)
            let unpaired = try #require(try await register.households(within: bangfu.scope).first { !$0.pairedPersons.contains(bangfu.personID!) })
            // A change request on each: the cadre's change list shows only the paired household's.
            let changes = HouseholdChangeRepository(store: fixture.store)
            for h in [paired, unpaired] {
                _ = try await changes.propose(household: h.household.number, detail: .move(toRegion: h.household.villageCode), reason: "测试",
                                              context: .system(TestClock.start))
            }
            try await Application(router: router).test(.router) { client in
                let b = try await Browser.login(client, "bangfu01")
                let list = try await b.get(client, "/changes")
                #expect(list.bodyText.contains(paired.household.number))
                #expect(!list.bodyText.contains(unpaired.household.number))
                #expect(try await b.get(client, "/households/\(paired.household.number)").status == .ok)
                #expect(try await b.get(client, "/households/\(unpaired.household.number)").status == .forbidden)
                let home = try await b.get(client, "/")
                #expect(home.bodyText.contains(paired.household.number))
                #expect(!home.bodyText.contains(unpaired.household.number))
            }
        }
    }

    @Test func apiTokensWorkWithoutCookiesAndKeepTheScope() async throws {
        try await WebFixture.with { fixture, router, _ in
            let accounts = AccountRepository(store: fixture.store, bcryptCost: 4)
            let cun01 = try #require(try await accounts.find(username: "cun01"))
            let token = try await accounts.issueToken(for: cun01, name: "test", context: .system(TestClock.start))
            let own = fixture.county.villages[0].code.rawValue
            let other = fixture.county.villages[1].code.rawValue
            try await Application(router: router).test(.router) { client in
                let auth: HTTPFields = [.authorization: "Bearer \(token)"]
                let mine = try await client.execute(uri: "/api/regions/\(own)", method: .get, headers: auth)
                #expect(mine.status == .ok)
                let json = try JSONSerialization.jsonObject(with: Data(String(buffer: mine.body).utf8)) as? [String: Any]
                #expect(json?["code"] as? String == own)
                #expect(try await client.execute(uri: "/api/regions/\(other)", method: .get, headers: auth).status == .forbidden)
                #expect(try await client.execute(uri: "/api/regions/\(own)", method: .get).status == .unauthorized)
                #expect(try await client.execute(uri: "/api/regions/\(own)", method: .get, headers: [.authorization: "Bearer nope"]).status == .unauthorized)
            }
        }
    }
}
