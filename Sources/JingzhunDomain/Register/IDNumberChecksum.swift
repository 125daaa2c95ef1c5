import Foundation

/// GB 11643-1999 citizen identity number: 6-digit area, 8-digit birth date, 3-digit sequence (odd for
/// men, even for women), and an ISO 7064 MOD 11-2 check character.
public enum IDNumberChecksum {
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checks = Array("10X98765432")

    /// The check character for the first 17 digits.
    public static func checkCharacter(_ first17: String) -> Character? {
        let digits = first17.compactMap(\.wholeNumberValue)
        guard digits.count == 17, first17.count == 17 else { return nil }
        let sum = zip(digits, weights).map(*).reduce(0, +)
        return checks[sum % 11]
    }

    public static func isValid(_ id: String) -> Bool {
        let s = id.uppercased()
        guard s.count == 18, let check = checkCharacter(String(s.prefix(17))) else { return false }
        return s.last == check
    }

    /// Builds a valid number (for synthetic data).
    public static func make(area: String, birth: String, sequence: Int, male: Bool) -> String {
        var seq = sequence % 1000
        if (seq % 2 == 1) != male { seq = (seq + 1) % 1000 }
        let first = area + birth.replacingOccurrences(of: "-", with: "") + String(format: "%03d", seq)
        return first + String(checkCharacter(first)!)
    }
}
