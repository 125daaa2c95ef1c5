import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JingzhunDomain
import JingzhunFiles
import JingzhunStorage
import JingzhunTestSupport
import NIOCore
import Testing

@testable import JingzhunWeb

@Suite struct RegisterPagesTests {
    /// A browser's multipart upload of csv files.
    static func multipart(csrf: String, files: [(String, String)], fields: [String: String] = [:]) -> (String, ByteBuffer) {
        let boundary = "----jz\(UUID().uuidString)"
        var body = ""
        for (k, v) in ["_csrf": csrf].merging(fields, uniquingKeysWith: { a, _ in a }) {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n"
        }
        for (name, content) in files {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: text/csv\r\n\r\n\(content)\r\n"
        }
        body += "--\(boundary)--\r\n"
        return ("multipart/form-data; boundary=\(boundary)", ByteBuffer(string: body))
    }

    static func csv(_ sheet: RegisterSheet, _ rows: [[String]]) -> String {
        ([sheet.headers] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    @Test func aVillageCadreImportsTheirVillageButNotTheNeighbours() async throws {
        try await WebFixture.with { fixture, router, _ in
            let register = fixture.county.register
            let own = fixture.county.villages[0]
            let ownRows = register.households.filter { $0[0].hasPrefix(own.code.rawValue) }
            var edited = try #require(ownRows.first)
            edited[19] = "A"
            edited[14] = "9999"
            let changed = edited
            let neighbour = try #require(register.households.first { $0[0].hasPrefix(fixture.county.villages[1].code.rawValue) })
            try await Application(router: router).test(.router) { client in
                let cun01 = try await Browser.login(client, "cun01")
                // own village: accepted
                let (type, body) = Self.multipart(csrf: cun01.csrf, files: [("户信息.csv", Self.csv(.households, [changed]))], fields: ["year": "2020"])
                let ok = try await client.execute(uri: "/regions/\(own.code.rawValue)/import", method: .post,
                                                  headers: [.cookie: cun01.cookie, .contentType: type], body: body)
                #expect(ok.status == .ok)
                #expect(ok.bodyText.contains("户：新增 0，更新 1"))
                // a neighbour's household in the same upload: refused, with the row named
                let (type2, body2) = Self.multipart(csrf: cun01.csrf, files: [("户信息.csv", Self.csv(.households, [changed, neighbour]))])
                let refused = try await client.execute(uri: "/regions/\(own.code.rawValue)/import", method: .post,
                                                       headers: [.cookie: cun01.cookie, .contentType: type2], body: body2)
                #expect(refused.status == .unprocessableContent)
                #expect(refused.bodyText.contains("第3行"))
                #expect(refused.bodyText.contains("不在本账号范围"))
                // and the upload into the neighbour's page is forbidden outright
                let (type3, body3) = Self.multipart(csrf: cun01.csrf, files: [("户信息.csv", Self.csv(.households, [neighbour]))])
                let forbidden = try await client.execute(uri: "/regions/\(fixture.county.villages[1].code.rawValue)/import", method: .post,
                                                         headers: [.cookie: cun01.cookie, .contentType: type3], body: body3)
                #expect(forbidden.status == .forbidden)
            }
        }
    }

    @Test func rejectedRowsComeBackAsAnXlsxForTheUploaderOnly() async throws {
        try await WebFixture.with { fixture, router, _ in
            var edited = Array(fixture.county.register.households.prefix(3))
            edited[1][19] = "E"
            let rows = edited
            try await Application(router: router).test(.router) { client in
                let xian = try await Browser.login(client, "xian")
                let (type, body) = Self.multipart(csrf: xian.csrf, files: [("户信息.csv", Self.csv(.households, rows))], fields: ["validRowsOnly": "1"])
                let page = try await client.execute(uri: "/regions/\(fixture.county.countyCode.rawValue)/import", method: .post,
                                                    headers: [.cookie: xian.cookie, .contentType: type], body: body)
                #expect(page.status == .ok)
                #expect(page.bodyText.contains("未导入 1 行"))
                let link = try #require(page.bodyText.firstMatch(of: /href="(\/imports\/[^"]+\/rejected\.xlsx)"/)?.1)
                let file = try await xian.get(client, String(link))
                #expect(file.status == .ok)
                #expect(file.headers[.contentType] == RegisterController.xlsxType)
                // someone else cannot fetch it
                #expect(try await Browser.login(client, "admin").get(client, String(link)).status == .notFound)
            }
        }
    }

    @Test func exportsAreMaskedForDepartmentsAndRefusedToPairedCadres() async throws {
        try await WebFixture.with { fixture, router, _ in
            let county = fixture.county.countyCode.rawValue
            let firstID = try #require(fixture.county.register.households.first?[5])
            try await Application(router: router).test(.router) { client in
                let bumen = try await Browser.login(client, "bumen01")
                let csv = try await bumen.get(client, "/regions/\(county)/export?sheet=%E6%88%B7%E4%BF%A1%E6%81%AF&format=csv")
                #expect(csv.status == .ok)
                #expect(csv.bodyText.contains(PersonalDataMask.idNumber(firstID)))
                #expect(!csv.bodyText.contains(firstID))
                let xian = try await Browser.login(client, "xian")
                #expect(try await xian.get(client, "/regions/\(county)/export?sheet=%E6%88%B7%E4%BF%A1%E6%81%AF&format=csv").bodyText.contains(firstID))
                let village = fixture.county.villages[0].code.rawValue
                #expect(try await Browser.login(client, "bangfu01").get(client, "/regions/\(village)/export").status == .forbidden)
                let template = try await bumen.get(client, "/register/template")
                #expect(template.status == .ok)
                #expect(template.headers[.contentDisposition]?.contains("filename*=UTF-8''") == true)
            }
        }
    }
}

@Suite struct QualityPagesTests {
    @Test func theCountyOfficeSwitchesARuleOffAndTheVillageSeesItsFindings() async throws {
        try await WebFixture.with { fixture, router, _ in
            let county = fixture.county.countyCode.rawValue
            try await Application(router: router).test(.router) { client in
                let xian = try await Browser.login(client, "xian")
                let page = try await xian.get(client, "/regions/\(county)/quality")
                #expect(page.status == .ok)
                #expect(page.bodyText.contains("义务教育阶段（6–15岁）无在校状况"))
                // everything on except 收入构成 (its box left unticked)
                let on = DataQualityRule.allCases.filter { $0 != .incomeParts }.map { "\($0.rawValue)=1" }.joined(separator: "&")
                let saved = try await xian.post(client, "/quality/rules", on + "&back=%2Fregions%2F\(county)%2Fquality")
                #expect(saved.status == .seeOther)
                #expect(try await xian.get(client, "/regions/\(county)/quality").bodyText.contains("收入构成异常（纯收入不为正或某项为负）（已停用）"))
                let cun01 = try await Browser.login(client, "cun01")
                let village = try await cun01.get(client, "/regions/\(fixture.county.villages[0].code.rawValue)/quality")
                #expect(village.status == .ok)
                #expect(!village.bodyText.contains("保存规则开关"))
                #expect(try await cun01.post(client, "/quality/rules", on).status == .forbidden)
            }
        }
    }
}

@Suite struct HouseholdListTests {
    @Test func filtersAndSearchFindTheRightHouseholds() async throws {
        try await WebFixture.with { fixture, router, _ in
            let rows = fixture.county.register.households
            let target = try #require(rows.first { $0[11] == "未脱贫" })
            let memberOfTarget = try #require(fixture.county.register.members.first { $0[0] == target[0] && $0[5] != "户主" } ?? fixture.county.register.members.first { $0[0] == target[0] })
            try await Application(router: router).test(.router) { client in
                let xian = try await Browser.login(client, "xian")
                // status filter: only 未脱贫 rows
                let poor = try await xian.get(client, "/households?status=poor").bodyText
                #expect(poor.contains(target[0]))
                #expect(!poor.contains(#"data-label="脱贫状态">已脱贫享受政策<"#))
                // search by the last six characters of a member's ID (POST: never in the URL)
                let tail = String(memberOfTarget[2].suffix(6))
                let found = try await xian.post(client, "/households", "q=\(tail)").bodyText
                #expect(found.contains(target[0]))
                // search by head name
                #expect(try await xian.post(client, "/households", "q=\(target[4].formEncoded)").bodyText.contains(target[0]))
                // a village cadre's list holds only their village
                let cun01 = try await Browser.login(client, "cun01")
                let own = fixture.county.villages[0].code.rawValue
                let list = try await cun01.get(client, "/households").bodyText
                let numbers = list.matches(of: /\/households\/(\d{16})/).map { String($0.1) }
                #expect(!numbers.isEmpty)
                #expect(numbers.allSatisfy { $0.hasPrefix(own) })
            }
        }
    }
}

@Suite struct HouseholdChangePagesTests {
    @Test func theVillageProposesAndTheTownApproves() async throws {
        try await WebFixture.with { fixture, router, _ in
            let own = fixture.county.villages[0].code.rawValue
            let number = try #require(fixture.county.register.households.first { $0[0].hasPrefix(own) }?[0])
            try await Application(router: router).test(.router) { client in
                let cun01 = try await Browser.login(client, "cun01")
                let page = try await cun01.get(client, "/households/\(number)")
                #expect(page.bodyText.contains("提出户籍变更"))
                let id = IDNumberChecksum.make(area: "610927", birth: "2020-05-01", sequence: 8, male: true)
                let form = "kind=addMember&reason=%E6%96%B0%E7%94%9F%E5%84%BF&name=%E6%96%B0%E7%94%9F&idNumber=\(id)&sex=male&birthDate=2020-05-01&relation=son&school=preschool&health=healthy&labour=none&medical=1"
                let proposed = try await cun01.post(client, "/households/\(number)/changes", form)
                #expect(proposed.status == .seeOther)
                let list = try await cun01.get(client, "/changes").bodyText
                #expect(list.contains("增员：新生"))
                #expect(!list.contains("/decide"))  // the village cannot approve
                #expect(!list.contains(id))  // no ID number on the list
                let zhen01 = try await Browser.login(client, "zhen01")
                let pending = try await zhen01.get(client, "/changes").bodyText
                let forms = pending.matches(of: /action="(\/changes\/\d+\/decide)"/).map { String($0.1) }
                #expect(!forms.isEmpty)
                for decide in forms {
                    #expect(try await zhen01.post(client, decide, "approve=1&note=%E5%90%8C%E6%84%8F").status == .seeOther)
                }
                #expect(try await zhen01.get(client, "/changes").bodyText.contains("已批准并生效"))
                #expect(try await cun01.get(client, "/households/\(number)").bodyText.contains(">新生<"))
            }
        }
    }

    @Test func theVillageProposesAMergeAndTheTownApprovesIt() async throws {
        try await WebFixture.with { fixture, router, _ in
            let own = fixture.county.villages[0].code.rawValue
            // the demo's requests: [0] 增员 pending, [1] 迁移 approved, [2] 减员 returned, [3] ← [4] 合户 pending
            let numbers = fixture.county.register.households.filter { $0[0].hasPrefix(own) }.map { $0[0] }
            try #require(numbers.count >= 6)
            let (survivor, absorbed) = (numbers[5], numbers[2])
            let foreign = try #require(fixture.county.register.households.first { !$0[0].hasPrefix(own) }?[0])
            let absorbedMembers = fixture.county.register.members.filter { $0[0] == absorbed }.map { $0[1] }
            try await Application(router: router).test(.router) { client in
                let cun01 = try await Browser.login(client, "cun01")
                let page = try await cun01.get(client, "/households/\(survivor)").bodyText
                #expect(page.contains("<option value=\"merge\">合户</option>"))
                #expect(page.contains("name=\"absorbedNumber\""))
                // a household of another village is refused, in Chinese, on the page
                let refused = try await cun01.post(client, "/households/\(survivor)/changes", "kind=merge&reason=x&absorbedNumber=\(foreign)")
                #expect(refused.status == .badRequest)
                #expect(refused.bodyText.contains("不在本村，只能合并同村的户"))
                // the merge itself
                let reason = "%E4%B8%A4%E6%88%B7%E5%90%88%E4%B8%BA%E4%B8%80%E6%88%B7"  // 两户合为一户
                let proposed = try await cun01.post(client, "/households/\(survivor)/changes", "kind=merge&reason=\(reason)&absorbedNumber=+\(absorbed)+")
                #expect(proposed.status == .seeOther)
                let list = try await cun01.get(client, "/changes").bodyText
                #expect(list.contains("合户：户 \(absorbed) 全部成员并入本户"))
                let zhen01 = try await Browser.login(client, "zhen01")
                let pending = try await zhen01.get(client, "/changes").bodyText
                // the newest pending request is listed first: ours
                let decide = try #require(pending.firstMatch(of: /action="(\/changes\/\d+\/decide)"/).map { String($0.1) })
                #expect(try await zhen01.post(client, decide, "approve=1").status == .seeOther)
                let merged = try await cun01.get(client, "/households/\(survivor)").bodyText
                for name in absorbedMembers { #expect(merged.contains(">\(name)<")) }
                // the absorbed household's page says where it went and offers no change form
                let old = try await cun01.get(client, "/households/\(absorbed)").bodyText
                #expect(old.contains("本户已合户并入户 <a href=\"/households/\(survivor)\">\(survivor)</a>"))
                #expect(!old.contains("提出户籍变更"))
                #expect(try await cun01.get(client, "/api/households/\(absorbed)").bodyText.contains("\"mergedInto\":\"\(survivor)\""))
                // and the household search no longer finds it
                let search = try await cun01.post(client, "/households", "q=\(absorbed)").bodyText
                #expect(!search.contains("/households/\(absorbed)\""))
            }
        }
    }
}

@Suite struct VillagePageTests {
    @Test func aVillagePageShowsItsFacts() async throws {
        try await WebFixture.with { fixture, router, _ in
            let village = fixture.county.villages[0]
            let facts = try #require(fixture.county.register.villages.first { $0[0] == village.code.rawValue })
            try await Application(router: router).test(.router) { client in
                let page = try await Browser.login(client, "cun01").get(client, "/regions/\(village.code.rawValue)").bodyText
                #expect(page.contains("<dt>总人口</dt><dd>\(facts[5]) 人</dd>"))
                #expect(page.contains("<dt>电力入户率</dt><dd>\(facts[8])</dd>"))
            }
        }
    }
}

@Suite struct ExportEncodingTests {
    @Test func aGB18030CsvDecodesWithChineseIntact() async throws {
        try await WebFixture.with { fixture, router, _ in
            let county = fixture.county.countyCode.rawValue
            try await Application(router: router).test(.router) { client in
                let xian = try await Browser.login(client, "xian")
                let r = try await xian.get(client, "/regions/\(county)/export?sheet=%E6%9D%91%E4%BF%A1%E6%81%AF&format=csv&encoding=gb18030")
                let bytes = Data(r.body.readableBytesView)
                #expect(String(data: bytes, encoding: .utf8) == nil)  // not UTF-8 …
                let text = try #require(String(data: bytes, encoding: String.Encoding(rawValue: 0x8000_0632)))  // … but GB18030
                #expect(text.hasPrefix("村代码,乡镇,村"))
            }
        }
    }
}
