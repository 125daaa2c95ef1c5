/// The village-wide 公示 (issue 7 §6; ../shared/DOMAIN.md §8: "one notice, in the village only"): every case of a
/// village now in its notice period on one sheet, built only from `PublicNotice`, whose fields cannot hold an ID
/// number, a phone, a bank account or health details. Cases appraised at one meeting share their notice period; cases
/// with different periods (or an identification and an elimination notice) make one notice each, since a notice
/// states the one period it runs. A case is on the sheet only while its period runs (start ≤ today ≤ end): once it has
/// ended the case waits for the town's review and is no longer being noticed, though its stage has not moved yet.
public enum VillageNotice {
    /// A case in its notice period and what the register says of its household.
    public struct Entry: Sendable, Equatable {
        public var record: MonitoringCase
        public var headName: String
        public var householdSize: Int

        public init(record: MonitoringCase, headName: String, householdSize: Int) {
            self.record = record
            self.headName = headName
            self.householdSize = householdSize
        }
    }

    public struct Sheet: Sendable, Equatable {
        /// Identification notices first, then elimination notices, each by period.
        public var notices: [PublicNotice]
        /// 户编号 of cases in their notice period that cannot be listed yet (no object type, not even a suggested one).
        public var leftOut: [String]
    }

    public static func build(
        _ entries: [Entry], today: Day, townName: String, villageName: String, objectionOffice: String
    ) throws(PublicNotice.Refusal) -> Sheet {
        var groups: [(kind: PublicNotice.Kind, period: NoticePeriod, rows: [PublicNotice.Row])] = []
        var leftOut: [String] = []
        for entry in entries {
            let c = entry.record
            let kind: PublicNotice.Kind
            let period: NoticePeriod?
            switch c.stage {
            case .noticed: (kind, period) = (.identificationNotice, c.notice)
            case .eliminationNoticed: (kind, period) = (.eliminationNotice, c.elimination?.notice)
            default: continue
            }
            if let period, !period.contains(today) { continue }
            guard let period, let row = PublicNotice.row(for: c, headName: entry.headName, householdSize: entry.householdSize) else {
                leftOut.append(c.householdNumber)
                continue
            }
            if let i = groups.firstIndex(where: { $0.kind == kind && $0.period == period }) {
                groups[i].rows.append(row)
            } else {
                groups.append((kind, period, [row]))
            }
        }
        let order: [PublicNotice.Kind] = [.identificationNotice, .eliminationNotice]
        groups.sort { a, b in
            let (ka, kb) = (order.firstIndex(of: a.kind) ?? 0, order.firstIndex(of: b.kind) ?? 0)
            return ka != kb ? ka < kb : (a.period.start, a.period.end) < (b.period.start, b.period.end)
        }
        var notices: [PublicNotice] = []
        for g in groups {
            notices.append(try PublicNotice(kind: g.kind, townName: townName, villageName: villageName, rows: g.rows, period: g.period,
                                            objectionOffice: objectionOffice))
        }
        return Sheet(notices: notices, leftOut: leftOut)
    }
}

extension NoticePeriod {
    /// Whether `day` falls inside the period, first and last day included.
    public func contains(_ day: Day) -> Bool { start <= day && day <= end }
}

extension MonitoringCase {
    /// Whether the case is being noticed on `today`: in a notice stage (识别 or 风险消除) and inside that notice's
    /// period. A case whose period has ended waits for the town's review and is not counted as in notice.
    public func isOnNotice(_ today: Day) -> Bool {
        let period: NoticePeriod? =
            switch stage {
            case .noticed: notice
            case .eliminationNoticed: elimination?.notice
            default: nil
            }
        return period?.contains(today) ?? false
    }
}
