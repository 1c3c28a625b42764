import Foundation
import PatronCore
import SQLKit

/// A customer's survey answers in the timeline: the scores, never the comment text (the timeline is read
/// with `customers.read`; the comment stays behind the survey results).
public struct SurveyTimelineSource: TimelineSource {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    public func entries(of customer: Customer.ID, before: TimelineCursor?, limit: Int) async throws -> [TimelineEntry] {
        try await database.read { sql in
            try await sql.select().columns("id", "answered_at", "store_id", "channel", "csat", "nps", "low_score", "template_id").from(SurveyRows.answers)
                .where("customer_id", .equal, customer)
                .timeline(before: before, kind: .surveyAnswer, at: "answered_at", id: "id", limit: limit)
                .all().map { row in
                    let csat = try row.decode(column: "csat", as: Int?.self)
                    let nps = try row.decode(column: "nps", as: Int?.self)
                    var parts: [String] = []
                    var attributes = ["channel": try row.decode(column: "channel", as: String.self),
                                      "templateId": try row.decode(column: "template_id", as: UUID.self).uuidString.lowercased(),
                                      "lowScore": try row.decode(column: "low_score", as: Bool.self) ? "true" : "false"]
                    if let csat {
                        parts.append("CSAT \(csat)/5")
                        attributes["csat"] = String(csat)
                    }
                    if let nps {
                        parts.append("NPS \(nps)/10")
                        attributes["nps"] = String(nps)
                    }
                    return TimelineEntry(kind: .surveyAnswer, id: try row.decode(column: "id", as: UUID.self).uuidString.lowercased(),
                                         at: try row.decode(column: "answered_at", as: Date.self), storeId: try row.decode(column: "store_id", as: UUID?.self),
                                         summary: parts.isEmpty ? "survey answered" : parts.joined(separator: " · "), attributes: attributes)
                }
        }
    }
}
