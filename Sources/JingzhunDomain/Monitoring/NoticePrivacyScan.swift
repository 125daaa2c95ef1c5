/// Finds personal numbers in text meant for a notice (../shared/DOMAIN.md §8 "Privacy": notices must not show ID
/// number, phone, bank account or health status). Runs of digits (an 18-digit 身份证号 may end in X) are checked:
/// 18 characters ending in a digit or X → 身份证号; 11 digits starting with 1 → 手机号; 16–19 digits → 银行卡号.
/// Separators inside a run (spaces, hyphens) are ignored, so "6222 0200 1234 5678 901" is still found; each
/// separator-free piece is checked too, so a number running into the next one ("…0012 12人") is not hidden, and any
/// unbroken run of 15 or more digits counts (15-digit 身份证号 of the first generation among them).
public enum NoticePrivacyScan {
    public enum Finding: String, Sendable, Equatable, CaseIterable {
        case idNumber, mobile, bankAccount
        public var label: String {
            switch self {
            case .idNumber: "身份证号"
            case .mobile: "手机号码"
            case .bankAccount: "银行账号"
            }
        }
    }

    public static func findings(in text: String) -> [Finding] {
        var out: [Finding] = []
        for run in digitRuns(text, joining: true) + digitRuns(text, joining: false) {
            let finding: Finding?
            if run.count == 18 && run.dropLast().allSatisfy(\.isASCIIDigitValue) {
                finding = .idNumber
            } else if run.allSatisfy(\.isASCIIDigitValue) {
                if run.count == 11 && run.first == "1" {
                    finding = .mobile
                } else if run.count == 15 {
                    finding = .idNumber
                } else if run.count >= 16 {
                    finding = .bankAccount
                } else {
                    finding = nil
                }
            } else {
                finding = nil
            }
            if let finding, !out.contains(finding) { out.append(finding) }
        }
        return out
    }

    /// Runs of ASCII digits (and a trailing X/x), joined across single spaces or hyphens.
    static func digitRuns(_ text: String, joining: Bool) -> [String] {
        var runs: [String] = []
        var current = ""
        var pendingSeparator = false
        for ch in text {
            if ch.isASCIIDigitValue {
                current.append(ch)
                pendingSeparator = false
            } else if (ch == "X" || ch == "x"), current.count == 17 {
                current.append("X")
                pendingSeparator = false
            } else if joining, (ch == " " || ch == "-"), !current.isEmpty, !pendingSeparator {
                pendingSeparator = true
            } else {
                if !current.isEmpty { runs.append(current) }
                current = ""
                pendingSeparator = false
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }
}

extension Character {
    fileprivate var isASCIIDigitValue: Bool { isASCII && isNumber }
}
