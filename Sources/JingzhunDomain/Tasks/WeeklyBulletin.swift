/// The 周通报 for one plan and one week (issue 6 §7; ../shared/DOMAIN.md §6.4 "[002] 周通报 … the 县脱贫办
/// bulletins the county weekly", §6.6 rankings with 约谈 for the last): completion by unit and by town, the overdue
/// list, late and missing reports, and a ranking with the best and worst named. Everything is judged as of the
/// week's last day, so an old week's bulletin reads the same later.
public struct WeeklyBulletin: Sendable, Equatable {
    public var planTitle: String
    public var week: ReportPeriod
    public var weights: BulletinWeights
    public var byUnit: [Row]
    public var byTown: [Row]
    public var overdue: [OverdueItem]
    public var lateReports: [ReportItem]
    public var missingReports: [ReportItem]
    public var totals: Row

    public struct Row: Sendable, Equatable {
        public var name: String
        public var tasks = 0
        /// Due on or before the week's end.
        public var due = 0
        public var closed = 0
        public var closedOnTime = 0
        public var overdue = 0
        public var reportsExpected = 0
        public var reportsOnTime = 0
        public var reportsLate = 0
        public var reportsMissing = 0
        /// 0–100, `weights` applied to the on-time completion and on-time reporting rates.
        public var score = 0.0
        public var rank = 0

        public init(name: String) { self.name = name }

        /// Share of tasks due by the week's end that were closed on time; 1 when none was due yet.
        public var completionRate: Double { due == 0 ? 1 : Double(closedOnTime) / Double(due) }
        public var reportingRate: Double { reportsExpected == 0 ? 1 : Double(reportsOnTime) / Double(reportsExpected) }
    }

    public struct OverdueItem: Sendable, Equatable {
        public var taskID: TaskItem.ID
        public var number: String
        public var title: String
        public var owner: String
        public var due: Day
        public var daysOverdue: Int
        public var escalation: Int
    }

    public struct ReportItem: Sendable, Equatable {
        public var taskID: TaskItem.ID
        public var title: String
        public var owner: String
        /// Beijing time the report arrived; nil when missing.
        public var submitted: String?
    }

    /// One task as the bulletin needs it.
    public struct TaskLine: Sendable, Equatable {
        public var task: TaskItem
        /// The unit judged for it: its first 牵头单位 (or 责任单位).
        public var owner: String
        /// The town of a per-town sub-task.
        public var town: String?
        /// Beijing day it was closed, if it was by the week's end.
        public var closedOn: Day?
        /// Whether the plan's cadence had a report due this week.
        public var reportDue: Bool
        /// This week's report: nil when none came; `late` when after the due time.
        public var report: (submitted: String, late: Bool)?

        public init(task: TaskItem, owner: String, town: String?, closedOn: Day?, reportDue: Bool, report: (submitted: String, late: Bool)?) {
            self.task = task
            self.owner = owner
            self.town = town
            self.closedOn = closedOn
            self.reportDue = reportDue
            self.report = report
        }

        public static func == (a: TaskLine, b: TaskLine) -> Bool {
            a.task == b.task && a.owner == b.owner && a.town == b.town && a.closedOn == b.closedOn && a.reportDue == b.reportDue
                && a.report?.submitted == b.report?.submitted && a.report?.late == b.report?.late
        }
    }

    public init(planTitle: String, week: ReportPeriod, lines: [TaskLine], weights: BulletinWeights) {
        self.planTitle = planTitle
        self.week = week
        self.weights = weights
        let end = week.end
        var units: [String: Row] = [:]
        var towns: [String: Row] = [:]
        var totals = Row(name: "合计")
        var overdue: [OverdueItem] = []
        var late: [ReportItem] = []
        var missing: [ReportItem] = []
        for line in lines {
            let task = line.task
            let closed = line.closedOn.map { $0 <= end } ?? false
            let due = task.due.map { $0 <= end } ?? false
            let onTime = closed && (task.due.map { line.closedOn! <= $0 } ?? true)
            // Due on the week's last day and still open is due, not yet overdue (as TaskItem.isOverdue judges it).
            let isOverdue = (task.due.map { $0 < end } ?? false) && !closed
            // Reports are expected, in a week one is due, from tasks still open at the week's start.
            let expected = line.reportDue && !(line.closedOn.map { $0 < week.start } ?? false)
            func add(_ row: inout Row) {
                row.tasks += 1
                if due { row.due += 1 }
                if closed { row.closed += 1 }
                if due && onTime { row.closedOnTime += 1 }
                if isOverdue { row.overdue += 1 }
                if expected {
                    row.reportsExpected += 1
                    switch line.report {
                    case nil: row.reportsMissing += 1
                    case let r? where r.late: row.reportsLate += 1
                    default: row.reportsOnTime += 1
                    }
                }
            }
            add(&units[line.owner, default: Row(name: line.owner)])
            if let town = line.town { add(&towns[town, default: Row(name: town)]) }
            add(&totals)
            if isOverdue, let d = task.due {
                overdue.append(OverdueItem(taskID: task.id, number: task.number, title: task.title, owner: line.owner, due: d,
                                           daysOverdue: d.days(to: end), escalation: task.escalation))
            }
            if expected {
                switch line.report {
                case nil: missing.append(ReportItem(taskID: task.id, title: task.title, owner: line.owner, submitted: nil))
                case let r? where r.late: late.append(ReportItem(taskID: task.id, title: task.title, owner: line.owner, submitted: r.submitted))
                default: break
                }
            }
        }
        self.byUnit = Self.ranked(Array(units.values), weights)
        self.byTown = Self.ranked(Array(towns.values), weights)
        self.overdue = overdue.sorted { ($0.daysOverdue, $1.number) > ($1.daysOverdue, $0.number) }
        self.lateReports = late
        self.missingReports = missing
        totals.score = weights.score(totals)
        self.totals = totals
    }

    /// Highest score first; equal scores share a rank ("并列").
    static func ranked(_ rows: [Row], _ weights: BulletinWeights) -> [Row] {
        var scored = rows.map { row -> Row in
            var r = row
            r.score = weights.score(row)
            return r
        }
        scored.sort { ($0.score, $1.name) > ($1.score, $0.name) }
        for i in scored.indices {
            scored[i].rank = i > 0 && scored[i].score == scored[i - 1].score ? scored[i - 1].rank : i + 1
        }
        return scored
    }

    /// The first `n` by rank, and the last `n` (the ones 000 names for 约谈), without overlap.
    public func best(_ n: Int = 3) -> [Row] { Array(byUnit.prefix(min(n, byUnit.count / 2))) }
    public func worst(_ n: Int = 3) -> [Row] { Array(byUnit.suffix(min(n, byUnit.count / 2)).reversed()) }
}

/// How a unit's score is made: weights on on-time completion and on-time reporting. County configuration (settings
/// key `bulletin_weights`, with a year and a source).
public struct BulletinWeights: Sendable, Equatable, Codable {
    public var completion: Double
    public var reporting: Double
    public var source: String

    public init(completion: Double, reporting: Double, source: String) {
        self.completion = completion
        self.reporting = reporting
        self.source = source
    }

    public func score(_ row: WeeklyBulletin.Row) -> Double {
        let total = completion + reporting
        guard total > 0 else { return 0 }
        let raw = (completion * row.completionRate + reporting * row.reportingRate) / total * 100
        return (raw * 10).rounded() / 10
    }
}
