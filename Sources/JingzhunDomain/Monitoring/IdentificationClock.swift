/// The clock from a case's first clue to the county's identification (issue 7 §3; ../shared/DOMAIN.md §8:
/// "≤ 15 days from the first clue", configurable as `MonitoringSettings.identificationDays`). Calendar days: a
/// clue on 03-01 identified on 03-16 has used 15 days and is on time. The clock stops at identification or at
/// dismissal; an overdue case climbs a 督办 ladder as a task does (CaseClock, CaseEscalationPolicy).
public struct IdentificationClock: Sendable, Equatable {
    public var startedOn: Day
    public var limitDays: Int
    /// When the clock stopped (identified or dismissed); nil while it runs.
    public var stoppedOn: Day?
    public var daysUsed: Int
    /// Negative once overrun.
    public var daysLeft: Int { limitDays - daysUsed }
    /// Days beyond the limit (0 when on time).
    public var overrunDays: Int { max(0, daysUsed - limitDays) }
    public var isOverrun: Bool { daysUsed > limitDays }

    public init(for c: MonitoringCase, today: Day, settings: MonitoringSettings = .national) {
        startedOn = c.firstClueOn
        limitDays = settings.identificationDays.value
        stoppedOn = c.identifiedOn ?? c.dismissedOn
        daysUsed = startedOn.days(to: stoppedOn ?? today)
    }

    /// "已用 12 天，剩余 3 天" / "已用 17 天，超期 2 天" / "用时 15 天，按期认定".
    public var text: String {
        if stoppedOn != nil {
            return isOverrun
                ? "用时 \(daysUsed) 天，超过 \(limitDays) 天时限 \(overrunDays) 天"
                : "用时 \(daysUsed) 天，在 \(limitDays) 天时限内"
        }
        return isOverrun ? "已用 \(daysUsed) 天，超期 \(overrunDays) 天" : "已用 \(daysUsed) 天，剩余 \(daysLeft) 天"
    }
}
