import JingzhunDomain
import Testing

@Suite struct RegisterRowTests {
    let households = HeaderMapFixture.map(.households)
    let members = HeaderMapFixture.map(.members)

    static let householdRow = [
        "6109271002010001", "城关镇", "新华村", "三组", "王明华", "610927198001011234", "13812345678", "低保贫困户", "因病",
        "缺技术、缺资金", "2014", "已脱贫享受政策", "2017", "4", "8000", "3200.5", "0", "2400.25", "1200", "B", "是",
    ]

    @Test func aGoodHouseholdRowReadsAndWritesBackUnchanged() throws {
        let parser = RegisterRowParser(map: households, sheetLabel: "户信息")
        let (record, problems) = parser.household(Self.householdRow, row: 2)
        #expect(problems.isEmpty)
        let h = try #require(record)
        #expect(h.otherCauses == [.skills, .capital])
        #expect(h.income.net == Fen(yuan: "12400.75"))
        #expect(h.income.perCapita(size: h.size) == Fen(yuan: "3100.19"))
        #expect(Array(RegisterRowFormatter.household(h, masked: false).prefix(21)) == Self.householdRow)
    }

    @Test func everyBadCellIsNamed() {
        var row = Self.householdRow
        row[7] = "贫困户"  // 属性
        row[10] = "二〇一四"  // 首次识别年度
        row[14] = "8000.123"  // 三位小数
        row[19] = "E"
        row[12] = ""  // 已脱贫却无脱贫年度
        let (record, problems) = RegisterRowParser(map: households, sheetLabel: "户信息").household(row, row: 7)
        #expect(record == nil)
        #expect(problems.map(\.column) == ["贫困户属性", "首次识别年度", "脱贫年度", "工资性收入", "住房安全等级"])
        #expect(problems.allSatisfy { $0.row == 7 && $0.sheet == "户信息" })
        #expect(problems[0].message.contains("一般贫困户、低保贫困户、特困供养贫困户"))
    }

    @Test func exportsMaskIdentifiersWhenAsked() throws {
        let (record, _) = RegisterRowParser(map: households, sheetLabel: nil).household(Self.householdRow, row: 2)
        let masked = RegisterRowFormatter.household(try #require(record), masked: true)
        #expect(masked[5] == "6109**********1234")
        #expect(masked[6] == "138****5678")
    }

    @Test func aMaskedMemberRowCannotBeReassembledIntoTheIDNumber() {
        let m = MemberRecord(
            householdNumber: "6109271002010001", name: "王明华", idNumber: "610927198001011234", sex: .male, birthDate: "1980-01-01",
            relation: .head, schoolStatus: .notInSchool, health: .chronic, labourSkill: .ordinary, medicalInsurance: true,
            seriousIllnessInsurance: true)
        let masked = RegisterRowFormatter.member(m, masked: true)
        #expect(masked[2] == "6109**********1234")
        #expect(masked[4] == "1980-**-**")
        #expect(!masked.joined().contains("19800101") && !masked.joined().contains("1980-01-01"))
        #expect(RegisterRowFormatter.member(m, masked: false)[4] == "1980-01-01")
    }

    @Test func memberDatesAreNormalised() throws {
        let row = ["6109271002010001", "王小明", "610927201003051234", "男", "2010/3/5", "之子", "小学", "健康", "无劳动力", "是", "否"]
        let (m, problems) = RegisterRowParser(map: members, sheetLabel: "家庭成员").member(row, row: 3)
        #expect(problems.isEmpty)
        #expect(m?.birthDate == "2010-03-05")
        var bad = row
        bad[4] = "2010-02-30"
        #expect(RegisterRowParser(map: members, sheetLabel: "家庭成员").member(bad, row: 3).1.map(\.column) == ["出生日期"])
    }

    @Test func aMissingContractColumnIsReportedOnRowOne() {
        do {
            _ = try HeaderMap(sheet: .members, header: ["户编号", "姓名"], sheetLabel: "家庭成员")
            Issue.record("accepted")
        } catch {
            #expect(error.problems.first?.row == 1)
            #expect(error.problems.map(\.column).contains("身份证号"))
        }
    }

    @Test(arguments: [("2950.4", Int64(295040)), ("3,075", 307500), ("-120.50", -12050), ("0.05", 5), ("12元", 1200), ("1，200", 120000), (" 8000 ", 800000)])
    func moneyParsesYuan(_ text: String, _ fen: Int64) {
        #expect(Fen(yuan: text)?.rawValue == fen)
    }

    @Test(arguments: [("1990-1-5", "1990-01-05"), ("1990/01/05", "1990-01-05"), ("1990年1月5日", "1990-01-05"),
                      ("19900105", "1990-01-05"), (" 1990.01.05 ", "1990-01-05"), ("2000-02-29", "2000-02-29")])
    func datesInTheFormsExcelUsersTypeAreRead(_ text: String, _ iso: String) {
        #expect(DateText.normalise(text) == iso)
    }

    @Test(arguments: ["1990-02-30", "1990-13-01", "1900-02-29", "abc", "1990-01", "1990-01-05 08:00:00", "199001051", ""])
    func impossibleDatesAreRefused(_ text: String) {
        #expect(DateText.normalise(text) == nil)
    }

    @Test(arguments: ["", "1.234", "abc", "1.2.3", "--1", "12元元", "1,2.3,4"])
    func moneyRejectsNonsense(_ text: String) {
        #expect(Fen(yuan: text) == nil)
    }

    @Test func moneyFormats() {
        #expect(Fen(rawValue: 295040).yuanText == "2950.4")
        #expect(Fen(rawValue: 295040).display == "2,950.40")
        #expect(Fen(rawValue: 5).yuanText == "0.05")
        #expect(Percent.text(9850) == "98.5%")
        #expect(Percent.basisPoints("100%") == 10000)
    }
}

enum HeaderMapFixture {
    static func map(_ sheet: RegisterSheet) -> HeaderMap {
        try! HeaderMap(sheet: sheet, header: sheet.contractHeaders, sheetLabel: sheet.name)
    }
}
