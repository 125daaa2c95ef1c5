public import Foundation

/// What `jingzhun plan parse FILE.txt --format json` prints (issue 6 §3):
/// `{"actions":[{"title","leaders":[…],"leadUnits":[…],"cooperatingUnits":[…],"deadline":"YYYY-MM-DD"|null,
/// "milestones":[{"due":"YYYY-MM-DD","text":…}]}]}`, followed by the plan's own fields and, per action, the printed
/// number and deadline text, responsible units, persons, per-town flag and parts. `deadline` is always present,
/// `null` when the action has no date ("按阶段进度要求": its milestones carry the dates).
public struct PlanParseDocument: Sendable, Equatable, Codable {
    public struct Milestone: Sendable, Equatable, Codable {
        public var due: Day
        public var text: String
        public var dueText: String
        public var target: Double?
        public var unit: String?
    }

    public struct Action: Sendable, Equatable, Codable {
        public var title: String
        public var leaders: [String]
        public var leadUnits: [String]
        public var cooperatingUnits: [String]
        public var deadline: Day?
        public var milestones: [Milestone]
        public var number: String
        public var deadlineText: String?
        public var deadlineKind: String?
        public var responsibleUnits: [String]
        public var persons: [String]
        public var perTown: Bool
        public var line: Int
        public var parts: [Action]

        init(_ a: ParsedAction) {
            title = a.title
            leaders = a.leaders
            leadUnits = a.leadUnits
            cooperatingUnits = a.cooperatingUnits
            deadline = a.deadline?.due
            milestones = a.milestones.map {
                Milestone(due: $0.due, text: $0.text, dueText: $0.dueText, target: $0.target, unit: $0.unit)
            }
            number = a.number
            deadlineText = a.deadline?.text
            deadlineKind = a.deadline?.kind.rawValue
            responsibleUnits = a.responsibleUnits
            persons = a.persons
            perTown = a.perTown
            line = a.line
            parts = a.parts.map(Action.init)
        }

        enum CodingKeys: String, CodingKey {
            case title, leaders, leadUnits, cooperatingUnits, deadline, milestones, number, deadlineText, deadlineKind
            case responsibleUnits, persons, perTown, line, parts
        }

        // Written by hand so that an absent deadline is `null`, not a missing key.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(title, forKey: .title)
            try c.encode(leaders, forKey: .leaders)
            try c.encode(leadUnits, forKey: .leadUnits)
            try c.encode(cooperatingUnits, forKey: .cooperatingUnits)
            try c.encode(deadline, forKey: .deadline)
            try c.encode(milestones, forKey: .milestones)
            try c.encode(number, forKey: .number)
            try c.encode(deadlineText, forKey: .deadlineText)
            try c.encode(deadlineKind, forKey: .deadlineKind)
            try c.encode(responsibleUnits, forKey: .responsibleUnits)
            try c.encode(persons, forKey: .persons)
            try c.encode(perTown, forKey: .perTown)
            try c.encode(line, forKey: .line)
            try c.encode(parts, forKey: .parts)
        }
    }

    public var actions: [Action]
    public var title: String
    public var documentNumber: String?
    public var issuer: String?
    public var date: Day?
    public var year: Int
    public var phases: [ParsedPhase]
    public var warnings: [String]

    public init(_ plan: ParsedPlan) {
        actions = plan.actions.map(Action.init)
        title = plan.title
        documentNumber = plan.documentNumber
        issuer = plan.issuer
        date = plan.date
        year = plan.year
        phases = plan.phases
        warnings = plan.warnings
    }

    /// Sorted keys, pretty printed, Chinese left unescaped.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
