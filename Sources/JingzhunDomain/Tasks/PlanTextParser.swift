import Foundation

/// Reads a plan document's text into a `ParsedPlan` (issue 6 §3 "import from plan text"; DOMAIN.md §6.2, all five
/// layouts).
///
/// How responsibility is found: see `Responsibility` (labelled lines, a closing parenthesis, inline 由…牵头).
/// Which heading is the action:
/// - numbered headings keep their official-document levels (`PlanHeading`); the top level (一、) is a section;
/// - a block under a "(1)" or "①" paragraph is a part of the nearest enclosing (一) or 1. heading — [001]'s
///   "2.长效产业提质增效行动" is one action with four parts, which is how the issue counts "38 actions" (DOMAIN.md:
///   "38 actions, 50 responsibility blocks");
/// - a block under a (一) or 1. heading (title or paragraph) belongs to that heading;
/// - a paragraph carrying its own responsibility with no such heading above it is an action by itself.
/// Text that has dates but no one responsible is reported in `warnings`, not dropped silently; tab-laid-out tables
/// ([000]) are read by `PlanTableParser`.
public enum PlanTextParser {
    public static func parse(
        _ text: String, year: Int? = nil, planDate: Day? = nil, calendar: WorkCalendar = .weekendsOnly
    ) -> ParsedPlan {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            ChineseText.asciiDigits(ChineseText.withoutArtefacts(String($0).replacingOccurrences(of: "\r", with: "")))
        }
        var warnings: [String] = []
        let meta = Metadata.read(lines)
        var date = planDate ?? meta.date
        if planDate == nil, let y = year, let d = date, d.year != y { date = nil }
        let planYear: Int
        if let y = year ?? date?.year ?? meta.fallbackYear {
            planYear = y
        } else {
            planYear = Day.today().year
            warnings.append("未能从文件中确定方案年度，按当前年度\(planYear)年处理，请用 --year 指定")
        }
        let planYears = meta.yearRange.flatMap { $0.contains(planYear) ? $0 : nil } ?? planYear...planYear
        let reference = date ?? Day(year: planYear, month: 1, day: 1)!
        var walker = Walker(
            lines: lines, planDate: reference, calendar: calendar, planYears: planYears, planDated: date != nil)
        walker.run()
        warnings += walker.warnings
        return ParsedPlan(
            title: meta.title ?? "", documentNumber: meta.documentNumber, issuer: meta.issuer, date: date,
            year: planYear, phases: walker.phases, actions: walker.actions.sorted { $0.line < $1.line },
            warnings: warnings)
    }

    struct Para {
        var text: String
        var line: Int
        var heading: PlanHeading?
        var isTitle: Bool { heading?.isTitle ?? false }
    }

    struct Part {
        var path: [PlanHeading]
        var paras: [Para]
        var responsibility: Responsibility
        var line: Int
        var attachment: String?
        /// Found inline or in a parenthesis: a label block right after it takes the paragraph over.
        var provisional: Bool
    }

    struct Walker {
        let lines: [String]
        let planDate: Day
        let calendar: WorkCalendar
        let planYears: ClosedRange<Int>
        let planDated: Bool

        var warnings: [String] = []
        var phases: [ParsedPhase] = []
        var actions: [ParsedAction] = []

        var stack: [PlanHeading] = []
        var attachment: String?
        var current: Para?
        var pending: [Para] = []
        var pendingPath: [PlanHeading] = []
        var block: Responsibility?
        var blockLine = 0
        var parts: [Part] = []
        /// The last part came from the paragraph just finished, with nothing in between.
        var lastPartAdjacent = false

        init(lines: [String], planDate: Day, calendar: WorkCalendar, planYears: ClosedRange<Int>, planDated: Bool) {
            self.lines = lines
            self.planDate = planDate
            self.calendar = calendar
            self.planYears = planYears
            self.planDated = planDated
        }

        mutating func run() {
            let tables = PlanTableParser.textTables(lines: lines)
            var tableAt: [Int: (table: TextTable, lines: Range<Int>)] = [:]
            for t in tables { tableAt[t.lines.lowerBound] = t }
            var i = 0
            while i < lines.count {
                if let t = tableAt[i] {
                    boundary()
                    readTable(t.table)
                    i = t.lines.upperBound
                    continue
                }
                step(i)
                i += 1
            }
            boundary()
            groupParts()
        }

        mutating func step(_ i: Int) {
            let t = ChineseText.trimmed(lines[i])
            if t.isEmpty { return }
            readPhase(t, line: i)
            if let r = Responsibility.labelLine(t) {
                finish()
                if block == nil {
                    block = r
                    blockLine = i
                } else {
                    block!.merge(r)
                }
                return
            }
            // A line continues the paragraph before it when that did not end a sentence ([003] breaks lines
            // mid-word at page ends: "大病保" / "险，").
            if let cur = current, !cur.isTitle, cur.text.count >= 20, !ChineseText.endsSentence(cur.text),
                PlanHeading.detect(t, line: i) == nil,
                attachmentMarker(t) == nil
            {
                current!.text += t
                return
            }
            finish()
            closeBlock()
            if let label = attachmentMarker(t) {
                boundary()
                stack = []
                // "附件：" without a number introduces the current attachment's own table (000's 附件2-2).
                if !label.isEmpty { attachment = label }
                return
            }
            if let h = PlanHeading.detect(t, line: i) {
                var newStack = stack
                while let last = newStack.last, last.level >= h.level { newStack.removeLast() }
                newStack.append(h)
                if !pending.isEmpty, actionKey(newStack)?.line != actionKey(pendingPath)?.line || actionKey(newStack) == nil {
                    dropPending()
                }
                stack = newStack
                current = Para(text: t, line: i, heading: h)
                lastPartAdjacent = false
                return
            }
            current = Para(text: t, line: i, heading: nil)
            lastPartAdjacent = false
        }

        mutating func boundary() {
            finish()
            closeBlock()
            dropPending()
        }

        mutating func finish() {
            guard let p = current else { return }
            current = nil
            if let (r, _) = Responsibility.closingParenthesis(p.text) {
                addPart(paras: [p], r, path: ownPath(p), line: p.line, provisional: true)
                return
            }
            if p.isTitle { return }
            if let r = Responsibility.inline(p.text) {
                addPart(paras: [p], r, path: ownPath(p), line: p.line, provisional: true)
                return
            }
            if pending.isEmpty { pendingPath = stack }
            pending.append(p)
        }

        /// An unnumbered paragraph with its own responsibility after a numbered paragraph that already had one is
        /// not part of it: [003]'s "易地搬迁后续扶持工作是…由市发改委牵头" follows "（十二）…由市脱贫办牵头".
        func ownPath(_ p: Para) -> [PlanHeading] {
            guard p.heading == nil, let last = stack.last, !last.isTitle,
                parts.contains(where: { $0.paras.first?.heading?.line == last.line })
            else { return stack }
            return Array(stack.dropLast())
        }

        mutating func addPart(paras: [Para], _ r: Responsibility, path: [PlanHeading], line: Int, provisional: Bool) {
            parts.append(Part(path: path, paras: paras, responsibility: r, line: line, attachment: attachment, provisional: provisional))
            lastPartAdjacent = provisional
        }

        mutating func closeBlock() {
            guard let r = block else { return }
            block = nil
            var paras = pending
            var path = pending.isEmpty ? stack : pendingPath
            var line = paras.first?.line ?? blockLine
            if paras.isEmpty, lastPartAdjacent, let last = parts.last, last.provisional {
                // The paragraph said "团委负责…" in passing; the labelled block after it is the real one ([001] (三)5).
                parts.removeLast()
                paras = last.paras
                path = last.path
                line = last.line
            }
            pending = []
            lastPartAdjacent = false
            if paras.isEmpty && path.isEmpty {
                warnings.append("第\(blockLine + 1)行的责任信息前面没有任务内容，未能归属")
                return
            }
            parts.append(Part(path: path, paras: paras, responsibility: r, line: line, attachment: attachment, provisional: false))
        }

        mutating func dropPending() {
            defer { pending = [] }
            let dated = pending.filter { p in
                !MilestoneExtractor.extract(from: p.text, planDate: planDate).isEmpty
            }
            guard let first = dated.first else { return }
            let snippet = String(first.text.prefix(24))
            let dues = NameList.dedup(dated.flatMap { MilestoneExtractor.extract(from: $0.text, planDate: planDate).map(\.dueText) })
            warnings.append(
                "第\(first.line + 1)行“\(snippet)…”写有时间节点（\(dues.prefix(3).joined(separator: "、"))），但没有找到责任单位或责任人，未列为任务")
        }

        // MARK: grouping

        /// The heading an action hangs on for a given path; nil: the paragraph is an action by itself.
        func actionKey(_ path: [PlanHeading]) -> PlanHeading? {
            guard let h = path.last else { return nil }
            if h.level >= 4 { return path.last(where: { $0.level == 2 || $0.level == 3 }) ?? h }
            if h.level == 1 && h.isTitle { return nil }
            return h
        }

        mutating func groupParts() {
            var groups: [[Part]] = []
            for part in parts {
                if let key = actionKey(part.path), let last = groups.last?.last, let lastKey = actionKey(last.path),
                    lastKey.line == key.line
                {
                    groups[groups.count - 1].append(part)
                } else {
                    groups.append([part])
                }
            }
            for group in groups {
                let action = build(group)
                actions.append(action)
                for a in action.parts.isEmpty ? [action] : action.parts {
                    for w in ActionBuilder.warnings(for: a) { warnings.append("第\(a.line)行 \(a.number)“\(a.title)”：\(w)") }
                }
            }
        }

        func prefix(_ attachment: String?) -> String { attachment.map { $0 + " " } ?? "" }

        func build(_ group: [Part]) -> ParsedAction {
            let first = group[0]
            let key = actionKey(first.path)
            var number: String
            let title: String
            if let key, let index = first.path.firstIndex(where: { $0.line == key.line }) {
                number = PlanHeading.path(Array(first.path[...index]))
                title = key.title
            } else {
                number = PlanHeading.path(first.path)
                number += (number.isEmpty ? "" : " ") + "第\(first.line + 1)行"
                title = PlanTableParser.firstClause(paragraphBody(first.paras.first?.text ?? ""))
            }
            number = prefix(first.attachment) + number
            let partActions = group.map { part -> ParsedAction in
                let headings = part.paras.compactMap(\.heading)
                var partNumber = PlanHeading.path(part.path)
                if let firstHeading = headings.first, let index = part.path.firstIndex(where: { $0.line == firstHeading.line }) {
                    partNumber = PlanHeading.path(Array(part.path[...index]))
                }
                if headings.count > 1, let lastMark = headings.last?.mark { partNumber += "、" + lastMark }
                let partTitle = headings.first?.title ?? title
                return ActionBuilder.action(
                    number: prefix(part.attachment) + partNumber, title: partTitle,
                    content: part.paras.map(\.text).joined(separator: "\n"), responsibility: part.responsibility,
                    deadlineText: part.responsibility.deadlineText, planDate: planDate, calendar: calendar,
                    planYears: planYears, line: part.line + 1)
            }
            let content = group.flatMap(\.paras).map(\.text).joined(separator: "\n")
            return ActionBuilder.combine(
                number: number, title: title, content: content, parts: partActions, line: (key?.line ?? first.line) + 1)
        }

        func paragraphBody(_ text: String) -> String {
            PlanHeading.detect(text, line: 0)?.text ?? text
        }

        // MARK: tables, attachments, phases

        mutating func readTable(_ t: TextTable) {
            guard let header = t.rows.first, let line = t.rowLines.first else { return }
            guard PlanTableParser.isTaskHeader(header) else {
                let cells = header.prefix(4).map { ChineseText.withoutSpaces($0.replacingOccurrences(of: "\n", with: "")) }
                warnings.append("第\(line)行起的表格（\(cells.joined(separator: "、"))…）不是任务清单，未读取")
                return
            }
            let table = PlanTableParser.parse(
                rows: t.rows, rowNumbers: t.rowLines, title: t.title, planDate: planDate, calendar: calendar,
                planYears: planYears, numberPrefix: prefix(attachment), strictWidth: true)
            actions += table.actions
            for p in table.problems { warnings.append("\(p)（未导入）") }
            for w in table.warnings { warnings.append(w.description) }
            if !table.ignoredColumns.isEmpty {
                warnings.append("第\(line)行起的表格中这些列未读取：\(table.ignoredColumns.joined(separator: "、"))")
            }
        }

        /// "附件1", "附件2-2", "附件：" (the attachment's label, or "" when it has none).
        func attachmentMarker(_ t: String) -> String? {
            var s = t
            if s.hasPrefix("- ") { s.removeFirst(2) }
            guard s.hasPrefix("附件") || s.hasPrefix("附表") else { return nil }
            let body = s.dropFirst(2).prefix(while: { !"：:".contains($0) })
            let label = ChineseText.withoutSpaces(body)
            if !label.isEmpty, label.count <= 6, label.allSatisfy({ $0.isNumber || "-－—一二三四五六七八九十".contains($0) }) {
                return String(s.prefix(2)) + label
            }
            return s.count <= 60 ? "" : nil
        }

        /// "第一阶段（5月—8月）", "动员部署阶段：6月11日至6月20日".
        mutating func readPhase(_ t: String, line: Int) {
            guard t.contains("阶段") else { return }
            let c = Array(ChineseText.arabicDates(t))
            let found = DatePhrase.scan(c)
            var k = 0
            while k + 1 < found.count {
                let a = found[k]
                let b = found[k + 1]
                let gap = b.range.lowerBound - a.range.upperBound
                let between = gap >= 0 && gap <= 1 ? String(c[a.range.upperBound..<b.range.lowerBound]) : "x"
                if gap <= 1, between.isEmpty || "—－-–~～至到".contains(between) {
                    let year = a.explicitYear ?? (planDate.year + a.relativeYear)
                    let start = a.resolve(year: year)?.first
                    var end = b.resolve(year: b.explicitYear ?? year)?.last
                    if let s = start, let e = end, e < s, b.explicitYear == nil { end = b.resolve(year: year + 1)?.last }
                    var name = String(c[..<a.range.lowerBound])
                    if let h = PlanHeading.detect(name, line: 0) { name = h.text }
                    if let r = name.range(of: "阶段") { name = String(name[..<r.upperBound]) }
                    name = ChineseText.trimmed(name.trimmingCharacters(in: CharacterSet(charactersIn: "（(：:，,、 ")))
                    if name.isEmpty { name = "第\(phases.count + 1)阶段" }
                    let phase = ParsedPhase(name: name, start: start, end: end, text: t)
                    phases.append(phase)
                    if planDated, let s = start, s < planDate {
                        warnings.append("第\(line + 1)行：阶段“\(name)”开始于\(s)，早于印发日期\(planDate)")
                    }
                    return
                }
                k += 1
            }
        }
    }
}
