import Foundation
import Hummingbird
import NIOCore

/// File downloads: exports, templates, bulletins and evidence, with the Chinese file name kept (RFC 6266).
enum Download {
    static let xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    static let csvType = "text/csv; charset=utf-8"

    /// An ASCII fallback and the UTF-8 name, for browsers that do not read `filename*`.
    static func disposition(_ name: String) -> String {
        "attachment; filename=\"download.\((name as NSString).pathExtension)\"; filename*=UTF-8''\(name.formEncoded)"
    }

    static func response(_ data: Data, name: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .contentDisposition: disposition(name)],
                 body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Writes a file through `write` into a temporary path (the xlsx/csv writers stream to disk), sends it, removes it.
    static func file(name: String, type: String = xlsxType, _ write: (URL) throws -> Void) throws -> Response {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("jingzhun-\(UUID().uuidString).\((name as NSString).pathExtension)")
        defer { try? FileManager.default.removeItem(at: url) }
        try write(url)
        return response(try Data(contentsOf: url), name: name, type: type)
    }
}
