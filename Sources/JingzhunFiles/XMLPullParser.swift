import Foundation

/// A small pull parser for the XML parts of an xlsx file, reading from memory or from a file in chunks.
/// Element and attribute names are local names (prefixes dropped); DTDs are skipped, namespaces not resolved.
final class XMLPullParser {
    enum Event { case start, end, text, endOfDocument }

    /// Local name of the current start or end element.
    private(set) var name = ""
    /// Attributes of the current start element.
    private(set) var attributes: [(name: String, value: String)] = []
    /// Raw bytes of the current text event (entities not yet decoded).
    private var rawText: [UInt8] = []
    private var rawTextIsCDATA = false

    private var buffer: [UInt8]
    private var pos = 0
    private let input: FileChunkReader?
    private var pendingEnd = false

    init(bytes: [UInt8]) {
        buffer = bytes
        input = nil
    }

    init(url: URL) throws {
        input = try FileChunkReader(url: url)
        buffer = []
    }

    /// Decoded text of the current text event.
    var text: String {
        rawTextIsCDATA ? String(decoding: rawText, as: UTF8.self) : Self.decodeEntities(rawText[...], normalizeNewlines: true)
    }

    func attribute(_ name: String) -> String? {
        for attribute in attributes where attribute.name == name { return attribute.value }
        return nil
    }

    func next() throws -> Event {
        if pendingEnd {
            pendingEnd = false
            return .end
        }
        guard let b = try peek() else { return .endOfDocument }
        if b != UInt8(ascii: "<") {
            rawText.removeAll(keepingCapacity: true)
            rawTextIsCDATA = false
            try collect(until: UInt8(ascii: "<"), into: &rawText)
            return .text
        }
        pos += 1
        guard let c = try peek() else { throw XMLParseError.unexpectedEnd }
        switch c {
        case UInt8(ascii: "/"):
            let end = try markupEnd()
            var nameEnd = end
            while nameEnd > pos + 1, Self.isSpace(buffer[nameEnd - 1]) { nameEnd -= 1 }
            name = Self.localName(buffer[(pos + 1)..<nameEnd])
            pos = end + 1
            return .end
        case UInt8(ascii: "?"):
            try skip(past: Array("?>".utf8))
            return try next()
        case UInt8(ascii: "!"):
            pos += 1
            if try startsWith(Array("--".utf8)) {
                try skip(past: Array("-->".utf8))
                return try next()
            }
            if try startsWith(Array("[CDATA[".utf8)) {
                pos += 7
                rawText.removeAll(keepingCapacity: true)
                rawTextIsCDATA = true
                let terminator = Array("]]>".utf8)
                while true {
                    guard let byte = try readByte() else { throw XMLParseError.unexpectedEnd }
                    rawText.append(byte)
                    if rawText.count >= 3, rawText[(rawText.count - 3)...].elementsEqual(terminator) {
                        rawText.removeLast(3)
                        return .text
                    }
                }
            }
            try skipDeclaration()
            return try next()
        default:
            parseStartTag(end: try markupEnd())
            return .start
        }
    }

    /// Concatenated decoded text up to the end of the current element (call right after its start event).
    func readElementText() throws -> String {
        if pendingEnd {
            pendingEnd = false
            return ""
        }
        var result = ""
        var depth = 0
        while true {
            switch try next() {
            case .text: result += text
            case .start: depth += 1
            case .end:
                if depth == 0 { return result }
                depth -= 1
            case .endOfDocument: throw XMLParseError.unexpectedEnd
            }
        }
    }

    /// Skips to the end of the current element (call right after its start event).
    func skipElement() throws {
        _ = try readElementText()
    }

    // MARK: - Bytes

    private func peek() throws -> UInt8? {
        if pos < buffer.count { return buffer[pos] }
        guard let input, let next = try input.read() else { return nil }
        buffer = next
        pos = 0
        return buffer[0]
    }

    private func readByte() throws -> UInt8? {
        guard let b = try peek() else { return nil }
        pos += 1
        return b
    }

    /// Appends bytes up to (not including) `stop`, which stays unread. The end of input ends text quietly.
    private func collect(until stop: UInt8, into out: inout [UInt8]) throws {
        while true {
            guard try peek() != nil else { return }
            let start = pos
            var i = pos
            let count = buffer.count
            while i < count, buffer[i] != stop { i += 1 }
            out.append(contentsOf: buffer[start..<i])
            pos = i
            if i < count { return }
        }
    }

    private func startsWith(_ bytes: [UInt8]) throws -> Bool {
        // Keep enough bytes in the buffer to compare.
        if buffer.count - pos < bytes.count, let input {
            var rest = Array(buffer[pos...])
            while rest.count < bytes.count, let more = try input.read() { rest += more }
            buffer = rest
            pos = 0
        }
        return buffer.count - pos >= bytes.count && buffer[pos..<(pos + bytes.count)].elementsEqual(bytes)
    }

    private func skip(past terminator: [UInt8]) throws {
        var matched = 0
        while matched < terminator.count {
            guard let b = try readByte() else { throw XMLParseError.unexpectedEnd }
            if b == terminator[matched] {
                matched += 1
            } else {
                matched = b == terminator[0] ? 1 : 0
            }
        }
    }

    /// Skips `<!DOCTYPE …>` and similar, including a bracketed internal subset.
    private func skipDeclaration() throws {
        var depth = 0
        while let b = try readByte() {
            if b == UInt8(ascii: "[") { depth += 1 }
            if b == UInt8(ascii: "]") { depth -= 1 }
            if b == UInt8(ascii: ">"), depth <= 0 { return }
        }
        throw XMLParseError.unexpectedEnd
    }

    /// Index of the `>` that closes the tag starting at `pos` (outside quoted values), reading more input as needed.
    private func markupEnd() throws -> Int {
        var i = pos
        var quote: UInt8 = 0
        while true {
            let count = buffer.count
            while i < count {
                let b = buffer[i]
                if quote != 0 {
                    if b == quote { quote = 0 }
                } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                    quote = b
                } else if b == UInt8(ascii: ">") {
                    return i
                }
                i += 1
            }
            guard let input, let more = try input.read() else { throw XMLParseError.unexpectedEnd }
            if pos > 0 {
                buffer.removeSubrange(0..<pos)
                i -= pos
                pos = 0
            }
            buffer.append(contentsOf: more)
        }
    }

    /// Parses `name attr="value" …` in `buffer[pos..<end]`, where `end` is the closing `>`.
    private func parseStartTag(end: Int) {
        attributes.removeAll(keepingCapacity: true)
        var limit = end
        if limit > pos, buffer[limit - 1] == UInt8(ascii: "/") {
            limit -= 1
            pendingEnd = true
        }
        var i = pos
        while i < limit, !Self.isSpace(buffer[i]) { i += 1 }
        name = Self.localName(buffer[pos..<i])
        while true {
            while i < limit, Self.isSpace(buffer[i]) { i += 1 }
            guard i < limit else { break }
            let nameStart = i
            while i < limit, buffer[i] != UInt8(ascii: "="), !Self.isSpace(buffer[i]) { i += 1 }
            let attributeName = Self.localName(buffer[nameStart..<i])
            while i < limit, buffer[i] != UInt8(ascii: "=") { i += 1 }
            i += 1
            while i < limit, Self.isSpace(buffer[i]) { i += 1 }
            guard i < limit else { break }
            let quote = buffer[i]
            i += 1
            let valueStart = i
            while i < limit, buffer[i] != quote { i += 1 }
            attributes.append((attributeName, Self.decodeEntities(buffer[valueStart..<min(i, limit)], normalizeNewlines: false)))
            i += 1
        }
        pos = end + 1
    }

    // MARK: - Text

    @inline(__always)
    private static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09
    }

    private static func localName(_ bytes: ArraySlice<UInt8>) -> String {
        if let colon = bytes.lastIndex(of: UInt8(ascii: ":")) {
            return String(decoding: bytes[(colon + 1)...], as: UTF8.self)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func decodeEntities(_ bytes: ArraySlice<UInt8>, normalizeNewlines: Bool) -> String {
        guard bytes.contains(where: { $0 == UInt8(ascii: "&") || $0 == 0x0D }) else {
            return String(decoding: bytes, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let b = bytes[i]
            if b == 0x0D, normalizeNewlines {
                out.append(0x0A)
                i += 1
                if i < end, bytes[i] == 0x0A { i += 1 }
                continue
            }
            guard b == UInt8(ascii: "&"),
                  let semicolon = bytes[i..<min(end, i + 12)].firstIndex(of: UInt8(ascii: ";")),
                  let scalar = entity(bytes[(i + 1)..<semicolon])
            else {
                out.append(b)
                i += 1
                continue
            }
            out.append(contentsOf: String(Character(scalar)).utf8)
            i = semicolon + 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func entity(_ name: ArraySlice<UInt8>) -> Unicode.Scalar? {
        switch String(decoding: name, as: UTF8.self) {
        case "lt": return "<"
        case "gt": return ">"
        case "amp": return "&"
        case "quot": return "\""
        case "apos": return "'"
        case let s where s.hasPrefix("#x") || s.hasPrefix("#X"):
            return UInt32(s.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
        case let s where s.hasPrefix("#"):
            return UInt32(s.dropFirst(1)).flatMap(Unicode.Scalar.init)
        default: return nil
        }
    }
}

enum XMLParseError: Error {
    case unexpectedEnd, malformedTag
}
