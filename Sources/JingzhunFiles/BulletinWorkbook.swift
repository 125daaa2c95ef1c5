public import Foundation
public import JingzhunDomain

/// The 周通报 as an xlsx for the office to print or forward: 单位排名, 分镇情况, 逾期任务, 迟报漏报 sheets, in the
/// same columns as the HTML page (issue 6 §7).
public enum BulletinWorkbook {
    public static let rankingHeaders = ["排名", "责任单位", "任务数", "到期任务", "按期完成", "逾期", "应报", "按时报送", "迟报", "未报", "按期完成率", "按时报送率", "得分"]

    public static func rows(_ rows: [WeeklyBulletin.Row]) -> [[String]] {
        rows.map { r in
            [String(r.rank), r.name, String(r.tasks), String(r.due), String(r.closedOnTime), String(r.overdue), String(r.reportsExpected),
             String(r.reportsOnTime), String(r.reportsLate), String(r.reportsMissing), percent(r.completionRate), percent(r.reportingRate),
             String(format: "%.1f", r.score)]
        }
    }

    public static func percent(_ rate: Double) -> String { String(format: "%.1f%%", rate * 100) }

    public static func write(_ b: WeeklyBulletin, to url: URL) throws {
        var sheets: [(String, [String], [[String]])] = [
            ("单位排名", rankingHeaders, rows(b.byUnit)),
            ("逾期任务", ["编号", "任务", "责任单位", "完成时限", "逾期天数", "督办"],
             b.overdue.map { [$0.number, $0.title, $0.owner, $0.due.description, String($0.daysOverdue),
                              EscalationStep(rawValue: $0.escalation)?.label ?? "未督办"] }),
            ("迟报未报", ["情况", "任务", "责任单位", "报送时间"],
             b.lateReports.map { ["迟报", $0.title, $0.owner, $0.submitted ?? ""] } + b.missingReports.map { ["未报", $0.title, $0.owner, ""] }),
        ]
        if !b.byTown.isEmpty {
            var headers = rankingHeaders
            headers[1] = "镇"
            sheets.insert(("分镇情况", headers, rows(b.byTown)), at: 1)
        }
        try RegisterFiles.writeXLSX(url, sheets: sheets, notes: [
            ("通报", "\(b.planTitle) \(b.week.label)（\(b.week.start) 至 \(b.week.end)）"),
            ("得分", "按期完成率 × \(b.weights.completion) + 按时报送率 × \(b.weights.reporting)，折算为百分制（\(b.weights.source)）"),
        ])
    }
}
