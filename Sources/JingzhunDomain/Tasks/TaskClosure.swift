/// 销号 (striking a task off the list): the owner asks with evidence — text and at least one file (印证资料、凭证、
/// 花名册、照片 …) — and an account other than the one who asked, and other than anyone who reported the task's
/// progress, approves or sends it back; a closed task can be reopened with a reason (issue 6 §6; ../shared/DOMAIN.md
/// §6.5 "销号 needs evidence and a checker other than the owner"; 001 "件件有着落、事事有回音").
public enum TaskClosure {
    public static func checkRequest(_ task: TaskItem, evidenceText: String, fileCount: Int) -> [String] {
        var problems: [String] = []
        if task.status == .closed { problems.append("任务已销号") }
        if task.status == .closing { problems.append("已提交销号申请，等待审核") }
        if evidenceText.trimmingWhitespace().isEmpty { problems.append("请填写完成情况说明（佐证材料说明）") }
        if fileCount == 0 { problems.append("请上传至少一份佐证材料（文件、照片、花名册等）") }
        return problems
    }

    /// `requester` asked for 销号; `reporters` submitted the task's progress reports.
    public static func checkDecision(_ task: TaskItem, checker: Int64, requester: Int64?, reporters: Set<Int64>) -> [String] {
        guard task.status == .closing else { return ["任务没有待审核的销号申请"] }
        if checker == requester { return ["不能审核自己提交的销号申请，须由其他账号核验"] }
        if reporters.contains(checker) { return ["报送过该任务进展的账号不能核验销号，须由独立的核验人审核"] }
        return []
    }

    public static func checkReopen(_ task: TaskItem, reason: String) -> [String] {
        var problems: [String] = []
        if task.status != .closed { problems.append("只有已销号的任务可以重新打开") }
        if reason.trimmingWhitespace().isEmpty { problems.append("请填写重新打开的原因") }
        return problems
    }
}
