/// Which of the county's units send which departmental list (issue 7 §2; ../shared/DOMAIN.md §8 "Channels": civil
/// affairs' 低保, 特困 and 临时救助, the disabled persons' federation, 医保's 医疗救助). A department uploads only its own
/// lists: matching a list tells the uploader which 身份证号 are in the poverty register, so 水利局 may not try a 低保
/// list. The county office uploads any list. Dated configuration (`monitor.list_senders`) with its source; unit names
/// as the county's organisation list holds them.
public struct DepartmentListSenders: Sendable, Codable, Equatable {
    /// List (`DepartmentList` raw value) → the names of the units that send it.
    public var senders: [String: [String]]

    public init(senders: [String: [String]]) { self.senders = senders }

    /// The usual senders, by the national division of work; a county names its own units with `jingzhun config set`.
    public static let national = DepartmentListSenders(senders: [
        DepartmentList.dibao.rawValue: ["民政局"],
        DepartmentList.tekun.rawValue: ["民政局"],
        DepartmentList.temporaryAid.rawValue: ["民政局"],
        DepartmentList.disability.rawValue: ["残联"],
        DepartmentList.medicalAid.rawValue: ["医保局", "医疗保障局"],
    ])

    public func mayUpload(_ list: DepartmentList, unit: String) -> Bool {
        (senders[list.rawValue] ?? []).contains(unit)
    }

    /// The lists `unit` sends, in the usual order.
    public func lists(of unit: String) -> [DepartmentList] {
        DepartmentList.allCases.filter { mayUpload($0, unit: unit) }
    }

    /// Why `unit` may not upload `list`, in Chinese; nil when it may.
    public func refusal(_ list: DepartmentList, unit: String) -> String? {
        guard !mayUpload(list, unit: unit) else { return nil }
        let who = (senders[list.rawValue] ?? []).joined(separator: "、")
        return "\(unit)不是\(list.label)名单的报送单位（\(who.isEmpty ? "未配置" : who)），不能导入；如分工不同，请县脱贫办修改配置 monitor.list_senders"
    }
}
