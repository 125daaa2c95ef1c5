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
