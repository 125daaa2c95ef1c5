import Foundation
import JingzhunDomain

/// How a numeric cell is shown, from its number format.
enum NumberDisplay: Sendable, Equatable {
    case plain, date, time, elapsedTime, percent

    /// Built-in format ids (ECMA-376 §18.8.30, plus the zh-CN East Asian ids 27–36 and 50–58).
    static func builtIn(_ id: Int) -> NumberDisplay {
        switch id {
        case 9, 10: .percent
        case 14...17, 22, 27...31, 36, 50...54, 57, 58: .date
        case 46: .elapsedTime
        case 18...21, 32...35, 45, 47, 55, 56: .time
        default: .plain
        }
    }

    /// A custom format code: y or d (or m without h/s) means a date; h or s alone a time; % a percentage.
    static func custom(_ code: String) -> NumberDisplay {
        // Only the first section (positive numbers) matters; drop quoted text, escapes and [..] parts.
        var letters = Set<Character>()
        var inQuote = false
        var inBracket = false
        var skipNext = false
        for ch in code {
            if skipNext { skipNext = false; continue }
            if inQuote { if ch == "\"" { inQuote = false }; continue }
            if inBracket { if ch == "]" { inBracket = false }; continue }
            if ch == ";" { break }
            switch ch {
            case "\"": inQuote = true
            case "[": inBracket = true
            case "\\", "_", "*": skipNext = true
            default: letters.insert(Character(ch.lowercased()))
            }
        }
        if letters.contains("y") || letters.contains("d") { return .date }
        let hasTime = letters.contains("h") || letters.contains("s")
        if letters.contains("m"), !hasTime { return .date }
        if hasTime {
            let lower = code.lowercased()
            return lower.contains("[h") || lower.contains("[m") || lower.contains("[s") ? .elapsedTime : .time
        }
        if letters.contains("%") { return .percent }
        return .plain
    }
}

enum CellFormatting {
    /// Excel's number shown as plain decimal text: 15 significant digits like Excel, no exponent,
    /// no trailing ".0" (3075 → "3075", 2950.4 → "2950.4", 2.1299999999999999E-2 → "0.0213").
    static func plainNumber(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-INF" : "INF") }
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        var text = value.description
        if significantDigits(text) > 15 {
            let rounded = Double(String(format: "%.15g", value)) ?? value
            if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
            text = rounded.description
        }
        return expandExponent(text)
    }

    /// A serial number in Excel's 1900 (or 1904) date system as "YYYY-MM-DD".
    static func date(_ serial: Double, date1904: Bool) -> String? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        let seconds = (serial * 86_400).rounded()
        let day = Int(seconds / 86_400)
        var daysSince1970: Int
        if date1904 {
            daysSince1970 = day - 24_107
        } else {
            // Excel counts 1900-02-29 (serial 60), which never existed.
            if day == 0 { return "1900-01-00" }
            if day == 60 { return "1900-02-29" }
            daysSince1970 = day - 25_569
            if day < 60 { daysSince1970 += 1 }
        }
        let (y, m, d) = civilDate(daysSince1970)
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    /// The time-of-day part of a serial number as "HH:MM:SS" (hours beyond 24 kept for elapsed times).
    static func time(_ serial: Double, elapsed: Bool) -> String? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        var seconds = Int((serial * 86_400).rounded())
        if !elapsed { seconds %= 86_400 }
        return String(format: "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
    }

    static func percent(_ value: Double) -> String {
        plainNumber(value * 100) + "%"
    }

    /// Days since 1970-01-01 → proleptic Gregorian (year, month, day), through the domain's `Day`.
    static func civilDate(_ days: Int) -> (Int, Int, Int) {
        let day = Day(ordinal: days)
        return (day.year, day.month, day.day)
    }

    /// Digits of the mantissa without leading zeros ("0.0213" → 3).
    private static func significantDigits(_ text: String) -> Int {
        var count = 0
        var leading = true
        for byte in text.utf8 {
            if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { break }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { continue }
            if leading, byte == UInt8(ascii: "0") { continue }
            leading = false
            count += 1
        }
        return count
    }

    /// "1.5e-07" → "0.00000015", "1.5e+20" → "150000000000000000000".
    static func expandExponent(_ text: String) -> String {
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }), let exponent = Int(text[text.index(after: e)...])
        else { return text }
        var mantissa = text[..<e]
        var negative = false
        if mantissa.hasPrefix("-") {
            negative = true
            mantissa = mantissa.dropFirst()
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let intPart = parts.first.map(String.init) ?? ""
        let fracPart = parts.count > 1 ? String(parts[1]) : ""
        var digits = intPart + fracPart
        var point = intPart.count + exponent
        if point <= 0 {
            digits = String(repeating: "0", count: 1 - point) + digits
            point = 1
        } else if point > digits.count {
            digits += String(repeating: "0", count: point - digits.count)
        }
        var whole = String(digits.prefix(point))
        var fraction = String(digits.dropFirst(point))
        while fraction.hasSuffix("0") { fraction.removeLast() }
        whole = String(whole.drop(while: { $0 == "0" }))
        if whole.isEmpty { whole = "0" }
        let body = fraction.isEmpty ? whole : whole + "." + fraction
        return negative ? "-" + body : body
    }

    // MARK: - OOXML escapes

    /// Decodes Excel's `_xHHHH_` escapes (used for control characters; `_x005F_` is a literal underscore).
    static func decodeOOXMLEscapes(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "_")), text.contains("_x") else { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            if scalars[i] == "_", i + 6 < scalars.count, scalars[i + 1] == "x", scalars[i + 6] == "_" {
                let hex = String(String.UnicodeScalarView(scalars[(i + 2)..<(i + 6)]))
                if let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) {
                    out.append(scalar)
                    i += 7
                    continue
                }
            }
            out.append(scalars[i])
            i += 1
        }
        return String(out)
    }

    /// Escapes text for an XML element or attribute, writing characters XML cannot hold as `_xHHHH_`
    /// (and a literal `_xHHHH_` as `_x005F_xHHHH_`), as Excel does.
    static func appendEscaped(_ text: String, to out: inout String) {
        let needsWork = text.utf8.contains { b in
            b < 0x20 || b == UInt8(ascii: "&") || b == UInt8(ascii: "<") || b == UInt8(ascii: ">")
                || b == UInt8(ascii: "\"") || b == UInt8(ascii: "_") || b == 0xEF
        }
        guard needsWork else {
            out.append(text)
            return
        }
        let scalars = Array(text.unicodeScalars)
        for (i, scalar) in scalars.enumerated() {
            switch scalar {
            case "&": out.append("&amp;")
            case "<": out.append("&lt;")
            case ">": out.append("&gt;")
            case "\"": out.append("&quot;")
            case "\t", "\n": out.unicodeScalars.append(scalar)
            case "\r": out.append("&#13;")
            case "_":
                if i + 6 < scalars.count, scalars[i + 1] == "x", scalars[i + 6] == "_",
                   scalars[(i + 2)..<(i + 6)].allSatisfy({ $0.properties.isASCIIHexDigit }) {
                    out.append("_x005F_")
                } else {
                    out.append("_")
                }
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out.append("_x" + String(format: "%04X", scalar.value) + "_")
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
    }
}
