/// Date-logic checks of existing exit records for a check report (../shared/DOMAIN.md §4 "Defects inspectors find"
/// and "Checks"): identification year < exit year; application ≤ appraisal ≤ verification ≤ signature ≤ notice
/// start; notice ≥ configured days; announcement ≥ notice end; 销号 ≥ announcement.
public enum ExitProcedureCheck {
    /// Every problem of a record, in Chinese; empty for a clean record.
    public static func problems(_ record: ExitProcedureRecord, config: ExitProcedureConfig = .standard) -> [String] {
        var out: [String] = []
        if record.firstIdentifiedYear == record.exitYear {
            out.append("当年新识别贫困户当年不能退出（\(record.exitYear)年识别并退出）")
        } else if record.firstIdentifiedYear > record.exitYear {
            out.append("首次识别年度 \(record.firstIdentifiedYear) 晚于退出年度 \(record.exitYear)")
        }
        var days: [ExitStep: Day] = [:]
        for step in ExitStep.allCases {
            guard let text = record.date(of: step) else { continue }
            if let day = Day(text) { days[step] = day } else { out.append("“\(step.label)”日期“\(text)”无效") }
        }
        if let last = record.currentStep {
            for step in ExitStep.allCases where step < last && record.date(of: step) == nil {
                out.append("缺少“\(step.label)”日期，却已办理“\(last.label)”")
            }
        }
        // Each dated step against the nearest earlier dated step, so one bad date is reported once.
        var previous: (ExitStep, Day)?
        for step in ExitStep.allCases {
            guard let day = days[step] else { continue }
            if let (p, pDay) = previous, day < pDay {
                out.append("“\(step.label)”日期 \(record.date(of: step)!) 早于“\(p.label)”日期 \(record.date(of: p)!)")
            }
            previous = (step, day)
        }
        if record.signed != nil && (record.signerName ?? "").trimmingWhitespace().isEmpty {
            out.append("户认可未签字")
        }
        if let start = days[.noticeStarted] {
            if let endText = record.noticeEnds, let end = Day(endText) {
                let length = start.days(to: end) + 1
                if length < config.noticeDays {
                    out.append("公示期 \(length) 天，少于规定的 \(config.noticeDays) 天")
                }
                if let announced = days[.announced], announced < end {
                    out.append("公告退出日期 \(record.announced!) 早于公示截止日期 \(endText)")
                }
            } else {
                out.append("村内公示缺少截止日期")
            }
        }
        return out
    }
}
