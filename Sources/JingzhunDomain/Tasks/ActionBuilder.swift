import Foundation

/// Builds a `ParsedAction` from what a reader found, and merges responsibility blocks into one action — the one
/// place where a deadline is parsed, milestones are taken from the text, a missing 完成时限 is inferred and
/// "各镇" makes a per-town task (issue 6 §1–§3; DOMAIN.md §6.2–6.3).
enum ActionBuilder {
    static func action(
        number: String, title: String, content: String, responsibility r: Responsibility, deadlineText: String?,
        planDate: Day, calendar: WorkCalendar, planYears: ClosedRange<Int>?, line: Int
    ) -> ParsedAction {
        let milestones = MilestoneExtractor.extract(from: content, planDate: planDate)
        var deadline = deadlineText.map {
            FuzzyDeadline.parse($0, planDate: planDate, calendar: calendar, planYears: planYears)
        }
        var inferred = false
        if deadline == nil, let last = milestones.max(by: { $0.due < $1.due }) {
            // No 完成时限 written ([002]'s deadlines are inline): the action is due with its last dated step.
            deadline = FuzzyDeadline.parse(last.dueText, planDate: planDate, calendar: calendar, planYears: planYears)
            inferred = true
        }
        return ParsedAction(
            number: number, title: title, content: content, leaders: r.leaders, leadUnits: r.leadUnits,
            cooperatingUnits: r.cooperatingUnits, responsibleUnits: r.responsibleUnits, persons: r.persons,
            deadline: deadline, deadlineInferred: inferred, milestones: milestones,
            perTown: (r.leadUnits + r.responsibleUnits).contains(where: UnitList.isEveryTown), parts: [], line: line)
    }

    /// One action from several responsibility blocks (see `ParsedAction`).
    static func combine(number: String, title: String, content: String, parts: [ParsedAction], line: Int) -> ParsedAction {
        guard parts.count > 1 else {
            var only = parts[0]
            only.number = number
            only.title = title
            only.content = content
            only.line = line
            return only
        }
        func all(_ key: KeyPath<ParsedAction, [String]>) -> [String] { NameList.dedup(parts.flatMap { $0[keyPath: key] }) }
        let milestones = parts.flatMap(\.milestones).enumerated()
            .sorted { ($0.element.due, $0.offset) < ($1.element.due, $1.offset) }.map(\.element)
        let deadlines = parts.map(\.deadline)
        var deadline: FuzzyDeadline?
        var inferred = false
        if let first = deadlines.first, deadlines.allSatisfy({ $0?.text == first?.text }) {
            deadline = first
            inferred = parts.allSatisfy(\.deadlineInferred)
        } else {
            let texts = NameList.dedup(deadlines.compactMap { $0?.text })
            let dues = parts.map { $0.deadline?.due ?? $0.milestones.map(\.due).max() }
            let written = deadlines.compactMap { $0 }
            let firmness: FuzzyDeadline.Firmness =
                written.contains { $0.firmness == .must } ? .must : written.contains { $0.firmness == .strive } ? .strive : .plain
            if dues.allSatisfy({ $0 != nil }) {
                deadline = FuzzyDeadline(
                    text: texts.joined(separator: "；"), kind: .date, due: dues.compactMap { $0 }.max(), firmness: firmness,
                    outsidePlanWindow: written.contains(where: \.outsidePlanWindow))
            } else {
                deadline = FuzzyDeadline(
                    text: texts.joined(separator: "；"), kind: .staged, due: nil, firmness: firmness,
                    outsidePlanWindow: written.contains(where: \.outsidePlanWindow))
            }
        }
        return ParsedAction(
            number: number, title: title, content: content, leaders: all(\.leaders), leadUnits: all(\.leadUnits),
            cooperatingUnits: all(\.cooperatingUnits), responsibleUnits: all(\.responsibleUnits), persons: all(\.persons),
            deadline: deadline, deadlineInferred: inferred, milestones: milestones, perTown: parts.contains(where: \.perTown),
            parts: parts, line: line)
    }

    /// What the reviewer should look at (Chinese), for one action or part.
    static func warnings(for a: ParsedAction) -> [String] {
        var out: [String] = []
        let both = a.leadUnits.filter(a.cooperatingUnits.contains)
        if !both.isEmpty {
            // [001] lists 工贸局 as both lead and cooperating (DOMAIN.md §11.20).
            out.append("“\(both.joined(separator: "、"))”同时列为牵头单位和配合单位")
        }
        if let d = a.deadline {
            switch d.kind {
            case .unknown: out.append("完成时限“\(d.text)”无法识别，请向县里确认")
            case .event: out.append("完成时限“\(d.text)”取决于事件，没有具体日期")
            case .staged where a.milestones.isEmpty && a.parts.isEmpty:
                out.append("完成时限“\(d.text)”，但正文中没有找到时间节点")
            default: break
            }
            if d.outsidePlanWindow, let due = d.due {
                out.append("完成时限“\(d.text)”（\(due)）不在方案年度内或早于印发日期，请核对")
            }
        }
        return out
    }
}
