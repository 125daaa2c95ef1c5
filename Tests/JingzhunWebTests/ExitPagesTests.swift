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

/// Issue 5 in the browser: the 退出评估 page, the household's exit section and procedure, the API, standards,
/// 三率一度 and the procedure check, on the demo county.
@Suite struct ExitPagesTests {
    static let year = DemoCounty.registerYear

    /// Mustache escapes these; reasons compared with a page must be escaped the same way.
    static func html(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }

    static func report(_ fixture: WebFixture, _ region: RegionCode? = nil) async throws -> ExitAssessmentReport {
        try await ExitAssessor(store: fixture.store).assess(standardKey: "shaanxi-2017", year: year, region: region ?? fixture.county.countyCode)
    }

    @Test func theCountyPageShowsTheShortfallTableAndAFailingVillagesReasons() async throws {
        try await WebFixture.with { fixture, router, _ in
            // given
            let report = try await Self.report(fixture)
            let failingVillage = try #require(report.villages.first { !$0.passes })
            let town = try #require(fixture.county.towns.first)
            try await Application(router: router).test(.router) { client in
                let xian = try await Browser.login(client, "xian")
                // when: the defaults are the county, the latest register year and shaanxi-2017
                let page = try await xian.get(client, "/exit")
                // then
                #expect(page.status == .ok)
                let body = page.bodyText
                #expect(body.contains("短板清单"))
                #expect(body.contains(#"<table class="shortfalls">"#))
                #expect(body.contains(">\(town.shortName)</a>"))
                for label in ["收入", "住房", "义务教育", "基本医疗", "饮水安全"] { #expect(body.contains("<th class=\"num\">\(label)</th>")) }
                #expect(body.contains(Self.html(failingVillage.reasons[0])))
                #expect(body.contains(report.lineAmount.display))
                #expect(body.contains("<svg class=\"chart\""))
                #expect(body.contains("县评估"))
                #expect(body.contains("Alkire"))
                #expect(body.contains("/exit/export?region=\(fixture.county.countyCode.rawValue)&amp;year=\(Self.year)&amp;standard=shaanxi-2017&amp;format=xlsx"))
                // the failing households link to their pages, and no ID number is printed
                let failing = try #require(report.households.first { !$0.passes })
                #expect(body.contains("/households/\(failing.number)"))
                #expect(body.firstMatch(of: /\d{17}[\dX]/) == nil)
                // the nav item is a link now
                #expect(body.contains(#"<a href="/exit" class="active">退出评估</a>"#))
            }
        }
    }

    @Test func aVillageCadreOpensTheirOwnVillageButNoOther() async throws {
        try await WebFixture.with { fixture, router, _ in
            let own = fixture.county.villages[0]
            let other = fixture.county.villages[1]
            try await Application(router: router).test(.router) { client in
                let cun01 = try await Browser.login(client, "cun01")
                let mine = try await cun01.get(client, "/exit")
                #expect(mine.status == .ok)
                #expect(mine.bodyText.contains(own.name))
                #expect(!mine.bodyText.contains(other.name))
                #expect(try await cun01.get(client, "/exit?region=\(own.code.rawValue)&year=\(Self.year)").status == .ok)
                for path in ["/exit?region=\(other.code.rawValue)", "/exit?region=\(fixture.county.countyCode.rawValue)",
                             "/api/exit/assess?region=\(other.code.rawValue)", "/exit/export?region=\(other.code.rawValue)&format=json",
                             "/exit/near-misses?region=\(other.code.rawValue)", "/exit/procedures?region=\(other.code.rawValue)"] {
                    let status = try await cun01.get(client, path).status
                    #expect([.forbidden, .notFound].contains(status), "\(path) answered \(status)")
                }
                // 三率一度 is the county's work
                #expect(try await cun01.get(client, "/exit/samples").status == .forbidden)
            }
        }
    }

    @Test func theHouseholdPageExplainsAFailingHousehold() async throws {
        try await WebFixture.with { fixture, router, _ in
            let failing = try #require(try await Self.report(fixture).households.first { !$0.passes })
            try await Application(router: router).test(.router) { client in
                let xian = try await Browser.login(client, "xian")
                let body = try await xian.get(client, "/households/\(failing.number)").bodyText
                #expect(body.contains("退出评估"))
                #expect(body.contains("未达到退出标准"))
                for reason in failing.reasons { #expect(body.contains(Self.html(reason))) }
                // the same household against another standard, chosen in the GET form
                let national = try await xian.get(client, "/households/\(failing.number)?standard=national-2016")
                #expect(national.status == .ok)
                #expect(national.bodyText.contains("国家贫困退出标准"))
            }
        }
    }

    @Test func anOutOfOrderStepIsRefusedInChineseAndChangesNothing() async throws {
        try await WebFixture.with { fixture, router, _ in
            // given: a passing household identified before this year, with no procedure yet
            let procedures = ExitProcedureRepository(store: fixture.store)
            let register = RegisterRepository(store: fixture.store)
            let passing = try await Self.report(fixture).households.filter(\.passes)
            var chosen: String?
            for h in passing {
                guard let row = try await register.household(number: h.number), row.household.firstIdentifiedYear < Self.year,
                    try await procedures.record(household: h.number, exitYear: Self.year) == nil
                else { continue }
                chosen = h.number
                break
            }
            let number = try #require(chosen)
            let audit = AuditRepository.Filter(objectType: "exit_procedure", objectID: "\(number)/\(Self.year)")
            #expect(try await AuditRepository(store: fixture.store).list(audit).isEmpty)
            try await Application(router: router).test(.router) { client in
                let xian = try await Browser.login(client, "xian")
                let page = try await xian.get(client, "/households/\(number)")
                #expect(page.bodyText.contains("下一步为<strong>申请</strong>"))
                // when: 核实 before 申请
                let refused = try await xian.post(
                    client, "/households/\(number)/exit", "step=verified&year=\(Self.year)&standard=shaanxi-2017&date=\(Self.year)-09-10")
                // then
                #expect(refused.status == .badRequest)
                #expect(refused.bodyText.contains(Self.html("当前应办理“申请”，不能办理“村两委和工作队核实”")))
                #expect(refused.bodyText.contains(#"<p class="error" role="alert">"#))
                #expect(try await procedures.record(household: number, exitYear: Self.year) == nil)
                #expect(try await AuditRepository(store: fixture.store).list(audit).isEmpty)

                // and in order it is recorded, then a date before the previous step is refused
                let applied = try await xian.post(
                    client, "/households/\(number)/exit", "step=applied&year=\(Self.year)&standard=shaanxi-2017&date=\(Self.year)-09-01")
                #expect(applied.status == .seeOther)
                let early = try await xian.post(
                    client, "/households/\(number)/exit", "step=appraised&year=\(Self.year)&standard=shaanxi-2017&date=\(Self.year)-08-01")
                #expect(early.status == .badRequest)
                #expect(early.bodyText.contains("早于上一步"))
                let record = try #require(try await procedures.record(household: number, exitYear: Self.year))
                #expect(record.applied == "\(Self.year)-09-01")
                #expect(record.appraised == nil)
                let timeline = try await xian.get(client, "/households/\(number)").bodyText
                #expect(timeline.contains("申请：\(Self.year)-09-01"))
                #expect(timeline.contains("下一步为<strong>民主评议</strong>"))
            }
        }
    }

    @Test func theAPIReturnsTheJSONContract() async throws {
        try await WebFixture.with { fixture, router, _ in
            try await Application(router: router).test(.router) { client in
                let xian = try await Browser.login(client, "xian")
                let response = try await xian.get(client, "/api/exit/assess?year=\(Self.year)&standard=shaanxi-2017")
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                let json = try #require(try JSONSerialization.jsonObject(with: Data(response.bodyText.utf8)) as? [String: Any])
                for key in ["standard", "year", "line", "households", "villages", "county"] { #expect(json[key] != nil, "missing \(key)") }
                #expect(json["standard"] as? String == "shaanxi-2017")
                #expect(json["year"] as? Int == Self.year)
                #expect(json["county"] is [String: Any])
                let households = try #require(json["households"] as? [[String: Any]])
                #expect(households.count == fixture.county.register.households.count)
                #expect(households.first?["reasons"] != nil)
                // the JSON download is the same document; the xlsx is a zip
                let download = try await xian.get(client, "/exit/export?year=\(Self.year)&format=json")
                #expect(download.headers[.contentDisposition]?.contains("attachment") == true)
                #expect(download.bodyText.contains("\"standard\""))
                let xlsx = try await xian.get(client, "/exit/export?year=\(Self.year)&format=xlsx")
                #expect(xlsx.status == .ok)
                #expect(Array(xlsx.body.readableBytesView.prefix(2)) == [0x50, 0x4B])
                // errors are JSON, in Chinese
                let unknown = try await xian.get(client, "/api/exit/assess?standard=nope")
                #expect(unknown.status == .badRequest)
                #expect(unknown.bodyText.contains("退出标准"))
                // a help cadre may not take the village's list away
                let bangfu = try await Browser.login(client, "bangfu01")
                #expect(try await bangfu.get(client, "/api/exit/assess").status == .forbidden)
            }
        }
    }

    @Test func theCountyOfficeCopiesAndEditsAStandardAndAVillageCadreMayNot() async throws {
        try await WebFixture.with { fixture, router, _ in
            let standards = ExitStandardRepository(store: fixture.store)
            try await Application(router: router).test(.router) { client in
                // a village cadre sees the standards but cannot copy one
                let cun01 = try await Browser.login(client, "cun01")
                let list = try await cun01.get(client, "/exit/standards?key=shaanxi-2017")
                #expect(list.status == .ok)
                #expect(list.bodyText.contains("贫困线"))
                #expect(!list.bodyText.contains(#"action="/exit/standards/copy""#))
                let refused = try await cun01.post(client, "/exit/standards/copy", "from=shaanxi-2017&key=cun-copy&name=%E6%9D%91")
                #expect(refused.status == .forbidden)
                #expect(try await standards.standard("cun-copy") == nil)

                // the county office copies one
                let xian = try await Browser.login(client, "xian")
                let copied = try await xian.post(client, "/exit/standards/copy", "from=shaanxi-2017&key=county-test&name=%E6%9C%AC%E5%8E%BF%E6%B5%8B%E8%AF%95")
                #expect(copied.status == .seeOther)
                let stored = try #require(try await standards.standard("county-test"))
                #expect(!stored.builtIn)
                #expect(stored.standard.name == "本县测试")
                // then raises the income threshold of its copy
                let edited = try await xian.post(
                    client, "/exit/standards/threshold", "key=county-test&level=household&indicator=income&threshold=%E8%B4%AB%E5%9B%B0%E7%BA%BF%C3%971.1")
                #expect(edited.status == .seeOther)
                #expect(try await standards.standard("county-test")?.standard.indicator("income", level: .household)?.threshold == .povertyLine(factor: 1.1))
                // a bad threshold and a built-in standard are refused in Chinese
                let bad = try await xian.post(client, "/exit/standards/threshold", "key=county-test&level=household&indicator=income&threshold=abc")
                #expect(bad.status == .badRequest)
                #expect(bad.bodyText.contains("无法识别"))
                let builtIn = try await xian.post(client, "/exit/standards/threshold", "key=shaanxi-2017&level=village&indicator=incidence&threshold=2%25")
                #expect(builtIn.status == .badRequest)
                #expect(builtIn.bodyText.contains("不能修改"))
                // a duplicate key
                let again = try await xian.post(client, "/exit/standards/copy", "from=shaanxi-2017&key=county-test&name=x")
                #expect(again.status == .badRequest)
                #expect(again.bodyText.contains("已存在"))
                // the page shows the copy with an editable threshold
                let page = try await xian.get(client, "/exit/standards?key=county-test").bodyText
                #expect(page.contains("本县测试"))
                #expect(page.contains(#"name="threshold" value="当年贫困线 × 1.1""#))
            }
        }
    }

    @Test func aStandardLoadsFromAJSONFileAndABadFileIsExplained() async throws {
        try await WebFixture.with { fixture, router, _ in
            let standards = ExitStandardRepository(store: fixture.store)
            let shaanxi = try #require(try await standards.standard("shaanxi-2017")).standard
            let good = String(decoding: try shaanxi.copy(key: "from-file", name: "文件载入").encodedJSON(), as: UTF8.self)
            try await Application(router: router).test(.router) { client in
                let xian = try await Browser.login(client, "xian")
                func upload(_ json: String) async throws -> TestResponse {
                    let boundary = "jzboundary"
                    let body = """
                        --\(boundary)\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n\(xian.csrf)\r\n\
                        --\(boundary)\r\nContent-Disposition: form-data; name="file"; filename="standard.json"\r\nContent-Type: application/json\r\n\r\n\(json)\r\n\
                        --\(boundary)--\r\n
                        """
                    return try await client.execute(
                        uri: "/exit/standards/load", method: .post,
                        headers: [.cookie: xian.cookie, .contentType: "multipart/form-data; boundary=\(boundary)"], body: ByteBuffer(string: body))
                }
                #expect(try await upload(good).status == .seeOther)
                #expect(try await standards.standard("from-file")?.standard.name == "文件载入")
                let bad = try await upload(#"{"key":"x"}"#)
                #expect(bad.status == .badRequest)
                #expect(bad.bodyText.contains("缺少该字段"))
            }
        }
    }

    @Test func theInspectorRecordsFindingsAndTheRatesFollow() async throws {
        try await WebFixture.with { fixture, router, _ in
            let samples = EvaluationSampleRepository(store: fixture.store)
            let county = fixture.county.countyCode
            try await Application(router: router).test(.router) { client in
                let ducha = try await Browser.login(client, "ducha")
                let page = try await ducha.get(client, "/exit/samples")
                #expect(page.status == .ok)
                #expect(page.bodyText.contains("错退率"))
                #expect(page.bodyText.contains("群众认可度"))
                // draw a fresh sample: refused without confirming the replacement, then done
                let unconfirmed = try await ducha.post(client, "/exit/samples/draw", "year=\(Self.year)&perVillage=1&seed=7")
                #expect(unconfirmed.status == .badRequest)
                #expect(unconfirmed.bodyText.contains("替换已有抽样"))
                let drawn = try await ducha.post(client, "/exit/samples/draw", "year=\(Self.year)&perVillage=1&seed=7&replace=1")
                #expect(drawn.status == .seeOther)
                let stored = try await samples.stored(county: county, year: Self.year)
                #expect(stored.count == fixture.county.villages.count)
                let exited = try #require(stored.first { $0.sample.kind == .exited })
                // record 错退 for one exited household
                let recorded = try await ducha.post(
                    client, "/exit/samples/finding", "year=\(Self.year)&id=\(exited.id)&wrongExit=yes&omission=&approves=no")
                #expect(recorded.status == .seeOther)
                let after = try #require(try await samples.stored(county: county, year: Self.year).first { $0.id == exited.id })
                #expect(after.sample.wrongExit == true)
                #expect(after.sample.approves == false)
                #expect(after.sample.omission == nil)
                let rates = try await ducha.get(client, "/exit/samples").bodyText
                #expect(rates.contains("错退"))
                #expect(rates.contains("不认可"))
                // a sample id that is not this county's and year's
                let foreign = try await ducha.post(client, "/exit/samples/finding", "year=\(Self.year - 5)&id=\(exited.id)&wrongExit=no")
                #expect(foreign.status == .notFound)
                // a town cadre may not record
                let zhen = try await Browser.login(client, "zhen01")
                #expect(try await zhen.post(client, "/exit/samples/finding", "year=\(Self.year)&id=\(exited.id)&wrongExit=no").status == .forbidden)
                #expect(try await samples.stored(county: county, year: Self.year).first { $0.id == exited.id }?.sample.wrongExit == true)
            }
        }
    }

    @Test func theProceduresPageListsDateLogicProblems() async throws {
        try await WebFixture.with { fixture, router, _ in
            let problems = try await ExitProcedureRepository(store: fixture.store).problems(within: fixture.county.countyCode)
            try await Application(router: router).test(.router) { client in
                let xian = try await Browser.login(client, "xian")
                let page = try await xian.get(client, "/exit/procedures")
                #expect(page.status == .ok)
                #expect(page.bodyText.contains("日期逻辑问题"))
                for p in problems {
                    #expect(page.bodyText.contains(p.record.householdNumber))
                    #expect(page.bodyText.contains(Self.html(p.problems[0])))
                }
                if problems.isEmpty { #expect(page.bodyText.contains("没有发现日期逻辑问题")) }
            }
        }
    }
}
