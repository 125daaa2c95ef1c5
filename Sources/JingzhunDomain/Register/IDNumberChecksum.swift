import Foundation

/// GB 11643-1999 citizen identity number: 6-digit area, 8-digit birth date, 3-digit sequence (odd for
/// men, even for women), and an ISO 7064 MOD 11-2 check character.
public enum IDNumberChecksum {
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checks = Array("10X98765432")

    /// The check character for the first 17 digits.
    public static func checkCharacter(_ first17: String) -> Character? {
        // ASCII (every real number) by bytes; anything else the careful way, which also takes full-width digits.
        if first17.utf8.count == 17, first17.utf8.allSatisfy({ $0 < 0x80 }) {
            var sum = 0
            for (b, w) in zip(first17.utf8, weights) {
                guard b >= 0x30, b <= 0x39 else { return nil }
                sum += Int(b - 0x30) * w
            }
            return checks[sum % 11]
        }
        let digits = first17.compactMap(\.wholeNumberValue)
        guard digits.count == 17, first17.count == 17 else { return nil }
        let sum = zip(digits, weights).map(*).reduce(0, +)
        return checks[sum % 11]
    }

    public static func isValid(_ id: String) -> Bool {
        if id.utf8.count == 18, id.utf8.allSatisfy({ $0 < 0x80 }) {
            guard let check = checkCharacter(String(decoding: id.utf8.prefix(17), as: UTF8.self)), let last = id.utf8.last else { return false }
            return Character(Unicode.Scalar(last == 0x78 ? 0x58 : last)) == check
        }
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
