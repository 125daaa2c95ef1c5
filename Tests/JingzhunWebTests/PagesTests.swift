import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JingzhunDomain
import JingzhunStorage
import JingzhunTestSupport
import Testing

@testable import JingzhunWeb

@Suite struct PagesTests {
    @Test func theCountyPageCountsTownsVillagesAndHouseholds() async throws {
        try await WebFixture.with { fixture, router, _ in
            try await Application(router: router).test(.router) { client in
                let xian = try await Browser.login(client, "xian")
                let page = try await xian.get(client, "/regions/610927000000")
                #expect(page.status == .ok)
                let body = page.bodyText
                for town in fixture.county.towns { #expect(body.contains(town.name)) }
                #expect(body.contains(">62<"))  // villages in total
                #expect(body.contains(">43<"))  // poor villages
                #expect(body.contains(">\(fixture.county.register.households.count)<"))
            }
        }
    }

    @Test func phonesAreMaskedForDepartmentsButNotForTheCountyOffice() async throws {
        try await WebFixture.with { fixture, router, _ in
            let person = try #require(try await OrganisationRepository(store: fixture.store).persons(within: fixture.county.countyCode).first { $0.phone != nil })
            let phone = person.phone!
            try await Application(router: router).test(.router) { client in
                let xian = try await Browser.login(client, "xian")
                #expect(try await xian.get(client, "/people/\(person.id)").bodyText.contains(phone))
                let bumen = try await Browser.login(client, "bumen01")
                let masked = try await bumen.get(client, "/people/\(person.id)").bodyText
                #expect(!masked.contains(phone))
                #expect(masked.contains(PersonalDataMask.phone(phone)))
                let api = try await bumen.get(client, "/api/people/\(person.id)").bodyText
                #expect(!api.contains(phone))
            }
        }
    }

    @Test func unbuiltModulesAreShownWithoutLinks() async throws {
        try await WebFixture.with { _, router, _ in
            try await Application(router: router).test(.router) { client in
                let body = try await Browser.login(client, "admin").get(client, "/").bodyText
                for label in ["首页", "户籍档案", "退出评估", "任务清单", "防返贫监测", "帮扶与走访", "项目资金", "问题整改", "统计报表", "系统管理"] {
                    #expect(body.contains(label))
                }
                #expect(body.contains(#"<span class="soon" title="该模块尚未上线">项目资金</span>"#))
                // 防返贫监测 has shipped
                #expect(body.contains(#"<a href="/monitoring">防返贫监测</a>"#))
                // 任务清单 has shipped: the county's plans for county accounts, 我的任务 for town and village accounts
                #expect(body.contains(#"<a href="/plans">任务清单</a>"#))
                let village = try await Browser.login(client, "cun01").get(client, "/").bodyText
                #expect(village.contains(#"<a href="/tasks">任务清单</a>"#))
            }
        }
    }

    @Test func theAuditPageFiltersByObjectAndPerson() async throws {
        try await WebFixture.with { fixture, router, _ in
            try await Application(router: router).test(.router) { client in
                let admin = try await Browser.login(client, "admin")
                _ = try await admin.post(client, "/admin/accounts", "username=zhen07&password=pass1&role=townCadre&scope=610927108000")
                let byAdmin = try await admin.get(client, "/audit?actor=admin").bodyText
                #expect(byAdmin.contains("account zhen07"))
                #expect(!byAdmin.contains(">demo<"))
                let region = try await admin.get(client, "/audit?type=region&id=610927100201").bodyText
                #expect(region.contains("新华村委会"))
                // the county office sees the log, a village cadre does not
                #expect(try await Browser.login(client, "xian").get(client, "/audit").status == .ok)
                #expect(try await Browser.login(client, "cun01").get(client, "/audit").status == .forbidden)
            }
        }
    }

    @Test func unknownPathsGetAChinese404() async throws {
        try await WebFixture.with { _, router, _ in
            try await Application(router: router).test(.router) { client in
                let admin = try await Browser.login(client, "admin")
                let page = try await admin.get(client, "/no/such/page")
                #expect(page.status == .notFound)
                #expect(page.bodyText.contains("页面不存在"))
                #expect(try await admin.get(client, "/regions/999999999999").status == .notFound)
            }
        }
    }
}

@Suite struct UnitGroupPagesTests {
    @Test func theCountyOfficeConfiguresAGroupByUnitNamesAndAliases() async throws {
        try await WebFixture.with { _, router, _ in
            try await Application(router: router).test(.router) { client in
                let xian = try await Browser.login(client, "xian")
                let form = "name=%E5%85%AB%E5%8A%9E%E4%B8%A4%E7%BB%84&members=%E4%BA%A7%E4%B8%9A%E8%84%B1%E8%B4%AB%E5%8A%9E%E3%80%81%E5%8E%BF%E8%84%B1%E8%B4%AB%E5%8A%9E&lead=%E4%BA%A7%E4%B8%9A%E8%84%B1%E8%B4%AB%E5%8A%9E"
                // 八办两组 = 产业脱贫办、县脱贫办 (an alias of 扶贫局), led by 产业脱贫办
                let created = try await xian.post(client, "/units/groups", form)
                #expect(created.status == .ok)
                #expect(created.bodyText.contains("已建立分组“八办两组”（2 个成员单位）"))
                #expect(created.bodyText.contains("牵头：产业脱贫办"))
                // the same name twice is refused, unknown units are named
                #expect(try await xian.post(client, "/units/groups", form).bodyText.contains("已存在"))
                let unknown = try await xian.post(client, "/units/groups", "name=x&members=%E4%B8%8D%E5%AD%98%E5%9C%A8%E5%B1%80")
                #expect(unknown.bodyText.contains("找不到单位：不存在局"))
                // a department may read but not configure
                let bumen = try await Browser.login(client, "bumen01")
                #expect(try await bumen.post(client, "/units/groups", form).status == .forbidden)
            }
        }
    }
}

@Suite struct HouseholdPageTests {
    @Test func theHouseholdPageShowsMembersAndIncomeAndMasksIDsForDepartments() async throws {
        try await WebFixture.with { fixture, router, _ in
            let row = try #require(fixture.county.register.households.first)
            let number = row[0]
            let headID = row[5]
            let members = fixture.county.register.members.filter { $0[0] == number }
            try await Application(router: router).test(.router) { client in
                let xian = try await Browser.login(client, "xian")
                let page = try await xian.get(client, "/households/\(number)").bodyText
                #expect(page.contains(headID))
                for m in members { #expect(page.contains(m[1])) }  // every member's name
                #expect(page.contains("人均纯收入"))
                #expect(page.contains(">\(DemoCounty.registerYear)<"))
                let bumen = try await Browser.login(client, "bumen01")
                let masked = try await bumen.get(client, "/households/\(number)").bodyText
                #expect(!masked.contains(headID))
                #expect(masked.contains(PersonalDataMask.idNumber(headID)))
                for m in members { #expect(!masked.contains(m[2])) }
            }
        }
    }
}
