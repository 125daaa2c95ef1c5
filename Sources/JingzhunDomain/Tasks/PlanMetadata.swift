import Foundation

extension PlanTextParser {
    /// Title, document number, issuer and date from a plan's first page (issue 6 §3: "year/date from the document
    /// when not given: the 〔2019〕 document number or a date line like "2019年4月12日"").
    struct Metadata {
        var title: String?
        var documentNumber: String?
        var issuer: String?
        var date: Day?
        /// From the document number, else the first "20XX年" in the title or opening lines.
        var fallbackYear: Int?
        /// "2018—2020年" in the title: a multi-year plan.
        var yearRange: ClosedRange<Int>?

        static func read(_ lines: [String]) -> Metadata {
            var m = Metadata()
            let head = Array(lines.prefix(80))
            let flat = head.map { ChineseText.withoutSpaces($0) }

            // 清脱贫发〔2019〕17号, 安脱贫发〔2020〕2号
            if let re = try? NSRegularExpression(pattern: "[\\p{Han}]{1,12}[〔\\[［【（(][0-9]{4}[〕\\]］】）)][0-9]{1,4}号") {
                for line in flat {
                    let ns = line as NSString
                    if let hit = re.firstMatch(in: line, range: NSRange(location: 0, length: ns.length)) {
                        m.documentNumber = ns.substring(with: hit.range)
                        break
                    }
                }
            }
            if let n = m.documentNumber, let y = firstYear(in: n) { m.fallbackYear = y }

            // A line that is only a date: the signature's.
            var dateLine: Int?
            for (i, line) in lines.enumerated() {
                let t = ChineseText.arabicDates(ChineseText.withoutSpaces(line))
                guard t.count >= 9, t.count <= 11, t.hasSuffix("日"),
                    let phrase = DatePhrase.scan(t).first, phrase.range == 0..<t.count, phrase.explicitYear != nil,
                    case .day = phrase.span, let r = phrase.resolve(year: phrase.explicitYear!)
                else { continue }
                m.date = r.first
                dateLine = i
                break
            }

            // The title: a short line naming a plan, not the covering notice's "关于印发《…》的通知".
            let kinds = ["方案", "计划", "清单", "规划", "要点", "意见", "办法", "安排"]
            for line in flat where !line.isEmpty && line.count <= 60 {
                if line.contains("《") || line.contains("》") || line.hasPrefix("关于印发") { continue }
                if line.contains(where: { "。，；：".contains($0) }) { continue }
                if kinds.contains(where: line.hasSuffix) {
                    m.title = line
                    break
                }
            }
            if m.title == nil {
                let joined = flat.joined()
                if let open = joined.range(of: "《"), let close = joined[open.upperBound...].range(of: "》") {
                    m.title = String(joined[open.upperBound..<close.lowerBound])
                }
            }
            if m.title == nil { m.title = flat.first(where: { !$0.isEmpty && $0.count <= 60 }) }

            // The issuer signs just above the date, or heads the page as "…文件".
            let orgEndings = ["小组", "委员会", "政府", "办公室", "指挥部", "局", "委", "办", "部", "中心"]
            if let d = dateLine {
                var k = d - 1
                while k >= 0, ChineseText.withoutSpaces(lines[k]).isEmpty { k -= 1 }
                if k >= 0 {
                    let line = ChineseText.withoutSpaces(lines[k])
                    if line.count <= 30, !line.contains(where: { "。，；：".contains($0) }),
                        orgEndings.contains(where: line.hasSuffix)
                    {
                        m.issuer = line
                    }
                }
            }
            if m.issuer == nil, let header = flat.first(where: { $0.hasSuffix("文件") && $0.count <= 30 }) {
                m.issuer = String(header.dropLast(2))
            }

            if let title = m.title {
                if m.fallbackYear == nil { m.fallbackYear = firstYear(in: title) }
                let years = allYears(in: title)
                if years.count >= 2, let lo = years.min(), let hi = years.max(), hi - lo <= 10 { m.yearRange = lo...hi }
            }
            if m.fallbackYear == nil {
                m.fallbackYear = flat.lazy.compactMap(firstYear(in:)).first
            }
            return m
        }

        static func allYears(in text: String) -> [Int] {
            let c = Array(text)
            var out: [Int] = []
            var i = 0
            while i + 4 <= c.count {
                let run = c[i..<(i + 4)]
                if run.allSatisfy({ $0.isASCII && $0.isNumber }), i == 0 || !(c[i - 1].isASCII && c[i - 1].isNumber),
                    i + 4 == c.count || !(c[i + 4].isASCII && c[i + 4].isNumber), let y = Int(String(run)),
                    (1990...2100).contains(y)
                {
                    out.append(y)
                    i += 4
                } else {
                    i += 1
                }
            }
            return out
        }

        static func firstYear(in text: String) -> Int? { allYears(in: text).first }
    }
}
