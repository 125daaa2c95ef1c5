import Foundation

enum TextDecoding {
    /// GB18030-2000 (CFStringEncoding 0x0632); round-trips on Linux and macOS.
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    enum UTF8Check { case valid, invalid }

    /// Strict UTF-8 check (no overlongs or surrogates). A sequence cut off by the end of `bytes` counts as valid,
    /// so a window taken from the middle of a file can be checked.
    static func checkUTF8(_ bytes: ArraySlice<UInt8>) -> UTF8Check {
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return .invalid
            }
            for k in 1..<length {
                let j = i + k
                if j >= end { return .valid }
                let c = bytes[j]
                if k == 1 {
                    if c < low || c > high { return .invalid }
                } else if c < 0x80 || c > 0xBF {
                    return .invalid
                }
            }
            i += length
        }
        return .valid
    }

    static func isASCII(_ bytes: some Sequence<UInt8>) -> Bool {
        bytes.allSatisfy { $0 < 0x80 }
    }

    /// Strict UTF-8 decoding; nil for invalid input.
    static func utf8String(_ bytes: ArraySlice<UInt8>) -> String? {
        if #available(macOS 15, *) {
            return String(validating: bytes, as: UTF8.self)
        }
        return String(bytes: bytes, encoding: .utf8)
    }

    static func gb18030String(_ bytes: ArraySlice<UInt8>) -> String? {
        String(data: Data(bytes), encoding: gb18030)
    }
}
