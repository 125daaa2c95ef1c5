import Foundation
import Testing
import ZIPFoundation

/// A private temporary folder for one test, removed when the test ends.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("jingzhun-files-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// GB18030 as Foundation knows it (what Chinese Excel saves as “CSV (逗号分隔)”).
let gb18030 = String.Encoding(rawValue: 0x8000_0632)

/// Writes a zip package from XML texts, as a hand-made xlsx.
func writePackage(_ parts: [(path: String, xml: String)], to url: URL) throws {
    let archive = try Archive(url: url, accessMode: .create)
    for part in parts {
        let data = Data(part.xml.utf8)
        try archive.addEntry(with: part.path, type: .file, uncompressedSize: Int64(data.count),
                             compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position)..<min(Int(position) + size, data.count))
        }
    }
}

/// The smallest package parts around one worksheet stored at `sheetPath` (not sheet1.xml on purpose).
func handMadeWorkbook(sheetName: String, sheetPath: String, sheetXML: String,
                      sharedStrings: String? = nil, styles: String? = nil) -> [(path: String, xml: String)] {
    let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    var rels = """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId7" Type="\(rel)/worksheet" Target="\(sheetPath)"/>
        """
    var types = """
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
        """
    var parts: [(path: String, xml: String)] = []
    if let sharedStrings {
        rels += "<Relationship Id=\"rId8\" Type=\"\(rel)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        parts.append(("xl/sharedStrings.xml", sharedStrings))
    }
    if let styles {
        rels += "<Relationship Id=\"rId9\" Type=\"\(rel)/styles\" Target=\"styles.xml\"/>"
        parts.append(("xl/styles.xml", styles))
    }
    rels += "</Relationships>"
    types += "</Types>"
    parts += [
        ("[Content_Types].xml", types),
        ("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(rel)/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """),
        ("xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="\(main)" xmlns:r="\(rel)"><sheets>\
            <sheet name="说明" sheetId="3" r:id="rId99"/>\
            <sheet name="\(sheetName)" sheetId="1" r:id="rId7"/></sheets></workbook>
            """),
        ("xl/_rels/workbook.xml.rels", rels),
        ("xl/\(sheetPath)", sheetXML),
    ]
    return parts
}

/// The text of one part of a zip package.
func packagePart(of url: URL, part: String) throws -> String {
    let archive = try Archive(url: url, accessMode: .read)
    let entry = try #require(archive[part])
    var data = Data()
    _ = try archive.extract(entry) { data.append($0) }
    return String(decoding: data, as: UTF8.self)
}
