/// Masks personal identifiers for every place a role may not see them: "6101**********1234" for a
/// 身份证号, "138****5678" for a phone, "**** **** 1234" for a bank account (issue 4 §4, Standards).
public enum PersonalDataMask {
    public static func idNumber(_ id: String) -> String {
        let s = Array(id.trimmingWhitespace())
        guard s.count > 8 else { return String(repeating: "*", count: s.count) }
        return String(s.prefix(4)) + String(repeating: "*", count: s.count - 8) + String(s.suffix(4))
    }

    /// "1980-**-**": a masked 身份证号 keeps its first four and last four digits, and its middle holds the
    /// county (guessable from the household) and the full birth date — shown beside it, the birth date would
    /// give the whole number back. The year stays, for ages.
    public static func birthDate(_ date: String) -> String {
        date.count >= 4 ? String(date.prefix(4)) + "-**-**" : date
    }

    public static func phone(_ phone: String) -> String {
        let s = Array(phone.trimmingWhitespace())
        guard s.count >= 7 else { return String(repeating: "*", count: s.count) }
        return String(s.prefix(3)) + String(repeating: "*", count: s.count - 7) + String(s.suffix(4))
    }

    public static func bankAccount(_ account: String) -> String {
        let s = Array(account.filter { !$0.isWhitespace })
        guard s.count > 4 else { return String(repeating: "*", count: s.count) }
        return "**** **** " + String(s.suffix(4))
    }
}
