import Foundation

/// Who answers for an action and by when, read from the three ways the seed plans write it (DOMAIN.md §6.2):
/// - labelled lines after the action: "包抓领导：惠生卫" / "牵头单位：" / "配合单位：" / "完成时限：" ([001], full-width
///   colons, trailing spaces) or "责任领导:王 某" / "责任单位:…" ([002], ASCII colons, padded names);
/// - a parenthesis closing the paragraph: "（县卫健委、各乡（镇）负责）" ([004]; the nested "各乡（镇）" is kept
///   whole) or "（责任领导：郑彧，具体责任人：栗丽、各镇民政专干，11月15日前整改到位）" ([000]);
/// - inline: "由市农业农村局牵头，市林业局、市水利局、市商务局配合" ([003]), "县农林科技局负责，相关镇配合" ([000]).
/// Only "牵头" makes a lead unit; "负责" and 责任单位 make jointly responsible units.
struct Responsibility: Equatable {
    var leaders: [String] = []
    var leadUnits: [String] = []
    var cooperatingUnits: [String] = []
    var responsibleUnits: [String] = []
    var persons: [String] = []
    var deadlineText: String?

    var isEmpty: Bool {
        leaders.isEmpty && leadUnits.isEmpty && cooperatingUnits.isEmpty && responsibleUnits.isEmpty
            && persons.isEmpty && deadlineText == nil
    }

    /// Someone is named: a unit or a person. A block with only a deadline is not enough to make a task.
    var namesSomeone: Bool { !(leaders.isEmpty && leadUnits.isEmpty && responsibleUnits.isEmpty && persons.isEmpty) }

    mutating func merge(_ other: Responsibility) {
        leaders = NameList.dedup(leaders + other.leaders)
        leadUnits = NameList.dedup(leadUnits + other.leadUnits)
        cooperatingUnits = NameList.dedup(cooperatingUnits + other.cooperatingUnits)
        responsibleUnits = NameList.dedup(responsibleUnits + other.responsibleUnits)
        persons = NameList.dedup(persons + other.persons)
        if deadlineText == nil { deadlineText = other.deadlineText }
    }

    enum Label { case leader, leadUnit, responsibleUnit, cooperatingUnit, person, deadline }

    /// Longest first, so "具体责任人" is not read as "责任人".
    static let labels: [(String, Label)] = [
        ("包抓县级领导", .leader), ("包抓领导", .leader), ("责任领导", .leader), ("牵头领导", .leader), ("分管领导", .leader),
        ("包联领导", .leader), ("联系领导", .leader), ("牵头单位", .leadUnit), ("牵头部门", .leadUnit),
        ("责任单位", .responsibleUnit), ("责任部门", .responsibleUnit), ("实施单位", .responsibleUnit),
        ("承办单位", .responsibleUnit), ("落实单位", .responsibleUnit), ("配合单位", .cooperatingUnit),
        ("配合部门", .cooperatingUnit), ("协助单位", .cooperatingUnit), ("参与单位", .cooperatingUnit),
        ("协办单位", .cooperatingUnit), ("具体责任人", .person), ("直接责任人", .person), ("责任人", .person),
        ("联系人", .person), ("完成时限", .deadline), ("完成时间", .deadline), ("时限要求", .deadline),
        ("办理时限", .deadline), ("办结时限", .deadline), ("时间要求", .deadline),
    ].sorted { $0.0.count > $1.0.count }

    /// Every "label：value" in `text`, in order. A label counts only when a colon (either width) follows it.
    static func labelled(_ text: String) -> [(Label, String)] {
        let c = Array(text)
        var hits: [(start: Int, valueStart: Int, label: Label)] = []
        var i = 0
        while i < c.count {
            var matched = false
            for (name, label) in labels {
                let n = Array(name)
                guard i + n.count <= c.count, Array(c[i..<(i + n.count)]) == n else { continue }
                var j = i + n.count
                while j < c.count, ChineseText.isSpace(c[j]) { j += 1 }
                guard j < c.count, c[j] == "：" || c[j] == ":" else { continue }
                hits.append((i, j + 1, label))
                i = j + 1
                matched = true
                break
            }
            if !matched { i += 1 }
        }
        return hits.enumerated().map { k, hit in
            let end = k + 1 < hits.count ? hits[k + 1].start : c.count
            var value = ChineseText.trimmed(String(c[hit.valueStart..<end]))
            while let last = value.last, "，,；;。".contains(last) { value.removeLast() }
            return (hit.label, ChineseText.trimmed(value))
        }
    }

    /// A line that is nothing but labels ("包抓领导：惠生卫", "责任人：黎远平  配合单位：各镇").
    static func labelLine(_ line: String) -> Responsibility? {
        let t = ChineseText.trimmed(line)
        let found = labelled(t)
        guard let first = labels.first(where: { t.hasPrefix($0.0) }), !found.isEmpty, first.0.count > 0 else {
            return nil
        }
        var r = Responsibility()
        r.apply(found)
        return r
    }

    mutating func apply(_ found: [(Label, String)]) {
        for (label, value) in found {
            switch label {
            case .leader: leaders = NameList.dedup(leaders + NameList.split(value))
            case .person: persons = NameList.dedup(persons + NameList.split(value))
            case .leadUnit: leadUnits = NameList.dedup(leadUnits + UnitList.split(value))
            case .responsibleUnit: responsibleUnits = NameList.dedup(responsibleUnits + UnitList.split(value))
            case .cooperatingUnit: cooperatingUnits = NameList.dedup(cooperatingUnits + UnitList.split(value))
            case .deadline: if !value.isEmpty { deadlineText = value }
            }
        }
    }

    /// The parenthesis that closes a paragraph, when it says who is responsible; returns it and the paragraph
    /// without it. Brackets are matched from the end, so "（县卫健委、各乡（镇）负责）" stays whole.
    static func closingParenthesis(_ paragraph: String) -> (Responsibility, String)? {
        var c = Array(ChineseText.trimmed(paragraph))
        while let last = c.last, "。.；;， ".contains(last) { c.removeLast() }
        guard let last = c.last, last == "）" || last == ")" else { return nil }
        var depth = 0
        var open: Int?
        for k in stride(from: c.count - 1, through: 0, by: -1) {
            if c[k] == "）" || c[k] == ")" { depth += 1 }
            if c[k] == "（" || c[k] == "(" {
                depth -= 1
                if depth == 0 {
                    open = k
                    break
                }
            }
        }
        guard let open, open > 0 else { return nil }
        let inner = String(c[(open + 1)..<(c.count - 1)])
        guard ["负责", "牵头", "配合", "责任"].contains(where: inner.contains) else { return nil }
        let r = clauses(inner, strict: false)
        guard r.namesSomeone else { return nil }
        return (r, String(c[..<open]))
    }

    /// "由市农业农村局牵头，市林业局、市水利局、市商务局配合" anywhere in a paragraph; units must look like units,
    /// so that prose such as "要切实发挥牵头抓总" is not read as one.
    static func inline(_ paragraph: String) -> Responsibility? {
        guard ["牵头", "负责"].contains(where: paragraph.contains) else { return nil }
        let r = clauses(paragraph, strict: true)
        return r.namesSomeone ? r : nil
    }

    /// Reads comma-separated clauses: labels, "X牵头", "X配合", "X负责", and a date clause as the deadline.
    /// `strict` (prose): a 配合/负责 clause counts only after a 牵头 or at a clause start with real unit names.
    static func clauses(_ text: String, strict: Bool) -> Responsibility {
        var r = Responsibility()
        var sawLead = false
        for clause in topLevelClauses(text) {
            let s = ChineseText.trimmed(clause)
            if s.isEmpty { continue }
            let found = labelled(s)
            if !found.isEmpty, labels.contains(where: { s.hasPrefix($0.0) }) {
                r.apply(found)
                continue
            }
            if let units = units(in: s, before: "牵头", strict: strict) {
                r.leadUnits = NameList.dedup(r.leadUnits + units)
                sawLead = true
                continue
            }
            if let units = units(in: s, before: "配合", strict: strict) ?? units(in: s, before: "协助", strict: strict)
                ?? units(in: s, before: "参与", strict: strict), !strict || sawLead || !r.responsibleUnits.isEmpty
            {
                r.cooperatingUnits = NameList.dedup(r.cooperatingUnits + units)
                continue
            }
            if let units = units(in: s, before: "负责", strict: strict) {
                r.responsibleUnits = NameList.dedup(r.responsibleUnits + units)
                continue
            }
            if !strict, r.deadlineText == nil,
                !DatePhrase.scan(ChineseText.arabicDates(ChineseText.asciiDigits(s))).isEmpty
                    || (s.count <= 8 && s.contains(where: { "季旬底前".contains($0) }))
            {
                r.deadlineText = s
            }
        }
        return r
    }

    /// The units written before `verb` in a clause: "由市审计局牵头组织" → [市审计局]; "财政局和扶贫局牵头进一步…"
    /// → [财政局, 扶贫局]. Words between the units and the verb (要, 具体, 共同, 积极…) are dropped.
    static func units(in clause: String, before verb: String, strict: Bool) -> [String]? {
        guard let r = clause.range(of: verb) else { return nil }
        // "牵头单位每季度…", "牵头部门和重点责任单位": a noun, not someone taking the lead.
        if ["单位", "部门", "领导", "抓总"].contains(where: { clause[r.upperBound...].hasPrefix($0) }) { return nil }
        var head = String(clause[..<r.lowerBound])
        // "2.县脱贫办要牵头…", "（三）农林科技局负责…": the paragraph's number is not part of the unit.
        if let numbered = PlanHeading.detect(head, line: 0) { head = numbered.text }
        if let by = head.range(of: "由", options: .backwards) {
            head = String(head[by.upperBound...])
        } else if strict, head.count > 40 {
            return nil
        }
        for filler in ["具体", "共同", "分别", "积极", "协同", "主动", "全力", "要", "各自", "负责", "组织", "继续"] {
            while head.hasSuffix(filler) { head.removeLast(filler.count) }
        }
        for opener in ["会同", "并", "由", "要", "继续"] where head.hasPrefix(opener) { head.removeFirst(opener.count) }
        let units = UnitList.split(head)
        guard !units.isEmpty else { return nil }
        if strict && !units.allSatisfy(looksLikeUnit) { return nil }
        return units
    }

    /// A unit name as the seeds write them: ends like an office (局, 委, 办, 镇, 单位, 部门, 公司…) or is a
    /// bracketed collective ("各镇（中心）").
    static func looksLikeUnit(_ s: String) -> Bool {
        guard let last = s.last, s.count >= 2, s.count <= 20 else { return false }
        if s.contains("“") || s.contains("”") || s.contains("《") { return false }
        return UnitList.unitEndings.contains(last)
    }

    /// Splits on ，,；; and 。 outside brackets.
    static func topLevelClauses(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var depth = 0
        for ch in text {
            if ch == "（" || ch == "(" { depth += 1 }
            if ch == "）" || ch == ")" { depth = max(0, depth - 1) }
            if depth == 0, "，,；;。".contains(ch) {
                out.append(current)
                current = ""
            } else {
                current.append(ch)
            }
        }
        out.append(current)
        return out
    }
}
