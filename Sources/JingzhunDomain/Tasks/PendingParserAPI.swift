public import Foundation

// TEMPORARY stand-in for the parser API being written on branch plan-parse (Day, FuzzyDeadline, WorkCalendar,
// ReportCadence, ParsedPlan). Deleted when that branch is merged; nothing here is a finished rule.

public struct Day: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int
    public init?(_ text: String) {
        let p = text.split(separator: "-").compactMap { Int($0) }
        guard p.count == 3 else { return nil }
        self.init(year: p[0], month: p[1], day: p[2])
    }
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        self.year = year; self.month = month; self.day = day
    }
    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }
    public static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
    private var date: Date {
        var c = Calendar(identifier: .gregorian); c.timeZone = TimeZone(secondsFromGMT: 0)!
        return c.date(from: DateComponents(year: year, month: month, day: day))!
    }
    public func adding(days: Int) -> Day {
        var c = Calendar(identifier: .gregorian); c.timeZone = TimeZone(secondsFromGMT: 0)!
        let d = c.dateComponents([.year, .month, .day], from: date.addingTimeInterval(Double(days) * 86_400))
        return Day(year: d.year!, month: d.month!, day: d.day!)!
    }
    public func days(to other: Day) -> Int { Int((other.date.timeIntervalSince(date) / 86_400).rounded()) }
    public var weekday: Int {
        var c = Calendar(identifier: .gregorian); c.timeZone = TimeZone(secondsFromGMT: 0)!
        let w = c.component(.weekday, from: date)
        return w == 1 ? 7 : w - 1
    }
    public static func today(_ now: Date = Date()) -> Day { Day(ChinaTime.day(now))! }
    public init(from decoder: any Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let d = Day(s) else { throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: s)) }
        self = d
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer(); try c.encode(description)
    }
}

public struct WorkCalendar: Sendable, Equatable, Codable {
    public var holidays: Set<Day> = []
    public var makeUpWorkdays: Set<Day> = []
    public var source: String = ""
    public static let weekendsOnly = WorkCalendar()
}

public struct FuzzyDeadline: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable { case date, staged, recurring, event, unknown }
    public enum Firmness: String, Sendable, Codable { case must, strive, plain }
    public var text: String
    public var kind: Kind
    public var due: Day?
    public var firmness: Firmness
    public var outsidePlanWindow: Bool
    public init(text: String, kind: Kind, due: Day?, firmness: Firmness, outsidePlanWindow: Bool) {
        self.text = text; self.kind = kind; self.due = due; self.firmness = firmness; self.outsidePlanWindow = outsidePlanWindow
    }
    public static func parse(_ text: String, planDate: Day, calendar: WorkCalendar = .weekendsOnly) -> FuzzyDeadline {
        let digits = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        let due = digits.count == 3 ? Day(year: digits[0], month: digits[1], day: digits[2]) : nil
        return FuzzyDeadline(text: text, kind: due == nil ? .unknown : .date, due: due, firmness: .plain, outsidePlanWindow: false)
    }
}

public struct ParsedMilestone: Sendable, Equatable, Codable {
    public var due: Day
    public var dueText: String
    public var text: String
    public var target: Double?
    public var unit: String?
}

public struct ParsedPhase: Sendable, Equatable, Codable {
    public var name: String
    public var start: Day?
    public var end: Day?
}

public struct ParsedAction: Sendable, Equatable, Codable {
    public var number: String
    public var title: String
    public var content: String
    public var leaders: [String]
    public var leadUnits: [String]
    public var cooperatingUnits: [String]
    public var persons: [String]
    public var deadline: FuzzyDeadline?
    public var milestones: [ParsedMilestone]
    public var perTown: Bool
}

public struct ParsedPlan: Sendable, Equatable, Codable {
    public var title: String
    public var documentNumber: String?
    public var issuer: String?
    public var date: Day?
    public var year: Int
    public var phases: [ParsedPhase]
    public var actions: [ParsedAction]
    public var warnings: [String]
}

public enum ReportCadence: Sendable, Equatable, Codable {
    case weekly(weekday: Int, hour: Int, minute: Int)
    case tenDays
    case monthly(day: Int?)

    public func period(containing day: Day) -> ReportPeriod {
        guard case .weekly(let weekday, let hour, let minute) = self else { fatalError("pending") }
        let start = day.adding(days: 1 - day.weekday)
        return ReportPeriod(start: start, end: start.adding(days: 6), dueDay: start.adding(days: weekday - 1), dueHour: hour,
                            dueMinute: minute, label: "W\(start)")
    }
    public func periods(from: Day, to: Day) -> [ReportPeriod] {
        var out: [ReportPeriod] = []
        var p = period(containing: from)
        while p.start <= to { out.append(p); p = period(containing: p.end.adding(days: 1)) }
        return out
    }
}

public struct ReportPeriod: Sendable, Equatable, Codable {
    public var start: Day
    public var end: Day
    public var dueDay: Day
    public var dueHour: Int
    public var dueMinute: Int
    public var label: String
    public init?(isoWeek: String) { return nil }
    init(start: Day, end: Day, dueDay: Day, dueHour: Int, dueMinute: Int, label: String) {
        self.start = start; self.end = end; self.dueDay = dueDay; self.dueHour = dueHour; self.dueMinute = dueMinute; self.label = label
    }
}

public enum PlanTextParser {
    /// Stand-in: every "N." line is an action. Replaced by the real parser.
    public static func parse(_ text: String, year: Int? = nil, planDate: Day? = nil) -> ParsedPlan {
        let y = year ?? 2025
        let actions = text.split(separator: "\n").map(String.init).filter { $0.first?.isNumber == true }.enumerated().map { i, line in
            ParsedAction(number: String(i + 1), title: line, content: line, leaders: [], leadUnits: [], cooperatingUnits: [], persons: [],
                         deadline: nil, milestones: [], perTown: false)
        }
        return ParsedPlan(title: text.split(separator: "\n").first.map(String.init) ?? "方案", documentNumber: nil, issuer: nil, date: nil, year: y,
                          phases: [], actions: actions, warnings: [])
    }
}

public struct PlanParseDocument: Encodable {
    let plan: ParsedPlan
    public init(_ plan: ParsedPlan) { self.plan = plan }
    public func json() throws -> Data {
        let e = JSONEncoder(); e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try e.encode(plan)
    }
}
