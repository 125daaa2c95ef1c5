/// Records back into sheet rows, in `RegisterSheet.headers` order, so that export → import → export is
/// byte-for-byte on the contract columns. `masked` hides 身份证号, phone, bank account and health.
public enum RegisterRowFormatter {
    static func yesNo(_ b: Bool) -> String { b ? "是" : "否" }
    static func yesNo(_ b: Bool?) -> String { b.map(yesNo) ?? "" }

    public static func household(_ h: HouseholdRecord, masked: Bool) -> [String] {
        [
            h.number, h.townName, h.villageName, h.groupName, h.headName,
            masked ? PersonalDataMask.idNumber(h.headIDNumber) : h.headIDNumber,
            h.phone.map { masked ? PersonalDataMask.phone($0) : $0 } ?? "",
            h.attribute.label, h.mainCause.label, h.otherCauses.map(\.label).joined(separator: "、"),
            String(h.firstIdentifiedYear), h.status.label, h.exitYear.map(String.init) ?? "", String(h.size),
            h.income.wage.yuanText, h.income.production.yuanText, h.income.property.yuanText, h.income.transfer.yuanText,
            h.income.productionCost.yuanText, h.housingGrade.label, yesNo(h.waterSafe),
            // optional columns
            h.bankName ?? "", h.bankAccount.map { masked ? PersonalDataMask.bankAccount($0) : $0 } ?? "",
            h.standard?.label ?? "", h.housingSecurity?.label ?? "",
            yesNo(h.water?.quantityOK), yesNo(h.water?.qualityOK), yesNo(h.water?.convenient), yesNo(h.water?.guaranteeOK),
            yesNo(h.electricity),
        ]
    }

    public static func member(_ m: MemberRecord, masked: Bool) -> [String] {
        [
            m.householdNumber, m.name, masked ? PersonalDataMask.idNumber(m.idNumber) : m.idNumber, m.sex.label,
            masked ? PersonalDataMask.birthDate(m.birthDate) : m.birthDate,
            m.relation.label, m.schoolStatus.label, masked ? "—" : m.health.label, m.labourSkill.label,
            yesNo(m.medicalInsurance), yesNo(m.seriousIllnessInsurance),
            m.ethnicity ?? "", m.education ?? "", m.workStatus ?? "", m.workMonths.map(String.init) ?? "",
            yesNo(m.dibao), yesNo(m.tekun), m.disabilityCertificate.map { masked ? PersonalDataMask.idNumber($0) : $0 } ?? "",
        ]
    }

    public static func village(_ v: VillageRecord) -> [String] {
        [
            v.code.rawValue, v.townName, v.villageName, yesNo(v.isPoorVillage), String(v.totalHouseholds), String(v.totalPopulation),
            yesNo(v.hardenedRoad), yesNo(v.safeWater), Percent.text(v.electricityRateBasisPoints), yesNo(v.standardClinic),
            yesNo(v.collectiveEconomy),
        ]
    }
}
