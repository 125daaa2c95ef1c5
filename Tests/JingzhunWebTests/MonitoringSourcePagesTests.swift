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

/// Issue 7 §2 in the browser: a village cadre reports a household's hardship for their own village only; the county
/// office and departments upload their lists, matched by 身份证号 with the unmatched shown masked; roles without
/// personal-data rights see which reports exist but not the health behind them.
@Suite struct MonitoringSourcePagesTests {
    static func form(_ fields: [(String, String)]) -> String {
        fields.map { "\($0.0)=\($0.1.formEncoded)" }.joined(separator: "&")
    }

    /// The rows of the page's 风险信息登记 table, each cell by its column (data-label).
    static func reportRows(_ html: String) -> [[String: String]] {
        guard let start = html.range(of: "<th>发生日期</th>"), let end = html.range(of: "</table>", range: start.upperBound..<html.endIndex)
        else { return [] }
        let cell = /<td[^>]*data-label="([^"]+)">([^<]*)<\/td>/
        return html[start.upperBound..<end.lowerBound].components(separatedBy: "<tr>").dropFirst().map { row in
            Dictionary(row.matches(of: cell).map { (String($0.output.1), String($0.output.2)) }, uniquingKeysWith: { a, _ in a })
        }
    }

    @Test func aVillageCadreReportsForTheirOwnVillageOnly() async throws {
        try await WebFixture.with { fixture, router, _ in
            let county = fixture.county
            let own = try #require(county.register.households.last { $0[0].hasPrefix(county.villages[0].code.rawValue) })
            let member = try #require(county.register.members.first { $0[0] == own[0] })[1]
            let neighbour = try #require(county.register.households.last { $0[0].hasPrefix(county.villages[1].code.rawValue) })
            let neighbourMember = try #require(county.register.members.first { $0[0] == neighbour[0] })[1]
            let repo = RiskReportRepository(store: fixture.store)
            let today = Day.today(TestClock.start)
            let illness = "突发脑溢血住院手术"
            try await Application(router: router).test(.router) { client in
                let cun01 = try await Browser.login(client, "cun01")
                // the dashboard links the page; the page offers the report form but not the list upload
                #expect(try await cun01.get(client, "/monitoring").bodyText.contains(SiteURL.monitoringSources(MonitoringQuery(region: county.villages[0].code)).path))
                let page = try await cun01.get(client, "/monitoring/sources")
                #expect(page.status == .ok)
                #expect(page.bodyText.contains("登记风险信息") && !page.bodyText.contains("导入部门名单"))
                // 户编号 box → that household's form, with its members to choose from
                let lookup = try await cun01.get(client, "/monitoring/report?household=\(own[0])")
                #expect(lookup.status == .seeOther)
                #expect(lookup.headers[.location] == "/monitoring/households/\(own[0])/report")
                let formPage = try await cun01.get(client, "/monitoring/households/\(own[0])/report")
                #expect(formPage.status == .ok)
                #expect(formPage.bodyText.contains(#"<option value="\#(member)">"#))

                // a date tomorrow: refused on the form, nothing stored
                let url = "/monitoring/households/\(own[0])/report"
                let tomorrow = try await cun01.post(client, url, Self.form([
                    ("kind", "medical"), ("date", today.adding(days: 1).description), ("member", member), ("amount", "52000"),
                    ("description", illness), ("channel", "self"),
                ]))
                #expect(tomorrow.status == .unprocessableContent)
                #expect(tomorrow.bodyText.contains("晚于今天"))
                #expect(try await repo.recent(within: county.villages[0].code).allSatisfy { $0.report.description != illness })

                // the report: back to the page, which lists it
                let saved = try await cun01.post(client, url, Self.form([
                    ("kind", "medical"), ("date", today.adding(days: -2).description), ("member", member), ("amount", "52000"),
                    ("description", illness), ("channel", "self"),
                ]))
                #expect(saved.status == .seeOther)
                let location = try #require(saved.headers[.location])
                #expect(!location.contains(illness.formEncoded) && !location.contains("52000"))
                let stored = try #require(try await repo.recent(within: county.villages[0].code).first { $0.report.description == illness })
                #expect(stored.report.kind == .medical && stored.report.memberName == member && stored.report.amount == Fen(yuan: "52000"))
                #expect(stored.report.channel == .selfReport && stored.enteredBy == "cun01")
                let listed = try await cun01.get(client, location).bodyText
                #expect(listed.contains("已登记") && listed.contains(illness) && listed.contains("52,000.00 元"))

                // another village's household: forbidden, on the form and the post alike, and nothing stored
                let foreign = "/monitoring/households/\(neighbour[0])/report"
                #expect(try await cun01.get(client, foreign).status == .forbidden)
                let post = try await cun01.post(client, foreign, Self.form([
                    ("kind", "labourLoss"), ("date", today.description), ("member", neighbourMember), ("description", "偏瘫"),
                ]))
                #expect(post.status == .forbidden)
                #expect(try await repo.recent(within: county.villages[1].code).allSatisfy { $0.report.description != "偏瘫" })
                // nor does the other village's page show cun01 anything
                #expect(try await cun01.get(client, "/monitoring/sources?region=\(county.villages[1].code.rawValue)").status == .forbidden)
                // a paired 帮扶干部 does not enter reports
                let bangfu = try await Browser.login(client, "bangfu01")
                #expect(try await bangfu.get(client, "/monitoring/sources").status == .forbidden)

                // the audit log keeps the report without its health details
                let audit = try await AuditRepository(store: fixture.store).list(.init(objectType: "monitoring_report", objectID: String(stored.id)))
                let logged = audit.flatMap(\.changes).compactMap(\.new).joined(separator: " ")
                #expect(logged.contains("风险信息登记") && !logged.contains("医疗自付费用") && !logged.contains("52,000.00"))
                #expect(!logged.contains(illness) && !logged.contains(member))
            }
        }
    }

    @Test func theCountyUploadsAListAndRolesWithoutPersonalDataRightsSeeNoHealthDetails() async throws {
        try await WebFixture.with { fixture, router, _ in
            let county = fixture.county
            let members = county.register.members.filter { $0[0].hasPrefix(county.villages[2].code.rawValue) }.prefix(2)
            #expect(members.count == 2)
            let csv = "姓名,身份证号,纳入时间\n" + members.map { "\($0[1]),\($0[2]),2025-01-01" }.joined(separator: "\n")
                + "\n钱多多,610926199001011237,2025-02-01\n"
            let upload = "/monitoring/sources/lists?region=\(county.countyCode.rawValue)"
            try await Application(router: router).test(.router) { client in
                let xian = try await Browser.login(client, "xian")
                let page = try await xian.get(client, "/monitoring/sources")
                #expect(page.bodyText.contains("导入部门名单") && page.bodyText.contains(upload))
                // a list with a bad row: nothing imported, the row and column named
                let before = try await DepartmentListImporter(store: fixture.store).batches(within: county.countyCode).count
                let (badType, badBody) = RegisterPagesTests.multipart(
                    csrf: xian.csrf, files: [("临时救助.csv", "姓名,身份证号\n王五,12345\n")], fields: ["list": "temporaryAid", "unit": "县民政局"])
                let bad = try await client.execute(uri: upload, method: .post, headers: [.cookie: xian.cookie, .contentType: badType], body: badBody)
                #expect(bad.status == .unprocessableContent)
                #expect(bad.bodyText.contains("临时救助.csv 第2行 “身份证号”列"))
                #expect(try await DepartmentListImporter(store: fixture.store).batches(within: county.countyCode).count == before)
                // the list: two matched, one unmatched shown masked
                let (type, body) = RegisterPagesTests.multipart(
                    csrf: xian.csrf, files: [("医疗救助.csv", csv)], fields: ["list": "medicalAid", "unit": "县医保局"])
                let posted = try await client.execute(uri: upload, method: .post, headers: [.cookie: xian.cookie, .contentType: type], body: body)
                // the POST is answered with a redirect, so refreshing the result does not send the list again
                #expect(posted.status == .seeOther)
                let location = try #require(posted.headers[.location])
                #expect(location.hasPrefix("/monitoring/sources?region=\(county.countyCode.rawValue)&imported="))
                let batches = try await DepartmentListImporter(store: fixture.store).batches(within: county.countyCode).count
                let done = try await xian.get(client, location)
                #expect(done.status == .ok)
                #expect(try await xian.get(client, location).status == .ok)  // a refresh
                #expect(try await DepartmentListImporter(store: fixture.store).batches(within: county.countyCode).count == batches)
                // the result is the uploader's own: another account following the link sees the page without it
                let ducha = try await Browser.login(client, "ducha")
                #expect(!(try await ducha.get(client, location)).bodyText.contains("钱多多"))
                let text = done.bodyText
                #expect(text.contains("匹配 2 人") && text.contains("未匹配 1 人"))
                #expect(text.contains("钱多多") && text.contains("6109**********1237") && !text.contains("610926199001011237"))
                #expect(!members.contains { text.contains($0[2]) })
                let entries = try await DepartmentListImporter(store: fixture.store).entries(within: county.villages[2].code)
                #expect(Set(members.map { $0[1] }).isSubset(of: Set(entries.filter { $0.entry.list == .medicalAid }.map(\.entry.memberName))))

                // the demo's medical reports: the office reads their words, the department and the inspector do not
                let words = ["肺癌", "透析", "偏瘫", "车祸"]
                for w in words { #expect(page.bodyText.contains(w), "the office does not see \(w)") }
                let health: Set = ["医疗自付费用", "丧失劳动能力", "意外事故"]
                let officeRows = Self.reportRows(page.bodyText).filter { health.contains($0["类别"] ?? "") }
                #expect(!officeRows.isEmpty && officeRows.allSatisfy { $0["户编号"] != "—" && $0["户主"] != "—" })
                for name in ["bumen01", "ducha"] {
                    let other = try await Browser.login(client, name)
                    let seen = try await other.get(client, "/monitoring/sources")
                    #expect(seen.status == .ok)
                    // which reports exist, by village, kind and date — but not whose household has an illness
                    let rows = Self.reportRows(seen.bodyText)
                    let healthRows = rows.filter { health.contains($0["类别"] ?? "") }
                    #expect(healthRows.count == officeRows.count)
                    for row in healthRows {
                        #expect(row["户编号"] == "—" && row["户主"] == "—" && row["家庭成员"] == "—", "\(name) sees \(row)")
                        #expect(row["村"]?.isEmpty == false && row["发生日期"]?.isEmpty == false)
                    }
                    for w in words { #expect(!seen.bodyText.contains(w), "\(name) sees \(w)") }
                    #expect(!seen.bodyText.contains("部门名单比对结果"))
                }
                // a village cadre may not upload
                let cun01 = try await Browser.login(client, "cun01")
                let (t2, b2) = RegisterPagesTests.multipart(csrf: cun01.csrf, files: [("医疗救助.csv", csv)], fields: ["list": "medicalAid", "unit": "x"])
                #expect(try await client.execute(uri: upload, method: .post, headers: [.cookie: cun01.cookie, .contentType: t2], body: b2).status == .forbidden)
                // a department uploads only the lists it sends: 水利局 sends none, so it has no upload form and is refused
                let bumen = try await Browser.login(client, "bumen01")
                let batchesBefore = try await DepartmentListImporter(store: fixture.store).batches(within: county.countyCode).count
                #expect(!(try await bumen.get(client, "/monitoring/sources")).bodyText.contains("导入部门名单"))
                let (t3, b3) = RegisterPagesTests.multipart(csrf: bumen.csrf, files: [("名单.csv", csv)], fields: ["list": "dibao", "unit": "县民政局"])
                let refused = try await client.execute(uri: upload, method: .post, headers: [.cookie: bumen.cookie, .contentType: t3], body: b3)
                #expect(refused.status == .unprocessableContent)
                #expect(refused.bodyText.contains("水利局不是低保名单的报送单位（民政局）"))
                #expect(try await DepartmentListImporter(store: fixture.store).batches(within: county.countyCode).count == batchesBefore)
                // once the county names it as a sender (dated configuration with its source), it uploads — under its own
                // name, whatever the form says
                var senders = DepartmentListSenders.national
                senders.senders[DepartmentList.dibao.rawValue, default: []].append("水利局")
                try await SettingsRepository(store: fixture.store).set(
                    .monitorListSenders, year: 2019, value: String(decoding: try JSONEncoder().encode(senders), as: UTF8.self),
                    source: "县脱贫办分工通知（测试）", context: .cli())
                #expect((try await bumen.get(client, "/monitoring/sources")).bodyText.contains("导入部门名单"))
                let (t4, b4) = RegisterPagesTests.multipart(csrf: bumen.csrf, files: [("名单.csv", csv)], fields: ["list": "dibao", "unit": "县民政局"])
                let byDepartment = try await client.execute(uri: upload, method: .post, headers: [.cookie: bumen.cookie, .contentType: t4], body: b4)
                #expect(byDepartment.status == .seeOther)
                #expect(try await DepartmentListImporter(store: fixture.store).batches(within: county.countyCode).first?.unit == "水利局")
            }
        }
    }
}
