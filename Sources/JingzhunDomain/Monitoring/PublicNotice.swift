/// A 公示 or 公告 for printing (issue 7 §6; ../shared/DOMAIN.md §8 "Privacy": built from a field whitelist, one
/// notice, in the village only). Its fields are only what a notice may show — village, household head's name,
/// household size, object type, risk categories, dates and the office that takes objections — so it cannot hold
/// 身份证号, phone, bank or health details; its free-text fields are refused when they contain a personal number.
public struct PublicNotice: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// 村内公示 of households proposed for monitoring.
        case identificationNotice
        /// 村内公示 of households proposed for 风险消除.
        case eliminationNotice
        /// The county's 公告 of households identified.
        case identificationAnnouncement

        public var title: String {
            switch self {
            case .identificationNotice: "防止返贫监测对象识别公示"
            case .eliminationNotice: "防止返贫监测对象风险消除公示"
            case .identificationAnnouncement: "防止返贫监测对象认定公告"
            }
        }
    }

    public struct Row: Sendable, Equatable, Codable {
        public var headName: String
        public var householdSize: Int
        public var objectType: MonitoringObjectType
        /// 风险类型, the reason category only (no diagnosis, no amounts).
        public var riskTypes: [MonitoringRiskType]

        public init(headName: String, householdSize: Int, objectType: MonitoringObjectType, riskTypes: [MonitoringRiskType]) {
            self.headName = headName
            self.householdSize = householdSize
            self.objectType = objectType
            self.riskTypes = riskTypes
        }
    }

    public var kind: Kind
    public var townName: String
    public var villageName: String
    public var rows: [Row]
    public var period: NoticePeriod
    /// Who takes objections ("镇坪县城关镇人民政府（乡村振兴办）"); an office, not a person's mobile.
    public var objectionOffice: String
    /// The office's landline, if printed ("0915-8821234"); a mobile number is refused.
    public var objectionPhone: String?

    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public init(message: String) { self.message = message }
        public var description: String { message }
    }

    public init(
        kind: Kind, townName: String, villageName: String, rows: [Row], period: NoticePeriod, objectionOffice: String,
        objectionPhone: String? = nil
    ) throws(Refusal) {
        for (field, text) in [("镇名", townName), ("村名", villageName), ("受理异议单位", objectionOffice)] + rows.map({ ("户主姓名", $0.headName) }) {
            if let found = NoticePrivacyScan.findings(in: text).first {
                throw Refusal(message: "公示的“\(field)”中含有\(found.label)，不能公示")
            }
            if field == "户主姓名", text.unicodeScalars.contains(where: { $0.properties.numericType == .decimal }) {
                throw Refusal(message: "公示的“户主姓名”只能是姓名：“\(text)”含有数字")
            }
        }
        if let phone = objectionPhone, !NoticePrivacyScan.findings(in: phone).isEmpty {
            throw Refusal(message: "受理异议电话须为单位座机，不能公示个人手机号或其他号码")
        }
        self.kind = kind
        self.townName = townName
        self.villageName = villageName
        self.rows = rows
        self.period = period
        self.objectionOffice = objectionOffice
        self.objectionPhone = objectionPhone
    }

    /// A row from a case: the county's object type and risk types (or the clue's suggestion before the decision).
    public static func row(for c: MonitoringCase, headName: String, householdSize: Int) -> Row? {
        guard let type = c.objectType ?? c.clues.compactMap(\.suggestedObjectType).first else { return nil }
        var types = c.riskTypes
        if types.isEmpty {
            for t in c.clues.flatMap(\.riskTypes) where !types.contains(t) { types.append(t) }
        }
        return Row(headName: headName, householdSize: householdSize, objectType: type,
                   riskTypes: Array(types.prefix(MonitoringRiskType.maximumPerHousehold)))
    }

    /// The printable text.
    public func render() -> String {
        var lines: [String] = []
        lines.append(kind.title)
        lines.append("")
        let what: String
        switch kind {
        case .identificationNotice: what = "经农户申请（或干部排查、部门预警）、入户核实、民主评议，拟将以下农户纳入防止返贫监测对象"
        case .eliminationNotice: what = "经入户核实、民主评议，以下监测对象拟标注风险消除"
        case .identificationAnnouncement: what = "经村内公示无异议、乡镇审核、县级确认，以下农户认定为防止返贫监测对象"
        }
        lines.append("\(townName)\(villageName)：\(what)，现予公示（公告）。")
        lines.append("")
        lines.append("序号\t户主姓名\t家庭人口\t监测对象类别\t风险类型")
        for (i, r) in rows.enumerated() {
            lines.append("\(i + 1)\t\(r.headName)\t\(r.householdSize)人\t\(r.objectType.label)\t\(r.riskTypes.map(\.label).joined(separator: "、"))")
        }
        lines.append("")
        lines.append("公示期：\(period.start) 至 \(period.end)（共 \(period.days) 天）。")
        var objection = "如有异议，请于公示期内向\(objectionOffice)反映"
        if let objectionPhone { objection += "（电话：\(objectionPhone)）" }
        lines.append(objection + "。")
        lines.append("")
        lines.append("\(townName)\(villageName)")
        lines.append("\(period.start)")
        return lines.joined(separator: "\n")
    }
}
