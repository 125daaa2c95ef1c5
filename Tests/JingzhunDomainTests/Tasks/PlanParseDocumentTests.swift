import Foundation
import JingzhunDomain
import Testing

/// The JSON of `jingzhun plan parse FILE.txt --format json` (issue 6 §3).
@Suite struct PlanParseDocumentTests {
    static let text = """
        一、重点任务
        （一）饮水安全。8月底前，完成全部水质检测。（县水利局负责）
        （二）兜底保障。由县民政局牵头，县残联配合，做好兜底。
        """

    @Test func followsTheContract() throws {
        let plan = PlanTextParser.parse(Self.text, year: 2018)
        let data = try PlanParseDocument(plan).json()
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let actions = try #require(json["actions"] as? [[String: Any]])
        #expect(actions.count == 2)
        for a in actions {
            #expect(a["title"] is String)
            #expect(a["leaders"] is [String])
            #expect(a["leadUnits"] is [String])
            #expect(a["cooperatingUnits"] is [String])
            #expect(a["milestones"] is [[String: Any]])
            #expect(a.keys.contains("deadline"))
        }
        #expect(actions[0]["deadline"] as? String == "2018-08-31")
        let milestone = try #require((actions[0]["milestones"] as? [[String: Any]])?.first)
        #expect(milestone["due"] as? String == "2018-08-31")
        #expect(milestone["text"] as? String == "完成全部水质检测")
        #expect(actions[1]["deadline"] is NSNull)
        #expect(actions[1]["leadUnits"] as? [String] == ["县民政局"])
        #expect(actions[1]["cooperatingUnits"] as? [String] == ["县残联"])
    }

    @Test func isPrettySortedAndKeepsChineseReadable() throws {
        let text = String(decoding: try PlanParseDocument(PlanTextParser.parse(Self.text, year: 2018)).json(), as: UTF8.self)
        #expect(text.hasPrefix("{\n  \"actions\" : ["))
        #expect(text.contains("\"title\" : \"饮水安全\""))
        #expect(text.contains("\"deadline\" : null"))
        #expect(!text.contains("\\u"))
    }
}
