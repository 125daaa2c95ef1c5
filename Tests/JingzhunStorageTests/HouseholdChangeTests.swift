import Foundation
import JingzhunDomain
import JingzhunStorage
import JingzhunTestSupport
import SQLKit
import Testing

@Suite struct HouseholdChangeTests {
    let village = ChangeContext(actorAccountID: 10, actor: "cun01", now: t0)
    let town = ChangeContext(actorAccountID: 20, actor: "zhen01", now: t0)

    func ledger(_ store: Store) async throws {
        _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
        _ = try await RegisterImporter(store: store).run(LedgerFixture.sheets(), year: 2019, context: cli)
    }

    func size(_ store: Store, _ number: String) async throws -> (Int, Int) {
        let r = try await RegisterReader(store: store).households(numbers: [number], year: 9999)[number]!
        return (r.1.size, try await RegisterReader(store: store).members(ofHousehold: r.0).count)
    }

    @Test(arguments: engines)
    func aNewbornIsAddedOnlyWhenTheTownApproves(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            try await ledger(store)
            let repo = HouseholdChangeRepository(store: store)
            let baby = MemberRecord(
            householdNumber: "",                 name: "王小花", idNumber: IDNumberChecksum.make(area: "610927", birth: "2019-06-01", sequence: 2, male: false), sex: .female,
                birthDate: "2019-06-01", relation: .daughter, schoolStatus: .preschool, health: .healthy, labourSkill: .none,
                medicalInsurance: true, seriousIllnessInsurance: true)
            let request = try await repo.propose(household: "6109271002010001", detail: .addMember(baby), reason: "新生儿", context: village)
            #expect(try await size(store, "6109271002010001") == (3, 3))  // nothing yet
            // the proposer cannot approve their own request
            await #expect(throws: StorageError.self) { try await repo.decide(request.id, approve: true, note: nil, context: village) }
            try await repo.decide(request.id, approve: true, note: "同意", context: town)
            #expect(try await size(store, "6109271002010001") == (4, 4))
            #expect(try await repo.find(request.id)?.state == .approved)
            // decided once only
            await #expect(throws: StorageError.self) { try await repo.decide(request.id, approve: true, note: nil, context: town) }
        }
    }

    @Test(arguments: engines)
    func aRemovedMemberIsKeptAsideAndTheHeadCanChange(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            try await ledger(store)
            let repo = HouseholdChangeRepository(store: store)
            let r1 = try await repo.propose(household: "6109271002010002", detail: .removeMember(idNumber: "610927196505052345"), reason: "去世", context: village)
            try await repo.decide(r1.id, approve: true, note: nil, context: town)
            #expect(try await size(store, "6109271002010002") == (1, 1))
            let kept = try await store.db.raw("SELECT name FROM removed_members").all().map { try $0.decode(column: "name", as: String.self) }
            #expect(kept == ["李秀英"])
            let r2 = try await repo.propose(household: "6109271002010002", detail: .headChange(newHeadIDNumber: "610927196001011111"), reason: "原户主去世", context: village)
            try await repo.decide(r2.id, approve: true, note: nil, context: town)
            let h = try await RegisterReader(store: store).households(numbers: ["6109271002010002"], year: 9999)["6109271002010002"]!.1
            #expect(h.headName == "赵德")
        }
    }

    @Test(arguments: engines)
    func splittingMovesTheNamedMembersToANewHousehold(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            try await ledger(store)
            let repo = HouseholdChangeRepository(store: store)
            let r = try await repo.propose(household: "6109271002010001", detail: .split(idNumbers: ["610927201003051234"], newNumber: "6109271002010003"),
                                           reason: "子女成年分户", context: village)
            try await repo.decide(r.id, approve: true, note: nil, context: town)
            #expect(try await size(store, "6109271002010001") == (2, 2))
            #expect(try await size(store, "6109271002010003") == (1, 1))
            let new = try await RegisterReader(store: store).households(numbers: ["6109271002010003"], year: 9999)["6109271002010003"]!.1
            #expect(new.headName == "王小明")
        }
    }

    @Test(arguments: engines)
    func badRequestsAreRefusedWhenProposedAndRejectionChangesNothing(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            try await ledger(store)
            let repo = HouseholdChangeRepository(store: store)
            await #expect(throws: StorageError.self) {
                try await repo.propose(household: "6109271002010001", detail: .removeMember(idNumber: "610927196505052345"), reason: "x", context: village)
            }
            await #expect(throws: StorageError.self) {
                try await repo.propose(household: "6109271002010001", detail: .move(toRegion: code("610927999999")), reason: "x", context: village)
            }
            let r = try await repo.propose(household: "6109271002010001", detail: .move(toRegion: code("610927100202")), reason: "搬迁", context: village)
            try await repo.decide(r.id, approve: false, note: "材料不全", context: town)
            #expect(try await repo.find(r.id)?.state == .rejected)
            #expect(try await RegisterRepository(store: store).household(number: "6109271002010001")?.household.villageCode == code("610927100201"))
        }
    }
}

/// 合户: a village cadre proposes merging another household of the village into one household; the town
/// approves; the members move, the 家庭人口数 follows, and the absorbed household stays only as history.
@Suite struct HouseholdMergeTests {
    let village = ChangeContext(actorAccountID: 10, actor: "cun01", now: t0)
    let town = ChangeContext(actorAccountID: 20, actor: "zhen01", now: t0)
    let xinhua = code("610927100201")
    let survivor = "6109271002010001"  // 王明华, 一组, 3 people
    let absorbed = "6109271002010002"  // 李秀英, 二组, 2 people
    let neighbour = "6109271002020001"  // a household of 文彩村, another village of the town

    /// The two 新华村 households of the ledger, and one household of 文彩村.
    func ledger(_ store: Store) async throws {
        _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
        let headID = IDNumberChecksum.make(area: "610927", birth: "1970-07-07", sequence: 31, male: true)
        let households = LedgerFixture.households + [[
            neighbour, "城关镇", "文彩村", "", "周建国", headID, "", "一般贫困户", "因病", "", "2016", "未脱贫", "", "1",
            "1000", "0", "0", "800", "0", "B", "是",
        ]]
        let members = LedgerFixture.members + [[neighbour, "周建国", headID, "男", "1970-07-07", "户主", "非在校生", "健康", "普通劳动力", "是", "是"]]
        _ = try await RegisterImporter(store: store).run(LedgerFixture.sheets(households: households, members: members), year: 2019, context: cli)
    }

    func size(_ store: Store, _ number: String) async throws -> (Int, Int) {
        let r = try await RegisterReader(store: store).households(numbers: [number], year: 9999)[number]!
        return (r.1.size, try await RegisterReader(store: store).members(ofHousehold: r.0).count)
    }

    /// The Chinese reason a proposal is refused with.
    func refusal(_ propose: () async throws -> HouseholdChangeRequest) async -> String {
        do {
            _ = try await propose()
            return "accepted"
        } catch {
            return String(describing: error)
        }
    }

    @Test(arguments: engines)
    func theTownApprovesAMergeAndTheMembersMoveToTheSurvivingHousehold(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            // given
            try await ledger(store)
            let repo = HouseholdChangeRepository(store: store)
            // when the village proposes
            let request = try await repo.propose(household: survivor, detail: .merge(absorbedNumber: absorbed), reason: "两户合为一户", context: village)
            // then nothing changes yet, and the absorbed household takes no other request meanwhile
            #expect(request.detail.summary == "合户：户 \(absorbed) 全部成员并入本户")
            #expect(try await size(store, survivor) == (3, 3))
            #expect(await refusal {
                try await repo.propose(household: absorbed, detail: .removeMember(idNumber: "610927196001011111"), reason: "去世", context: village)
            }.contains("正等待合户并入户 \(survivor)"))
            // the proposer cannot approve their own merge
            await #expect(throws: StorageError.self) { try await repo.decide(request.id, approve: true, note: nil, context: village) }
            #expect(try await repo.find(request.id)?.state == .proposed)

            // when the town approves
            try await repo.decide(request.id, approve: true, note: "同意", context: town)

            // then every member lives in the surviving household, in its 组, with one 户主
            #expect(try await repo.find(request.id)?.state == .approved)
            #expect(try await size(store, survivor) == (5, 5))
            let reader = RegisterReader(store: store)
            let (survivorID, _) = try #require(try await reader.households(numbers: [survivor], year: 9999)[survivor])
            let members = try await reader.members(ofHousehold: survivorID)
            #expect(Set(members.map(\.name)) == ["王明华", "张兰", "王小明", "李秀英", "赵德"])
            #expect(members.filter { $0.relation == .head }.map(\.name) == ["王明华"])
            #expect(members.first { $0.name == "李秀英" }?.relation == .other)
            let regions = try await store.db.raw("""
                SELECT DISTINCT m.region_code FROM members m JOIN households h ON h.id = m.household_id WHERE h.number = \(bind: survivor)
                """).all().map { try $0.decode(column: "region_code", as: String.self) }
            let register = RegisterRepository(store: store)
            #expect(regions == [try #require(try await register.household(number: survivor)).household.regionCode.rawValue])
            #expect(try await reader.years(ofHousehold: survivorID).last?.size == 5)

            // the absorbed household is gone from the list, the search, the export and the counts …
            #expect(try await register.households(within: xinhua).map(\.household.number) == [survivor])
            #expect(try await register.search(HouseholdFilter(within: xinhua), limit: 10, offset: 0).map(\.number) == [survivor])
            #expect(try await register.search(HouseholdFilter(within: xinhua, query: absorbed), limit: 10, offset: 0).isEmpty)
            #expect(try await register.search(HouseholdFilter(within: xinhua, query: "李秀英"), limit: 10, offset: 0).map(\.number) == [survivor])
            var exported: [String] = []
            try await RegisterExporter(store: store).export(.households, within: xinhua, year: 9999, masked: true) { exported.append($0[0]) }
            #expect(exported == [survivor])
            let summary = try #require(try await RegionRepository(store: store).childSummaries(of: code("610927100000")).first { $0.region.code == xinhua })
            #expect((summary.households, summary.people) == (1, 5))
            let findings = try await DataQualityRepository(store: store).check(within: xinhua, year: 9999)
            #expect(!findings.contains { $0.householdNumber == absorbed })
            #expect(!findings.contains { $0.rule == .duplicateID })
            let sample = try await EvaluationSampleRepository(store: store).draw(county: code("610927000000"), year: 2019, perVillage: 10, seed: 1, context: cli)
            #expect(sample.map(\.householdNumber).sorted() == [survivor, neighbour])

            // … but its page and history stay readable
            let old = try #require(try await register.household(number: absorbed))
            #expect(old.mergedInto == survivor)
            #expect(try await reader.years(ofHousehold: old.id.rawValue).map(\.size) == [2])
            #expect(try await reader.members(ofHousehold: old.id.rawValue).isEmpty)

            // and every change is in the audit log, old → new
            let audit = AuditRepository(store: store)
            let survivorLog = try await audit.list(.init(objectType: "household", objectID: survivor)).flatMap(\.changes)
            #expect(survivorLog.contains(FieldChange(field: "家庭人口数", old: "3", new: "5")))
            #expect(survivorLog.contains(FieldChange(field: "合户并入", old: nil, new: "户 \(absorbed)（2 人）")))
            let absorbedLog = try await audit.list(.init(objectType: "household", objectID: absorbed)).flatMap(\.changes)
            #expect(absorbedLog.contains(FieldChange(field: "合户", old: nil, new: "并入户 \(survivor)")))
            let memberLog = try await audit.list(.init(objectType: "member", objectID: "\(survivor)/李秀英")).flatMap(\.changes)
            #expect(memberLog.contains(FieldChange(field: "户编号", old: absorbed, new: survivor)))
            #expect(memberLog.contains(FieldChange(field: "与户主关系", old: "户主", new: "其他")))
            let requestLog = try await audit.list(.init(objectType: "household_change", objectID: request.id.description)).flatMap(\.changes)
            #expect(requestLog.contains(FieldChange(field: "状态", old: "待审核", new: "已批准并生效")))
            guard case .intact = try await audit.verify() else { Issue.record("audit chain broken"); return }

            // a merged household takes no further requests and cannot be merged again
            #expect(await refusal {
                try await repo.propose(household: absorbed, detail: .move(toRegion: xinhua), reason: "x", context: village)
            }.contains("已合户并入其他户，不能再提出变更"))
            #expect(await refusal {
                try await repo.propose(household: survivor, detail: .merge(absorbedNumber: absorbed), reason: "x", context: village)
            }.contains("已合户并入其他户，不能再次合并"))
            await #expect(throws: StorageError.self) {
                try await register.pair(household: absorbed, with: Person.ID(rawValue: 1), from: "2025-12-01", context: cli)
            }
        }
    }

    @Test(arguments: engines)
    func aMergeIsRefusedWithAReasonTheVillageCanAct(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            try await ledger(store)
            let repo = HouseholdChangeRepository(store: store)
            func merge(_ other: String) async -> String {
                await refusal { try await repo.propose(household: survivor, detail: .merge(absorbedNumber: other), reason: "合户", context: village) }
            }
            #expect(await merge("6109271002019999").contains("户编号 6109271002019999 不存在"))
            #expect(await merge(neighbour).contains("户 \(neighbour) 不在本村，只能合并同村的户"))
            #expect(await merge(survivor).contains("不能与本户合户"))
            // a household with a pending request of its own waits until that is decided
            let pending = try await repo.propose(household: absorbed, detail: .removeMember(idNumber: "610927196001011111"), reason: "去世", context: village)
            #expect(await merge(absorbed).contains("户 \(absorbed) 有待审核的变更申请"))
            try await repo.decide(pending.id, approve: false, note: "材料不全", context: town)
            // one pending merge per absorbed household
            let first = try await repo.propose(household: survivor, detail: .merge(absorbedNumber: absorbed), reason: "合户", context: village)
            #expect(await merge(absorbed).contains("已在并入户 \(survivor) 的合户申请中"))
            // a returned merge changes nothing
            try await repo.decide(first.id, approve: false, note: "请先核实", context: town)
            #expect(try await size(store, survivor) == (3, 3))
            #expect(try await size(store, absorbed) == (2, 2))
            #expect(try await RegisterRepository(store: store).household(number: absorbed)?.mergedInto == nil)
        }
    }

    @Test(arguments: engines)
    func anOldLedgerCannotBringAMergedHouseholdBack(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            try await ledger(store)
            let repo = HouseholdChangeRepository(store: store)
            let request = try await repo.propose(household: survivor, detail: .merge(absorbedNumber: absorbed), reason: "合户", context: village)
            try await repo.decide(request.id, approve: true, note: nil, context: town)
            do {
                _ = try await RegisterImporter(store: store).run(LedgerFixture.sheets(), year: 2019, context: cli)
                Issue.record("the old ledger was accepted")
            } catch let failure as ImportFailure {
                #expect(failure.problems.contains { $0.sheet == "户信息" && $0.message.contains("户编号 \(absorbed) 已合户并入其他户") })
                #expect(failure.problems.contains { $0.sheet == "家庭成员" && $0.message.contains("已合户并入其他户") })
            }
            #expect(try await size(store, survivor) == (5, 5))
        }
    }
}
