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

/// Issue 6 in the browser: the county office imports a plan, reviews and hands it out; the 水利局 reports progress
/// with a photo; 销号 is asked for, refused to the one who asked, approved by the inspector; the inbox hears of it;
/// a village cadre is kept out of a county task; the bulletin answers as a page and as xlsx.
@Suite struct TaskPagesTests {
    /// Plan text as an office would save it, in the seeds' labelled layout (002: 责任领导:/责任单位: after each item).
    static let planText = """
        镇坪县2025年冬季补短板行动任务清单
        一、重点任务
        （一）农村安全饮水巩固提升。10月底前完成水质检测。
        责任领导:分管农业副县长
        责任单位:县卫健局
        （二）产业奖补资金兑现到户。12月底前兑现到户。
        责任领导:分管扶贫副县长
        责任单位:县扶贫局、县财政局

        """

    @Test func aPlanGoesFromUploadToClosureInTheBrowser() async throws {
        try await WebFixture.with { fixture, router, _ in
            let repo = TaskRepository(store: fixture.store)
            try await Application(router: router).test(.router) { client in
                let xian = try await Browser.login(client, "xian")
                // given: the plan uploaded as a text file, reported every Friday 12:00
                let upload = try await xian.upload(
                    client, "/plans", fields: [("year", "2025"), ("cadence", "fri12")],
                    files: [("file", "冬季行动.txt", Data(Self.planText.utf8))])
                #expect(upload.status == .seeOther)
                let reviewURL = try #require(upload.headers[.location])
                #expect(reviewURL.hasSuffix("/review"))
                let planID = Plan.ID(rawValue: try #require(Int64(reviewURL.split(separator: "/")[1])))
                // then: the review page lists the parsed actions; nothing is handed out yet
                let review = try await xian.get(client, reviewURL)
                #expect(review.status == .ok)
                #expect(review.bodyText.contains("农村安全饮水巩固提升"))
                #expect(review.bodyText.contains("产业奖补资金兑现到户"))
                #expect(try await repo.tasks(plan: planID).isEmpty)
                let draft = try #require(try await repo.draft(planID))
                let water = try #require(draft.actions.firstIndex { $0.title.contains("饮水") })

                // when: the 水利局 is named as lead unit with a deadline, and the draft saved
                var form = Self.reviewForm(draft)
                form["a\(water).leadUnits"] = "水利局"
                form["a\(water).deadline"] = "2025年12月31日前"
                let saved = try await xian.post(client, reviewURL, Self.encode(form) + "&do=save")
                #expect(saved.status == .seeOther)
                #expect(try await repo.draft(planID)?.actions[water].leadUnits == ["水利局"])
                let reviewed = try await xian.get(client, reviewURL + "?saved=1").bodyText
                #expect(reviewed.contains("2025-12-31"))  // the deadline read again, shown beside the text

                // and handed out
                let handed = try await xian.post(client, reviewURL, Self.encode(form) + "&do=activate")
                #expect(handed.status == .seeOther)
                #expect(handed.headers[.location] == "/plans/\(planID.rawValue)")
                let ledger = try await xian.get(client, "/plans/\(planID.rawValue)")
                #expect(ledger.status == .ok)
                let task = try #require(try await repo.tasks(plan: planID).first { $0.title.contains("饮水") })
                #expect(ledger.bodyText.contains(#"<td data-label="牵头/责任单位">水利局</td>"#))
                #expect(ledger.bodyText.contains("/tasks/\(task.id.rawValue)"))
                // filtered by unit, as xlsx and as JSON
                let byUnit = try await xian.get(client, "/plans/\(planID.rawValue)?unit=%E6%B0%B4%E5%88%A9%E5%B1%80")
                #expect(byUnit.bodyText.contains("农村安全饮水巩固提升"))
                #expect(!byUnit.bodyText.contains("产业奖补资金兑现到户"))
                let xlsx = try await xian.get(client, "/plans/\(planID.rawValue)/ledger.xlsx")
                #expect(xlsx.status == .ok)
                #expect(xlsx.headers[.contentType] == RegisterController.xlsxType)
                let json = try await xian.get(client, "/api/plans/\(planID.rawValue)/tasks")
                #expect(json.bodyText.contains(#""leadUnits":["水利局"]"#))

                // the 水利局 finds it among its tasks and reports progress with a photo
                let bumen = try await Browser.login(client, "bumen01")
                #expect(try await bumen.get(client, "/tasks").bodyText.contains("/tasks/\(task.id.rawValue)"))
                let taskURL = "/tasks/\(task.id.rawValue)"
                #expect(try await bumen.get(client, taskURL).bodyText.contains("\(taskURL)/report"))
                let photo = Data("JPEG-bytes-of-a-water-tower".utf8)
                let reported = try await bumen.upload(
                    client, "\(taskURL)/report", fields: [("text", "已完成管网铺设 80%")], files: [("files", "水塔照片.jpg", photo)])
                #expect(reported.status == .seeOther)
                let afterReport = try await bumen.get(client, taskURL).bodyText
                #expect(afterReport.contains("已完成管网铺设 80%"))
                #expect(afterReport.contains("水塔照片.jpg"))
                let fileURL = try #require(afterReport.firstMatch(of: /\/tasks\/\d+\/files\/\d+/).map { String($0.0) })
                let download = try await bumen.get(client, fileURL)
                #expect(download.status == .ok)
                #expect(Data(download.body.readableBytesView) == photo)
                // a department does not check 销号
                #expect(try await bumen.post(client, "\(taskURL)/decision", "approve=1").status == .forbidden)

                // the office asks for 销号 with evidence, and may not approve its own request
                let asked = try await xian.upload(
                    client, "\(taskURL)/closure", fields: [("evidence", "全部完工并通过验收")], files: [("files", "验收单.pdf", Data("%PDF".utf8))])
                #expect(asked.status == .seeOther)
                let own = try await xian.post(client, "\(taskURL)/decision", "approve=1")
                #expect(own.status == .badRequest)
                #expect(own.bodyText.contains("不能审核自己提交的销号申请"))
                #expect(try await repo.task(task.id)?.status == .closing)

                // the inspector approves
                let ducha = try await Browser.login(client, "ducha")
                #expect(try await ducha.get(client, taskURL).bodyText.contains("\(taskURL)/decision"))
                let approved = try await ducha.post(client, "\(taskURL)/decision", "approve=1&note=%E6%A0%B8%E9%AA%8C%E5%B1%9E%E5%AE%9E")
                #expect(approved.status == .seeOther)
                #expect(try await repo.task(task.id)?.status == .closed)

                // the 水利局's inbox shows the decision, linked to the task, until marked read
                let inbox = try await bumen.get(client, "/inbox").bodyText
                #expect(inbox.contains("已核验销号"))
                #expect(inbox.contains(taskURL))
                #expect(inbox.contains(#"<b class="badge">"#))
                #expect(try await bumen.post(client, "/inbox/read").status == .seeOther)
                #expect(!(try await bumen.get(client, "/inbox").bodyText.contains("未读")))

                // the timeline records every step
                let timeline = try await xian.get(client, taskURL).bodyText
                for step in ["报送进展", "申请销号", "销号通过"] { #expect(timeline.contains(step)) }

                // a village cadre named nowhere on a county task is kept out
                let cun02 = try await Browser.login(client, "cun02")
                #expect(try await cun02.get(client, taskURL).status == .forbidden)
                #expect(try await cun02.get(client, fileURL).status == .forbidden)
                #expect(try await cun02.get(client, "/plans/\(planID.rawValue)").status == .forbidden)
                #expect(!(try await cun02.get(client, "/tasks").bodyText.contains(taskURL)))

                // the weekly bulletin, as a page and as xlsx
                let title = try #require(try await repo.plan(planID)?.title)
                let bulletin = try await xian.get(client, "/plans/\(planID.rawValue)/bulletin")
                #expect(bulletin.status == .ok)
                #expect(bulletin.bodyText.contains(ExitPagesTests.html(title)))
                #expect(bulletin.bodyText.contains("责任单位排名"))
                let week = ReportPeriod.isoWeekLabel(of: Day.today(fixture.clock.now))
                let thisWeek = try await xian.get(client, "/plans/\(planID.rawValue)/bulletin?week=\(week)")
                #expect(thisWeek.status == .ok)
                #expect(thisWeek.bodyText.contains("水利局"))
                let sheet = try await xian.get(client, "/plans/\(planID.rawValue)/bulletin.xlsx?week=\(week)")
                #expect(sheet.status == .ok)
                #expect(sheet.headers[.contentType] == RegisterController.xlsxType)
                #expect(try await xian.get(client, "/plans/\(planID.rawValue)/bulletin?week=nonsense").status == .badRequest)
            }
        }
    }

    @Test func anUnreadableFileIsRefusedWithItsName() async throws {
        try await WebFixture.with { fixture, router, _ in
            try await Application(router: router).test(.router) { client in
                let xian = try await Browser.login(client, "xian")
                let before = try await TaskRepository(store: fixture.store).plans(in: fixture.county.countyCode).count
                // bytes that are neither UTF-8 nor GB18030
                let response = try await xian.upload(client, "/plans", fields: [], files: [("file", "坏文件.txt", Data([0xFF, 0xFF, 0xFE, 0x80, 0x81]))])
                #expect(response.status == .unprocessableContent)
                #expect(response.bodyText.contains("坏文件.txt"))
                #expect(try await TaskRepository(store: fixture.store).plans(in: fixture.county.countyCode).count == before)
                // and only the county office imports
                let bumen = try await Browser.login(client, "bumen01")
                let refused = try await bumen.upload(client, "/plans", fields: [], files: [("file", "a.txt", Data(Self.planText.utf8))])
                #expect(refused.status == .forbidden)
                #expect(refused.bodyText.contains("仅县脱贫办"))
            }
        }
    }

    @Test func escalationShowsOnlyTheNextStepAndAnAdmonitionNeedsANote() async throws {
        try await WebFixture.with { fixture, router, _ in
            let repo = TaskRepository(store: fixture.store)
            let task = try await repo.createTask(
                kind: .shortfall, number: "1", title: "危房改造", content: "完成危房改造", region: fixture.county.countyCode,
                deadline: FuzzyDeadline.parse("2025年10月31日", planDate: Day("2025-01-01")!), parties: [TaskParty(role: .leadUnit, name: "住建局")],
                context: .system(TestClock.start))
            let url = "/tasks/\(task.id.rawValue)"
            try await Application(router: router).test(.router) { client in
                let ducha = try await Browser.login(client, "ducha")
                let page = try await ducha.get(client, url).bodyText
                #expect(page.contains("已逾期"))
                #expect(page.contains(#"name="step" value="1""#))
                #expect(!page.contains(#"name="step" value="2""#))
                // skipping a rung is refused in Chinese
                let skip = try await ducha.post(client, "\(url)/escalate", "step=3")
                #expect(skip.status == .badRequest)
                #expect(skip.bodyText.contains("督办须逐级进行"))
                for step in 1...3 { #expect(try await ducha.post(client, "\(url)/escalate", "step=\(step)").status == .seeOther) }
                #expect(try await ducha.get(client, url).bodyText.contains("约谈记录"))
                let bare = try await ducha.post(client, "\(url)/escalate", "step=4")
                #expect(bare.status == .badRequest)
                #expect(bare.bodyText.contains("约谈记录须写明"))
                // a department may not escalate
                let bumen = try await Browser.login(client, "bumen01")
                #expect(try await bumen.post(client, "\(url)/escalate", "step=4&note=x").status == .forbidden)
            }
        }
    }

    @Test func aTownCadreWorksOnItsTownsSubTaskOnly() async throws {
        try await WebFixture.with { fixture, router, _ in
            // given: an action split across the towns
            let repo = TaskRepository(store: fixture.store)
            let office = ChangeContext(actorAccountID: nil, actor: "xian", now: TestClock.start)
            var parsed = try PlanFiles.parse(Data(Self.planText.utf8), fileName: "plan.txt", year: 2025)
            let split = try #require(parsed.actions.firstIndex { $0.title.contains("产业") })
            parsed.actions[split].perTown = true
            let id = try await repo.createDraft(parsed, county: fixture.county.countyCode, cadence: .weekly(weekday: 5, hour: 12, minute: 0),
                                                sourceName: "plan.txt", context: office)
            try await repo.activate(id, context: office)
            let tasks = try await repo.tasks(plan: id)
            let town = try #require(fixture.county.towns.first)
            let sub = try #require(tasks.first { $0.kind == .townTask && $0.regionCode == town.code })
            let otherTown = try #require(tasks.first { $0.kind == .townTask && $0.regionCode != town.code })
            let parent = try #require(tasks.first { $0.id == sub.parentID })
            try await Application(router: router).test(.router) { client in
                let zhen = try await Browser.login(client, "zhen01")
                // then: 我的任务 lists the town's sub-task, and the nav leads there rather than to the county's plans
                let mine = try await zhen.get(client, "/tasks").bodyText
                #expect(mine.contains("/tasks/\(sub.id.rawValue)"))
                #expect(!mine.contains("/tasks/\(otherTown.id.rawValue)\""))
                #expect(mine.contains(#"<a href="/tasks" class="active">任务清单</a>"#))
                #expect(try await zhen.get(client, "/plans").status == .forbidden)
                // the town reports on its own sub-task, not on another town's or the county's action
                let reported = try await zhen.upload(client, "/tasks/\(sub.id.rawValue)/report", fields: [("text", "示范点选址完成")], files: [])
                #expect(reported.status == .seeOther)
                #expect(try await zhen.get(client, "/tasks/\(otherTown.id.rawValue)").status == .forbidden)
                #expect(try await zhen.get(client, "/tasks/\(parent.id.rawValue)").status == .forbidden)
                #expect(try await zhen.post(client, "/tasks/\(otherTown.id.rawValue)/report", "text=x").status == .forbidden)
            }
        }
    }

    /// The review form as the page fills it from a draft.
    static func reviewForm(_ draft: ParsedPlan) -> [String: String] {
        var form: [String: String] = ["title": draft.title, "cadence": "fri12"]
        if let n = draft.documentNumber { form["documentNumber"] = n }
        if let d = draft.date { form["planDate"] = d.description }
        for (i, a) in draft.actions.enumerated() {
            form["a\(i).number"] = a.number
            form["a\(i).title"] = a.title
            form["a\(i).content"] = a.content
            form["a\(i).leaders"] = a.leaders.joined(separator: "、")
            form["a\(i).leadUnits"] = a.leadUnits.joined(separator: "、")
            form["a\(i).cooperatingUnits"] = a.cooperatingUnits.joined(separator: "、")
            form["a\(i).persons"] = a.persons.joined(separator: "、")
            form["a\(i).deadline"] = a.deadline?.text ?? ""
            form["a\(i).milestones"] = a.milestones.map(TaskFormatting.milestoneLine).joined(separator: "\n")
            if a.perTown { form["a\(i).perTown"] = "1" }
        }
        return form
    }

    static func encode(_ form: [String: String]) -> String {
        form.sorted { $0.key < $1.key }.map { "\($0.key.formEncoded)=\($0.value.formEncoded)" }.joined(separator: "&")
    }
}

extension Browser {
    /// A multipart form post, as a browser sends a form with file inputs.
    func upload(_ client: some TestClientProtocol, _ uri: String, fields: [(String, String)], files: [(String, String, Data)]) async throws
        -> TestResponse
    {
        let boundary = "----JingzhunTestBoundary7MA4YWxk"
        var body = Data()
        func add(_ s: String) { body.append(Data(s.utf8)) }
        for (name, value) in [("_csrf", csrf)] + fields {
            add("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for (field, name, data) in files {
            add("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(name)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            body.append(data)
            add("\r\n")
        }
        add("--\(boundary)--\r\n")
        return try await client.execute(
            uri: uri, method: .post, headers: [.cookie: cookie, .contentType: "multipart/form-data; boundary=\(boundary)"],
            body: ByteBuffer(bytes: body))
    }
}
