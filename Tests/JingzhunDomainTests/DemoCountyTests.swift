import JingzhunDomain
import Testing

@Suite struct DemoCountyTests {
    @Test func theSameSeedGivesTheSameCounty() {
        let a = DemoCounty.generate()
        let b = DemoCounty.generate()
        #expect(a.register == b.register)
        #expect(a.persons == b.persons)
        #expect(DemoCounty.generate(seed: 1).register != a.register)
    }

    @Test func itHasTheShapeOfZhenping() {
        let county = DemoCounty.generate()
        #expect(county.towns.count == 7)
        #expect(county.villages.count == 62)
        #expect(county.villageProfiles.filter(\.isPoorVillage).count == 43)
        #expect(county.register.households.count == 6_000)
        #expect(county.register.villages.count == 62)
        // communities are never poor villages
        let communities = Set(county.villages.filter { $0.name.hasSuffix("社区居委会") }.map(\.code))
        #expect(!county.villageProfiles.contains { $0.isPoorVillage && communities.contains($0.code) })
        // every household has a 组, and every member row names a household of the register
        #expect(county.register.households.allSatisfy { !$0[3].isEmpty })
        let numbers = Set(county.register.households.map { $0[0] })
        #expect(county.register.members.allSatisfy { numbers.contains($0[0]) })
    }

    @Test func thereIsAnAccountForEveryRole() {
        let accounts = DemoCounty.generate().accounts
        #expect(Set(accounts.map(\.role)) == Set(Role.allCases))
        #expect(accounts.contains { $0.username == "admin" && $0.role == .systemAdmin })
        #expect(accounts.contains { $0.username == "cun01" && $0.role == .villageCadre })
    }
}

@Suite struct AuditEntryTests {
    @Test func theCanonicalTextCoversEveryField() {
        let entry = AuditEntry(
            id: 1, at: "2026-11-23T08:00:00Z", actorAccountID: 3, actor: "xian", action: .update, objectType: "region",
            objectID: "610927100201", regionCode: RegionCode(rawValue: "610927100201"),
            changes: [FieldChange(field: "名称", old: "甲", new: "乙")], previousHash: String(repeating: "0", count: 64), hash: "")
        var edited = entry
        edited.changes[0].new = "丙"
        #expect(entry.canonicalText != edited.canonicalText)
        var otherActor = entry
        otherActor.actor = "admin"
        #expect(entry.canonicalText != otherActor.canonicalText)
        // a nil value and an empty value differ
        var empty = entry
        empty.changes[0].old = ""
        var none = entry
        none.changes[0].old = nil
        #expect(empty.canonicalText != none.canonicalText)
    }

    @Test func diffsListOnlyChangedFieldsAndMaskPhones() {
        let code = RegionCode(rawValue: "610927100201")!
        let a = Person(id: .init(rawValue: 1), name: "甲", phone: "13812345678", unitID: nil, regionCode: code)
        var b = a
        b.name = "乙"
        #expect(AuditDiff.changes(old: a, new: b) == [FieldChange(field: "姓名", old: "甲", new: "乙")])
        let created = AuditDiff.changes(old: nil, new: a)
        #expect(created.contains(FieldChange(field: "联系电话", old: nil, new: "138****5678")))
    }
}
