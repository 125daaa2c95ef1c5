import Foundation

/// An `application/x-www-form-urlencoded` body or query string, as a map of the last value per name.
struct FormData: Sendable {
    var fields: [String: String] = [:]

    init(fields: [String: String]) { self.fields = fields }

    init(_ encoded: String) {
        for pair in encoded.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (s: Substring) in String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s) }
            let name = decode(parts[0])
            fields[name] = parts.count > 1 ? decode(parts[1]) : ""
        }
    }

    subscript(_ name: String) -> String? {
        let value = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines)
        return value?.isEmpty == true ? nil : value
    }
}

import Hummingbird
import MultipartKit

/// A `multipart/form-data` body: its text fields and its files.
enum MultipartForm {
    static func parse(_ body: ByteBuffer, contentType: String) throws -> (fields: FormData, files: [UploadedFile]) {
        guard let range = contentType.range(of: "boundary=") else { throw HTTPError(.badRequest) }
        var boundary = String(contentType[range.upperBound...])
        if let semicolon = boundary.firstIndex(of: ";") { boundary = String(boundary[..<semicolon]) }
        boundary = boundary.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        let parser = MultipartParser(boundary: boundary)
        var headers: [String: String] = [:]
        var current = ByteBuffer()
        var fields: [String: String] = [:]
        var files: [UploadedFile] = []
        parser.onHeader = { name, value in headers[name.lowercased()] = value }
        parser.onBody = { chunk in current.writeBuffer(&chunk) }
        parser.onPartComplete = {
            let disposition = headers["content-disposition"] ?? ""
            let name = Self.attribute("name", in: disposition) ?? ""
            if let fileName = Self.attribute("filename", in: disposition) {
                if !fileName.isEmpty { files.append(UploadedFile(field: name, fileName: fileName, data: current)) }
            } else {
                fields[name] = String(buffer: current)
            }
            headers = [:]
            current = ByteBuffer()
        }
        try parser.execute(body)
        return (FormData(fields: fields), files)
    }

    static func attribute(_ key: String, in header: String) -> String? {
        for part in header.split(separator: ";") {
            let kv = part.trimmingCharacters(in: .whitespaces)
            if kv.hasPrefix(key + "=") {
                var v = String(kv.dropFirst(key.count + 1))
                if v.hasPrefix("\""), v.hasSuffix("\""), v.count >= 2 { v = String(v.dropFirst().dropLast()) }
                // Browsers send UTF-8 file names as raw bytes in the quoted string.
                return v.removingPercentEncoding ?? v
            }
        }
        return nil
    }
}
