/// The levels a monitoring case's 督办 climbs (issue 7 §3: "overdue cases escalate like tasks"): the village that
/// checks, appraises and posts the notice, the town that reviews, the county office that decides.
public enum CaseLevel: Int, Sendable, Codable, CaseIterable, Comparable {
    case village = 1, town, county

    /// Who is addressed, for the notice text.
    public var label: String {
        switch self {
        case .village: "村"
        case .town: "镇"
        case .county: "县脱贫办"
        }
    }

    /// Who takes a step at this level ("下一步由村干部/驻村工作队办理").
    public var workers: String {
        switch self {
        case .village: "村干部/驻村工作队"
        case .town: "镇干部"
        case .county: "县脱贫办"
        }
    }

    /// The level a case at `stage` waits for (the same split as `MonitoringDuty.next(after:)`).
    public static func holding(_ stage: MonitoringStage) -> CaseLevel {
        switch MonitoringDuty.next(after: stage) {
        case .village, .measure: .village
        case .town: .town
        // `next(after:)` never names the report and list duties; they are the county's if ever it did.
        case .county, .report, .departmentList: .county
        }
    }

    public static func < (a: CaseLevel, b: CaseLevel) -> Bool { a.rawValue < b.rawValue }
}

/// When the sweep reminds and chases a case whose identification clock (`IdentificationClock`) is running: reminders
/// some days before the limit, then 督办 rungs some days past it, each addressed one level higher. Dated
/// configuration with a source (settings key `monitor.escalation`), like the task ladder's `task.escalation`.
public struct CaseEscalationPolicy: Sendable, Equatable, Codable {
    public struct Rung: Sendable, Equatable, Codable {
        /// Days past the identification limit.
        public var daysOver: Int
        /// The highest level the rung addresses.
        public var level: CaseLevel
        public init(daysOver: Int, level: CaseLevel) {
            self.daysOver = daysOver
            self.level = level
        }
    }

    /// Days left on the clock when reminders go out (3 and 1: "还剩 3 天", "还剩 1 天").
    public var reminderDays: [Int]
    /// In the order they are climbed; rung n is the n-th of the list.
    public var rungs: [Rung]
    public var source: String

    public init(reminderDays: [Int], rungs: [Rung], source: String) {
        self.reminderDays = reminderDays
        self.rungs = rungs
        self.source = source
    }

    /// Shipped default: reminders 3 days and 1 day before the limit; 1 day over the town is told to chase the village, 7
    /// days over the county office.
    public static let standard = CaseEscalationPolicy(
        reminderDays: [3, 1],
        rungs: [Rung(daysOver: 1, level: .town), Rung(daysOver: 7, level: .county)],
        source: "Jingzhun 默认（issue 7 §3：识别认定时限届满前 3 天、1 天提醒办理的村（或镇、县）；超期 1 天督办至乡镇，超期 7 天督办至县脱贫办，与任务清单督办同一做法；县脱贫办可调整）")

    /// Why the county's policy cannot be used, in Chinese (empty when it can): reminder days must be positive; rungs
    /// must be climbed at strictly more days over, each positive, and address a strictly higher level than the last —
    /// otherwise `rungsEarned` would skip or never reach a rung.
    public var problems: [String] {
        var out: [String] = []
        if let bad = reminderDays.first(where: { $0 <= 0 }) { out.append("提醒天数应为正整数（现为 \(bad)）") }
        for (i, rung) in rungs.enumerated() {
            if rung.daysOver <= 0 { out.append("第 \(i + 1) 级督办的超期天数应为正整数（现为 \(rung.daysOver)）") }
            if i > 0, rung.daysOver <= rungs[i - 1].daysOver {
                out.append("第 \(i + 1) 级督办的超期天数（\(rung.daysOver)）应大于第 \(i) 级（\(rungs[i - 1].daysOver)）")
            }
            if i > 0, rung.level <= rungs[i - 1].level {
                out.append("第 \(i + 1) 级督办应送到比第 \(i) 级更高的层级（现为\(rung.level.label)，第 \(i) 级为\(rungs[i - 1].level.label)）")
            }
        }
        return out
    }

    /// How many rungs a case `overrunDays` past its limit has earned.
    public func rungsEarned(overrunDays: Int) -> Int {
        guard overrunDays > 0 else { return 0 }
        return rungs.prefix { overrunDays >= $0.daysOver }.count
    }
}

/// What a notice about a case may say of it: its 户编号, the head's name and the village — never a clue's reason (it can
/// name an illness), an ID number or a phone.
public struct CaseSubject: Sendable, Equatable {
    public var householdNumber: String
    public var headName: String?
    public var villageName: String

    public init(householdNumber: String, headName: String?, villageName: String) {
        self.householdNumber = householdNumber
        self.headName = headName
        self.villageName = villageName
    }

    var text: String {
        "户编号 \(householdNumber)（" + (headName.map { "户主 \($0)，" } ?? "") + "\(villageName)）"
    }
}

/// A reminder or a 督办 rung for one case, to the levels it names. Its key makes it unique per case, so a sweep run
/// twice sends nothing twice.
public struct CaseNotice: Sendable, Equatable {
    public var key: String
    /// The inbox's kinds: `.reminder` or `.escalation`.
    public var kind: TaskNotice.Kind
    /// The rung (1, 2, …) a 督办 notice climbs to; nil for a reminder.
    public var rung: Int?
    /// The highest level addressed ("至镇" for a rung to the town).
    public var top: CaseLevel { levels.max() ?? .village }
    /// Addressed to these levels (the case's own village, its town, the county office).
    public var levels: [CaseLevel]
    public var message: String
    /// For the case timeline: "自动督办（第 1 级，至镇）：…".
    public var timelineNote: String
}

/// What the case sweep sends about one case on one day (issue 7 §3): while the identification clock runs, a reminder
/// when `reminderDays` are left (the closest one only, so a sweep that missed a day does not send two), and once the
/// clock has run over, every rung earned and not yet climbed, in order — the ladder is never skipped. Whoever holds
/// the case (the village for 核实, 评议 and 公示; the town for its review; the county for its decision) is always
/// addressed; each rung adds the levels above it up to the rung's own. Nothing once the case is identified or dismissed.
public enum CaseClock {
    public static func notices(
        for c: MonitoringCase, subject: CaseSubject, today: Day, climbed: Int, settings: MonitoringSettings = .national,
        policy: CaseEscalationPolicy = .standard
    ) -> [CaseNotice] {
        let clock = IdentificationClock(for: c, today: today, settings: settings)
        guard clock.stoppedOn == nil else { return [] }
        let holder = CaseLevel.holding(c.stage)
        let deadline = clock.startedOn.adding(days: clock.limitDays)
        let next = MonitoringProcedure.nextStep(after: c.stage)
        let todo = "下一步“\(next.label)”由\(holder.workers)办理"
        var out: [CaseNotice] = []
        if !clock.isOverrun, let days = policy.reminderDays.filter({ $0 >= clock.daysLeft }).min() {
            let left = clock.daysLeft == 0 ? "今天到期" : "还剩 \(clock.daysLeft) 天"
            out.append(CaseNotice(
                key: "case-remind:T-\(days):\(deadline)", kind: .reminder, rung: nil, levels: [holder],
                message: "【认定时限提醒】监测案件\(subject.text)自 \(clock.startedOn) 发现首条线索，须在 \(deadline) 前完成识别认定（\(clock.limitDays) 天），"
                    + "\(left)；\(todo)。",
                timelineNote: ""))
        }
        let earned = policy.rungsEarned(overrunDays: clock.overrunDays)
        if earned > climbed {
            for n in (climbed + 1)...earned {
                let rung = policy.rungs[n - 1]
                let top = max(holder, rung.level)
                let levels = CaseLevel.allCases.filter { $0 >= holder && $0 <= top }
                let over = "自 \(clock.startedOn) 发现首条线索已 \(clock.daysUsed) 天，超过 \(clock.limitDays) 天识别认定时限 \(clock.overrunDays) 天"
                let above = levels.filter { $0 > holder }.map(\.label)
                let ask = above.isEmpty ? "请限期完成" : "请\(above.joined(separator: "、"))督促限期完成"
                out.append(CaseNotice(
                    key: "case-escalation:\(n)", kind: .escalation, rung: n, levels: levels,
                    message: "【督办·第 \(n) 级（至\(top.label)）】监测案件\(subject.text)\(over)，\(todo)，\(ask)。",
                    timelineNote: "自动督办（第 \(n) 级，至\(top.label)）：\(over)，\(todo)"))
            }
        }
        return out
    }
}
