import JingzhunDomain
import Testing

@Suite struct PublicNoticeTests {
    typealias F = MonitoringFixtures
    let period = NoticePeriod(start: Day("2021-06-06")!, end: Day("2021-06-10")!)

    func notice(_ kind: PublicNotice.Kind, heads: [String] = ["王大山", "李小花"]) throws -> PublicNotice {
        try PublicNotice(
            kind: kind, townName: "城关镇", villageName: "华坪村",
            rows: heads.enumerated().map { i, name in
                PublicNotice.Row(headName: name, householdSize: 3 + i, objectType: i == 0 ? .unstableExited : .suddenHardship,
                                 riskTypes: i == 0 ? [.unstableEmployment] : [.naturalDisaster, .accident])
            },
            period: period, objectionOffice: "城关镇人民政府乡村振兴办", objectionPhone: "0915-8821234")
    }

    @Test func aVillageNoticeListsOnlyWhatANoticeMayShow() throws {
        let text = try notice(.identificationNotice).render()
        #expect(text == """
            防止返贫监测对象识别公示

            城关镇华坪村：经农户申请（或干部排查、部门预警）、入户核实、民主评议，拟将以下农户纳入防止返贫监测对象，现予公示（公告）。

            序号\t户主姓名\t家庭人口\t监测对象类别\t风险类型
            1\t王大山\t3人\t脱贫不稳定户\t因务工就业不稳
            2\t李小花\t4人\t突发严重困难户\t因自然灾害、因意外事故

            公示期：2021-06-06 至 2021-06-10（共 5 天）。
            如有异议，请于公示期内向城关镇人民政府乡村振兴办反映（电话：0915-8821234）。

            城关镇华坪村
            2021-06-06
            """)
    }

    @Test func noGeneratedNoticeContainsAnIDPhoneOrBankNumber() throws {
        for kind in PublicNotice.Kind.allCases {
            let text = try notice(kind).render()
            #expect(NoticePrivacyScan.findings(in: text) == [], "\(kind)")
        }
        // The row built from a case carries no more than the whitelist either.
        let c = MonitoringCase(clue: F.clue())
        let row = try #require(PublicNotice.row(for: c, headName: "王大山", householdSize: 3))
        let text = try PublicNotice(kind: .identificationNotice, townName: "城关镇", villageName: "华坪村", rows: [row], period: period,
                                    objectionOffice: "城关镇人民政府").render()
        #expect(NoticePrivacyScan.findings(in: text) == [])
    }

    @Test func theScanFindsEachKindOfPersonalNumber() {
        #expect(NoticePrivacyScan.findings(in: "身份证 61092719800101123X") == [.idNumber])
        #expect(NoticePrivacyScan.findings(in: "身份证 610927198001011234") == [.idNumber])
        #expect(NoticePrivacyScan.findings(in: "电话 13812345678") == [.mobile])
        #expect(NoticePrivacyScan.findings(in: "卡号 6222 0200 1234 5678 901") == [.bankAccount])
        #expect(NoticePrivacyScan.findings(in: "6222020012345678") == [.bankAccount])
        #expect(NoticePrivacyScan.findings(in: "0915-8821234，2021-06-06，3人") == [])
    }

    @Test func personalNumbersSmuggledIntoTextFieldsAreRefused() {
        #expect(throws: PublicNotice.Refusal(message: "公示的“户主姓名”中含有身份证号，不能公示")) {
            try notice(.identificationNotice, heads: ["王大山 61092719800101123X"])
        }
        #expect(throws: PublicNotice.Refusal(message: "公示的“户主姓名”只能是姓名：“王大山3”含有数字")) {
            try notice(.identificationNotice, heads: ["王大山3"])
        }
        #expect(throws: PublicNotice.Refusal(message: "受理异议电话须为单位座机，不能公示个人手机号或其他号码")) {
            try PublicNotice(kind: .identificationNotice, townName: "城关镇", villageName: "华坪村", rows: [], period: period,
                             objectionOffice: "城关镇人民政府", objectionPhone: "13812345678")
        }
        #expect(throws: PublicNotice.Refusal(message: "公示的“受理异议单位”中含有手机号码，不能公示")) {
            try PublicNotice(kind: .identificationNotice, townName: "城关镇", villageName: "华坪村", rows: [], period: period,
                             objectionOffice: "张主任 13812345678")
        }
    }
}

@Suite struct NoticePrivacyScanEdgeTests {
    @Test func aNumberRunningIntoTheNextOneIsStillFound() {
        #expect(NoticePrivacyScan.findings(in: "610927198001010012 12人").contains(.idNumber))
        #expect(NoticePrivacyScan.findings(in: "61092719800101001X 2").contains(.idNumber))
        #expect(NoticePrivacyScan.findings(in: "身份证 610927800101001").contains(.idNumber))  // 15-digit, first generation
        #expect(NoticePrivacyScan.findings(in: "王明华 3 人 2020-11-05 至 2020-11-09").isEmpty)
    }
}
