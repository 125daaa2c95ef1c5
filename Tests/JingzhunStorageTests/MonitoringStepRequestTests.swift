import Foundation
import JingzhunDomain
import JingzhunStorage
import JingzhunTestSupport
import Testing

/// `jingzhun monitor step 案件 ACTION …` as the command line names its steps, on both engines: a case from its clue
/// through identification, a measure and the four steps of 风险消除, with the refusals on the way.
@Suite struct MonitoringStepRequestTests {
    func day(_ s: String) -> Day { Day(s)! }

    /// 李秀英's household (exited in 2019) with a case from a 2020 scan; in 2021 its income is above the range, the house
    /// repaired, the water safe — unless `labour` is false, when no member can work any more.
    func setUp(_ store: Store, labour: Bool = true) async throws -> Int64 {
        _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
        var households = LedgerFixture.householdsWithLiExited
        _ = try await RegisterImporter(store: store).run(LedgerFixture.sheets(households: households), year: 2020, context: cli)
        let county = code("610927000000")
        let clues = try await MonitoringScanner(store: store).scan(year: 2020, region: county, today: day("2020-11-01")).clues
        let repo = MonitoringRepository(store: store)
        _ = try await repo.take(clues, context: cli)
        households[1][14] = "20000"
        households[1][19] = "B"
        households[1][20] = "是"
        var members = LedgerFixture.members
        if !labour { members[3][8] = "丧失劳动力" }
        _ = try await RegisterImporter(store: store).run(LedgerFixture.sheets(households: households, members: members), year: 2021, context: cli)
        return try #require(try await repo.cases(within: county).first { $0.record.householdNumber == "6109271002010002" }?.id)
    }

    func run(_ repo: MonitoringRepository, _ id: Int64, _ request: MonitoringStepRequest) async throws -> MonitoringStage {
        try await repo.apply(try await repo.event(for: request, case: id), to: id, context: cli).record.stage
    }

    func refused(_ repo: MonitoringRepository, _ id: Int64, _ request: MonitoringStepRequest, _ words: String) async {
        await #expect { _ = try await run(repo, id, request) } throws: { error in
            (error as? StorageError)?.description.contains(words) == true
        }
    }

    @Test(arguments: engines)
    func aCaseRunsFromClueToRiskEliminationByNamedSteps(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            let id = try await setUp(store)
            let repo = MonitoringRepository(store: store)
            typealias R = MonitoringStepRequest
            #expect(try await run(repo, id, R(action: .verify, on: day("2020-11-02"), signer: "李秀英")) == .verified)
            #expect(try await run(repo, id, R(action: .appraise, on: day("2020-11-04"))) == .appraised)
            await refused(repo, id, R(action: .notice, on: day("2020-11-05")), "截止日期")
            await refused(repo, id, R(action: .notice, on: day("2020-11-05"), ends: day("2020-11-08")), "少于规定的 5 天")
            #expect(try await run(repo, id, R(action: .notice, on: day("2020-11-05"), ends: day("2020-11-09"))) == .noticed)
            #expect(try await run(repo, id, R(action: .townReview, on: day("2020-11-10"))) == .townReviewed)
            await refused(repo, id, R(action: .confirm, on: day("2020-11-12"), objectType: "poor"), "对象类型")
            #expect(try await run(repo, id, R(action: .confirm, on: day("2020-11-12"), objectType: "unstableExited", risks: ["illness", "disability"]))
                    == .identified)
            // 风险消除 weighs the latest register year (2021): refused without a measure, then allowed
            let appraise = R(action: .eliminationAppraise, on: day("2021-06-15"), incomeSince: day("2020-12-01"), rigidResolved: true)
            await refused(repo, id, appraise, "帮扶措施")
            await refused(repo, id, R(action: .measure, on: day("2020-11-20"), kind: "publicWelfareJob"), "--person")
            #expect(try await run(repo, id, R(action: .measure, on: day("2020-11-20"), kind: "publicWelfareJob", content: "村保洁公益岗", person: "帮扶干部",
                                             unit: "县人社局")) == .identified)
            await refused(repo, id, R(action: .eliminationAppraise, on: day("2021-06-15"), incomeSince: day("2020-12-01")), "刚性支出")
            #expect(try await run(repo, id, appraise) == .eliminationAppraised)
            await refused(repo, id, R(action: .eliminationNotice, on: day("2021-06-16"), ends: day("2021-06-19")), "少于规定的 5 天")
            #expect(try await run(repo, id, R(action: .eliminationNotice, on: day("2021-06-16"), ends: day("2021-06-20"))) == .eliminationNoticed)
            await refused(repo, id, R(action: .eliminationTownReview, on: day("2021-06-19")), "未满")
            #expect(try await run(repo, id, R(action: .eliminationTownReview, on: day("2021-06-21"))) == .eliminationTownReviewed)
            #expect(try await run(repo, id, R(action: .eliminate, on: day("2021-06-25"))) == .eliminated)
            let record = try #require(try await repo.find(id)?.record)
            #expect(record.measures.first?.responsibleUnit == "县人社局")
            #expect(record.elimination?.eliminatedOn == day("2021-06-25"))
            // 回退 needs a reason
            await refused(repo, id, R(action: .reopen, on: day("2021-08-01")), "回退须写明原因")
            #expect(try await run(repo, id, R(action: .reopen, on: day("2021-08-01"), reason: "务工中断，收入下降")) == .identified)
        }
    }

    @Test(arguments: engines)
    func aHouseholdThatCanNoLongerWorkIsNotEliminated(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            let id = try await setUp(store, labour: false)
            let repo = MonitoringRepository(store: store)
            typealias R = MonitoringStepRequest
            for request in [
                R(action: .verify, on: day("2020-11-02"), signer: "李秀英"), R(action: .appraise, on: day("2020-11-04")),
                R(action: .notice, on: day("2020-11-05"), ends: day("2020-11-09")), R(action: .townReview, on: day("2020-11-10")),
                R(action: .confirm, on: day("2020-11-12"), objectType: "unstableExited", risks: ["disability"]),
                R(action: .measure, on: day("2020-11-20"), kind: "socialAssistance", content: "纳入低保", person: "民政办"),
            ] { _ = try await run(repo, id, request) }
            await refused(repo, id, R(action: .eliminationAppraise, on: day("2021-06-15"), incomeSince: day("2020-12-01"), rigidResolved: true),
                          "无劳动能力的家庭不能风险消除")
            #expect(try await repo.find(id)?.record.stage == .identified)
        }
    }
}
